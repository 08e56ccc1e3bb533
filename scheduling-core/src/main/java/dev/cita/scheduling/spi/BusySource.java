package dev.cita.scheduling.spi;

import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import java.util.List;

/**
 * A calendar whose busy time blocks a resource's slots: a staff member's personal Google calendar,
 * a holiday feed, another system's bookings. Reading is all it does; a {@link CalendarProvider} is
 * a busy source that also receives Cita's bookings. Register read-only sources with {@code
 * BookingService.Builder.busySource}, so a resource can read several calendars and write to at most
 * the one it books into.
 *
 * <p>{@link #busy} is called while answering slot queries and re-checked when booking, so it should
 * answer from a cache kept fresh in the background (for example an {@code ExternalBusyCache}), not
 * with a network call per query.
 */
public interface BusySource {
  /**
   * A short stable name such as {@code "google-personal"}, used in logs.
   *
   * @return the source's name
   */
  String id();

  /**
   * Busy time of a resource's calendar within {@code range}, in any order.
   *
   * @param tenant the tenant
   * @param resource the resource whose calendar is read
   * @param range the span the caller needs
   * @return the busy intervals; empty if none
   */
  List<TimeInterval> busy(TenantId tenant, ResourceId resource, TimeInterval range);

  /**
   * Whether this source has a calendar for this tenant's resource; one that does not is not asked
   * for its busy time. By default every resource is covered.
   *
   * @param tenant the tenant
   * @param resource the resource
   * @return whether to read this source for the resource
   */
  default boolean covers(TenantId tenant, ResourceId resource) {
    return true;
  }

  /**
   * {@code source} seen only as a busy source: a calendar provider wrapped this way (say a second
   * Google connection to the staff member's personal calendar) is read and never written to.
   *
   * @param source the source to read
   * @return a busy source that only reads {@code source}
   */
  static BusySource readOnly(BusySource source) {
    java.util.Objects.requireNonNull(source, "source");
    return new BusySource() {
      @Override
      public String id() {
        return source.id();
      }

      @Override
      public List<TimeInterval> busy(TenantId tenant, ResourceId resource, TimeInterval range) {
        return source.busy(tenant, resource, range);
      }

      @Override
      public boolean covers(TenantId tenant, ResourceId resource) {
        return source.covers(tenant, resource);
      }

      @Override
      public String toString() {
        return "BusySource.readOnly(" + source + ")";
      }
    };
  }
}
