package dev.cita.scheduling.jdbc;

import dev.cita.scheduling.SlotUnavailableException;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.spi.ConflictCheck;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/** Test data for seat races: slots of one resource, and the booking rule with seats. */
final class Seats {
  static final TenantId TENANT = TenantId.of("clinica-norte");
  static final ResourceId RESOURCE = ResourceId.of("sala-1");
  static final Instant T0 = Instant.parse("2026-03-03T13:00:00Z");

  /** Seats of slot i: every third slot has 3 seats, the others 1. */
  static final int SLOTS = 9;

  private Seats() {}

  static int seats(int slot) {
    return slot % 3 == 0 ? 3 : 1;
  }

  static Appointment booking(String id, int slot) {
    Instant start = T0.plus(Duration.ofMinutes(30L * slot));
    return Appointment.builder()
        .id(AppointmentId.of(id))
        .tenant(TENANT)
        .resource(RESOURCE)
        .type(AppointmentTypeId.of("taller"))
        .attendee(Attendee.builder("Asistente " + id).build())
        .start(start)
        .end(start.plus(Duration.ofMinutes(30)))
        .displayZone(ZoneId.of("America/Santiago"))
        .createdAt(T0)
        .updatedAt(T0)
        .build();
  }

  /** Nothing overlapping but the slot's own seats, and fewer than {@code seats} of those. */
  static ConflictCheck check(Appointment candidate, int seats) {
    return new ConflictCheck() {
      @Override
      public Optional<TimeInterval> lookupRange() {
        return Optional.of(candidate.interval());
      }

      @Override
      public void verify(Appointment c, List<Appointment> existing) {
        int taken = 0;
        for (Appointment other : existing) {
          if (other.interval().equals(c.interval()) && other.type().equals(c.type())) {
            taken++;
          } else if (other.interval().overlaps(c.interval())) {
            throw new SlotUnavailableException(c.id() + " overlaps " + other.id());
          }
        }
        if (taken >= seats) {
          throw new SlotUnavailableException("slot full");
        }
      }
    };
  }
}
