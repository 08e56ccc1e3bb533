package dev.cita.scheduling.microsoft;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.memory.InMemoryWebhookInbox;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.spi.ConflictCheck;
import dev.cita.scheduling.webhook.WebhookHandler;
import dev.cita.scheduling.webhook.WebhookRequest;
import dev.cita.scheduling.webhook.WebhookResult;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Changes made in Outlook to Cita's own events reach their appointments through the webhook
 * pipeline, as Google's do. The Graph stubs follow learn.microsoft.com/graph/api/event-delta (pages
 * of events, {@code @odata.nextLink}/{@code @odata.deltaLink}, removed events as {@code {"id",
 * "@removed": {"reason": "deleted"}}}, which also covers events moved out of the window),
 * learn.microsoft.com/graph/api/event-get (the event read again by id, 404 once deleted: the error
 * shape of learn.microsoft.com/graph/errors) and learn.microsoft.com/graph/api/resources/event
 * ({@code transactionId}, {@code lastModifiedDateTime}, {@code showAs}, {@code isCancelled}).
 */
class MicrosoftOutlookChangesTest extends MicrosoftTestSupport {
  private static final String DELTA = "/v1.0/me/calendarView/delta";
  private static final String APPOINTMENT = "7c1e6a52-0d1b-4f5e-9d3a-2b8f0c4e6a11";
  private static final String EVENT = "AAMkAGI2TG93AAA=";

  private final InMemoryAppointmentStore store = new InMemoryAppointmentStore();
  private MicrosoftCalendarProvider provider;
  private WebhookHandler handler;

  @BeforeEach
  void bookedAndPushed() {
    connect();
    use(provider());
    // The appointment as the sync worker left it: its event's id recorded.
    store.insert(booked(AppointmentStatus.SCHEDULED), ConflictCheck.none());
  }

  private void use(MicrosoftCalendarProvider outlook) {
    provider = outlook;
    handler =
        WebhookHandler.builder()
            .provider(outlook.webhooks())
            .appointmentStore(store)
            .inbox(new InMemoryWebhookInbox())
            .clock(clock)
            .build();
  }

  private static Appointment booked(AppointmentStatus status) {
    return appointment(APPOINTMENT).toBuilder()
        .status(status)
        .externalRef("microsoft", EVENT)
        .build();
  }

  private Appointment current() {
    return store.find(CLINIC, AppointmentId.of(APPOINTMENT)).orElseThrow();
  }

  /** Cita's event as a delta page lists it: its transactionId names the appointment. */
  private static String citasEvent(String showAs, String start, String end, String modified) {
    return MicrosoftTestSupport.citasEvent(EVENT, APPOINTMENT, showAs, start, end, modified);
  }

  /** The echo of Cita's own create: the appointment's own time, shown busy. */
  private static final String ECHO =
      citasEvent("busy", "2026-03-10T13:00:00", "2026-03-10T13:30:00", "2026-03-02T12:00:05Z");

  private static final String MOVED =
      citasEvent("busy", "2026-03-10T15:00:00", "2026-03-10T15:30:00", "2026-03-02T13:00:00Z");

  private static final String REMOVED =
      "{\"@odata.type\":\"#microsoft.graph.event\",\"id\":\""
          + EVENT
          + "\",\"@removed\":{\"reason\":\"deleted\"}}";

  private String page(String deltaToken, String... events) {
    return "{\"@odata.deltaLink\":\""
        + ms.baseUrl()
        + DELTA
        + "?$deltatoken="
        + deltaToken
        + "\",\"value\":["
        + String.join(",", events)
        + "]}";
  }

  /** A full read listing {@code events}, then each delta link answering the next page. */
  private void stubRounds(String[]... rounds) {
    ms.stubFor(get(urlPathEqualTo(DELTA)).atPriority(10).willReturn(okJson(page("d1", rounds[0]))));
    for (int i = 1; i < rounds.length; i++) {
      ms.stubFor(
          get(urlEqualTo(DELTA + "?$deltatoken=d" + i))
              .atPriority(1)
              .willReturn(okJson(page("d" + (i + 1), rounds[i]))));
    }
  }

