package dev.cita.scheduling.webhook;

import static dev.cita.scheduling.webhook.Deliveries.T0;
import static dev.cita.scheduling.webhook.Deliveries.body;
import static dev.cita.scheduling.webhook.Deliveries.signed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cita.scheduling.InvalidTransitionException;
import dev.cita.scheduling.NotFoundException;
import dev.cita.scheduling.SchedulingException;
import dev.cita.scheduling.TestClock;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.memory.InMemoryWebhookInbox;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.ConflictCheck;
import dev.cita.scheduling.spi.WebhookInbox;
import dev.cita.scheduling.webhook.WebhookResult.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookHandlerTest {
  private static final TenantId NORTE = TenantId.of("norte");
  private static final String PROVIDER = HmacJsonWebhooks.PROVIDER;
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  private final TestClock clock = new TestClock(NOW);
  private FlakyAppointmentStore store;
  private InMemoryWebhookInbox inbox;
  private RecordingWebhookListener listener;
  private WebhookHandler handler;

  @BeforeEach
  void setUp() {
    store = new FlakyAppointmentStore();
    inbox = new InMemoryWebhookInbox();
    listener = new RecordingWebhookListener();
    handler =
        WebhookHandler.builder()
            .clock(clock)
            .appointmentStore(store)
            .inbox(inbox)
            .provider(new HmacJsonWebhooks(Deliveries.SECRET))
            .listener(listener)
            .build();
  }

  private static Instant at(int minute) {
    return T0.plus(Duration.ofMinutes(minute));
  }

  /** The provider's clock: event times, minutes after a moment well before the booking. */
  private static Instant event(int minute) {
    return NOW.minus(Duration.ofHours(1)).plus(Duration.ofMinutes(minute));
  }

  private WebhookResult deliver(ObjectNode body) {
    return handler.handle(PROVIDER, signed(body));
  }

  private Optional<Appointment> booking(String externalId) {
    return store.findByExternalRef(NORTE, PROVIDER, externalId);
  }

  // --- de-duplication -------------------------------------------------------------------------

  @Test
  void theSameDeliveryFiveTimesIsAppliedOnce() {
    WebhookRequest request = signed(body("booking.created", "d-1", "b-1", 0, event(0)));

    List<WebhookResult> results = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      results.add(handler.handle(PROVIDER, request));
    }

    assertThat(results).extracting(WebhookResult::status).containsOnly(200);
    assertThat(results)
        .extracting(WebhookResult::outcome)
        .containsExactly(
            Outcome.HANDLED,
            Outcome.DUPLICATE,
            Outcome.DUPLICATE,
            Outcome.DUPLICATE,
            Outcome.DUPLICATE);
    assertThat(store.delegate.size()).isEqualTo(1);
    assertThat(store.writes).hasValue(1);
    assertThat(listener.applied).hasSize(1);
    Appointment a = booking("b-1").orElseThrow();
    assertThat(a.status()).isEqualTo(AppointmentStatus.SCHEDULED);
    assertThat(a.interval().start()).isEqualTo(at(0));
    assertThat(a.resource()).isEqualTo(ResourceId.of("dra-ana"));
    assertThat(a.attendee().name()).isEqualTo("Camila Rojas");
    assertThat(a.createdAt()).isEqualTo(NOW);
    assertThat(a.providerEventAt()).contains(event(0));
    assertThat(a.displayZone()).isEqualTo(ZoneId.of("Z"));
    assertThat(listener.applied.get(0).before()).isEmpty();
    assertThat(listener.applied.get(0).after()).isEqualTo(a);
  }

  @Test
  void theSameEventWithoutDeliveryIdIsDeduplicatedByItsHash() {
    ObjectNode created = body("booking.created", null, "b-1", 0, event(0));

    WebhookResult first = deliver(created);
    WebhookResult second = deliver(created);
    WebhookResult otherBooking = deliver(body("booking.created", null, "b-2", 60, event(0)));

    assertThat(first.outcome()).isEqualTo(Outcome.HANDLED);
    assertThat(second.outcome()).isEqualTo(Outcome.DUPLICATE);
    assertThat(otherBooking.outcome())
        .as("another body is another delivery")
        .isEqualTo(Outcome.HANDLED);
    assertThat(inbox.size()).isEqualTo(2);
    assertThat(listener.applied).hasSize(2);
  }

  /** Without a delivery id the key hashes the body too: same booking and trigger, another body. */
  @Test
  void twoBodiesOfOneBookingAndTriggerWithoutDeliveryIdAreTwoDeliveries() {
    WebhookResult first = deliver(body("booking.rescheduled", null, "b-1", 0, event(0)));
    WebhookResult moved = deliver(body("booking.rescheduled", null, "b-1", 60, event(1)));

    assertThat(first.outcome()).isEqualTo(Outcome.HANDLED);
    assertThat(moved.outcome()).isEqualTo(Outcome.HANDLED);
    assertThat(booking("b-1").orElseThrow().interval().start()).isEqualTo(at(60));
    assertThat(inbox.size()).isEqualTo(2);
  }

  @Test
  void anEventAppliedTwiceUnderTwoDeliveryIdsChangesNothingTheSecondTime() {
    deliver(body("booking.created", "d-1", "b-1", 0, event(0)));
    Appointment first = booking("b-1").orElseThrow();

    WebhookResult again = deliver(body("booking.created", "d-2", "b-1", 0, event(0)));

    assertThat(again.outcome()).isEqualTo(Outcome.HANDLED);
    assertThat(booking("b-1")).contains(first);
    assertThat(store.writes).hasValue(1);
    assertThat(listener.applied).hasSize(1);
    assertThat(listener.ignored).containsExactly("b-1: already applied");
  }

  @Test
  void racingDeliveriesOfOneNewBookingCreateOneAppointment() throws Exception {
    int threads = 8;
    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      List<java.util.concurrent.Future<WebhookResult>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        WebhookRequest request = signed(body("booking.created", "d-" + i, "b-1", 0, event(0)));
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return handler.handle(PROVIDER, request);
                }));
      }
      for (java.util.concurrent.Future<WebhookResult> f : futures) {
        assertThat(f.get(10, java.util.concurrent.TimeUnit.SECONDS).outcome())
            .isEqualTo(Outcome.HANDLED);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(store.delegate.size()).isEqualTo(1);
    assertThat(listener.applied).hasSize(1);
    assertThat(inbox.size()).isEqualTo(threads);
  }

  // --- ordering -------------------------------------------------------------------------------

  @Test
  void aCancelDeliveredBeforeItsCreateEndsCancelled() {
    WebhookResult cancel = deliver(body("booking.cancelled", "d-2", "b-1", 0, event(5)));
    WebhookResult create = deliver(body("booking.created", "d-1", "b-1", 0, event(0)));

    assertThat(cancel.outcome()).isEqualTo(Outcome.HANDLED);
    assertThat(create.outcome()).isEqualTo(Outcome.HANDLED);
    Appointment a = booking("b-1").orElseThrow();
    assertThat(a.status()).isEqualTo(AppointmentStatus.CANCELLED);
    assertThat(a.providerEventAt()).contains(event(5));
    assertThat(store.delegate.size()).isEqualTo(1);
    assertThat(store.findTimeHolding(NORTE, ResourceId.of("dra-ana"), at(0), at(30))).isEmpty();
    assertThat(listener.ignored)
        .singleElement()
        .asString()
        .contains("older than the last applied event");

    // Even a "created" stamped later must not resurrect a cancelled booking.
    WebhookResult lateCreate = deliver(body("booking.created", "d-3", "b-1", 0, event(9)));

    assertThat(lateCreate.outcome()).isEqualTo(Outcome.HANDLED);
    assertThat(booking("b-1").orElseThrow().status()).isEqualTo(AppointmentStatus.CANCELLED);
    assertThat(listener.ignored).last().asString().contains("CANCELLED cannot become SCHEDULED");
  }

  @Test
  void createRescheduleAndCancelAreAppliedInOrder() {
    deliver(body("booking.created", "d-1", "b-1", 0, event(0)));
    deliver(body("booking.rescheduled", "d-2", "b-1", 120, event(1)));
    Appointment moved = booking("b-1").orElseThrow();
    deliver(body("booking.cancelled", "d-3", "b-1", 120, event(2)));

    assertThat(moved.status()).isEqualTo(AppointmentStatus.RESCHEDULED);
    assertThat(moved.interval().start()).isEqualTo(at(120));
    assertThat(moved.interval().end()).isEqualTo(at(150));
    Appointment cancelled = booking("b-1").orElseThrow();
    assertThat(cancelled.status()).isEqualTo(AppointmentStatus.CANCELLED);
    assertThat(cancelled.version()).isEqualTo(2);
    assertThat(listener.applied)
        .extracting(c -> c.after().status())
        .containsExactly(
            AppointmentStatus.SCHEDULED,
            AppointmentStatus.RESCHEDULED,
            AppointmentStatus.CANCELLED);
    assertThat(listener.applied.get(1).before().orElseThrow().interval().start()).isEqualTo(at(0));
  }

  @Test
  void anOlderEventAfterANewerOneIsIgnored() {
    deliver(body("booking.created", "d-1", "b-1", 0, event(0)));
    deliver(body("booking.confirmed", "d-3", "b-1", 0, event(10)));

    WebhookResult stale = deliver(body("booking.rescheduled", "d-2", "b-1", 240, event(5)));

    assertThat(stale.outcome()).isEqualTo(Outcome.HANDLED);
    assertThat(stale.message()).startsWith("0 of 1");
    Appointment a = booking("b-1").orElseThrow();
    assertThat(a.status()).isEqualTo(AppointmentStatus.CONFIRMED);
    assertThat(a.interval().start()).isEqualTo(at(0));
    assertThat(a.providerEventAt()).contains(event(10));
  }

  @Test
  void aPlainBookedEventMovesATimeAndKeepsAConfirmation() {
    deliver(body("booking.created", "d-1", "b-1", 0, event(0)));
    deliver(body("booking.confirmed", "d-2", "b-1", 0, event(1)));

    deliver(body("booking.created", "d-3", "b-1", 60, event(2)));

    Appointment a = booking("b-1").orElseThrow();
    assertThat(a.status()).isEqualTo(AppointmentStatus.CONFIRMED);
    assertThat(a.interval().start()).isEqualTo(at(60));
  }

  // --- rejected requests write nothing -----------------------------------------------------------

  @Test
  void aBadSignatureIsUnauthorizedAndWritesNothing() {
    byte[] bodyBytes =
        body("booking.created", "d-1", "b-1", 0, event(0))
            .toString()
            .getBytes(StandardCharsets.UTF_8);
    WebhookRequest wrongKey =
        WebhookRequest.builder("POST", Deliveries.URL)
            .header(
                HmacJsonWebhooks.SIGNATURE_HEADER,
                HmacJsonWebhooks.sign("another-secret", bodyBytes))
            .body(bodyBytes)
            .build();
    WebhookRequest unsigned =
        WebhookRequest.builder("POST", Deliveries.URL).body(bodyBytes).build();
    WebhookRequest signedForOtherBody =
        WebhookRequest.builder("POST", Deliveries.URL)
            .header(
                HmacJsonWebhooks.SIGNATURE_HEADER,
                HmacJsonWebhooks.sign(Deliveries.SECRET, "{}".getBytes(StandardCharsets.UTF_8)))
            .body(bodyBytes)
            .build();

    for (WebhookRequest request : List.of(wrongKey, unsigned, signedForOtherBody)) {
      WebhookResult result = handler.handle(PROVIDER, request);

      assertThat(result.status()).isEqualTo(401);
      assertThat(result.outcome()).isEqualTo(Outcome.UNAUTHORIZED);
      assertThat(result.isSuccess()).isFalse();
      assertThat(result.message())
          .doesNotContain(request.header(HmacJsonWebhooks.SIGNATURE_HEADER).orElse("none"));
    }
    assertThat(store.delegate.size()).isZero();
    assertThat(inbox.size()).isZero();
    assertThat(listener.applied).isEmpty();

    // The genuine delivery is still handled afterwards: nothing about it was recorded.
    assertThat(handler.handle(PROVIDER, signed(bodyBytes)).outcome()).isEqualTo(Outcome.HANDLED);
  }

  // Issue 14, webhooks bullet 3: a verified body that can never be read is acknowledged (2xx) and
  // recorded as rejected, instead of being answered with an error the provider retries.
  @Test
  void aMalformedSignedBodyIsRejectedOnceAndAcknowledged() {
    List<String> bodies =
        List.of(
            "{\"trigger\": \"booking.created\", \"booking\": {", // not JSON
            "[1, 2, 3]", // not an object
            "{\"trigger\": \"booking.created\", \"occurredAt\": \"2026-03-01T10:00:00Z\"}", // no
            // booking
            body("booking.created", "d-1", "b-1", 0, event(0))
                .put("occurredAt", "yesterday")
                .toString());

    for (String b : bodies) {
      WebhookResult result = handler.handle(PROVIDER, signed(b.getBytes(StandardCharsets.UTF_8)));

      assertThat(result.status()).as(b).isEqualTo(200);
      assertThat(result.outcome()).as(b).isEqualTo(Outcome.REJECTED);
      assertThat(handler.handle(PROVIDER, signed(b.getBytes(StandardCharsets.UTF_8))).outcome())
          .as("a redelivery of " + b)
          .isEqualTo(Outcome.DUPLICATE);
    }
    assertThat(store.delegate.size()).isZero();
    assertThat(inbox.size()).as("each recorded as rejected").isEqualTo(bodies.size());
  }

  @Test
  void anEventThatBreaksTheModelIsRejectedAndAcknowledged() {
    ObjectNode endBeforeStart = body("booking.created", "d-1", "b-1", 0, event(0));
    ((ObjectNode) endBeforeStart.get("booking")).put("end", at(-30).toString());

    WebhookResult result = deliver(endBeforeStart);

    assertThat(result.status()).isEqualTo(200);
    assertThat(result.outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(store.delegate.size()).isZero();
  }

  // --- triggers and providers ------------------------------------------------------------------

  @Test
  void anUnknownTriggerIsAcknowledgedAndIgnored() {
    ObjectNode meetingEnded = body("meeting.ended", "d-9", "b-1", 0, event(0));

    WebhookResult first = deliver(meetingEnded);
    WebhookResult again = deliver(meetingEnded);

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.outcome()).isEqualTo(Outcome.IGNORED);
    assertThat(first.isSuccess()).isTrue();
    assertThat(again.outcome()).isEqualTo(Outcome.DUPLICATE);
    assertThat(store.delegate.size()).isZero();
    assertThat(listener.triggersIgnored).containsExactly("testcal/meeting.ended");
  }

  @Test
  void anUnknownProviderIsNotFound() {
    WebhookResult result =
        handler.handle("calendly", signed(body("booking.created", "d-1", "b-1", 0, event(0))));

    assertThat(result.status()).isEqualTo(404);
    assertThat(result.outcome()).isEqualTo(Outcome.UNKNOWN_PROVIDER);
    assertThat(store.delegate.size()).isZero();
    assertThat(inbox.size()).isZero();
  }

  // --- failures and retries --------------------------------------------------------------------

  @Test
  void aFailingStoreAnswers500AndTheRetryIsApplied() {
    WebhookRequest request = signed(body("booking.created", "d-1", "b-1", 0, event(0)));
    store.outageWrites.set(1);

    WebhookResult failed = handler.handle(PROVIDER, request);

    assertThat(failed.status()).isEqualTo(500);
    assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(failed.message()).doesNotContain("database");
    assertThat(store.delegate.size()).isZero();
    assertThat(inbox.size()).as("a failed delivery is not marked as seen").isZero();
    assertThat(listener.applied).isEmpty();

    WebhookResult retried = handler.handle(PROVIDER, request);

    assertThat(retried.outcome()).isEqualTo(Outcome.HANDLED);
    assertThat(booking("b-1")).isPresent();
    assertThat(listener.applied).hasSize(1);
    assertThat(handler.handle(PROVIDER, request).outcome()).isEqualTo(Outcome.DUPLICATE);
  }

  @Test
  void aLostVersionRaceIsRetriedAndAFewTooManyFail() {
    deliver(body("booking.created", "d-1", "b-1", 0, event(0)));
    store.racedUpdates.set(EventApplier.MAX_ATTEMPTS - 1);

    assertThat(deliver(body("booking.cancelled", "d-2", "b-1", 0, event(1))).outcome())
        .isEqualTo(Outcome.HANDLED);
    assertThat(booking("b-1").orElseThrow().status()).isEqualTo(AppointmentStatus.CANCELLED);

    deliver(body("booking.created", "d-3", "b-2", 60, event(0)));
    store.racedUpdates.set(EventApplier.MAX_ATTEMPTS);

    assertThat(deliver(body("booking.cancelled", "d-4", "b-2", 60, event(1))).status())
        .isEqualTo(500);
    assertThat(booking("b-2").orElseThrow().status()).isEqualTo(AppointmentStatus.SCHEDULED);
  }

  @Test
  void aThrowingListenerDoesNotUndoTheChange() {
    WebhookHandler withBadListener =
        WebhookHandler.builder()
            .clock(clock)
            .appointmentStore(store)
            .inbox(inbox)
            .provider(new HmacJsonWebhooks(Deliveries.SECRET))
            .listener(
                new WebhookListener() {
                  @Override
                  public void applied(
                      ProviderBookingEvent event, Optional<Appointment> before, Appointment after) {
                    throw new IllegalStateException("listener bug");
                  }
                })
            .listener(listener)
            .build();

    WebhookResult result =
        withBadListener.handle(
            PROVIDER, signed(body("booking.created", "d-1", "b-1", 0, event(0))));

    assertThat(result.outcome()).isEqualTo(Outcome.HANDLED);
    assertThat(booking("b-1")).isPresent();
    assertThat(listener.applied).hasSize(1);
  }

  // --- lifecycle -------------------------------------------------------------------------------

  @Test
  void aNoShowIsRecordedAndCanBeReverted() {
    deliver(body("booking.created", "d-1", "b-1", 0, event(0)));
    deliver(body("booking.confirmed", "d-2", "b-1", 0, event(1)));

    deliver(body("booking.no_show", "d-3", "b-1", 0, event(2)));
    assertThat(booking("b-1").orElseThrow().status()).isEqualTo(AppointmentStatus.NO_SHOW);

    ObjectNode revert = body("booking.no_show_reverted", "d-4", "b-1", 0, event(3));
    ((ObjectNode) revert.get("booking")).put("status", "CONFIRMED");
    deliver(revert);

    assertThat(booking("b-1").orElseThrow().status()).isEqualTo(AppointmentStatus.CONFIRMED);
    assertThat(listener.applied)
        .extracting(c -> c.after().status())
        .containsExactly(
            AppointmentStatus.SCHEDULED,
            AppointmentStatus.CONFIRMED,
            AppointmentStatus.NO_SHOW,
            AppointmentStatus.CONFIRMED);
  }

  @Test
  void aNoShowCannotBeRevertedToAFinalStatus() {
    deliver(body("booking.created", "d-1", "b-1", 0, event(0)));
    deliver(body("booking.no_show", "d-2", "b-1", 0, event(1)));

    ObjectNode revert = body("booking.no_show_reverted", "d-3", "b-1", 0, event(2));
    ((ObjectNode) revert.get("booking")).put("status", "COMPLETED");
    deliver(revert);

    assertThat(booking("b-1").orElseThrow().status()).isEqualTo(AppointmentStatus.NO_SHOW);
    assertThat(listener.ignored)
        .singleElement()
        .asString()
        .contains("NO_SHOW cannot become COMPLETED");
  }

  @Test
  void anUnknownBookingWithoutResourceIsIgnoredWithAWarning() {
    ObjectNode noResource = body("booking.created", "d-1", "b-1", 0, event(0));
    ((ObjectNode) noResource.get("booking")).remove("resource");

    WebhookResult result = deliver(noResource);

    assertThat(result.outcome()).isEqualTo(Outcome.HANDLED);
    assertThat(store.delegate.size()).isZero();
    assertThat(listener.ignored).singleElement().asString().contains("lacks resource");
  }

  @Test
  void aThinCancelForAnUnknownBookingIsRememberedSoItsLateCreateStaysDead() {
    ObjectNode thinCancel = body("booking.cancelled", "d-1", "b-1", 0, event(5));
    ((ObjectNode) thinCancel.get("booking")).remove("resource");

    assertThat(deliver(thinCancel).outcome()).isEqualTo(Outcome.HANDLED);
    assertThat(store.delegate.size()).isZero();
    assertThat(deliver(body("booking.created", "d-2", "b-1", 0, event(1))).outcome())
        .isEqualTo(Outcome.HANDLED);

    assertThat(store.delegate.size()).isZero();
    assertThat(booking("b-1")).isEmpty();
    assertThat(listener.ignored)
        .anySatisfy(i -> assertThat(i).asString().contains("cancelled before it was created"));
  }

  @Test
  void aRescheduleToANewProviderIdMovesTheSameAppointment() {
    deliver(body("booking.created", "d-1", "b-1", 0, event(0)));
    AppointmentId id = booking("b-1").orElseThrow().id();
    ObjectNode moved = body("booking.rescheduled", "d-2", "b-1-new", 90, event(1));
    ((ObjectNode) moved.get("booking")).put("previousId", "b-1");

    deliver(moved);
    // The provider's cancel of the old identity, delivered late, must not cancel the moved booking.
    WebhookResult lateCancel = deliver(body("booking.cancelled", "d-3", "b-1", 0, event(1)));

    assertThat(lateCancel.outcome()).isEqualTo(Outcome.HANDLED);
    assertThat(listener.ignored).containsExactly("b-1: booking b-1 was rescheduled to b-1-new");

    Appointment a = booking("b-1-new").orElseThrow();
    assertThat(a.id()).isEqualTo(id);
    assertThat(a.status()).isEqualTo(AppointmentStatus.RESCHEDULED);
    assertThat(a.interval().start()).isEqualTo(at(90));
    assertThat(a.externalRef(PROVIDER)).contains("b-1-new");
    assertThat(booking("b-1")).isEmpty();
    assertThat(store.delegate.size()).isEqualTo(1);
  }

  @Test
  void anAttendeeChangedAtTheProviderIsApplied() {
    deliver(body("booking.created", "d-1", "b-1", 0, event(0)));
    ObjectNode renamed = body("booking.created", "d-2", "b-1", 0, event(1));
    ((ObjectNode) renamed.get("booking"))
        .putObject("attendee")
        .put("name", "Camila Rojas Soto")
        .put("email", "camila.rojas@example.cl");

    assertThat(deliver(renamed).outcome()).isEqualTo(Outcome.HANDLED);

    Appointment a = booking("b-1").orElseThrow();
    assertThat(a.attendee().name()).isEqualTo("Camila Rojas Soto");
    assertThat(a.attendee().email()).contains("camila.rojas@example.cl");
    assertThat(a.status()).isEqualTo(AppointmentStatus.SCHEDULED);
    assertThat(listener.applied).hasSize(2);
    assertThat(listener.applied.get(1).before().orElseThrow().attendee().name())
        .isEqualTo("Camila Rojas");
  }

  @Test
  void aProviderBookingIsRecordedEvenIfItOverlapsALocalOne() {
    Appointment local =
        Appointment.builder()
            .id(AppointmentId.of("local-1"))
            .tenant(NORTE)
            .resource(ResourceId.of("dra-ana"))
            .type(AppointmentTypeId.of("consulta"))
            .attendee(Attendee.builder("Pedro").build())
            .start(at(0))
            .end(at(30))
            .displayZone(ZoneId.of("America/Santiago"))
            .createdAt(NOW)
            .updatedAt(NOW)
            .build();
    store.insert(local, ConflictCheck.none());

    WebhookResult result = deliver(body("booking.created", "d-1", "b-1", 15, event(0)));

    assertThat(result.outcome()).isEqualTo(Outcome.HANDLED);
    assertThat(store.findTimeHolding(NORTE, ResourceId.of("dra-ana"), at(0), at(60))).hasSize(2);
  }

  // --- configuration ---------------------------------------------------------------------------

  @Test
  void theBuilderNamesWhatIsMissingOrRepeated() {
    assertThatThrownBy(() -> WebhookHandler.builder().appointmentStore(store).inbox(inbox).build())
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.field()).isEqualTo("webhookHandler.providers"));
    assertThatThrownBy(
            () -> WebhookHandler.builder().inbox(inbox).provider(new HmacJsonWebhooks("k")).build())
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.field()).isEqualTo("webhookHandler.appointmentStore"));
    assertThatThrownBy(
            () ->
                WebhookHandler.builder()
                    .provider(new HmacJsonWebhooks("k"))
                    .provider(new HmacJsonWebhooks("j")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("testcal");
  }

  // --- adapters that misbehave, and what reaches the inbox ---------------------------------------

  /** The in-memory inbox, remembering every rejection reason the handler hands it. */
  private static final class ReasonRecordingInbox implements WebhookInbox {
    final InMemoryWebhookInbox delegate = new InMemoryWebhookInbox();
    final List<String> reasons = new CopyOnWriteArrayList<>();

    @Override
    public Optional<Recorded> find(Delivery delivery) {
      return delegate.find(delivery);
    }

    @Override
    public void record(Delivery delivery, Instant at) {
      delegate.record(delivery, at);
    }

    @Override
    public void recordRejected(Delivery delivery, Instant at, String reason) {
      reasons.add(reason);
      delegate.recordRejected(delivery, at, reason);
    }
  }

  private WebhookHandler handlerFor(ProviderWebhooks adapter, WebhookInbox inbox) {
    return WebhookHandler.builder()
        .clock(clock)
        .appointmentStore(store)
        .inbox(inbox)
        .provider(adapter)
        .build();
  }

  private static ProviderBookingEvent.Builder created(String externalId) {
    return ProviderBookingEvent.builder(
            PROVIDER, NORTE, externalId, AppointmentStatus.SCHEDULED, event(0))
        .time(at(0), at(30))
        .resource(ResourceId.of("dra-ana"))
        .type(AppointmentTypeId.of("consulta"));
  }

  @Test
  void onlyFailuresARetryCannotPassArePermanent() {
    assertThat(
            List.<RuntimeException>of(
                new ValidationException("f", "bad"),
                new WebhookParseException("unreadable"),
                new DateTimeException("no such date"),
                new ArithmeticException("overflow"),
                new NotFoundException("appointment", "a-1"),
                new InvalidTransitionException(
                    AppointmentStatus.CANCELLED, AppointmentStatus.CONFIRMED, "final")))
        .allMatch(WebhookHandler::isPermanent);
    assertThat(
            List.<RuntimeException>of(
                new IllegalStateException("bug"),
                new SchedulingException("database unavailable"),
                new RuntimeException("unknown")))
        .noneMatch(WebhookHandler::isPermanent);
  }

  @Test
  void aVerifierThatThrowsIsUnauthorizedAndWritesNothing() {
    ProviderWebhooks broken =
        new ScriptedWebhooks(
            r -> {
              throw new IllegalStateException("verifier bug");
            },
            r -> {
              throw new AssertionError("never parsed unverified");
            });

    WebhookResult result =
        handlerFor(broken, inbox)
            .handle(PROVIDER, signed(body("booking.created", "d-1", "b-1", 0, event(0))));

    assertThat(result.outcome()).isEqualTo(Outcome.UNAUTHORIZED);
    assertThat(result.status()).isEqualTo(401);
    assertThat(inbox.size()).isZero();
  }

  @Test
  void aRequestTheParserFindsTooLargeIs413AndNotRecorded() {
    WebhookResult result =
        handlerFor(
                ScriptedWebhooks.parsing(
                    r -> {
                      throw new WebhookPayloadTooLargeException("2000 form parameters");
                    }),
                inbox)
            .handle(PROVIDER, signed(new byte[] {'{', '}'}));

    assertThat(result.outcome()).isEqualTo(Outcome.PAYLOAD_TOO_LARGE);
    assertThat(result.status()).isEqualTo(413);
    assertThat(inbox.size()).isZero();
  }

  @Test
  void anAdapterThatBreaksItsContractIsABadRequestNeitherRecordedNorApplied() {
    List<Function<WebhookRequest, ParsedWebhook>> broken =
        List.of(
            r -> {
              throw new IllegalStateException("parser bug");
            },
            r -> null,
            r ->
                ParsedWebhook.of(
                    "booking.created",
                    ProviderBookingEvent.builder(
                            "google", NORTE, "b-1", AppointmentStatus.SCHEDULED, event(0))
                        .build()),
            r ->
                ParsedWebhook.of(
                    "booking.created",
                    List.of(
                        created("b-1").build(),
                        created("b-2").tenant(TenantId.of("sur")).build())));

    for (Function<WebhookRequest, ParsedWebhook> parse : broken) {
      WebhookResult result =
          handlerFor(ScriptedWebhooks.parsing(parse), inbox)
              .handle(PROVIDER, signed(body("booking.created", "d-1", "b-1", 0, event(0))));

      assertThat(result.outcome()).isEqualTo(Outcome.BAD_REQUEST);
      assertThat(result.status()).isEqualTo(400);
    }
    assertThat(inbox.size()).isZero();
    assertThat(store.delegate.size()).isZero();
  }

  @Test
  void aParserReturningNothingIsLoggedAsSuch() {
    WebhookHandler nullParser = handlerFor(ScriptedWebhooks.parsing(r -> null), inbox);

    String logged =
        CapturedLog.of(
            () ->
                nullParser.handle(
                    PROVIDER, signed(body("booking.created", "d-1", "b-1", 0, event(0)))));

    assertThat(logged)
        .contains("Webhook parser of " + PROVIDER + " failed")
        .contains("IllegalStateException: parse returned null");
  }

  @Test
  void aRedeliveryTellsWhetherTheFirstWasHandledOrRejected() {
    WebhookRequest handled = signed(body("booking.created", "d-1", "b-1", 0, event(0)));
    WebhookRequest unreadable = signed("[1, 2, 3]".getBytes(StandardCharsets.UTF_8));
    ObjectNode nameTooLong = body("booking.created", "d-2", "b-2", 0, event(0));
    ((ObjectNode) nameTooLong.get("booking"))
        .putObject("attendee")
        .put("name", "x".repeat(FlakyAppointmentStore.MAX_NAME + 1));
    WebhookRequest rejected = signed(nameTooLong);
    handler.handle(PROVIDER, handled);
    handler.handle(PROVIDER, unreadable);
    assertThat(handler.handle(PROVIDER, rejected).outcome()).isEqualTo(Outcome.REJECTED);

    assertThat(handler.handle(PROVIDER, handled))
        .isEqualTo(new WebhookResult(Outcome.DUPLICATE, "already handled"));
    assertThat(handler.handle(PROVIDER, unreadable))
        .isEqualTo(new WebhookResult(Outcome.DUPLICATE, "already rejected"));
    assertThat(handler.handle(PROVIDER, rejected))
        .isEqualTo(new WebhookResult(Outcome.DUPLICATE, "already rejected"));
  }

  @Test
  void theResultCountsTheEventsThatChangedAnAppointment() {
    assertThat(deliver(body("booking.created", "d-1", "b-1", 0, event(0))).message())
        .isEqualTo("1 of 1 event(s) changed an appointment");
    assertThat(deliver(body("booking.created", "d-2", "b-1", 0, event(0))).message())
        .isEqualTo("0 of 1 event(s) changed an appointment");
  }

  @Test
  void theInboxIsNeverHandedAReasonLongerThanItKeeps() {
    ReasonRecordingInbox recording = new ReasonRecordingInbox();
    String longId = "b".repeat(300);
    Attendee tooLongForTheStore =
        Attendee.builder("x".repeat(FlakyAppointmentStore.MAX_NAME + 1)).build();
    WebhookHandler twoRejected =
        handlerFor(
            ScriptedWebhooks.parsing(
                r ->
                    ParsedWebhook.of(
                        "booking.created",
                        List.of(
                            created(longId + "1").attendee(tooLongForTheStore).build(),
                            created(longId + "2").attendee(tooLongForTheStore).build()))),
            recording);
    WebhookHandler unreadable =
        handlerFor(
            ScriptedWebhooks.parsing(
                r -> {
                  throw new WebhookParseException("unreadable " + "x".repeat(600));
                }),
            recording);

    assertThat(twoRejected.handle(PROVIDER, signed(new byte[] {1})).outcome())
        .isEqualTo(Outcome.REJECTED);
    assertThat(unreadable.handle(PROVIDER, signed(new byte[] {2})).outcome())
        .isEqualTo(Outcome.REJECTED);

    assertThat(recording.reasons).hasSize(2);
    assertThat(recording.reasons.get(0))
        .hasSize(WebhookInbox.MAX_REASON)
        .startsWith(longId + "1: ValidationException");
    assertThat(recording.reasons.get(1))
        .hasSize(WebhookInbox.MAX_REASON)
        .startsWith("WebhookParseException: unreadable xxx");
  }
}
