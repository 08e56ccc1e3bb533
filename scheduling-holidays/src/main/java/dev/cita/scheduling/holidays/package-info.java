/**
 * Public holidays as {@link dev.cita.scheduling.availability.Closure}s: {@link
 * dev.cita.scheduling.holidays.PublicHolidays}, a {@link dev.cita.scheduling.spi.ClosureSource}
 * that an app turns on per tenant (branch) with a country and, optionally, a region.
 */
@NullMarked
package dev.cita.scheduling.holidays;

import org.jspecify.annotations.NullMarked;
