package dev.cita.scheduling.whatsapp.channel;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.notify.AddressKind;
import dev.cita.scheduling.notify.MessageKind;
import dev.cita.scheduling.notify.OutgoingMessage;
import dev.cita.scheduling.notify.RecipientKind;
import dev.cita.scheduling.token.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Shared test values: a customer, a message and a sleeper that records. */
final class Fixtures {
  static final String TENANT = "clinic-1";
  static final String PHONE = "+56912345678";
  static final String AUTH_TOKEN = "tok-SECRET-1";

  /** Base64 of {@code AC123:tok-SECRET-1}, worked out outside the code under test. */
  static final String BASIC_AC123 = "Basic QUMxMjM6dG9rLVNFQ1JFVC0x";

  static final String API_SECRET = "apisecret-SECRET-2";

  /** Base64 of {@code SKkey42:apisecret-SECRET-2}. */
  static final String BASIC_SKKEY42 = "Basic U0trZXk0MjphcGlzZWNyZXQtU0VDUkVULTI=";

  static final String TEXT = "Hola Ana, tu cita es mañana a las 10:00";
  static final String KEY = "appt-42:reminder:customer";

  private Fixtures() {}

  static OutgoingMessage reminder() {
    return OutgoingMessage.builder()
        .tenant(TenantId.of(TENANT))
        .appointmentId(AppointmentId.of("appt-42"))
        .recipient(RecipientKind.CUSTOMER, AddressKind.PHONE, PHONE)
        .locale(Locale.forLanguageTag("es"))
        .kind(MessageKind.REMINDER)
        .templateKey("reminder_customer")
        .templateVariables(List.of("Ana", "mañana 10:00"))
        .text(TEXT)
        .idempotencyKey(KEY)
        .build();
  }

  /**
   * Answers the first POST to {@code path} with {@code first} and every later one with {@code
   * then}.
   */
  static void firstThen(
      WireMockExtension wm,
      String path,
      ResponseDefinitionBuilder first,
      ResponseDefinitionBuilder then) {
    String scenario = "first-then " + path;
    wm.stubFor(
        post(urlEqualTo(path))
            .inScenario(scenario)
            .whenScenarioStateIs(STARTED)
            .willReturn(first)
            .willSetStateTo("then"));
    wm.stubFor(
        post(urlEqualTo(path)).inScenario(scenario).whenScenarioStateIs("then").willReturn(then));
  }

  /** Records each requested wait and returns at once. */
  static final class RecordingSleeper implements Sleeper {
    final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void sleep(Duration duration) {
      sleeps.add(duration);
    }
  }
}
