package dev.cita.scheduling.whatsapp.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.notify.MessageContext;
import dev.cita.scheduling.notify.MessageKind;
import dev.cita.scheduling.notify.MessageTemplates;
import dev.cita.scheduling.notify.RecipientKind;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The core's reminder texts, rendered with long but realistic names on every day of a year, fit
 * {@link TwilioSmsChannel#DEFAULT_MAX_SEGMENTS} SMS segments, so the SMS channel never refuses
 * them.
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
    int worst = 0;
    String longest = "";
    for (LocalDate day = LocalDate.of(2026, 1, 1); day.getYear() == 2026; day = day.plusDays(1)) {
      for (LocalTime time : new LocalTime[] {LocalTime.of(1, 30), LocalTime.of(12, 45)}) {
        String text =
            MessageTemplates.standard()
                .render(
                    MessageKind.REMINDER,
                    recipient,
                    Locale.forLanguageTag(language),
                    MessageContext.of(
                        customer, service, day.atTime(time).atZone(SANTIAGO).toInstant(), SANTIAGO))
                .text();
        int segments = SmsSegments.of(text).segments();
        if (segments > worst || text.length() > longest.length()) {
          longest = text;
        }
        worst = Math.max(worst, segments);
      }
    }

    assertThat(worst)
        .as("longest text: %s (%s)", longest, SmsSegments.of(longest))
        .isBetween(1, TwilioSmsChannel.DEFAULT_MAX_SEGMENTS);
  }
}
