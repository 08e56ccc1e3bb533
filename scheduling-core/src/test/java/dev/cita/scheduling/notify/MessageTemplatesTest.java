package dev.cita.scheduling.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessageTemplatesTest {
  private static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");

  /** Tuesday 15 September 2026, 14:00 in Santiago (UTC-3, summer time since 6 September). */
  private static final Instant TUE_15_SEP_14H = Instant.parse("2026-09-15T17:00:00Z");

  private static final Instant MON_14_SEP_10H = Instant.parse("2026-09-14T13:00:00Z");
  private static final Locale ES = Locale.forLanguageTag("es");
  private static final Locale EN = Locale.forLanguageTag("en");

  private final MessageTemplates templates = MessageTemplates.standard();
  private final MessageContext maria =
      MessageContext.of("María", "Consulta general", TUE_15_SEP_14H, SANTIAGO);
  private final MessageContext moved = maria.withPreviousStart(MON_14_SEP_10H);

  private String text(MessageKind kind, RecipientKind who, Locale locale, MessageContext ctx) {
    return templates.render(kind, who, locale, ctx).text();
  }

  @Test
  void reminderToTheCustomerInSpanishAndEnglish() {
    assertThat(text(MessageKind.REMINDER, RecipientKind.CUSTOMER, ES, maria))
        .isEqualTo(
            "Hola María, tu cita de Consulta general es el martes 15 de septiembre a las 14:00.");
    assertThat(text(MessageKind.REMINDER, RecipientKind.CUSTOMER, EN, maria))
        .isEqualTo(
            "Hi María, your Consulta general appointment is on Tuesday, September 15 at 2:00 PM.");
  }

  @Test
  void everyKindToTheCustomer() {
    assertThat(text(MessageKind.CONFIRMATION, RecipientKind.CUSTOMER, ES, maria))
        .isEqualTo(
            "Hola María, tu cita de Consulta general quedó agendada para el martes 15 de septiembre"
                + " a las 14:00.");
    assertThat(text(MessageKind.CANCELLATION, RecipientKind.CUSTOMER, ES, maria))
        .isEqualTo(
            "Hola María, tu cita de Consulta general del martes 15 de septiembre a las 14:00 fue"
                + " cancelada.");
    assertThat(text(MessageKind.RESCHEDULE, RecipientKind.CUSTOMER, ES, moved))
        .isEqualTo(
            "Hola María, tu cita de Consulta general se cambió al martes 15 de septiembre a las"
                + " 14:00 (antes: lunes 14 de septiembre a las 10:00).");
    assertThat(text(MessageKind.CONFIRMATION, RecipientKind.CUSTOMER, EN, maria))
        .isEqualTo(
            "Hi María, your Consulta general appointment is booked for Tuesday, September 15 at"
                + " 2:00 PM.");
    assertThat(text(MessageKind.CANCELLATION, RecipientKind.CUSTOMER, EN, maria))
        .isEqualTo(
            "Hi María, your Consulta general appointment on Tuesday, September 15 at 2:00 PM was"
                + " cancelled.");
    assertThat(text(MessageKind.RESCHEDULE, RecipientKind.CUSTOMER, EN, moved))
        .isEqualTo(
            "Hi María, your Consulta general appointment was moved to Tuesday, September 15 at 2:00"
                + " PM (was Monday, September 14 at 10:00 AM).");
  }

  @Test
  void staffGetTheirOwnWording() {
    assertThat(text(MessageKind.CONFIRMATION, RecipientKind.AGENT, ES, maria))
        .isEqualTo("Nueva cita: María, Consulta general, el martes 15 de septiembre a las 14:00.");
    assertThat(text(MessageKind.CANCELLATION, RecipientKind.OWNER, ES, maria))
        .isEqualTo(
            "Cita cancelada: María, Consulta general, el martes 15 de septiembre a las 14:00.");
    assertThat(text(MessageKind.RESCHEDULE, RecipientKind.AGENT, ES, moved))
        .isEqualTo(
            "Cita movida: María, Consulta general, al martes 15 de septiembre a las 14:00 "
                + "(antes: lunes 14 de septiembre a las 10:00).");
    assertThat(text(MessageKind.REMINDER, RecipientKind.AGENT, ES, maria))
        .isEqualTo(
            "Recordatorio: María, Consulta general, el martes 15 de septiembre a las 14:00.");
    assertThat(text(MessageKind.NO_SHOW, RecipientKind.OWNER, ES, maria))
        .isEqualTo("No asistió: María, Consulta general, el martes 15 de septiembre a las 14:00.");
    assertThat(text(MessageKind.NO_SHOW, RecipientKind.CUSTOMER, EN, maria))
        .isEqualTo(
            "Hi María, we missed you at your Consulta general appointment on Tuesday, September 15"
                + " at 2:00 PM.");
    assertThat(text(MessageKind.CONFIRMATION, RecipientKind.OWNER, EN, maria))
        .isEqualTo(
            "New appointment: María, Consulta general, on Tuesday, September 15 at 2:00 PM.");
    assertThat(text(MessageKind.RESCHEDULE, RecipientKind.AGENT, EN, moved))
        .isEqualTo(
            "Appointment moved: María, Consulta general, to Tuesday, September 15 at 2:00 PM "
                + "(was Monday, September 14 at 10:00 AM).");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "es, es",
    "es-CL, es",
    "es-419, es",
    "en, en",
    "en-US, en",
    "en-GB, en",
    "pt-BR, es",
    "fr, es"
  })
  void theLanguageFollowsTheLocaleWithSpanishAsDefault(String tag, String expected) {
    RenderedMessage r =
        templates.render(
            MessageKind.REMINDER, RecipientKind.CUSTOMER, Locale.forLanguageTag(tag), maria);

    assertThat(r.locale()).isEqualTo(Locale.forLanguageTag(expected));
    assertThat(r.text()).startsWith(expected.equals("en") ? "Hi María" : "Hola María");
  }

  @Test
  void templateKeyAndVariablesInOrderForApprovedWhatsAppTemplates() {
    RenderedMessage es =
        templates.render(MessageKind.RESCHEDULE, RecipientKind.CUSTOMER, ES, moved);
    RenderedMessage en = templates.render(MessageKind.REMINDER, RecipientKind.OWNER, EN, maria);

    assertThat(es.templateKey()).isEqualTo("reschedule_customer");
    assertThat(es.variables())
        .containsExactly(
            "María",
            "Consulta general",
            "martes 15 de septiembre",
            "a las 14:00",
            "lunes 14 de septiembre",
            "a las 10:00");
    assertThat(en.templateKey()).isEqualTo("reminder_staff");
    assertThat(en.variables())
        .containsExactly("María", "Consulta general", "Tuesday, September 15", "2:00 PM");
  }

  @Test
  void dstStartInSantiagoShowsTheLocalTimeAfterTheGap() {
    // 6 September 2026: midnight jumps to 01:00 (UTC-4 to UTC-3).
    MessageContext beforeGap =
        MessageContext.of("María", "Control", Instant.parse("2026-09-05T13:00:00Z"), SANTIAGO);
    MessageContext afterGap =
        MessageContext.of("María", "Control", Instant.parse("2026-09-06T13:00:00Z"), SANTIAGO);
    MessageContext justAfter =
        MessageContext.of("María", "Control", Instant.parse("2026-09-06T04:30:00Z"), SANTIAGO);

    assertThat(text(MessageKind.REMINDER, RecipientKind.CUSTOMER, ES, beforeGap))
        .isEqualTo("Hola María, tu cita de Control es el sábado 5 de septiembre a las 9:00.");
    assertThat(text(MessageKind.REMINDER, RecipientKind.CUSTOMER, ES, afterGap))
        .as("same UTC time of day, one hour later on the wall clock")
        .isEqualTo("Hola María, tu cita de Control es el domingo 6 de septiembre a las 10:00.");
    assertThat(text(MessageKind.REMINDER, RecipientKind.CUSTOMER, ES, justAfter))
        .as(
            "04:30Z is 01:30 local, just after the skipped hour; Spanish says 'a la' for one"
                + " o'clock")
        .isEqualTo("Hola María, tu cita de Control es el domingo 6 de septiembre a la 1:30.");
    assertThat(text(MessageKind.REMINDER, RecipientKind.CUSTOMER, EN, justAfter))
        .isEqualTo("Hi María, your Control appointment is on Sunday, September 6 at 1:30 AM.");
  }

  @Test
  void dstEndInSantiagoShowsBothPassesThroughTheRepeatedHour() {
    // 5 April 2026: midnight falls back to 23:00 on the 4th (UTC-3 to UTC-4); 23:30 happens twice.
    MessageContext first =
        MessageContext.of("Ana", "Control", Instant.parse("2026-04-05T02:30:00Z"), SANTIAGO);
    MessageContext second =
        MessageContext.of("Ana", "Control", Instant.parse("2026-04-05T03:30:00Z"), SANTIAGO);

    assertThat(text(MessageKind.REMINDER, RecipientKind.CUSTOMER, ES, first))
        .isEqualTo("Hola Ana, tu cita de Control es el sábado 4 de abril a las 23:30.");
    assertThat(text(MessageKind.REMINDER, RecipientKind.CUSTOMER, ES, second))
        .isEqualTo(text(MessageKind.REMINDER, RecipientKind.CUSTOMER, ES, first));
  }

  @Test
  void theBusinessZoneDecidesTheTimeShown() {
    MessageContext inLima =
        MessageContext.of("María", "Consulta general", TUE_15_SEP_14H, ZoneId.of("America/Lima"));

    assertThat(text(MessageKind.REMINDER, RecipientKind.CUSTOMER, ES, inLima))
        .isEqualTo(
            "Hola María, tu cita de Consulta general es el martes 15 de septiembre a las 12:00.");
  }

  @Test
  void placeholdersInANameAreNotExpanded() {
    MessageContext odd = MessageContext.of("{1} {3}", "Consulta general", TUE_15_SEP_14H, SANTIAGO);

    assertThat(text(MessageKind.REMINDER, RecipientKind.CUSTOMER, ES, odd))
        .isEqualTo(
            "Hola {1} {3}, tu cita de Consulta general es el martes 15 de septiembre a las 14:00.");
  }

  @Test
  void aRescheduleNoticeNeedsThePreviousStart() {
    assertThatThrownBy(
            () -> templates.render(MessageKind.RESCHEDULE, RecipientKind.CUSTOMER, ES, maria))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.getMessage()).contains("previousStart"));
  }
}
