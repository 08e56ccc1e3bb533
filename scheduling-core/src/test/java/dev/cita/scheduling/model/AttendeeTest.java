package dev.cita.scheduling.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AttendeeTest {
  private static final String PHONE = "+56912345678";
  private static final String EMAIL = "camila.rojas@example.cl";

  private static Attendee camila() {
    return Attendee.builder("Camila Rojas").email(EMAIL).phone(PHONE).build();
  }

  @Test
  void toStringMasksPhoneAndEmail() {
    String text = camila().toString();

    assertThat(text).contains("Camila Rojas");
    assertThat(text).doesNotContain(PHONE).doesNotContain("912345678").doesNotContain("12345");
    assertThat(text).doesNotContain(EMAIL).doesNotContain("camila.rojas");
    assertThat(text).contains("phone=+********678");
    assertThat(text).contains("c***@example.cl");
  }

  @Test
  void appointmentAndRequestToStringDoNotLeakThePhone() {
    Instant start = Instant.parse("2026-03-03T13:00:00Z");
    Appointment appointment =
        Appointment.builder()
            .id(AppointmentId.of("a1"))
            .tenant(TenantId.of("t"))
            .resource(ResourceId.of("ana"))
            .type(AppointmentTypeId.of("consult"))
            .attendee(camila())
            .start(start)
            .end(start.plus(Duration.ofMinutes(30)))
            .displayZone(ZoneId.of("America/Santiago"))
            .createdAt(start)
            .updatedAt(start)
            .build();

    assertThat(appointment.toString()).doesNotContain(PHONE).doesNotContain(EMAIL).contains("a1");
    assertThat(
            dev.cita.scheduling.BookingRequest.builder(
                    TenantId.of("t"),
                    ResourceId.of("ana"),
                    AppointmentTypeId.of("consult"),
                    start,
                    camila())
                .build()
                .toString())
        .doesNotContain(PHONE)
        .doesNotContain(EMAIL)
        .contains("tenant=t", "resource=ana", "type=consult", "start=" + start, "Camila Rojas");
  }

  @ParameterizedTest
  @ValueSource(strings = {"+56912345678", "+14155550123", "+4915123456789", "+1234567"})
  void maskPhoneKeepsOnlyTheLastThreeDigits(String phone) {
    String masked = Attendee.maskPhone(phone);

    assertThat(masked)
        .hasSize(phone.length())
        .startsWith("+")
        .endsWith(phone.substring(phone.length() - 3));
    assertThat(masked.substring(1, masked.length() - 3)).matches("\\**");
    assertThat(masked).isNotEqualTo(phone);
  }

  @Test
  void maskPhoneOfShortOrMissingValues() {
    assertThat(Attendee.maskPhone(null)).isEqualTo("***");
    assertThat(Attendee.maskPhone("+123")).isEqualTo("***");
  }

  @Test
  void toStringWithoutContactDetails() {
    assertThat(Attendee.builder("Pedro").build().toString()).isEqualTo("Attendee{name=Pedro}");
  }

  @Test
  void defaultsAndAccessors() {
    Attendee a = Attendee.builder("Pedro").build();
    assertThat(a.locale()).isEqualTo(Locale.forLanguageTag("es"));
    assertThat(a.email()).isEmpty();
    assertThat(a.phone()).isEmpty();
    assertThat(a.zone()).isEmpty();

    Attendee c =
        camila().toBuilder().locale(Locale.ENGLISH).zone(ZoneId.of("America/Santiago")).build();
    assertThat(c.phone()).contains(PHONE);
    assertThat(c.email()).contains(EMAIL);
    assertThat(c.locale()).isEqualTo(Locale.ENGLISH);
    assertThat(c.zone()).contains(ZoneId.of("America/Santiago"));
  }

  @Test
  void equalityIsByValue() {
    assertThat(camila()).isEqualTo(camila()).hasSameHashCodeAs(camila());
    assertThat(camila()).isNotEqualTo(camila().toBuilder().phone("+56987654321").build());
    assertThat(camila().toBuilder().build()).isEqualTo(camila());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "56987654321",
        "+56 9 8765 4321",
        "+0912345678",
        "+56-912345678",
        "+123456",
        "+1234567890123456",
        "telefono"
      })
  void phoneMustBeE164(String phone) {
    assertThatThrownBy(() -> Attendee.builder("Pedro").phone(phone).build())
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.field()).isEqualTo("attendee.phone");
              assertThat(e.getMessage()).doesNotContain(phone);
            });
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "camila",
        "camila@",
        "@example.cl",
        "camila@example",
        "ca mila@example.cl",
        "a@b@c.cl"
      })
  void emailMustLookLikeOne(String email) {
    assertThatThrownBy(() -> Attendee.builder("Pedro").email(email).build())
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("attendee.email"));
  }

  @Test
  void nameAndLocaleAreRequired() {
    assertThatThrownBy(() -> Attendee.builder(null).build())
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("attendee.name"));
    assertThatThrownBy(() -> Attendee.builder("Pedro").locale(null).build())
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("attendee.locale"));
  }
}
