/** Google Calendar adapter (being built). */
package dev.cita.scheduling.google;
