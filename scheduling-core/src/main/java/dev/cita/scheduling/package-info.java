/**
 * Cita's public entry point: {@link dev.cita.scheduling.BookingService}, its requests and
 * listeners, and the exception hierarchy rooted at {@link dev.cita.scheduling.SchedulingException}.
 * Nothing in this API is null; absent values are {@link java.util.Optional}.
 */
@NullMarked
package dev.cita.scheduling;

import org.jspecify.annotations.NullMarked;
