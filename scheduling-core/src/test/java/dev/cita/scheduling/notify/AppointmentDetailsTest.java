package dev.cita.scheduling.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AppointmentDetailsTest {
  private static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  private static final Instant TUE_15_SEP_14H = Instant.parse("2026-09-15T17:00:00Z");
  private static final Instant MON_14_SEP_10H = Instant.parse("2026-09-14T13:00:00Z");
  private static final Locale ES = Locale.forLanguageTag("es");
  private static final Locale EN = Locale.forLanguageTag("en");

  private static final AppointmentDetails FULL =
      AppointmentDetails.builder()
          .branchName("Clínica Providencia")
          .address("Av. Providencia 1234, Santiago")
          .professionalName("Dra. Rojas")
          .manageLink(URI.create("https://citas.example/a/7f3c"))
          .build();

  private final MessageTemplates templates = MessageTemplates.standard();
  private final MessageContext maria =
      MessageContext.of("María", "Consulta general", TUE_15_SEP_14H, SANTIAGO).withDetails(FULL);

  private String text(MessageKind kind, RecipientKind who, Locale locale, MessageContext ctx) {
    return templates.render(kind, who, locale, ctx).text();
  }

  @Test
  void aCustomerConfirmationNamesWhoWhereAndTheManageLinkLast() {
    assertThat(text(MessageKind.CONFIRMATION, RecipientKind.CUSTOMER, ES, maria))
        .isEqualTo(
            "Hola María, tu cita de Consulta general quedó agendada para el martes 15 de septiembre"
                + " a las 14:00. Te atiende Dra. Rojas. Lugar: Clínica Providencia, Av. Providencia"
                + " 1234, Santiago. Para cambiar o cancelar: https://citas.example/a/7f3c");
    assertThat(text(MessageKind.REMINDER, RecipientKind.CUSTOMER, EN, maria))
        .isEqualTo(
            "Hi María, your Consulta general appointment is on Tuesday, September 15 at 2:00 PM."
                + " With Dra. Rojas. At Clínica Providencia, Av. Providencia 1234, Santiago. To"
                + " change or cancel: https://citas.example/a/7f3c");
    assertThat(
            text(
                MessageKind.RESCHEDULE,
                RecipientKind.CUSTOMER,
                ES,
                maria.withPreviousStart(MON_14_SEP_10H)))
        .endsWith(
            "(antes: lunes 14 de septiembre a las 10:00). Te atiende Dra. Rojas. Lugar: Clínica"
                + " Providencia, Av. Providencia 1234, Santiago. Para cambiar o cancelar:"
                + " https://citas.example/a/7f3c");
  }

  @Test
  void aCancellationOrNoShowAddsNothingForTheCustomer() {
    assertThat(text(MessageKind.CANCELLATION, RecipientKind.CUSTOMER, ES, maria))
        .isEqualTo(
            "Hola María, tu cita de Consulta general del martes 15 de septiembre a las 14:00 fue"
                + " cancelada.");
    assertThat(text(MessageKind.NO_SHOW, RecipientKind.CUSTOMER, EN, maria))
        .doesNotContain("Rojas", "Providencia", "https://");
  }

  @Test
  void staffHearTheBranchAndTheProfessionalButNeverTheCustomersLink() {
    assertThat(text(MessageKind.CONFIRMATION, RecipientKind.OWNER, ES, maria))
        .isEqualTo(
            "Nueva cita: María, Consulta general, el martes 15 de septiembre a las 14:00."
                + " Sucursal: Clínica Providencia. Profesional: Dra. Rojas.");
    assertThat(text(MessageKind.CANCELLATION, RecipientKind.AGENT, EN, maria))
        .endsWith("Branch: Clínica Providencia. With Dra. Rojas.")
        .doesNotContain("https://");
  }

  @Test
  void partialDetailsShowOnlyWhatIsThere() {
    MessageContext onlyLink =
        maria.withDetails(
            AppointmentDetails.builder()
                .manageLink(URI.create("http://localhost:8080/c/1"))
                .build());
    assertThat(text(MessageKind.REMINDER, RecipientKind.CUSTOMER, ES, onlyLink))
        .isEqualTo(
            "Hola María, tu cita de Consulta general es el martes 15 de septiembre a las 14:00."
                + " Para cambiar o cancelar: http://localhost:8080/c/1");
    MessageContext onlyAddress =
        maria.withDetails(AppointmentDetails.builder().address("Los Leones 45").build());
    assertThat(text(MessageKind.REMINDER, RecipientKind.CUSTOMER, EN, onlyAddress))
        .endsWith("2:00 PM. At Los Leones 45.");
    assertThat(text(MessageKind.CONFIRMATION, RecipientKind.OWNER, EN, onlyAddress))
        .isEqualTo(
            "New appointment: María, Consulta general, on Tuesday, September 15 at 2:00 PM.");
  }

  @Test
  void theDetailsAreNotTemplateVariablesSoApprovedTemplatesKeepTheirShape() {
    RenderedMessage plain =
        templates.render(
            MessageKind.REMINDER,
            RecipientKind.CUSTOMER,
            ES,
            maria.withDetails(AppointmentDetails.none()));
    RenderedMessage detailed =
        templates.render(MessageKind.REMINDER, RecipientKind.CUSTOMER, ES, maria);
    assertThat(detailed.variables()).isEqualTo(plain.variables());
    assertThat(detailed.templateKey()).isEqualTo(plain.templateKey());
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://citas.example/a", "/a/7f3c", "javascript:alert(1)", "https:x"})
  void aManageLinkMustBeAnAbsoluteWebAddress(String link) {
    assertThatThrownBy(() -> AppointmentDetails.builder().manageLink(URI.create(link)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("details.manageLink");
  }

  @Test
  void namesAreOneLineAndBounded() {
    assertThatThrownBy(() -> AppointmentDetails.builder().branchName("Sucursal\r\nBcc: x"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("details.branchName");
    assertThatThrownBy(() -> AppointmentDetails.builder().address(" "))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("details.address");
    assertThatThrownBy(() -> AppointmentDetails.builder().professionalName("x".repeat(201)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("details.professionalName");
  }

  @Test
  void toStringNamesTheFieldsButNotTheLinkWhichMayCarryAToken() {
    assertThat(FULL.toString())
        .isEqualTo("AppointmentDetails{branch address professional link}")
        .doesNotContain("7f3c");
    assertThat(FULL).isEqualTo(copyOfFull()).isNotEqualTo(AppointmentDetails.none());
    assertThat(FULL.hashCode()).isEqualTo(copyOfFull().hashCode());
    assertThat(AppointmentDetails.none().branchName()).isEmpty();
  }

  @Test
  void theCalendarInvitationIsPlacedAtTheBranchUnlessTheAppointmentHasItsOwnLocation() {
    Appointment.Builder a =
        Appointment.builder()
            .id(AppointmentId.of("a-1"))
            .tenant(TenantId.of("clinica"))
            .resource(ResourceId.of("ana"))
            .type(AppointmentTypeId.of("consulta"))
            .attendee(Attendee.builder("María").build())
            .start(TUE_15_SEP_14H)
            .end(TUE_15_SEP_14H.plusSeconds(1800))
            .displayZone(SANTIAGO)
            .createdAt(MON_14_SEP_10H)
            .updatedAt(MON_14_SEP_10H);
    assertThat(CalendarEvent.of(a.build(), "Consulta", FULL).location())
        .contains("Clínica Providencia, Av. Providencia 1234, Santiago");
    assertThat(CalendarEvent.of(a.build(), "Consulta", AppointmentDetails.none()).location())
        .isEmpty();
    assertThat(CalendarEvent.of(a.location("Box 3").build(), "Consulta", FULL).location())
        .contains("Box 3");
  }

  @Test
  void thePlaceIsTheBranchAndTheAddressOrWhatThereIsOfThem() {
    assertThat(FULL.place()).contains("Clínica Providencia, Av. Providencia 1234, Santiago");
    assertThat(AppointmentDetails.builder().branchName("Centro").build().place())
        .contains("Centro");
    assertThat(AppointmentDetails.builder().address("Los Leones 45").build().place())
        .contains("Los Leones 45");
    assertThat(AppointmentDetails.none().place()).isEmpty();
  }

  private static AppointmentDetails copyOfFull() {
    return AppointmentDetails.builder()
        .branchName("Clínica Providencia")
        .address("Av. Providencia 1234, Santiago")
        .professionalName("Dra. Rojas")
        .manageLink(URI.create("https://citas.example/a/7f3c"))
        .build();
  }
}
