/** Calendly adapter (being built). */
package dev.cita.scheduling.calendly;
