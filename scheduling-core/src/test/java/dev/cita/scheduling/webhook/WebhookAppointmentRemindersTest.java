package dev.cita.scheduling.webhook;

import static dev.cita.scheduling.webhook.Deliveries.T0;
import static dev.cita.scheduling.webhook.Deliveries.body;
import static dev.cita.scheduling.webhook.Deliveries.signed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.TestClock;
import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.memory.InMemoryReminderStore;
import dev.cita.scheduling.memory.InMemoryWebhookInbox;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.notify.AddressKind;
import dev.cita.scheduling.notify.MessageKind;
import dev.cita.scheduling.notify.OutgoingMessage;
import dev.cita.scheduling.notify.ReminderScheduler;
import dev.cita.scheduling.notify.SendResult;
import dev.cita.scheduling.spi.NotificationChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Reminders do not care where an appointment was booked: a provider's booking gets them too. */
class WebhookAppointmentRemindersTest {
  private final TestClock clock = new TestClock(T0.minus(Duration.ofDays(2)));
  private final InMemoryAppointmentStore store = new InMemoryAppointmentStore();
  private final List<OutgoingMessage> sent = new CopyOnWriteArrayList<>();
  private final NotificationChannel email =
      new NotificationChannel() {
        @Override
        public String id() {
          return "email";
        }

        @Override
        public AddressKind addressKind() {
          return AddressKind.EMAIL;
        }

        @Override
        public SendResult send(OutgoingMessage message) {
          sent.add(message);
          return SendResult.accepted("m-" + sent.size());
        }
      };

  @Test
  void aBookingMadeAtTheProviderIsRemindedOfLikeALocalOne() {
    WebhookHandler.builder()
        .clock(clock)
        .appointmentStore(store)
        .inbox(new InMemoryWebhookInbox())
        .provider(new HmacJsonWebhooks(Deliveries.SECRET))
        .build()
        .handle(
            HmacJsonWebhooks.PROVIDER,
            signed(body("booking.created", "d-1", "b-1", 0, clock.instant())));
    ReminderScheduler reminders =
        ReminderScheduler.builder()
            .clock(clock)
            .appointmentStore(store)
            .reminderStore(new InMemoryReminderStore())
            .tenants(TenantId.of("norte"))
            .channel(email)
            .build();

    clock.set(T0.minus(Duration.ofHours(24)));
    reminders.runOnce();
    reminders.runOnce();

    assertThat(sent)
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.kind()).isEqualTo(MessageKind.REMINDER);
              assertThat(m.address()).isEqualTo("camila@example.cl");
              assertThat(m.appointmentId())
                  .isEqualTo(
                      store
                          .findByExternalRef(TenantId.of("norte"), HmacJsonWebhooks.PROVIDER, "b-1")
                          .orElseThrow()
                          .id());
            });
  }
}
