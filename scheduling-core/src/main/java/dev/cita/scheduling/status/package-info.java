/** The appointment lifecycle: allowed status moves and which statuses hold time. */
@NullMarked
package dev.cita.scheduling.status;

import org.jspecify.annotations.NullMarked;
