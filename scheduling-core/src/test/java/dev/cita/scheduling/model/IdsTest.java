package dev.cita.scheduling.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Issue 14, "TenantId, ResourceId and names accept newlines and NUL, which forge log lines". */
class IdsTest {
  private static final List<Function<String, Object>> FACTORIES =
      List.of(TenantId::of, ResourceId::of, AppointmentTypeId::of, AppointmentId::of);
  private static final List<String> FIELDS =
      List.of("tenantId", "resourceId", "appointmentTypeId", "appointmentId");

  @Test
  void idsUsedAcrossCitaAreAccepted() {
    for (String ok :
        List.of(
            "sucursal-centro",
            "dra-ana",
            "agenda@clinica.cl",
            "1234",
            "consulta_30",
            "calendly:AAAA1234",
            "+56912345678",
            "a",
            "x".repeat(Ids.MAX_LENGTH),
            AppointmentId.random().value())) {
      assertThat(Ids.isValid(ok)).as(ok).isTrue();
      FACTORIES.forEach(f -> assertThat(f.apply(ok).toString()).isEqualTo(ok));
    }
  }

  @Test
  void newlineNulAndOtherUnsafeCharactersAreRefusedNamingTheField() {
    for (String bad :
        List.of(
            "norte\nINFO fake line",
            "norte\r",
            "nor\u0000te",
            "a b",
            "a/b",
            "a?b",
            "a%0Ab",
            "\"quoted\"",
            "tab\there",
            "caf\u00e9",
            "a\u2028b",
            "a\u202Eb")) {
      assertThat(Ids.isValid(bad)).as(bad).isFalse();
      for (int i = 0; i < FACTORIES.size(); i++) {
        Function<String, Object> factory = FACTORIES.get(i);
        assertThatThrownBy(() -> factory.apply(bad))
            .as(bad)
            .isInstanceOfSatisfying(
                ValidationException.class, e -> assertThat(e.getMessage()).doesNotContain("\n"))
            .extracting(e -> ((ValidationException) e).field())
            .isEqualTo(FIELDS.get(i));
      }
    }
  }

  @Test
  void lengthIsCappedAtTwoHundred() {
    String tooLong = "x".repeat(Ids.MAX_LENGTH + 1);
    assertThat(Ids.isValid(tooLong)).isFalse();
    assertThatThrownBy(() -> TenantId.of(tooLong))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("at most 200");
  }

  @Test
  void blankAndNullKeepTheirMessages() {
    assertThatThrownBy(() -> ResourceId.of(" ")).hasMessage("resourceId: must not be blank");
    assertThatThrownBy(() -> ResourceId.of(null)).hasMessage("resourceId: is required");
    assertThat(Ids.isValid(null)).isFalse();
    assertThat(Ids.isValid("")).isFalse();
  }

  @Test
  void namesWithLineBreaksOrNulAreRefused() {
    assertThatThrownBy(() -> Attendee.builder("Ana\nINFO fake").build())
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("attendee.name"));
    assertThatThrownBy(
            () ->
                AppointmentType.builder(
                        "consulta", "Consulta\u0000", java.time.Duration.ofMinutes(30))
                    .build())
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.field()).isEqualTo("appointmentType.name"));
    assertThat(Attendee.builder("José Pérez-Ñuñoa").build().name()).isEqualTo("José Pérez-Ñuñoa");
    assertThat(Attendee.printableName("\tAna\nINFO\u0000x\u202E ")).isEqualTo("Ana INFO x");
  }
}
