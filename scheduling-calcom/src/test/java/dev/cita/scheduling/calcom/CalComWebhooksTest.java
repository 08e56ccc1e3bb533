package dev.cita.scheduling.calcom;

import static dev.cita.scheduling.calcom.Fixtures.ANA;
import static dev.cita.scheduling.calcom.Fixtures.BRANCH;
import static dev.cita.scheduling.calcom.Fixtures.CONSULT;
import static dev.cita.scheduling.calcom.Fixtures.NOW;
import static dev.cita.scheduling.calcom.Fixtures.OTHER_BRANCH;
import static dev.cita.scheduling.calcom.Fixtures.WEBHOOK_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.WebhookVerificationException;
import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.memory.InMemoryAuditLog;
import dev.cita.scheduling.memory.InMemoryWebhookInbox;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.spi.AuditEntry;
import dev.cita.scheduling.spi.ConflictCheck;
import dev.cita.scheduling.testkit.TestClock;
import dev.cita.scheduling.webhook.AppointmentTagSigner;
import dev.cita.scheduling.webhook.HmacSignatures;
import dev.cita.scheduling.webhook.ParsedWebhook;
import dev.cita.scheduling.webhook.ProviderBookingEvent;
import dev.cita.scheduling.webhook.WebhookHandler;
import dev.cita.scheduling.webhook.WebhookRequest;
import dev.cita.scheduling.webhook.WebhookResult;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CalComWebhooksTest {
  private static final String URL = "https://app.example/hooks/calcom?tenant=sucursal-centro";
  private static final CalComTenants TENANTS =
      CalComTenants.of(
          Fixtures.branch("https://api.cal.com/"),
          CalComTenant.builder(OTHER_BRANCH, "999")
              .webhookSigning(WebhookSigning.unsignedAllowed())
              .build());

  private final TestClock clock = new TestClock(NOW);
  private final InMemoryAppointmentStore store = new InMemoryAppointmentStore();
  private final InMemoryAuditLog audit = new InMemoryAuditLog();
  private final CalComWebhooks webhooks = CalComWebhooks.create(TENANTS);
  private final WebhookHandler handler =
      WebhookHandler.builder()
          .appointmentStore(store)
          .inbox(new InMemoryWebhookInbox())
          .provider(webhooks)
          .clock(clock)
          .auditLog(audit)
          .build();

  static String booking(
      String trigger, String createdAt, String uid, String start, String end, String extra) {
    return """
    {"triggerEvent":"%s","createdAt":"%s","payload":{"type":"consulta","title":"Consulta",
     "uid":"%s","bookingId":77,"eventTypeId":501,"startTime":"%s","endTime":"%s",
     "organizer":{"name":"Dra Ana","email":"ana@clinica.cl","timeZone":"America/Santiago","language":{"locale":"es"}},
     "attendees":[{"name":"María Pérez","email":"maria@example.com","timeZone":"America/Santiago",
                   "language":{"locale":"es"}}],
     "status":"ACCEPTED","metadata":{}%s}}\
    """
        .formatted(trigger, createdAt, uid, start, end, extra);
  }

  static String created(String uid, String createdAt) {
    return booking(
        "BOOKING_CREATED", createdAt, uid, "2026-03-04T13:00:00Z", "2026-03-04T13:30:00Z", "");
  }

  static WebhookRequest signed(String url, String body, String secret) {
    return WebhookRequest.builder("POST", url)
        .header(
            "X-Cal-Signature-256",
            HmacSignatures.hmacSha256Hex(
                HmacSignatures.utf8(secret),
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .body(body)
        .build();
  }

  private WebhookResult deliver(String body) {
    return handler.handle("calcom", signed(URL, body, WEBHOOK_SECRET));
  }

  private Appointment only() {
    List<Appointment> all =
        store.findTimeHolding(BRANCH, ANA, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"));
    return store
        .findByExternalRef(BRANCH, "calcom", "bk-1")
        .or(() -> store.findByExternalRef(BRANCH, "calcom", "bk-2"))
        .or(() -> all.stream().findFirst())
        .orElseThrow();
  }

  // --- signatures ---------------------------------------------------------------------------

  @Test
  void aCorrectSignatureOverTheRawBodyIsAccepted() {
    String body = created("bk-1", "2026-03-02T12:00:00Z");

    WebhookResult result = deliver(body);

    assertThat(result.status()).isEqualTo(200);
    assertThat(result.outcome()).isEqualTo(WebhookResult.Outcome.HANDLED);
    assertThat(only().status()).isEqualTo(AppointmentStatus.SCHEDULED);
  }

  @Test
  void aWrongSecretATamperedBodyOrAMissingHeaderIsRefusedAndWritesNothing() {
    String body = created("bk-1", "2026-03-02T12:00:00Z");
    WebhookRequest tampered =
        WebhookRequest.builder("POST", URL)
            .header(
                "X-Cal-Signature-256",
                signed(URL, body, WEBHOOK_SECRET).header("X-Cal-Signature-256").get())
            .body(body.replace("13:00", "14:00"))
            .build();

    assertThat(handler.handle("calcom", signed(URL, body, "another-secret")).status())
        .isEqualTo(401);
    assertThat(handler.handle("calcom", tampered).status()).isEqualTo(401);
    assertThat(
            handler
                .handle("calcom", WebhookRequest.builder("POST", URL).body(body).build())
                .status())
        .isEqualTo(401);
    assertThat(store.findByExternalRef(BRANCH, "calcom", "bk-1")).isEmpty();
  }

  @Test
  void noSecretProvidedIsRefusedUnlessTheTenantAllowsUnsignedDelivery() {
    String body = created("bk-1", "2026-03-02T12:00:00Z");
    WebhookRequest unsigned =
        WebhookRequest.builder("POST", URL)
            .header("X-Cal-Signature-256", "no-secret-provided")
            .body(body)
            .build();
    WebhookRequest unsignedOther =
        WebhookRequest.builder("POST", "https://app.example/hooks/calcom?tenant=sucursal-norte")
            .header("X-Cal-Signature-256", "no-secret-provided")
            .body(body)
            .build();
    CalComWebhookVerifier verifier = CalComWebhookVerifier.create(TENANTS);

    assertThatThrownBy(() -> verifier.verify(unsigned))
        .isInstanceOf(WebhookVerificationException.class)
        .hasMessageContaining("unsigned")
        .hasMessageNotContaining(WEBHOOK_SECRET);
    verifier.verify(unsignedOther); // sucursal-norte explicitly allows unsigned delivery
  }

  @Test
  void theTenantComesFromTheUrlAndAnotherTenantsSecretDoesNotWork() {
    String body = created("bk-1", "2026-03-02T12:00:00Z");
    CalComWebhookVerifier verifier = CalComWebhookVerifier.create(TENANTS);

    assertThatThrownBy(
            () -> verifier.verify(signed("https://app.example/hooks/calcom", body, WEBHOOK_SECRET)))
        .isInstanceOf(WebhookVerificationException.class)
        .hasMessageContaining("names no tenant");
    assertThatThrownBy(
            () ->
                verifier.verify(
                    signed(
                        "https://app.example/hooks/calcom?tenant=unknown", body, WEBHOOK_SECRET)))
        .isInstanceOf(WebhookVerificationException.class);
    assertThat(webhooks.parse(signed(URL, body, WEBHOOK_SECRET)).events())
        .extracting(ProviderBookingEvent::tenant)
        .containsExactly(BRANCH);
  }

  /** Issue 14: a tenant in the webhook URL with a newline is refused before it is logged. */
  @Test
  void aTenantThatIsNotAValidIdIsRefusedAsUnverified() {
    String body = created("bk-1", "2026-03-02T12:00:00Z");
    CalComWebhookVerifier verifier = CalComWebhookVerifier.create(TENANTS);
    for (String tenant :
        new String[] {"sucursal-centro%0AINFO+forged", "a%00b", "a%2Fb", "x".repeat(201)}) {
      assertThatThrownBy(
              () ->
                  verifier.verify(
                      signed(
                          "https://app.example/hooks/calcom?tenant=" + tenant,
                          body,
                          WEBHOOK_SECRET)))
          .isInstanceOf(WebhookVerificationException.class)
          .hasMessageContaining("invalid tenant id")
          .hasMessageNotContaining("\n")
          .hasMessageNotContaining("forged");
    }
  }

  /**
   * Issue 14: names refuse control characters now; one in a Cal.com attendee name is cleaned, not
   * fatal.
   */
  @Test
  void anAttendeeNameWithANewlineIsImportedCleaned() {
    String body =
        created("bk-1", "2026-03-02T12:00:00Z").replace("María Pérez", "María\\nINFO forged");
    assertThat(webhooks.parse(signed(URL, body, WEBHOOK_SECRET)).events().get(0).attendee())
        .hasValueSatisfying(a -> assertThat(a.name()).isEqualTo("María INFO forged"));
  }

  // --- mapping, row by row --------------------------------------------------------------------

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "BOOKING_CREATED, SCHEDULED",
    "BOOKING_REQUESTED, REQUESTED",
    "BOOKING_RESCHEDULED, RESCHEDULED",
    "BOOKING_CANCELLED, CANCELLED",
    "BOOKING_REJECTED, CANCELLED",
    "MEETING_ENDED, COMPLETED"
  })
  void statusMappingTable(String trigger, AppointmentStatus status) {
    ParsedWebhook parsed =
        webhooks.parse(
            signed(
                URL,
                booking(
                    trigger,
                    "2026-03-02T12:00:00Z",
                    "bk-1",
                    "2026-03-04T13:00:00Z",
                    "2026-03-04T13:30:00Z",
                    ""),
                WEBHOOK_SECRET));

    assertThat(parsed.trigger()).isEqualTo(trigger);
    assertThat(parsed.events())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.status()).isEqualTo(status);
              assertThat(e.externalId()).isEqualTo("bk-1");
              assertThat(e.occurredAt()).isEqualTo(Instant.parse("2026-03-02T12:00:00Z"));
            });
  }

  @Test
  void noShowUpdatedGoesBothWaysAndMeetingEndedWithEveryoneAbsentIsANoShow() {
    String absent =
        """
        {"triggerEvent":"BOOKING_NO_SHOW_UPDATED","createdAt":"2026-03-04T14:00:00Z","payload":{
          "message":"x","bookingUid":"bk-1","bookingId":77,"attendees":[{"email":"maria@example.com","noShow":true}]}}\
        """;
    String back =
        absent.replace("\"noShow\":true", "\"noShow\":false").replace("14:00:00Z", "14:05:00Z");
    String endedAbsent =
        booking(
                "MEETING_ENDED",
                "2026-03-04T13:31:00Z",
                "bk-1",
                "2026-03-04T13:00:00Z",
                "2026-03-04T13:30:00Z",
                "")
            .replace("\"language\":{\"locale\":\"es\"}}]", "\"noShow\":true}]");

    assertThat(webhooks.parse(signed(URL, absent, WEBHOOK_SECRET)).events().get(0).status())
        .isEqualTo(AppointmentStatus.NO_SHOW);
    assertThat(webhooks.parse(signed(URL, back, WEBHOOK_SECRET)).events().get(0).status())
        .isEqualTo(AppointmentStatus.SCHEDULED);
    assertThat(webhooks.parse(signed(URL, endedAbsent, WEBHOOK_SECRET)).events().get(0).status())
        .isEqualTo(AppointmentStatus.NO_SHOW);

    deliver(created("bk-1", "2026-03-02T12:00:00Z"));
    deliver(absent);
    assertThat(only().status()).isEqualTo(AppointmentStatus.NO_SHOW);
    deliver(back);
    assertThat(only().status()).isEqualTo(AppointmentStatus.SCHEDULED);
  }

  @Test
  void otherTriggersAreAcknowledgedAndIgnored() {
    WebhookResult result =
        deliver(
            """
            {"triggerEvent":"MEETING_STARTED","createdAt":"2026-03-04T13:00:00Z","payload":{"uid":"bk-1"}}\
            """);

    assertThat(result.status()).isEqualTo(200);
    assertThat(result.outcome()).isEqualTo(WebhookResult.Outcome.IGNORED);
  }

  @Test
  void aBookingMadeOnCalComBecomesAnAppointmentOfTheMappedResourceAndType() {
    deliver(created("bk-1", "2026-03-02T12:00:00Z"));

    Appointment a = only();
    assertThat(a.resource()).isEqualTo(ANA);
    assertThat(a.type()).isEqualTo(CONSULT);
    assertThat(a.start()).isEqualTo(Instant.parse("2026-03-04T13:00:00Z"));
    assertThat(a.attendee().email()).contains("maria@example.com");
    assertThat(a.displayZone()).isEqualTo(Fixtures.SANTIAGO);
  }

  @Test
  void rescheduledMovesTheOldUidInsteadOfCreatingANewAppointment() {
    deliver(created("bk-1", "2026-03-02T12:00:00Z"));
    Appointment before = only();

    deliver(
        booking(
            "BOOKING_RESCHEDULED",
            "2026-03-02T13:00:00Z",
            "bk-2",
            "2026-03-05T15:00:00Z",
            "2026-03-05T15:30:00Z",
            ",\"rescheduleUid\":\"bk-1\",\"rescheduleStartTime\":\"2026-03-04T13:00:00Z\""));

    Appointment after = store.findByExternalRef(BRANCH, "calcom", "bk-2").orElseThrow();
    assertThat(after.id()).isEqualTo(before.id());
    assertThat(after.status()).isEqualTo(AppointmentStatus.RESCHEDULED);
    assertThat(after.start()).isEqualTo(Instant.parse("2026-03-05T15:00:00Z"));
    assertThat(store.findByExternalRef(BRANCH, "calcom", "bk-1")).isEmpty();
  }

  @Test
  void duplicatesAreHandledOnce() {
    String body = created("bk-1", "2026-03-02T12:00:00Z");

    assertThat(deliver(body).outcome()).isEqualTo(WebhookResult.Outcome.HANDLED);
    assertThat(deliver(body).outcome()).isEqualTo(WebhookResult.Outcome.DUPLICATE);
    assertThat(
            store.findTimeHolding(
                BRANCH, ANA, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z")))
        .hasSize(1);
  }

  @Test
  void outOfOrderDeliveriesNeverUndoANewerState() {
    String create = created("bk-1", "2026-03-02T12:00:00Z");
    String cancel =
        booking(
            "BOOKING_CANCELLED",
            "2026-03-02T12:10:00Z",
            "bk-1",
            "2026-03-04T13:00:00Z",
            "2026-03-04T13:30:00Z",
            ",\"cancellationReason\":\"no puedo\"");

    deliver(cancel); // the cancel arrives first
    deliver(create); // then the older create

    assertThat(store.findByExternalRef(BRANCH, "calcom", "bk-1")).isEmpty();
    assertThat(
            store.findTimeHolding(
                BRANCH, ANA, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z")))
        .isEmpty();

    String create2 = created("bk-2", "2026-03-02T12:00:00Z");
    String cancel2 = cancel.replace("bk-1", "bk-2");
    deliver(create2);
    deliver(cancel2);
    deliver(create2.replace("ACCEPTED", "accepted")); // a late redelivery of the older create
    assertThat(store.findByExternalRef(BRANCH, "calcom", "bk-2").orElseThrow().status())
        .isEqualTo(AppointmentStatus.CANCELLED);
  }

  @Test
  void aBookingCitaMadeItselfNeverCreatesASecondAppointment() {
    String body =
        booking(
                "BOOKING_CREATED",
                "2026-03-02T12:00:00Z",
                "bk-9",
                "2026-03-04T13:00:00Z",
                "2026-03-04T13:30:00Z",
                "")
            .replace(
                "\"metadata\":{}",
                "\"metadata\":{\"citaAppointmentId\":\"appt-1\",\"citaTenant\":\"sucursal-centro\"}");

    ProviderBookingEvent event = webhooks.parse(signed(URL, body, WEBHOOK_SECRET)).events().get(0);
    deliver(body); // the worker has not stored bk-9 yet

    assertThat(event.resource()).isEmpty();
    assertThat(event.type()).isEmpty();
    assertThat(
            store.findTimeHolding(
                BRANCH, ANA, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z")))
        .isEmpty();
  }

  // --- bookings Cita made (tagged in metadata) ------------------------------------------------

  private static final AppointmentId OURS = AppointmentId.of("appt-ours-1");

  /** Cita's own appointment, pushed to Cal.com but whose uid the sync worker has not stored yet. */
  private Appointment ours() {
    return store.insert(
        Appointment.builder()
            .id(OURS)
            .tenant(BRANCH)
            .resource(ANA)
            .type(CONSULT)
            .attendee(Attendee.builder("Camila Rojas").email("camila@example.com").build())
            .start(Instant.parse("2026-03-04T13:00:00Z"))
            .end(Instant.parse("2026-03-04T13:30:00Z"))
            .displayZone(Fixtures.SANTIAGO)
            .status(AppointmentStatus.SCHEDULED)
            .createdAt(NOW)
            .updatedAt(NOW)
            .build(),
        ConflictCheck.none());
  }

  private static String tagged(String trigger, String createdAt, String uid, String tenant) {
    return tagged(trigger, createdAt, uid, tenant, ourSignature());
  }

  /**
   * The signature Cita writes next to its tag (the adapter and the handler share the JVM's signer).
   */
  private static String ourSignature() {
    return AppointmentTagSigner.ephemeral().sign(BRANCH, "calcom", OURS);
  }

  private static String tagged(
      String trigger, String createdAt, String uid, String tenant, String signature) {
    return booking(trigger, createdAt, uid, "2026-03-04T13:00:00Z", "2026-03-04T13:30:00Z", "")
        .replace(
            "\"metadata\":{}",
            "\"metadata\":{\"citaAppointmentId\":\""
                + OURS.value()
                + "\",\"citaTenant\":\""
                + tenant
                + "\""
                + (signature == null ? "" : ",\"citaTagSignature\":\"" + signature + "\"")
                + "}");
  }

  // Issue 14, webhooks bullet 4: a tag anyone can type on a public booking page (right appointment
  // id, no or a wrong signature) never reaches the appointment, with or without the outbox.
  @ParameterizedTest(name = "with outbox: {0}")
  @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
  void aForgedTagNeverReachesTheAppointment(boolean withOutbox) {
    store.insert(
        Appointment.builder()
            .id(OURS)
            .tenant(BRANCH)
            .resource(ANA)
            .type(CONSULT)
            .attendee(Attendee.builder("Camila Rojas").email("camila@example.com").build())
            .start(Instant.parse("2026-03-04T13:00:00Z"))
            .end(Instant.parse("2026-03-04T13:30:00Z"))
            .displayZone(Fixtures.SANTIAGO)
            .status(AppointmentStatus.SCHEDULED)
            .createdAt(NOW)
            .updatedAt(NOW)
            .build(),
        ConflictCheck.none(),
        List.of(
            dev.cita.scheduling.sync.OutboxEntry.pending(
                BRANCH, OURS, "calcom", dev.cita.scheduling.sync.SyncAction.CREATE, 0, NOW)));
    WebhookHandler.Builder b =
        WebhookHandler.builder()
            .appointmentStore(store)
            .inbox(new InMemoryWebhookInbox())
            .provider(webhooks)
            .clock(clock);
    WebhookHandler forgedTo = (withOutbox ? b.outboxStore(store.outbox()) : b).build();
    String[] forged = {
      null,
      "",
      AppointmentTagSigner.fromMasterSecret(new byte[32]).sign(BRANCH, "calcom", OURS),
      AppointmentTagSigner.ephemeral().sign(OTHER_BRANCH, "calcom", OURS)
    };

    for (int i = 0; i < forged.length; i++) {
      String cancel =
          tagged(
              "BOOKING_CANCELLED",
              "2026-03-02T12:10:0" + i + "Z",
              "bk-forged-" + i,
              "sucursal-centro",
              forged[i]);
      forgedTo.handle("calcom", signed(URL, cancel, WEBHOOK_SECRET));

      Appointment after = store.find(BRANCH, OURS).orElseThrow();
      assertThat(after.status())
          .as(String.valueOf(forged[i]))
          .isEqualTo(AppointmentStatus.SCHEDULED);
      assertThat(after.externalRef("calcom")).as(String.valueOf(forged[i])).isEmpty();
    }
  }

  // Issue 14, webhooks bullet 3: signed events no store can hold are acknowledged once, not retried
  // forever.
  @Test
  void aSixHundredCharacterUidOrAYear300000StartIsRejectedAndAcknowledged() {
    String longUid = created("u".repeat(600), "2026-03-02T12:00:00Z");
    String farFuture =
        booking(
            "BOOKING_CREATED",
            "2026-03-02T12:00:00Z",
            "bk-1",
            "+300000-03-04T13:00:00Z",
            "+300000-03-04T13:30:00Z",
            "");

    for (String body : List.of(longUid, farFuture)) {
      WebhookResult first = deliver(body);
      WebhookResult again = deliver(body);

      assertThat(first.status()).isEqualTo(200);
      assertThat(first.outcome()).isEqualTo(WebhookResult.Outcome.REJECTED);
      assertThat(again.outcome()).isEqualTo(WebhookResult.Outcome.DUPLICATE);
    }
    assertThat(allOfAna()).isEmpty();
  }

  private List<Appointment> allOfAna() {
    return store.findTimeHolding(BRANCH, ANA, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"));
  }

  @Test
  void theEchoOfOurOwnCreateBeforeTheUidIsStoredRecordsTheUidInsteadOfDuplicating() {
    Appointment before = ours();

    WebhookResult result =
        deliver(tagged("BOOKING_CREATED", "2026-03-02T12:00:05Z", "bk-9", "sucursal-centro"));

    assertThat(result.outcome()).isEqualTo(WebhookResult.Outcome.HANDLED);
    assertThat(allOfAna())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.id()).isEqualTo(OURS);
              assertThat(a.externalRef("calcom")).contains("bk-9");
              assertThat(a.status()).isEqualTo(AppointmentStatus.SCHEDULED);
              assertThat(a.attendee())
                  .as("Cita's own contact data is kept")
                  .isEqualTo(before.attendee());
            });
  }

  @Test
  void aCancelMadeOnCalComBeforeTheUidIsStoredCancelsTheAppointment() {
    ours();

    deliver(
        booking(
                "BOOKING_CANCELLED",
                "2026-03-02T12:10:00Z",
                "bk-9",
                "2026-03-04T13:00:00Z",
                "2026-03-04T13:30:00Z",
                ",\"cancellationReason\":\"no puedo\"")
            .replace(
                "\"metadata\":{}",
                "\"metadata\":{\"citaAppointmentId\":\""
                    + OURS.value()
                    + "\",\"citaTenant\":\"sucursal-centro\","
                    + "\"citaTagSignature\":\""
                    + ourSignature()
                    + "\"}"));

    Appointment after = store.find(BRANCH, OURS).orElseThrow();
    assertThat(after.status()).isEqualTo(AppointmentStatus.CANCELLED);
    assertThat(after.externalRef("calcom")).contains("bk-9");
    assertThat(allOfAna()).isEmpty();
  }

  @Test
  void aTagNamingAnotherTenantIsNotTrusted() {
    ours();
    String body = tagged("BOOKING_CREATED", "2026-03-02T12:00:05Z", "bk-9", "sucursal-norte");

    ProviderBookingEvent event = webhooks.parse(signed(URL, body, WEBHOOK_SECRET)).events().get(0);
    deliver(body);

    assertThat(event.appointmentId()).isEmpty();
    assertThat(store.find(BRANCH, OURS).orElseThrow().externalRef("calcom"))
        .as("our appointment is not linked to a booking another tenant's tag names")
        .isEmpty();
    // Read as a booking made on Cal.com: imported as its own appointment of the mapped resource.
    assertThat(store.findByExternalRef(BRANCH, "calcom", "bk-9"))
        .hasValueSatisfying(
            a -> {
              assertThat(a.id()).isNotEqualTo(OURS);
              assertThat(a.attendee().email()).contains("maria@example.com");
            });
  }

  @Test
  void aTrustedTagCarriesTheAppointmentIdAndNothingToCreateFrom() {
    ProviderBookingEvent event =
        webhooks
            .parse(
                signed(
                    URL,
                    tagged("BOOKING_CREATED", "2026-03-02T12:00:05Z", "bk-9", "sucursal-centro"),
                    WEBHOOK_SECRET))
            .events()
            .get(0);

    assertThat(event.appointmentId()).contains(OURS);
    assertThat(event.attendee()).isEmpty();
    assertThat(event.resource()).isEmpty();
  }

  @Test
  void unreadableBodiesAreRejectedAcknowledgedAndAuditedWithoutTheBody() {
    WebhookResult notJson = deliver("not json");
    WebhookResult noUid =
        deliver(
            "{\"triggerEvent\":\"BOOKING_CREATED\",\"createdAt\":\"2026-03-02T12:00:00Z\","
                + "\"payload\":{\"startTime\":\"2026-03-04T13:00:00Z\"}}");
    deliver(created("bk-1", "2026-03-02T12:00:00Z"));

    assertThat(notJson.status()).isEqualTo(200);
    assertThat(notJson.outcome()).isEqualTo(WebhookResult.Outcome.REJECTED);
    assertThat(noUid.outcome()).isEqualTo(WebhookResult.Outcome.REJECTED);
    List<AuditEntry> entries = audit.recent(BRANCH, 10);
    assertThat(entries)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.direction()).isEqualTo(AuditEntry.Direction.INBOUND);
              assertThat(e.operation()).isEqualTo("BOOKING_CREATED");
              assertThat(e.outcome()).isEqualTo(AuditEntry.Outcome.SUCCESS);
            });
    assertThat(entries.toString()).doesNotContain("maria", "María", WEBHOOK_SECRET);
  }
}
