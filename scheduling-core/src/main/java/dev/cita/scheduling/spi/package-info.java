/**
 * Service-provider interfaces: the small contracts an application implements to plug in its own
 * storage and calendars. Thread-safe in-memory implementations are in {@code
 * dev.cita.scheduling.memory}.
 */
@NullMarked
package dev.cita.scheduling.spi;

import org.jspecify.annotations.NullMarked;
