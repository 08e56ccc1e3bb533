package dev.cita.scheduling.calendly;

import static dev.cita.scheduling.calendly.Fixtures.ANA;
import static dev.cita.scheduling.calendly.Fixtures.CONSULTA;
import static dev.cita.scheduling.calendly.Fixtures.NOW;
import static dev.cita.scheduling.calendly.Fixtures.TENANT;
import static dev.cita.scheduling.calendly.Fixtures.inviteeUri;
import static dev.cita.scheduling.calendly.WebhookFixtures.KEY;
import static dev.cita.scheduling.calendly.WebhookFixtures.envelope;
import static dev.cita.scheduling.calendly.WebhookFixtures.hmac;
import static dev.cita.scheduling.calendly.WebhookFixtures.payload;
import static dev.cita.scheduling.calendly.WebhookFixtures.request;
import static dev.cita.scheduling.calendly.WebhookFixtures.signed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.WebhookVerificationException;
import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.memory.InMemoryWebhookInbox;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.testkit.TestClock;
import dev.cita.scheduling.webhook.WebhookHandler;
import dev.cita.scheduling.webhook.WebhookRequest;
import dev.cita.scheduling.webhook.WebhookResult;
import dev.cita.scheduling.webhook.WebhookResult.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class CalendlyWebhooksTest {
  private static final long T = NOW.getEpochSecond();
  private static final String START = "2026-12-01T13:00:00.000000Z";
  private static final String END = "2026-12-01T13:30:00.000000Z";
  private static final String NEW_START = "2026-12-03T15:00:00.000000Z";
  private static final String NEW_END = "2026-12-03T15:30:00.000000Z";

  private final TestClock clock = new TestClock(NOW);
  private final InMemorySigningKeyStore keys = new InMemorySigningKeyStore();
  private final InMemoryAppointmentStore store = new InMemoryAppointmentStore();
  private final InMemoryWebhookInbox inbox = new InMemoryWebhookInbox();
  private final CalendlyWebhookVerifier verifier =
      CalendlyWebhookVerifier.builder(keys).clock(clock).build();
  private final WebhookHandler handler =
      WebhookHandler.builder()
          .clock(clock)
          .appointmentStore(store)
          .inbox(inbox)
          .provider(CalendlyWebhooks.of(verifier, Fixtures.mappings()))
          .build();

  {
    keys.save(TENANT, "https://api.calendly.com/webhook_subscriptions/W1", KEY);
  }

  private WebhookResult handle(WebhookRequest request) {
    return handler.handle("calendly", request);
  }

  private static String created(
      String event, String invitee, String start, String end, String createdAt, String extra) {
    return envelope(
        "invitee.created",
        createdAt,
        payload(event, invitee, start, end, "active", createdAt, extra));
  }

  private Appointment only() {
    assertThat(store.size()).isEqualTo(1);
    return store
        .findByExternalRef(
            TENANT,
            "calendly",
            store
                .findStartingBetween(TENANT, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"))
                .get(0)
                .externalRef("calendly")
                .orElseThrow())
        .orElseThrow();
  }

  private Appointment first() {
    return store.findByExternalRef(TENANT, "calendly", inviteeUri("E1", "I1")).orElseThrow();
  }

  // --- signatures
  // -----------------------------------------------------------------------------------

  private final String body =
      created(
          "E1",
          "I1",
          START,
          END,
          "2026-11-20T11:59:00.000000Z",
          ",\"rescheduled\":false,\"old_invitee\":null,\"new_invitee\":null");

  /**
   * Issue 14: names refuse control characters now; one in an invitee name is cleaned, not fatal.
   */
  @Test
  void anInviteeNameWithANewlineIsImportedCleaned() {
    String body =
        created("E1", "I1", START, END, "2026-11-20T11:59:00.000000Z", "")
            .replace("María Pérez", "María\\nINFO forged");
    assertThat(
            CalendlyWebhooks.of(verifier, Fixtures.mappings())
                .parse(signed(body, NOW.getEpochSecond()))
                .events()
                .get(0)
                .attendee())
        .hasValueSatisfying(a -> assertThat(a.name()).isEqualTo("María INFO forged"));
  }

  /** Issue 14: a tenant in the webhook URL with a newline is refused before it is logged. */
  @Test
  void aTenantThatIsNotAValidIdIsRefusedAsUnverified() {
    for (String tenant :
        new String[] {"clinic-1%0AINFO+forged", "a%00b", "a%2Fb", "x".repeat(201)}) {
      WebhookRequest request =
          WebhookRequest.builder("POST", "https://app.example/hooks/calendly?tenant=" + tenant)
              .header("Calendly-Webhook-Signature", "t=1,v1=00")
              .body("{}")
              .build();
      assertThatThrownBy(() -> verifier.verify(request))
          .isInstanceOf(WebhookVerificationException.class)
          .hasMessageContaining("invalid tenant id")
          .hasMessageNotContaining("forged");
    }
  }

  @Test
  void aValidSignatureIsAccepted() {
    assertThat(handle(signed(body, T)).outcome()).isEqualTo(Outcome.HANDLED);
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void aSignatureUnderAnotherKeyIsRejectedAndNothingIsWritten() {
    String wrong = hmac("another-key", T + "." + body);
    assertRejected(request(body, "t=" + T + ",v1=" + wrong));
  }

  @Test
  void aChangedBodyIsRejected() {
    String signature = hmac(KEY, T + "." + body);
    assertRejected(request(body.replace("13:00:00", "14:00:00"), "t=" + T + ",v1=" + signature));
  }

  @Test
  void aTimestampOutsideTheToleranceIsRejectedEitherWay() {
    long old = T - Duration.ofMinutes(3).plusSeconds(1).toSeconds();
    assertRejected(request(body, "t=" + old + ",v1=" + hmac(KEY, old + "." + body)));
    long future = T + Duration.ofMinutes(4).toSeconds();
    assertRejected(request(body, "t=" + future + ",v1=" + hmac(KEY, future + "." + body)));
    long edge = T - Duration.ofMinutes(3).toSeconds();
    assertThat(handle(request(body, "t=" + edge + ",v1=" + hmac(KEY, edge + "." + body))).outcome())
        .isEqualTo(Outcome.HANDLED);
  }

  @Test
  void theToleranceIsConfigurable() {
    CalendlyWebhookVerifier strict =
        CalendlyWebhookVerifier.builder(keys)
            .clock(clock)
            .tolerance(Duration.ofSeconds(30))
            .build();
    long t = T - 60;
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () -> strict.verify(request(body, "t=" + t + ",v1=" + hmac(KEY, t + "." + body)))))
        .isInstanceOf(dev.cita.scheduling.WebhookVerificationException.class)
        .hasMessageContaining("tolerance");
  }

  @Test
  void twoV1ValuesOfWhichTheSecondIsValidAreAccepted() {
    String bad = hmac("old-key", T + "." + body);
    String good = hmac(KEY, T + "." + body);
    assertThat(handle(request(body, "t=" + T + ",v1=" + bad + ",v1=" + good)).outcome())
        .isEqualTo(Outcome.HANDLED);
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void malformedHeadersAreRejected() {
    String good = hmac(KEY, T + "." + body);
    for (String header :
        List.of(
            "",
            "garbage",
            "t=" + T,
            "v1=" + good,
            "t=abc,v1=" + good,
            "t=" + T + ",t=" + T + ",v1=" + good,
            "t=,v1=" + good,
            "=x")) {
      assertRejected(request(body, header));
    }
    assertRejected(WebhookRequest.builder("POST", WebhookFixtures.URL).body(body).build());
  }

  @Test
  void aWebhookUrlWithoutTenantOrForATenantWithoutKeysIsRejected() {
    String header = "t=" + T + ",v1=" + hmac(KEY, T + "." + body);
    assertRejected(
        WebhookRequest.builder("POST", "https://app.example/hooks/calendly")
            .header("Calendly-Webhook-Signature", header)
            .body(body)
            .build());
    assertRejected(
        WebhookRequest.builder("POST", "https://app.example/hooks/calendly?tenant=other")
            .header("Calendly-Webhook-Signature", header)
            .body(body)
            .build());
  }

  private void assertRejected(WebhookRequest request) {
    WebhookResult result = handle(request);
    assertThat(result.outcome()).isEqualTo(Outcome.UNAUTHORIZED);
    assertThat(result.status()).isEqualTo(401);
    assertThat(store.size()).isZero();
    assertThat(inbox.size()).isZero();
  }

  // --- mapping
  // ---------------------------------------------------------------------------------------

  @Test
  void inviteeCreatedBecomesAScheduledAppointmentOfTheMappedResourceAndType() {
    assertThat(handle(signed(body, T)).outcome()).isEqualTo(Outcome.HANDLED);

    Appointment a =
        store.findByExternalRef(TENANT, "calendly", inviteeUri("E1", "I1")).orElseThrow();
    assertThat(a.status()).isEqualTo(AppointmentStatus.SCHEDULED);
    assertThat(a.resource()).isEqualTo(ANA);
    assertThat(a.type()).isEqualTo(CONSULTA);
    assertThat(a.start()).isEqualTo(Instant.parse(START));
    assertThat(a.end()).isEqualTo(Instant.parse(END));
    assertThat(a.attendee().name()).isEqualTo("María Pérez");
    assertThat(a.attendee().email()).contains("maria@example.com");
    assertThat(a.displayZone()).isEqualTo(ZoneId.of("America/Santiago"));
  }

  @Test
  void inviteeCanceledCancels() {
    handle(signed(body, T));
    String cancel =
        envelope(
            "invitee.canceled",
            "2026-11-20T11:59:30.000000Z",
            payload(
                "E1",
                "I1",
                START,
                END,
                "canceled",
                "2026-11-20T11:59:00.000000Z",
                ",\"rescheduled\":false,\"old_invitee\":null,\"new_invitee\":null,\"cancellation\":{\"canceled_by\":\"María"
                    + " Pérez\",\"reason\":\"No puedo\",\"canceler_type\":\"invitee\","
                    + "\"created_at\":\"2026-11-20T11:59:30.000000Z\"}"));

    assertThat(handle(signed(cancel, T)).outcome()).isEqualTo(Outcome.HANDLED);

    assertThat(store.size()).isEqualTo(1);
    assertThat(first().status()).isEqualTo(AppointmentStatus.CANCELLED);
  }

  @Test
  void noShowAndItsUndo() {
    handle(signed(body, T));
    String noShow =
        envelope(
            "invitee_no_show.created",
            "2026-12-01T13:20:00.000000Z",
            payload(
                "E1",
                "I1",
                START,
                END,
                "active",
                "2026-11-20T11:59:00.000000Z",
                ",\"rescheduled\":false,\"old_invitee\":null,\"new_invitee\":null,"
                    + "\"no_show\":{\"uri\":\"https://api.calendly.com/invitee_no_shows/NS1\","
                    + "\"created_at\":\"2026-12-01T13:20:00.000000Z\"}"));
    String undo =
        envelope(
            "invitee_no_show.deleted",
            "2026-12-01T13:25:00.000000Z",
            payload(
                "E1",
                "I1",
                START,
                END,
                "active",
                "2026-11-20T11:59:00.000000Z",
                ",\"rescheduled\":false,\"old_invitee\":null,\"new_invitee\":null,"
                    + "\"no_show\":null"));

    assertThat(handle(signed(noShow, T)).outcome()).isEqualTo(Outcome.HANDLED);
    assertThat(first().status()).isEqualTo(AppointmentStatus.NO_SHOW);
    assertThat(handle(signed(undo, T)).outcome()).isEqualTo(Outcome.HANDLED);
    assertThat(first().status()).isEqualTo(AppointmentStatus.SCHEDULED);
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void otherEventsAreAcknowledgedAndIgnored() {
    String routing =
        "{\"event\":\"routing_form_submission.created\",\"created_at\":\"2026-11-20T11:59:00.000000Z\","
            + "\"created_by\":\"x\",\"payload\":{\"routing_form\":\"https://api.calendly.com/routing_forms/RF1\"}}";
    WebhookResult result = handle(signed(routing, T));
    assertThat(result.outcome()).isEqualTo(Outcome.IGNORED);
    assertThat(result.status()).isEqualTo(200);
    assertThat(store.size()).isZero();
  }

  @Test
  void anUnreadableSignedBodyIsRejectedAndAcknowledged() {
    // Issue 14, webhooks bullet 3: a retry cannot make it readable, so the answer is 2xx, once.
    assertThat(handle(signed("{not json", T)).outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(handle(signed("{not json", T)).outcome()).isEqualTo(Outcome.DUPLICATE);
    assertThat(
            handle(
                    signed(
                        "{\"event\":\"invitee.created\",\"created_at\":\"2026-11-20T11:59:00Z\"}",
                        T))
                .status())
        .isEqualTo(200);
    assertThat(store.size()).isZero();
  }

  @Test
  void anUnmappedEventTypeIsNotInventedIntoAnAppointment() {
    CalendlyWebhooks unmapped =
        CalendlyWebhooks.of(verifier, CalendlyMappings.of(java.util.Map.of()));
    WebhookHandler h =
        WebhookHandler.builder()
            .clock(clock)
            .appointmentStore(store)
            .inbox(inbox)
            .provider(unmapped)
            .build();

    assertThat(h.handle("calendly", signed(body, T)).outcome()).isEqualTo(Outcome.HANDLED);
    assertThat(store.size()).isZero();
  }

  // --- the reschedule pair
  // ---------------------------------------------------------------------------

  /** The old booking (I1 on E1), known to Cita; the reschedule moves it to I2 on E2. */
  private final String canceledHalf =
      envelope(
          "invitee.canceled",
          "2026-11-20T11:59:51.000000Z",
          payload(
              "E1",
              "I1",
              START,
              END,
              "canceled",
              "2026-11-20T11:59:00.000000Z",
              ",\"rescheduled\":true,\"old_invitee\":null,"
                  + "\"new_invitee\":\""
                  + inviteeUri("E2", "I2")
                  + "\",\"cancellation\":{\"canceled_by\":\"María Pérez\","
                  + "\"reason\":null,\"canceler_type\":\"invitee\",\"created_at\":\"2026-11-20T11:59:51.000000Z\"}"));

  private final String createdHalf =
      created(
          "E2",
          "I2",
          NEW_START,
          NEW_END,
          "2026-11-20T11:59:50.000000Z",
          ",\"rescheduled\":false,\"old_invitee\":\""
              + inviteeUri("E1", "I1")
              + "\",\"new_invitee\":null");

  @Test
  void theReschedulePairCanceledFirstFiveTimesEachEndsAsOneMovedAppointment() {
    deliverPair(List.of(canceledHalf, createdHalf));
  }

  @Test
  void theReschedulePairCreatedFirstFiveTimesEachEndsAsOneMovedAppointment() {
    deliverPair(List.of(createdHalf, canceledHalf));
  }

  @Test
  void theReschedulePairInterleavedEndsAsOneMovedAppointment() {
    deliverPair(List.of(canceledHalf, createdHalf, canceledHalf, createdHalf));
  }

  private void deliverPair(List<String> order) {
    assertThat(handle(signed(body, T)).outcome()).isEqualTo(Outcome.HANDLED);
    String originalId = only().id().value();
    for (String delivery : order) {
      for (int i = 0; i < 5; i++) {
        assertThat(handle(signed(delivery, T)).isSuccess()).isTrue();
      }
    }
    Appointment moved = only();
    assertThat(moved.id().value()).isEqualTo(originalId);
    assertThat(moved.status()).isEqualTo(AppointmentStatus.RESCHEDULED);
    assertThat(moved.start()).isEqualTo(Instant.parse(NEW_START));
    assertThat(moved.end()).isEqualTo(Instant.parse(NEW_END));
    assertThat(moved.externalRef("calendly")).contains(inviteeUri("E2", "I2"));
    assertThat(store.findByExternalRef(TENANT, "calendly", inviteeUri("E1", "I1"))).isEmpty();
    assertThat(store.findByExternalRef(TenantId.of("other"), "calendly", inviteeUri("E2", "I2")))
        .isEmpty();
  }
}
