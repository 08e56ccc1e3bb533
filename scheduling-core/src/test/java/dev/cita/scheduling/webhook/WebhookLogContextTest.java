package dev.cita.scheduling.webhook;

import static dev.cita.scheduling.webhook.Deliveries.T0;
import static dev.cita.scheduling.webhook.Deliveries.body;
import static dev.cita.scheduling.webhook.Deliveries.signed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.CapturingLogProvider;
import dev.cita.scheduling.TestClock;
import dev.cita.scheduling.internal.LogContext;
import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.memory.InMemoryWebhookInbox;
import dev.cita.scheduling.model.Appointment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** WebhookHandler.handle runs with provider, then tenant and delivery, in the MDC. */
class WebhookLogContextTest {
  private final List<Map<String, String>> seen = new CopyOnWriteArrayList<>();

  @AfterEach
  void clear() {
    MDC.clear();
  }

  private void capture() {
    seen.add(CapturingLogProvider.mdc());
  }

  private WebhookHandler handler(ProviderWebhooks provider) {
    return WebhookHandler.builder()
        .clock(new TestClock(T0.minus(Duration.ofDays(1))))
        .appointmentStore(new InMemoryAppointmentStore())
        .inbox(new InMemoryWebhookInbox())
        .provider(provider)
        .listener(
            new WebhookListener() {
              @Override
              public void applied(
                  ProviderBookingEvent event, Optional<Appointment> before, Appointment after) {
                capture();
              }
            })
        .build();
  }

  @Test
  void verificationSeesTheProviderAndApplyingSeesTenantAndDelivery() {
    WebhookHandler handler = handler(ScriptedWebhooks.signedRunning(this::capture));

    WebhookResult result =
        handler.handle(
            HmacJsonWebhooks.PROVIDER, signed(body("booking.created", "d-77", "b-1", 0, T0)));

    assertThat(result.outcome()).isEqualTo(WebhookResult.Outcome.HANDLED);
    assertThat(seen).hasSize(2);
    assertThat(seen.get(0))
        .containsExactlyInAnyOrderEntriesOf(Map.of(LogContext.PROVIDER, HmacJsonWebhooks.PROVIDER));
    assertThat(seen.get(1))
        .containsEntry(LogContext.PROVIDER, HmacJsonWebhooks.PROVIDER)
        .containsEntry(LogContext.TENANT, "norte")
        .containsEntry(LogContext.DELIVERY, "id:d-77"); // the inbox key of the delivery
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
  }

  @Test
  void aFailingVerifierLeavesNoKeys() {
    WebhookHandler handler =
        handler(
            ScriptedWebhooks.signedRunning(
                () -> {
                  capture();
                  throw new IllegalStateException("verifier bug");
                }));

    WebhookResult result =
        handler.handle(
            HmacJsonWebhooks.PROVIDER, signed(body("booking.created", "d-78", "b-1", 0, T0)));

    assertThat(result.outcome()).isEqualTo(WebhookResult.Outcome.UNAUTHORIZED);
    assertThat(seen).hasSize(1);
    assertThat(seen.get(0)).containsEntry(LogContext.PROVIDER, HmacJsonWebhooks.PROVIDER);
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
  }
}
