/**
 * Availability: opening hours ({@link dev.cita.scheduling.availability.WeeklyHours}, {@link
 * dev.cita.scheduling.availability.DateOverride}), time off, interval math and the {@link
 * dev.cita.scheduling.availability.SlotEngine} that turns them into bookable slots.
 */
@NullMarked
package dev.cita.scheduling.availability;

import org.jspecify.annotations.NullMarked;
