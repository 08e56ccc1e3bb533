/**
 * Micrometer meters for Cita: {@link dev.cita.scheduling.micrometer.CitaMetrics#bind} registers
 * them on a {@code MeterRegistry} and returns the {@link dev.cita.scheduling.observe.Observer} to
 * hand to Cita's builders. Nothing in this API is null; absent values are {@link
 * java.util.Optional}.
 */
@NullMarked
package dev.cita.scheduling.micrometer;

import org.jspecify.annotations.NullMarked;