  private boolean sync() {
    return provider.sync(
        provider.mailboxOf(CLINIC, DR_ANA),
        (m, events) ->
            new GraphNotifications(null, provider.changesSecret()).apply(handler, m, events));
  }

  @Test
  void theEchoOfCitasOwnWriteChangesNothing() {
    stubRounds(new String[] {ECHO});
    Appointment before = current();

    sync();

    assertThat(current().status()).isEqualTo(AppointmentStatus.SCHEDULED);
    assertThat(current().start()).isEqualTo(before.start());
    assertThat(current().end()).isEqualTo(before.end());
    // Only the time of the last provider event advances, so an older event cannot undo it.
    assertThat(current().providerEventAt()).hasValue(Instant.parse("2026-03-02T12:00:05Z"));
  }

  @Test
  void anEventDraggedInOutlookMovesTheAppointment() {
    stubRounds(new String[] {ECHO}, new String[] {MOVED});
    sync();

    sync();

    assertThat(current().start()).isEqualTo(Instant.parse("2026-03-10T15:00:00Z"));
    assertThat(current().end()).isEqualTo(Instant.parse("2026-03-10T15:30:00Z"));
    assertThat(current().status()).isEqualTo(AppointmentStatus.RESCHEDULED);
    assertThat(provider.busy(CLINIC, DR_ANA, WEEK_OF_10TH))
        .as("Cita's own event never becomes busy time: the appointment holds it")
        .isEmpty();
  }

  @Test
  void aReplayedChangeIsAppliedOnce() {
    // learn.microsoft.com/graph/delta-query-overview, "Replays": the same change may come again.
    stubRounds(new String[] {ECHO}, new String[] {MOVED}, new String[] {MOVED});
    sync();
    sync();
    long version = current().version();

    sync();

    assertThat(current().version()).isEqualTo(version);
    ms.verify(1, getRequestedFor(urlEqualTo(DELTA + "?$deltatoken=d2")));
  }

  @Test
  void anEventDeletedInOutlookCancelsTheAppointment() {
    stubRounds(new String[] {ECHO}, new String[] {REMOVED});
    ms.stubFor(
        get(urlPathEqualTo("/v1.0/me/events/" + EVENT))
            .willReturn(graphError(404, "ErrorItemNotFound")));
    sync();

    sync();

    assertThat(current().status()).isEqualTo(AppointmentStatus.CANCELLED);
    ms.verify(
        getRequestedFor(urlPathEqualTo("/v1.0/me/events/" + EVENT))
            .withQueryParam(
                "$expand",
                equalTo(
                    "singleValueExtendedProperties($filter=id eq '"
                        + GraphEvents.APPOINTMENT_PROPERTY
                        + "')")));
  }

  @Test
  void anEventMovedOutOfTheWindowIsReadAgainAndMovesTheAppointment() {
    // A removed event is also one moved outside the window (event-delta, "Response"): Graph still
    // has it, so it is moved, not cancelled.
    stubRounds(new String[] {ECHO}, new String[] {REMOVED});
    ms.stubFor(
        get(urlPathEqualTo("/v1.0/me/events/" + EVENT))
            .willReturn(
                okJson(
                    citasEvent(
                        "busy",
                        "2026-07-01T13:00:00",
                        "2026-07-01T13:30:00",
                        "2026-03-02T14:00:00Z"))));
    sync();

    sync();

    assertThat(current().status()).isEqualTo(AppointmentStatus.RESCHEDULED);
    assertThat(current().start()).isEqualTo(Instant.parse("2026-07-01T13:00:00Z"));
  }

  @Test
  void anEventCancelledInOutlookCancelsTheAppointment() {
    stubRounds(
        new String[] {ECHO},
        new String[] {
          citasEvent("busy", "2026-03-10T13:00:00", "2026-03-10T13:30:00", "2026-03-02T13:00:00Z")
              .replace("\"isCancelled\":false", "\"isCancelled\":true")
        });
    sync();

    sync();

    assertThat(current().status()).isEqualTo(AppointmentStatus.CANCELLED);
  }

