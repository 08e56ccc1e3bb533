/** Cal.com adapter (being built). */
package dev.cita.scheduling.calcom;
