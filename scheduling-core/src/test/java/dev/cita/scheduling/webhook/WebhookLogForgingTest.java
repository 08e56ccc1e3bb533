package dev.cita.scheduling.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.TestClock;
import dev.cita.scheduling.memory.InMemoryWebhookInbox;
import dev.cita.scheduling.webhook.WebhookResult.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, "a tenant in a webhook URL became a fake second log line": whatever a request carries
 * in its URL, provider route or trigger, each log line the handler writes stays one line.
 */
class WebhookLogForgingTest {
  private static final String FORGED = "2026-03-01 12:00:00 [main] INFO FORGED";
  private WebhookHandler handler;

  @BeforeEach
  void setUp() {
    handler =
        WebhookHandler.builder()
            .clock(new TestClock(Instant.parse("2026-03-01T12:00:00Z")))
            .appointmentStore(new FlakyAppointmentStore())
            .inbox(new InMemoryWebhookInbox())
            .provider(new HmacJsonWebhooks(Deliveries.SECRET))
            .build();
  }

  @Test
  void newlineInTheWebhookUrlPathDoesNotStartASecondLogLine() {
    WebhookRequest request =
        WebhookRequest.builder(
                "POST", "https://app.example.cl/hooks/norte\n" + FORGED + "?tenant=norte")
            .body("{}".getBytes(StandardCharsets.UTF_8))
            .build(); // unsigned: rejected and logged with its URL
    String log = CapturedLog.of(() -> handler.handle(HmacJsonWebhooks.PROVIDER, request));
    assertThat(log).contains("Webhook rejected").contains("\\n" + FORGED);
    assertThat(log.lines()).noneMatch(line -> line.startsWith(FORGED));
  }

  @Test
  void newlineInTheProviderRouteOrTheTriggerDoesNotStartASecondLogLine() {
    String log =
        CapturedLog.of(
            () -> {
              handler.handle(
                  "calcom\r\n" + FORGED, Deliveries.signed("{}".getBytes(StandardCharsets.UTF_8)));
              WebhookResult ignored =
                  handler.handle(
                      HmacJsonWebhooks.PROVIDER,
                      Deliveries.signed(
                          Deliveries.body("ping\n" + FORGED, "d-1", "b-1", 0, Deliveries.T0)));
              assertThat(ignored.outcome()).isEqualTo(Outcome.IGNORED);
              return ignored;
            });
    assertThat(log)
        .contains("unknown provider")
        .contains("Ignoring webhook trigger 'ping\\n" + FORGED);
    assertThat(log.lines()).noneMatch(line -> line.startsWith(FORGED));
  }
}
