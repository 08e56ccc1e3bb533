package dev.cita.scheduling.spi;

import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;

/**
 * Where a resource's hours come from when a booking tool keeps them (Cal.com's slots, Calendly's
 * available times) instead of Cita's own {@code Schedule}: a schedule built with {@code
 * hoursFrom(id())} is open only in the windows this source reports, and Cita's own rules (notice,
 * horizon, buffers, seats, daily cap, time off, busy time) still apply inside them. {@code
 * BookingService} finds a source among its calendar providers and busy sources, or takes one from
 * {@code Builder.availabilitySource}.
 *
 * <p>{@link #openWindows} answers slot queries and must come from a cache kept fresh in the
 * background (an {@code AvailabilityCache}), never from a network call. {@link #refresh} is the one
 * call that may reach the provider: {@code BookingService} makes it when a booking's time is not in
 * the cache, and waits for it a bounded time on a thread of its own. Implementations are
 * thread-safe.
 */
public interface AvailabilitySource {
  /**
   * The id schedules name in {@code hoursFrom}, such as {@code "calcom"}.
   *
   * @return the id that {@code Schedule.Builder.hoursFrom} names
   */
  String id();

  /**
   * The open windows of {@code resource} for {@code type} that overlap {@code range}, as last read
   * from the provider, with the parts of the range that were read and when; never a network call.
   *
   * @param tenant the tenant
   * @param resource the resource
   * @param type the appointment type whose times are read
   * @param range the time asked about
   * @return the cached open windows and what of the range was read; unknown when nothing was
   */
  OpenWindows openWindows(
      TenantId tenant, ResourceId resource, AppointmentTypeId type, TimeInterval range);

  /**
   * Reads the provider now for at least {@code range} and updates what {@link #openWindows}
   * answers. May block on the network; the caller bounds how long it waits.
   *
   * @throws RuntimeException (typically a {@code ProviderException} or {@code ValidationException})
   *     when the provider cannot say, for example because the type is not mapped to an event type
   * @param tenant the tenant
   * @param resource the resource
   * @param type the appointment type whose times are read
   * @param range the time to read
   */
  void refresh(TenantId tenant, ResourceId resource, AppointmentTypeId type, TimeInterval range);
}
