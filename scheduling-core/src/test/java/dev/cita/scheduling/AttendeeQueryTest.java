package dev.cita.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link AttendeeQuery} and {@link AppointmentPage}: normalized contacts, strict input, cursors.
 */
class AttendeeQueryTest {
  private static final TenantId NORTE = TenantId.of("clinica-norte");
  private static final Instant T0 = Instant.parse("2026-03-03T13:00:00Z");

  private static Appointment appointment(String id, int minute, String phone, String email) {
    return Appointment.builder()
        .id(AppointmentId.of(id))
        .tenant(NORTE)
        .resource(ResourceId.of("dra-ana"))
        .type(AppointmentTypeId.of("consulta"))
        .attendee(Attendee.builder("Camila").phone(phone).email(email).build())
        .start(T0.plus(Duration.ofMinutes(minute)))
        .end(T0.plus(Duration.ofMinutes(minute + 30)))
        .displayZone(ZoneId.of("America/Santiago"))
        .status(AppointmentStatus.SCHEDULED)
        .createdAt(T0)
        .updatedAt(T0)
        .build();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"+56912345678", "+56 9 1234 5678", "+56 9 1234-5678", "(+56) 9.1234.5678"})
  void aPhoneAsCustomersWriteItIsReadInE164(String written) {
    assertThat(AttendeeQuery.byPhone(NORTE, written).build().phone()).contains("+56912345678");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "56912345678",
        "+0912345678",
        "+56 9 1234 567a",
        "+569' OR '1'='1",
        "+5691234567890123",
        "whatsapp:+56912345678"
      })
  void anythingElseIsRefusedNamingThePhone(String hostile) {
    assertThatThrownBy(() -> AttendeeQuery.byPhone(NORTE, hostile))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("query.phone"));
  }

  @Test
  void anEmailIsComparedStrippedAndInLowerCase() {
    AttendeeQuery query = AttendeeQuery.byEmail(NORTE, "  Camila.Rojas@Example.CL ").build();

    assertThat(query.email()).contains("camila.rojas@example.cl");
    assertThat(query.phone()).isEmpty();
    assertThat(query.matches(appointment("a", 0, "+56911111111", "CAMILA.rojas@example.cl")))
        .isTrue();
    assertThat(query.matches(appointment("b", 0, "+56911111111", "camila@example.cl"))).isFalse();
    assertThatThrownBy(() -> AttendeeQuery.byEmail(NORTE, "camila"))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("query.email"));
    assertThatThrownBy(() -> AttendeeQuery.byEmail(NORTE, "a".repeat(320) + "@x.cl"))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("query.email"));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, AttendeeQuery.MAX_LIMIT + 1})
  void aLimitOutOfRangeIsRefused(int limit) {
    assertThatThrownBy(() -> AttendeeQuery.byPhone(NORTE, "+56912345678").limit(limit))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("query.limit"));
  }

  @Test
  void anEmptyOrBackwardRangeIsRefused() {
    assertThatThrownBy(
            () ->
                AttendeeQuery.byPhone(NORTE, "+56912345678")
                    .startingFrom(T0)
                    .startingBefore(T0)
                    .build())
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.field()).isEqualTo("query.startingBefore"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"not-a-cursor", "!!!", "MjAyNg", "fHg"})
  void aCursorNotHandedOutByAPageIsRefused(String cursor) {
    assertThatThrownBy(() -> AttendeeQuery.byPhone(NORTE, "+56912345678").after(cursor))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("query.after"));
  }

  @Test
  void aFullPageHandsOutACursorThatContinuesAfterItsLastAppointment() {
    AttendeeQuery query = AttendeeQuery.byPhone(NORTE, "+56912345678").limit(2).build();
    Appointment a = appointment("a", 0, "+56912345678", "c@example.cl");
    Appointment b = appointment("b", 60, "+56912345678", "c@example.cl");
    Appointment sameStartLaterId = appointment("c", 60, "+56912345678", "c@example.cl");
    Appointment later = appointment("a", 120, "+56912345678", "c@example.cl");

    AppointmentPage full = AppointmentPage.of(query, List.of(a, b));
    AppointmentPage partial = AppointmentPage.of(query, List.of(a));

    assertThat(partial.next()).isEmpty();
    AttendeeQuery next =
        AttendeeQuery.byPhone(NORTE, "+56912345678").after(full.next().orElseThrow()).build();
    assertThat(next.after()).contains(new AttendeeQuery.Cursor(b.start(), "b"));
    assertThat(next.matches(b)).isFalse();
    assertThat(next.matches(a)).isFalse();
    assertThat(next.matches(sameStartLaterId)).isTrue();
    assertThat(next.matches(later)).isTrue();
    assertThatThrownBy(() -> AppointmentPage.of(query, List.of(a, b, later)))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void neitherTheQueryNorThePageShowsTheContact() {
    AttendeeQuery query = AttendeeQuery.byPhone(NORTE, "+56912345678").build();

    assertThat(query.toString()).doesNotContain("12345678").contains("phone");
    assertThat(AttendeeQuery.byEmail(NORTE, "camila@example.cl").build().toString())
        .doesNotContain("camila");
  }

  @Test
  void anotherTenantsAppointmentNeverMatches() {
    Appointment theirs =
        appointment("a", 0, "+56912345678", "c@example.cl").toBuilder()
            .tenant(TenantId.of("clinica-sur"))
            .build();

    assertThat(AttendeeQuery.byPhone(NORTE, "+56912345678").build().matches(theirs)).isFalse();
  }
}
