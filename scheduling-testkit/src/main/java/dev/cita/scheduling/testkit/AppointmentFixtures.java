package dev.cita.scheduling.testkit;

import dev.cita.scheduling.SlotUnavailableException;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentStatus;
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
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/** Test data and recording checks of {@link AppointmentStoreContract}. */
final class AppointmentFixtures {
  static final TenantId NORTE = TenantId.of("clinica-norte");
  static final TenantId SUR = TenantId.of("clinica-sur");
  static final ResourceId ANA = ResourceId.of("dra-ana");
  static final ResourceId BEN = ResourceId.of("dr-ben");
  static final Instant T0 = Instant.parse("2026-03-03T13:00:00Z");

  private AppointmentFixtures() {}

  static Instant at(int minute) {
    return T0.plus(Duration.ofMinutes(minute));
  }

  static TimeInterval minutes(int from, int to) {
    return TimeInterval.of(at(from), at(to));
  }

  static Appointment appt(
      String id, TenantId tenant, ResourceId resource, int startMinute, int minutes) {
    return appt(id, tenant, resource, startMinute, minutes, AppointmentStatus.SCHEDULED);
  }

  static Appointment appt(
      String id,
      TenantId tenant,
      ResourceId resource,
      int startMinute,
      int minutes,
      AppointmentStatus status) {
    return Appointment.builder()
        .id(AppointmentId.of(id))
        .tenant(tenant)
        .resource(resource)
        .type(AppointmentTypeId.of("consulta"))
        .attendee(Attendee.builder("Camila Rojas").build())
        .start(at(startMinute))
        .end(at(startMinute + minutes))
        .displayZone(ZoneId.of("America/Santiago"))
        .status(status)
        .createdAt(T0.minus(Duration.ofDays(1)))
        .updatedAt(T0.minus(Duration.ofDays(1)))
        .build();
  }

  /** An appointment with every optional field set, to catch a store that drops one. */
  static Appointment everyField(String id) {
    return appt(id, NORTE, ANA, 0, 45, AppointmentStatus.CONFIRMED).toBuilder()
        .type(AppointmentTypeId.of("primera-consulta"))
        .attendee(
            Attendee.builder("María José Pérez")
                .email("maria.perez@example.cl")
                .phone("+56912345678")
                .locale(Locale.forLanguageTag("es-CL"))
                .zone(ZoneId.of("America/Santiago"))
                .build())
        .bufferBefore(Duration.ofMinutes(5))
        .bufferAfter(Duration.ofMinutes(10))
        .displayZone(ZoneId.of("America/Punta_Arenas"))
        .location("Av. Providencia 1234, consulta 5")
        .notes("Primera visita; trae exámenes — ñandú ✓")
        .externalRef("google", "evt-abc123")
        .externalRef("calcom", "4711")
        .createdAt(Instant.parse("2026-03-01T10:15:30.123Z"))
        .updatedAt(Instant.parse("2026-03-02T11:16:31.456Z"))
        .idempotencyKey("whatsapp-SM0001")
        .providerEventAt(Instant.parse("2026-03-02T11:16:30.789Z"))
        .statusReason("confirmado por teléfono — ñ ✓")
        .build();
  }

  /** A check that records what the store hands it and, if asked, refuses. */
  static final class RecordingCheck implements ConflictCheck {
    private final @Nullable TimeInterval range;
    private final boolean refuse;
    final List<Appointment> candidates = new CopyOnWriteArrayList<>();
    final List<List<Appointment>> seen = new CopyOnWriteArrayList<>();

    RecordingCheck(@Nullable TimeInterval range, boolean refuse) {
      this.range = range;
      this.refuse = refuse;
    }

    @Override
    public Optional<TimeInterval> lookupRange() {
      return Optional.ofNullable(range);
    }

    @Override
    public void verify(Appointment candidate, List<Appointment> existing) {
      candidates.add(candidate);
      seen.add(List.copyOf(existing));
      if (refuse) {
        throw new SlotUnavailableException("refused by the contract test");
      }
    }
  }

  /**
   * The strictest booking rule: nothing may overlap the candidate. Pauses to widen race windows.
   */
  static final class NoOverlap implements ConflictCheck {
    private final TimeInterval range;

    NoOverlap(Appointment candidate) {
      this.range = candidate.interval();
    }

    @Override
    public Optional<TimeInterval> lookupRange() {
      return Optional.of(range);
    }

    @Override
    public void verify(Appointment candidate, List<Appointment> existing) {
      Race.pause();
      for (Appointment other : existing) {
        if (other.interval().overlaps(candidate.interval())) {
          throw new SlotUnavailableException(candidate.id() + " overlaps " + other.id());
        }
      }
    }
  }
}
