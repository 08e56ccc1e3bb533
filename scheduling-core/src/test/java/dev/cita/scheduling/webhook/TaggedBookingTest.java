package dev.cita.scheduling.webhook;

import static dev.cita.scheduling.webhook.Deliveries.T0;
import static dev.cita.scheduling.webhook.Deliveries.body;
import static dev.cita.scheduling.webhook.Deliveries.signed;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cita.scheduling.TestClock;
import dev.cita.scheduling.memory.InMemoryWebhookInbox;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.ConflictCheck;
import dev.cita.scheduling.webhook.WebhookResult.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhooks about bookings Cita made itself carry Cita's appointment id: they update that
 * appointment, never create a second one, even before the sync worker recorded the provider's id.
 */
class TaggedBookingTest {
  private static final TenantId NORTE = TenantId.of("norte");
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final AppointmentId OURS = AppointmentId.of("appt-ours-1");

  private final TestClock clock = new TestClock(NOW);
  private final FlakyAppointmentStore store = new FlakyAppointmentStore();
  private WebhookHandler handler;

  @BeforeEach
  void setUp() {
    handler =
        WebhookHandler.builder()
            .clock(clock)
            .appointmentStore(store)
            .inbox(new InMemoryWebhookInbox())
            .provider(new HmacJsonWebhooks(Deliveries.SECRET))
            .build();
  }

  private Appointment ours(String externalRef) {
    Appointment.Builder b =
        Appointment.builder()
            .id(OURS)
            .tenant(NORTE)
            .resource(ResourceId.of("dra-ana"))
            .type(AppointmentTypeId.of("consulta"))
            .attendee(Attendee.builder("Camila Rojas").build())
            .start(T0)
            .end(T0.plus(Duration.ofMinutes(30)))
            .displayZone(ZoneId.of("America/Santiago"))
            .status(AppointmentStatus.CONFIRMED)
            .createdAt(NOW)
            .updatedAt(NOW);
    if (externalRef != null) {
      b.externalRef(HmacJsonWebhooks.PROVIDER, externalRef);
    }
    return store.insert(b.build(), ConflictCheck.none());
  }

  private static ObjectNode tagged(
      String trigger, String delivery, String bookingId, int startMinute, Instant at) {
    ObjectNode body = body(trigger, delivery, bookingId, startMinute, at);
    ((ObjectNode) body.get("booking"))
        .put("appointmentId", OURS.value())
        .put(
            "tagSignature",
            AppointmentTagSigner.ephemeral().sign(NORTE, HmacJsonWebhooks.PROVIDER, OURS));
    return body;
  }

  @Test
  void theEchoOfOurOwnCreateBeforeBookkeepingRecordsTheIdInsteadOfCreatingASecondAppointment() {
    ours(null);

    WebhookResult result =
        handler.handle(
            HmacJsonWebhooks.PROVIDER,
            signed(tagged("booking.created", "d-1", "bk-1", 0, NOW.minusSeconds(5))));

    assertThat(result.outcome()).isEqualTo(Outcome.HANDLED);
    assertThat(store.delegate.size()).isEqualTo(1);
    Appointment after = store.find(NORTE, OURS).orElseThrow();
    assertThat(after.externalRef(HmacJsonWebhooks.PROVIDER)).contains("bk-1");
    assertThat(after.status())
        .as("a plain 'booked' keeps the more specific status")
        .isEqualTo(AppointmentStatus.CONFIRMED);
  }

  @Test
  void withoutTheTagTheSameEchoWouldHaveBeenASecondAppointment() {
    ours(null);

    handler.handle(
        HmacJsonWebhooks.PROVIDER,
        signed(body("booking.created", "d-1", "bk-1", 0, NOW.minusSeconds(5))));

    assertThat(store.delegate.size()).as("what the tag prevents").isEqualTo(2);
  }

  @Test
  void aMoveDoneAsCancelPlusNewBookingReKeysTheAppointmentAndTheOldCancelIsIgnored() {
    ours("bk-1");

    WebhookResult created =
        handler.handle(
            HmacJsonWebhooks.PROVIDER,
            signed(tagged("booking.created", "d-2", "bk-2", 60, NOW.minusSeconds(5))));
    WebhookResult oldCancelled =
        handler.handle(
            HmacJsonWebhooks.PROVIDER,
            signed(tagged("booking.cancelled", "d-3", "bk-1", 0, NOW.minusSeconds(4))));

    assertThat(created.outcome()).isEqualTo(Outcome.HANDLED);
    assertThat(oldCancelled.outcome()).isEqualTo(Outcome.HANDLED);
    assertThat(store.delegate.size()).isEqualTo(1);
    Appointment after = store.find(NORTE, OURS).orElseThrow();
    assertThat(after.externalRef(HmacJsonWebhooks.PROVIDER)).contains("bk-2");
    assertThat(after.start()).isEqualTo(T0.plus(Duration.ofMinutes(60)));
    assertThat(after.status())
        .as("a confirmed booking that moves stays confirmed")
        .isEqualTo(AppointmentStatus.CONFIRMED);
  }

