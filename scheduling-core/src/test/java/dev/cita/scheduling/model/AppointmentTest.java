package dev.cita.scheduling.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class AppointmentTest {
  private static final Instant START = Instant.parse("2026-03-03T13:00:00Z");

  private static Appointment.Builder valid() {
    return Appointment.builder()
        .id(AppointmentId.of("a1"))
        .tenant(TenantId.of("norte"))
        .resource(ResourceId.of("ana"))
        .type(AppointmentTypeId.of("consult"))
        .attendee(Attendee.builder("Camila").build())
        .start(START)
        .end(START.plus(Duration.ofMinutes(30)))
        .displayZone(ZoneId.of("America/Santiago"))
        .createdAt(START.minusSeconds(86_400))
        .updatedAt(START.minusSeconds(86_400));
  }

  private static void assertRejected(UnaryOperator<Appointment.Builder> change, String field) {
    assertThatThrownBy(() -> change.apply(valid()).build())
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo(field));
  }

  @Test
  void defaults() {
    Appointment a = valid().build();
    assertThat(a.status()).isEqualTo(AppointmentStatus.SCHEDULED);
    assertThat(a.version()).isZero();
    assertThat(a.bufferBefore()).isZero();
    assertThat(a.bufferAfter()).isZero();
    assertThat(a.externalRefs()).isEmpty();
    assertThat(a.location()).isEmpty();
    assertThat(a.notes()).isEmpty();
    assertThat(a.idempotencyKey()).isEmpty();
    assertThat(a.providerEventAt()).isEmpty();
    assertThat(a.interval()).isEqualTo(TimeInterval.of(START, START.plus(Duration.ofMinutes(30))));
  }

  @Test
  void toBuilderRoundTripsEveryField() {
    Appointment a =
        valid()
            .status(AppointmentStatus.CONFIRMED)
            .bufferBefore(Duration.ofMinutes(5))
            .bufferAfter(Duration.ofMinutes(10))
            .location("Av. Providencia 123")
            .notes("primera visita")
            .externalRef("google", "evt-1")
            .version(3)
            .idempotencyKey("k")
            .providerEventAt(START.minusSeconds(60))
            .build();

    Appointment copy = a.toBuilder().build();

    assertThat(copy).isEqualTo(a).hasSameHashCodeAs(a);
    assertThat(copy.externalRef("google")).contains("evt-1");
    assertThat(copy.externalRef("calcom")).isEmpty();
    assertThat(a.toBuilder().notes("otra").build()).isNotEqualTo(a);
    assertThat(a.toBuilder().version(4).build()).isNotEqualTo(a);
    assertThat(copy.providerEventAt()).contains(START.minusSeconds(60));
    assertThat(a.toBuilder().providerEventAt(START).build()).isNotEqualTo(a);
  }

  @Test
  void externalRefsAreACopyAndImmutable() {
    java.util.Map<String, String> refs = new java.util.HashMap<>(Map.of("google", "evt-1"));
    Appointment a = valid().externalRefs(refs).build();
    refs.put("calcom", "bk-2");

    assertThat(a.externalRefs()).containsOnlyKeys("google");
    assertThatThrownBy(() -> a.externalRefs().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void requiredFields() {
    assertRejected(b -> b.id(null), "appointment.id");
    assertRejected(b -> b.tenant(null), "appointment.tenant");
    assertRejected(b -> b.resource(null), "appointment.resource");
    assertRejected(b -> b.type(null), "appointment.type");
    assertRejected(b -> b.attendee(null), "appointment.attendee");
    assertRejected(b -> b.start(null), "appointment.start");
    assertRejected(b -> b.end(null), "appointment.end");
    assertRejected(b -> b.displayZone(null), "appointment.displayZone");
    assertRejected(b -> b.status(null), "appointment.status");
    assertRejected(b -> b.createdAt(null), "appointment.createdAt");
    assertRejected(b -> b.updatedAt(null), "appointment.updatedAt");
  }

  @Test
  void endMustBeAfterStart() {
    assertRejected(b -> b.end(START), "appointment.end");
    assertRejected(b -> b.end(START.minusSeconds(1)), "appointment.end");
  }

  @Test
  void buffersMustBeWithinLimits() {
    assertRejected(b -> b.bufferBefore(Duration.ofMinutes(-1)), "appointment.bufferBefore");
    assertRejected(b -> b.bufferAfter(Duration.ofMinutes(-1)), "appointment.bufferAfter");
    assertRejected(
        b -> b.bufferAfter(AppointmentType.MAX_BUFFER.plusMinutes(1)), "appointment.bufferAfter");
    assertThat(valid().bufferAfter(AppointmentType.MAX_BUFFER).build().bufferAfter())
        .isEqualTo(AppointmentType.MAX_BUFFER);
  }

  @Test
  void versionMustNotBeNegative() {
    assertRejected(b -> b.version(-1), "appointment.version");
  }

  @Test
  void externalRefsMustNotBeBlank() {
    assertRejected(b -> b.externalRef("google", " "), "appointment.externalRefs[google]");
    assertRejected(b -> b.externalRef(" ", "evt"), "appointment.externalRefs.provider");
  }
}
