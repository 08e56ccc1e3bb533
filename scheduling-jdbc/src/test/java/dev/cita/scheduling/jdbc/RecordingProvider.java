package dev.cita.scheduling.jdbc;

import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.spi.CalendarProvider;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** A calendar provider that only records which appointments it was asked to create. */
final class RecordingProvider implements CalendarProvider {
  final Queue<String> created = new ConcurrentLinkedQueue<>();

  @Override
  public String id() {
    return "fake";
  }

  @Override
  public List<TimeInterval> busy(TenantId tenant, ResourceId resource, TimeInterval range) {
    return List.of();
  }

  @Override
  public String createEvent(Appointment appointment) {
    created.add(appointment.id().value());
    return "ext-" + appointment.id().value();
  }

  @Override
  public void updateEvent(Appointment appointment, String externalId) {}

  @Override
  public void cancelEvent(Appointment appointment, String externalId) {}
}