  @Test
  void aRequestWrittenTentativeIsNotApprovedByItsEcho() {
    store.update(
        current().toBuilder().status(AppointmentStatus.REQUESTED).build(), ConflictCheck.none());
    stubRounds(
        new String[] {
          citasEvent(
              "tentative", "2026-03-10T13:00:00", "2026-03-10T13:30:00", "2026-03-02T12:00:05Z")
        });

    sync();

    assertThat(current().status()).isEqualTo(AppointmentStatus.REQUESTED);
  }

  @Test
  void anEventDeletedWhileTheDeltaLinkWasLostIsFoundByTheNextFullRead() {
    stubRounds(new String[] {ECHO});
    sync();
    // The next full read (after a missed notification) no longer lists the event, and Graph no
    // longer has it.
    ms.stubFor(get(urlPathEqualTo(DELTA)).willReturn(okJson(page("d9"))));
    ms.stubFor(
        get(urlPathEqualTo("/v1.0/me/events/" + EVENT))
            .willReturn(graphError(404, "ErrorItemNotFound")));
    provider.forgetDeltaLink(CLINIC, DR_ANA); // as a missed notification does

    sync();

    assertThat(current().status()).isEqualTo(AppointmentStatus.CANCELLED);
  }

  @Test
  void anEventDeletedWhileNoNodeKnewItIsFoundThroughTheAppointmentStore() {
    // Every node restarted: this provider never saw the event, but the store links the
    // appointment to it. The full read does not list it, and Graph no longer has it.
    use(providerBuilder().appointments(store).build());
    ms.stubFor(get(urlPathEqualTo(DELTA)).willReturn(okJson(page("d1"))));
    ms.stubFor(
        get(urlPathEqualTo("/v1.0/me/events/" + EVENT))
            .willReturn(graphError(404, "ErrorItemNotFound")));

    sync();

    assertThat(current().status()).isEqualTo(AppointmentStatus.CANCELLED);
  }

  @Test
  void withoutTheStoreANewNodeDoesNotReadUnknownEventsAgain() {
    ms.stubFor(get(urlPathEqualTo(DELTA)).willReturn(okJson(page("d1"))));

    sync();

    assertThat(current().status()).isEqualTo(AppointmentStatus.SCHEDULED);
    ms.verify(0, getRequestedFor(urlPathEqualTo("/v1.0/me/events/" + EVENT)));
  }

  @Test
  void aForgedRequestOfChangesIsRefused() {
    WebhookRequest forged =
        WebhookRequest.builder("POST", "https://app.example/hooks/microsoft")
            .header(GraphNotifications.CHANGES_HEADER, "guessed")
            .body("{\"tenant\":\"clinica-norte\",\"events\":[" + REMOVED + "]}")
            .build();

    WebhookResult result = handler.handle("microsoft", forged);

    assertThat(result.status()).isEqualTo(401);
    assertThat(current().status()).isEqualTo(AppointmentStatus.SCHEDULED);
  }

  @Test
  void theDeltaLinkStaysWhenTheChangesCouldNotBeApplied() {
    stubRounds(new String[] {ECHO}, new String[] {MOVED});
    sync();

    provider.sync(provider.mailboxOf(CLINIC, DR_ANA), (m, events) -> false);
    sync();

    ms.verify(2, getRequestedFor(urlEqualTo(DELTA + "?$deltatoken=d1")));
    assertThat(current().start()).isEqualTo(Instant.parse("2026-03-10T15:00:00Z"));
  }

  private static final dev.cita.scheduling.model.TimeInterval WEEK_OF_10TH =
      dev.cita.scheduling.model.TimeInterval.of(
          Instant.parse("2026-03-09T00:00:00Z"), Instant.parse("2026-03-16T00:00:00Z"));
}
