package dev.cita.scheduling.webhook;

import static dev.cita.scheduling.webhook.Deliveries.body;
import static dev.cita.scheduling.webhook.Deliveries.signed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.TestClock;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.memory.InMemoryWebhookInbox;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.notify.NotificationQueue;
import dev.cita.scheduling.sync.OutboxEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Provider webhooks write their notices into the notification queue with the appointment. */
class QueuedWebhookNoticesTest {
  private static final TenantId NORTE = TenantId.of("norte");
  private static final String PROVIDER = HmacJsonWebhooks.PROVIDER;
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  private final TestClock clock = new TestClock(NOW);
  private final InMemoryAppointmentStore store = new InMemoryAppointmentStore();

  private WebhookHandler handler(boolean queue) {
    WebhookHandler.Builder b =
        WebhookHandler.builder()
            .clock(clock)
            .appointmentStore(store)
            .inbox(new InMemoryWebhookInbox())
            .outboxStore(store.outbox())
            .provider(new HmacJsonWebhooks(Deliveries.SECRET));
    return (queue ? b.queueNotifications() : b).build();
  }

  private static Instant event(int minute) {
    return NOW.minus(Duration.ofHours(1)).plus(Duration.ofMinutes(minute));
  }

  private List<String> queued() {
    return store.outbox().entries(NORTE).stream()
        .filter(e -> e.provider().equals(NotificationQueue.PROVIDER))
        .map(e -> e.sequence() + " " + e.detail().orElse(""))
        .toList();
  }

  @Test
  void eachNoticeFromTheProviderIsQueuedOnceWithItsOrigin() {
    WebhookHandler handler = handler(true);
    for (int i = 0; i < 5; i++) {
      handler.handle(PROVIDER, signed(body("booking.created", "d-1", "b-1", 0, event(0))));
    }
    handler.handle(PROVIDER, signed(body("booking.confirmed", "d-2", "b-1", 0, event(1))));
    handler.handle(PROVIDER, signed(body("booking.rescheduled", "d-3", "b-1", 60, event(2))));
    handler.handle(PROVIDER, signed(body("booking.rescheduled", "d-4", "b-1", 60, event(3))));
    handler.handle(PROVIDER, signed(body("booking.cancelled", "d-5", "b-1", 60, event(4))));

    assertThat(queued())
        .as("one per notice; the confirm and the repeated move are none")
        .containsExactly(
            "0 v1;CONFIRMATION;testcal;-",
            "2 v1;RESCHEDULE;testcal;" + Deliveries.T0,
            "4 v1;CANCELLATION;testcal;-");
  }

  @Test
  void aHandlerThatDoesNotQueueWritesNoEntry() {
    handler(false).handle(PROVIDER, signed(body("booking.created", "d-1", "b-1", 0, event(0))));

    assertThat(store.findByExternalRef(NORTE, PROVIDER, "b-1")).isPresent();
    assertThat(store.outbox().entries(NORTE)).isEmpty();
  }

  @Test
  void notificationEntriesDoNotHoldBackTheProvidersOwnEvents() {
    WebhookHandler handler = handler(true);
    handler.handle(PROVIDER, signed(body("booking.created", "d-1", "b-1", 0, event(0))));
    // The queued notice is "unfinished" but not a push to the provider: a later event applies.
    handler.handle(PROVIDER, signed(body("booking.cancelled", "d-2", "b-1", 0, event(1))));

    assertThat(store.findByExternalRef(NORTE, PROVIDER, "b-1").orElseThrow().status().name())
        .isEqualTo("CANCELLED");
    assertThat(store.outbox().entries(NORTE))
        .extracting(OutboxEntry::provider)
        .containsOnly("notify");
  }

  @Test
  void theReservedProviderIsRefusedAsAWebhookProvider() {
    HmacJsonWebhooks named = new HmacJsonWebhooks(Deliveries.SECRET);
    ProviderWebhooks notify =
        new ProviderWebhooks() {
          @Override
          public String provider() {
            return NotificationQueue.PROVIDER;
          }

          @Override
          public void verify(WebhookRequest request) {
            named.verify(request);
          }

          @Override
          public ParsedWebhook parse(WebhookRequest request) {
            return named.parse(request);
          }
        };

    assertThatThrownBy(() -> WebhookHandler.builder().provider(notify))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("reserved");
  }
}
