package dev.cita.scheduling.availability;

import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeSlot;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Small builders shared by the availability tests. */
final class SlotFixtures {
  static final TenantId TENANT = TenantId.of("tenant-1");
  static final ResourceId ANA = ResourceId.of("ana");
  static final Attendee ATTENDEE = Attendee.builder("Pat").build();
  private static final AtomicLong IDS = new AtomicLong();

  private SlotFixtures() {}

  static Instant utc(String iso) {
    return Instant.parse(iso);
  }

  static AppointmentType.Builder type(int minutes) {
    return AppointmentType.builder("consult", "Consult", Duration.ofMinutes(minutes))
        .horizon(Duration.ofDays(3650));
  }

  static Appointment appointment(
      AppointmentTypeId type,
      Instant start,
      Duration length,
      Duration bufferBefore,
      Duration bufferAfter,
      AppointmentStatus status) {
    return appointment(ANA, type, start, length, bufferBefore, bufferAfter, status);
  }

  static Appointment appointment(
      ResourceId resource,
      AppointmentTypeId type,
      Instant start,
      Duration length,
      Duration bufferBefore,
      Duration bufferAfter,
      AppointmentStatus status) {
    return Appointment.builder()
        .id(AppointmentId.of("a-" + IDS.incrementAndGet()))
        .tenant(TENANT)
        .resource(resource)
        .type(type)
        .attendee(ATTENDEE)
        .start(start)
        .end(start.plus(length))
        .bufferBefore(bufferBefore)
        .bufferAfter(bufferAfter)
        .displayZone(ZoneId.of("UTC"))
        .status(status)
        .createdAt(Instant.parse("2026-01-01T00:00:00Z"))
        .updatedAt(Instant.parse("2026-01-01T00:00:00Z"))
        .build();
  }

  /** A booked appointment of {@code type} at {@code start}, with the type's length and buffers. */
  static Appointment booked(AppointmentType type, Instant start) {
    return appointment(
        type.id(),
        start,
        type.duration(),
        type.bufferBefore(),
        type.bufferAfter(),
        AppointmentStatus.SCHEDULED);
  }

  static List<Instant> starts(List<TimeSlot> slots) {
    return slots.stream().map(TimeSlot::start).toList();
  }

  static List<String> isoStarts(List<TimeSlot> slots) {
    return slots.stream().map(s -> s.start().toString()).toList();
  }
}
