package dev.cita.scheduling.whatsapp.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.notify.MessageContext;
import dev.cita.scheduling.notify.MessageKind;
import dev.cita.scheduling.notify.MessageTemplates;
import dev.cita.scheduling.notify.RecipientKind;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The core's texts, rendered with long but realistic names on every day of a year: reminders fit
 * two SMS segments, and every kind fits {@link TwilioSmsChannel#DEFAULT_MAX_SEGMENTS}, so the SMS
 * channel never refuses them.
 */
class StandardTextsFitTwoSmsSegmentsTest {
  private static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");

  @ParameterizedTest(name = "{0} {1}: {2} / {3}")
  @CsvSource({
    "es, CUSTOMER, María José Fernández Quiñones, Limpieza dental con ultrasonido",
    "es, OWNER, María José Fernández Quiñones, Limpieza dental con ultrasonido",
    "es, CUSTOMER, Maximiliano Alejandro González, Consulta de kinesiología",
    "en, CUSTOMER, Christopher Alexander Montgomery, Deep tissue massage (90 min)",
    "en, OWNER, Christopher Alexander Montgomery, Deep tissue massage (90 min)",
    "en, CUSTOMER, José Núñez, Teeth whitening",
  })
  void remindersFitTwoSegmentsOnEveryDayOfTheYear(
      String language, RecipientKind recipient, String customer, String service) {
    assertThat(worstSegments(MessageKind.REMINDER, language, recipient, customer, service))
        .isBetween(1, 2);
  }

  @ParameterizedTest(name = "{0} {1}: {2} / {3}")
  @CsvSource({
    "es, CUSTOMER, María José Fernández Quiñones, Limpieza dental con ultrasonido",
    "es, OWNER, María José Fernández Quiñones, Limpieza dental con ultrasonido",
    "en, CUSTOMER, Christopher Alexander Montgomery, Deep tissue massage (90 min)",
    "en, OWNER, Christopher Alexander Montgomery, Deep tissue massage (90 min)",
  })
  void everyKindFitsTheChannelsDefaultLimit(
      String language, RecipientKind recipient, String customer, String service) {
    for (MessageKind kind : MessageKind.values()) {
      assertThat(worstSegments(kind, language, recipient, customer, service))
          .as(kind.toString())
          .isBetween(1, TwilioSmsChannel.DEFAULT_MAX_SEGMENTS);
    }
  }

  /** A reschedule notice also names the earlier time: a day and a half earlier, at another hour. */
  private static MessageContext context(
      MessageKind kind, String customer, String service, Instant start) {
    MessageContext context = MessageContext.of(customer, service, start, SANTIAGO);
    return kind == MessageKind.RESCHEDULE
        ? context.withPreviousStart(start.minus(Duration.ofHours(37)))
        : context;
  }

  private static int worstSegments(
      MessageKind kind, String language, RecipientKind recipient, String customer, String service) {
    int worst = 0;
    String longest = "";
    for (LocalDate day = LocalDate.of(2026, 1, 1); day.getYear() == 2026; day = day.plusDays(1)) {
      for (LocalTime time : new LocalTime[] {LocalTime.of(1, 30), LocalTime.of(12, 45)}) {
        String text =
            MessageTemplates.standard()
                .render(
                    kind,
                    recipient,
                    Locale.forLanguageTag(language),
                    context(kind, customer, service, day.atTime(time).atZone(SANTIAGO).toInstant()))
                .text();
        int segments = SmsSegments.of(text).segments();
        if (segments > worst || text.length() > longest.length()) {
          longest = text;
        }
        worst = Math.max(worst, segments);
      }
    }

    assertThat(longest).as("the longest text, for the report").isNotEmpty();
    System.out.printf(
        "%s %s %s: worst %d segment(s), e.g. %s%n",
        kind, language, recipient, worst, SmsSegments.of(longest));
    return worst;
  }
}