  @Test
  void aCancelOfTheBookingTheAppointmentHoldsStillCancelsIt() {
    ours("bk-1");

    handler.handle(
        HmacJsonWebhooks.PROVIDER,
        signed(tagged("booking.cancelled", "d-3", "bk-1", 0, NOW.minusSeconds(4))));

    assertThat(store.find(NORTE, OURS).orElseThrow().status())
        .isEqualTo(AppointmentStatus.CANCELLED);
  }

  @Test
  void aTagNamingNoAppointmentOfThisTenantFallsBackToTheUsualCreate() {
    WebhookResult result =
        handler.handle(
            HmacJsonWebhooks.PROVIDER,
            signed(tagged("booking.created", "d-1", "bk-9", 0, NOW.minusSeconds(5))));

    assertThat(result.outcome()).isEqualTo(Outcome.HANDLED);
    assertThat(store.delegate.size()).isEqualTo(1);
    assertThat(store.find(NORTE, OURS)).isEmpty();
  }

  @Test
  void aTagNamingAnotherTenantsAppointmentNeverTouchesIt() {
    TenantId sur = TenantId.of("sur");
    Appointment theirs =
        store.insert(
            Appointment.builder()
                .id(OURS)
                .tenant(sur)
                .resource(ResourceId.of("dr-luis"))
                .type(AppointmentTypeId.of("consulta"))
                .attendee(Attendee.builder("Pedro Soto").build())
                .start(T0)
                .end(T0.plus(Duration.ofMinutes(30)))
                .displayZone(ZoneId.of("America/Santiago"))
                .status(AppointmentStatus.CONFIRMED)
                .externalRef(HmacJsonWebhooks.PROVIDER, "bk-sur")
                .createdAt(NOW)
                .updatedAt(NOW)
                .build(),
            ConflictCheck.none());

    // Norte's endpoint receives payloads tagged with Sur's appointment id: a move, then a cancel,
    // both under a booking id Norte does not know and under Sur's own booking id.
    handler.handle(
        HmacJsonWebhooks.PROVIDER,
        signed(tagged("booking.created", "d-1", "bk-x", 90, NOW.minusSeconds(9))));
    handler.handle(
        HmacJsonWebhooks.PROVIDER,
        signed(tagged("booking.cancelled", "d-2", "bk-x", 90, NOW.minusSeconds(8))));
    handler.handle(
        HmacJsonWebhooks.PROVIDER,
        signed(tagged("booking.cancelled", "d-3", "bk-sur", 0, NOW.minusSeconds(7))));

    assertThat(store.find(sur, OURS)).contains(theirs);
    assertThat(store.find(NORTE, OURS)).as("no Norte appointment borrows Sur's id").isEmpty();
  }

  @Test
  void aHandlerGivenTheAppsSignerLinksTagsSignedWithItsKeysOnly() {
    AppointmentTagSigner apps =
        AppointmentTagSigner.fromMasterSecret(
            "the app's master secret, 32 bytes or more".getBytes(StandardCharsets.UTF_8));
    WebhookHandler withAppsSigner =
        WebhookHandler.builder()
            .clock(clock)
            .tagSigner(apps)
            .appointmentStore(store)
            .inbox(new InMemoryWebhookInbox())
            .provider(new HmacJsonWebhooks(Deliveries.SECRET))
            .build();
    ours(null);

    // Signed with the default (ephemeral) key: not the app's, so not linked.
    withAppsSigner.handle(
        HmacJsonWebhooks.PROVIDER,
        signed(tagged("booking.created", "d-1", "bk-1", 0, NOW.minusSeconds(5))));
    assertThat(store.delegate.size()).isEqualTo(2);

    ObjectNode signedByApp = body("booking.created", "d-2", "bk-2", 0, NOW.minusSeconds(4));
    ((ObjectNode) signedByApp.get("booking"))
        .put("appointmentId", OURS.value())
        .put("tagSignature", apps.sign(NORTE, HmacJsonWebhooks.PROVIDER, OURS));
    withAppsSigner.handle(HmacJsonWebhooks.PROVIDER, signed(signedByApp));

    assertThat(store.delegate.size()).isEqualTo(2);
    assertThat(store.find(NORTE, OURS).orElseThrow().externalRef(HmacJsonWebhooks.PROVIDER))
        .contains("bk-2");
  }
}
