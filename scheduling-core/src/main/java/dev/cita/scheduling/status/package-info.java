/** The appointment lifecycle: allowed status moves and which statuses hold time. */
package dev.cita.scheduling.status;
