package dev.cita.scheduling.ratelimit;

import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.spi.CalendarProvider;
import java.util.List;
import java.util.Optional;

/** A provider whose writes first take a permit of its {@link OutboundLimits}. */
final class LimitedCalendarProvider implements CalendarProvider {
  private final OutboundLimits limits;
  private final CalendarProvider target;

  LimitedCalendarProvider(OutboundLimits limits, CalendarProvider target) {
    this.limits = limits;
    this.target = target;
  }

  @Override
  public String id() {
    return target.id();
  }

  @Override
  public List<TimeInterval> busy(TenantId tenant, ResourceId resource, TimeInterval range) {
    return target.busy(tenant, resource, range);
  }

  @Override
  public boolean covers(TenantId tenant, ResourceId resource) {
    return target.covers(tenant, resource);
  }

  @Override
  public boolean decidesBookings() {
    return target.decidesBookings();
  }

  @Override
  public String createEvent(Appointment appointment) {
    limits.acquire(appointment.tenant());
    return target.createEvent(appointment);
  }

  @Override
  public void updateEvent(Appointment appointment, String externalId) {
    limits.acquire(appointment.tenant());
    target.updateEvent(appointment, externalId);
  }

  @Override
  public Optional<String> moveEvent(Appointment appointment, String externalId) {
    limits.acquire(appointment.tenant());
    return target.moveEvent(appointment, externalId);
  }

  @Override
  public void cancelEvent(Appointment appointment, String externalId) {
    limits.acquire(appointment.tenant());
    target.cancelEvent(appointment, externalId);
  }

  @Override
  public void markNoShow(Appointment appointment, String externalId) {
    limits.acquire(appointment.tenant());
    target.markNoShow(appointment, externalId);
  }

  @Override
  public String toString() {
    return "rate-limited " + target;
  }
}
