package dev.cita.scheduling.google;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.memory.InMemoryWebhookInbox;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.spi.ConflictCheck;
import dev.cita.scheduling.webhook.AppointmentTagSigner;
import dev.cita.scheduling.webhook.WebhookHandler;
import dev.cita.scheduling.webhook.WebhookRequest;
import dev.cita.scheduling.webhook.WebhookResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GoogleSyncTest extends GoogleTestSupport {
  private static final String APPOINTMENT = "7f1c9a52-3d1e-4c55-9a57-2b1e8f0c4d11";
  private static final String EVENT_ID =
      GoogleEventIds.forAppointment(AppointmentId.of(APPOINTMENT));
  private static final String EVENTS = "/calendar/v3/calendars/primary/events";
  private static final String HOOK = "https://app.example/hooks/google";
  private static final TimeInterval MARCH =
      TimeInterval.of(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-04-01T00:00:00Z"));
  private static final TimeInterval DENTIST =
      TimeInterval.of(Instant.parse("2026-03-10T15:00:00Z"), Instant.parse("2026-03-10T16:00:00Z"));

  /** 2026-03-12 in America/Santiago (UTC-3 until April). */
  private static final TimeInterval HOLIDAY =
      TimeInterval.of(Instant.parse("2026-03-12T03:00:00Z"), Instant.parse("2026-03-13T03:00:00Z"));

  private GoogleCalendarProvider provider;
  private GooglePushChannels push;
  private final InMemoryAppointmentStore appointments = new InMemoryAppointmentStore();
  private WebhookHandler webhooks;

  @BeforeEach
  void setUp() {
    connect();
    provider = provider();
    push = GooglePushChannels.builder(provider).address(HOOK).build();
    webhooks =
        WebhookHandler.builder()
            .clock(clock)
            .appointmentStore(appointments)
            .inbox(new InMemoryWebhookInbox())
            .provider(push.webhooks())
            .build();
  }

  private static String ourEvent(String status, String start, String end, String updated) {
    return ourEvent(
        status,
        start,
        end,
        updated,
        AppointmentTagSigner.ephemeral()
            .sign(
                dev.cita.scheduling.model.TenantId.of("clinica-norte"),
                "google",
                AppointmentId.of(APPOINTMENT)));
  }

  private static String ourEvent(
      String status, String start, String end, String updated, String signature) {
    return """
    {"kind":"calendar#event","id":"%s","status":"%s","updated":"%s",
     "start":{"dateTime":"%s","timeZone":"America/Santiago"},"end":{"dateTime":"%s","timeZone":"America/Santiago"},
     "extendedProperties":{"private":{"citaAppointmentId":"%s","citaTenant":"clinica-norte","citaStatus":"SCHEDULED"%s}}}
    """
        .formatted(
            EVENT_ID,
            status,
            updated,
            start,
            end,
            APPOINTMENT,
            signature == null ? "" : ",\"citaTagSignature\":\"" + signature + "\"");
  }

  private void stubFullSync() {
    google.stubFor(
        get(urlPathEqualTo(EVENTS))
            .withQueryParam("syncToken", absent())
            .withQueryParam("pageToken", absent())
            .willReturn(
                okJson(
                    """
                    {"kind":"calendar#events","timeZone":"America/Santiago","nextPageToken":"page-2","items":[
                      {"id":"dentist1","status":"confirmed","start":{"dateTime":"2026-03-10T15:00:00Z"},"end":{"dateTime":"2026-03-10T16:00:00Z"}},
                      {"id":"reminder1","status":"confirmed","transparency":"transparent",
                       "start":{"dateTime":"2026-03-10T17:00:00Z"},"end":{"dateTime":"2026-03-10T18:00:00Z"}},
                      %s]}\
                    """
                        .formatted(
                            ourEvent(
                                "confirmed",
                                "2026-03-10T13:00:00Z",
                                "2026-03-10T13:30:00Z",
                                "2026-03-02T12:00:00Z")))));
    google.stubFor(
        get(urlPathEqualTo(EVENTS))
            .withQueryParam("pageToken", equalTo("page-2"))
            .willReturn(
                okJson(
                    """
                    {"kind":"calendar#events","timeZone":"America/Santiago","nextSyncToken":"sync-1","items":[
                      {"id":"holiday1","status":"confirmed","start":{"date":"2026-03-12"},"end":{"date":"2026-03-13"}}]}\
                    """)));
  }

  @Test
  void fullSyncReadsEveryPageAndKeepsForeignBusyEventsOnly() {
    stubFullSync();

    GoogleSyncResult result = provider.sync(CLINIC, DR_ANA);

    assertThat(result).isEqualTo(new GoogleSyncResult(true, 2, 4, 1, 2));
    google.verify(
        getRequestedFor(urlPathEqualTo(EVENTS))
            .withQueryParam("maxResults", equalTo("250"))
            .withQueryParam("singleEvents", equalTo("true"))
            .withQueryParam("syncToken", absent())
            .withQueryParam("pageToken", absent())
            .withHeader("Authorization", equalTo("Bearer " + ACCESS)));
    google.verify(
        getRequestedFor(urlPathEqualTo(EVENTS))
            .withQueryParam("pageToken", equalTo("page-2"))
            .withQueryParam("singleEvents", equalTo("true"))
            .withQueryParam("syncToken", absent()));
    assertThat(provider.busy(CLINIC, DR_ANA, MARCH)).containsExactlyInAnyOrder(DENTIST, HOLIDAY);
  }

  @Test
  void incrementalSyncSendsTheSyncTokenAndAppliesDeletions() {
    stubFullSync();
    provider.sync(CLINIC, DR_ANA);
    google.stubFor(
        get(urlPathEqualTo(EVENTS))
            .withQueryParam("syncToken", equalTo("sync-1"))
            .willReturn(
                okJson(
                    """
                    {"kind":"calendar#events","nextSyncToken":"sync-2","items":[{"id":"dentist1","status":"cancelled"}]}\
                    """)));

    GoogleSyncResult result = provider.sync(CLINIC, DR_ANA);

    assertThat(result.full()).isFalse();
    google.verify(
        getRequestedFor(urlPathEqualTo(EVENTS))
            .withQueryParam("syncToken", equalTo("sync-1"))
            .withQueryParam("singleEvents", equalTo("true"))
            .withQueryParam("maxResults", equalTo("250")));
    assertThat(provider.busy(CLINIC, DR_ANA, MARCH)).containsExactly(HOLIDAY);
  }

  @Test
  void anExpiredSyncTokenLeadsToAFullResync() {
    stubFullSync();
    provider.sync(CLINIC, DR_ANA);
    google.stubFor(
        get(urlPathEqualTo(EVENTS))
            .withQueryParam("syncToken", equalTo("sync-1"))
            .willReturn(
                aResponse()
                    .withStatus(410)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":{\"code\":410,\"errors\":[{\"domain\":\"global\",\"reason\":\"fullSyncRequired\"}]}}")));

    GoogleSyncResult result = provider.sync(CLINIC, DR_ANA);

    assertThat(result.full()).isTrue();
    google.verify(
        1, getRequestedFor(urlPathEqualTo(EVENTS)).withQueryParam("syncToken", equalTo("sync-1")));
    google.verify(
        2,
        getRequestedFor(urlPathEqualTo(EVENTS))
            .withQueryParam("syncToken", absent())
            .withQueryParam("pageToken", absent()));
    assertThat(provider.busy(CLINIC, DR_ANA, MARCH)).containsExactlyInAnyOrder(DENTIST, HOLIDAY);
  }

  private void stubFreeBusy(String busyStart, String busyEnd) {
    google.stubFor(
        post(urlEqualTo("/calendar/v3/freeBusy"))
            .willReturn(
                okJson(
                    """
                    {"kind":"calendar#freeBusy","calendars":{"primary":{"busy":[{"start":"%s","end":"%s"}]}}}\
                    """
                        .formatted(busyStart, busyEnd))));
  }

  @Test
  void onceSyncedAFreeBusySnapshotIsOnlyReturnedAndNeverReplacesWhatSyncFound() {
    stubFullSync();
    provider.sync(CLINIC, DR_ANA);
    stubFreeBusy(
        "2026-03-10T13:00:00Z", "2026-03-10T13:30:00Z"); // Cita's own event, as free/busy sees it

    FreeBusyResult result = provider.refreshBusy(CLINIC, DR_ANA, MARCH);

    assertThat(result.busyOf(DR_ANA)).hasValueSatisfying(b -> assertThat(b).hasSize(1));
    assertThat(provider.busy(CLINIC, DR_ANA, MARCH)).containsExactlyInAnyOrder(DENTIST, HOLIDAY);
    assertThat(provider.busyCache().refreshedAt(CLINIC, DR_ANA)).contains(T0);
  }

  @Test
  void freeBusySnapshotsOfTwoRangesAddUpAndKeepTheClippedPartsOfEarlierOnes() {
    TimeInterval first =
        TimeInterval.of(
            Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-10T14:00:00Z"));
    stubFreeBusy("2026-03-10T13:00:00Z", "2026-03-10T14:00:00Z");
    provider.refreshBusy(CLINIC, DR_ANA, first);
    TimeInterval second =
        TimeInterval.of(
            Instant.parse("2026-03-10T13:30:00Z"), Instant.parse("2026-04-01T00:00:00Z"));
    stubFreeBusy("2026-03-10T13:30:00Z", "2026-03-10T14:00:00Z");

    provider.refreshBusy(CLINIC, DR_ANA, second);

    assertThat(provider.busy(CLINIC, DR_ANA, MARCH))
        .containsExactlyInAnyOrder(
            TimeInterval.of(
                Instant.parse("2026-03-10T13:00:00Z"), Instant.parse("2026-03-10T13:30:00Z")),
            TimeInterval.of(
                Instant.parse("2026-03-10T13:30:00Z"), Instant.parse("2026-03-10T14:00:00Z")));
    assertThatThrownBy(
            () ->
                provider.busy(
                    CLINIC,
                    DR_ANA,
                    TimeInterval.of(Instant.parse("2026-02-28T00:00:00Z"), Duration.ofDays(2))))
        .isInstanceOfSatisfying(
            ProviderException.class, e -> assertThat(e.providerCode()).contains("busyUnknown"));
  }

  @Test
  void aResourceMovedToAnotherCalendarIsUnknownUntilThatCalendarIsReadAndThenSyncsInFull() {
    stubFullSync();
    provider.sync(CLINIC, DR_ANA);
    calendars.assign(CLINIC, DR_ANA, CONNECTION, "ana-consultas");

    assertThatThrownBy(() -> provider.busy(CLINIC, DR_ANA, MARCH))
        .isInstanceOfSatisfying(
            ProviderException.class, e -> assertThat(e.providerCode()).contains("busyUnknown"));

    google.stubFor(
        get(urlPathEqualTo("/calendar/v3/calendars/ana-consultas/events"))
            .willReturn(
                okJson(
                    """
                    {"kind":"calendar#events","nextSyncToken":"room-1","items":[]}\
                    """)));
    GoogleSyncResult result = provider.sync(CLINIC, DR_ANA);

    assertThat(result.full()).isTrue();
    assertThat(provider.busy(CLINIC, DR_ANA, MARCH)).isEmpty();
  }

  // --- push channels --------------------------------------------------------------------------

  private GoogleChannel watch() {
    google.stubFor(
        post(urlEqualTo(EVENTS + "/watch"))
            .willReturn(
                okJson(
                    """
                    {"kind":"api#channel","id":"ignored","resourceId":"res-primary","resourceUri":"x","expiration":"%d"}\
                    """
                        .formatted(T0.plus(Duration.ofDays(7)).toEpochMilli()))));
    return push.watch(CLINIC, DR_ANA);
  }

  private static WebhookRequest notification(GoogleChannel channel, String state, String token) {
    return WebhookRequest.builder("POST", HOOK)
        .header("X-Goog-Channel-ID", channel.id())
        .header("X-Goog-Channel-Token", token)
        .header("X-Goog-Resource-ID", channel.resourceId())
        .header("X-Goog-Resource-State", state)
        .header("X-Goog-Message-Number", "1")
        .build();
  }

  @Test
  void watchOpensAWebHookChannelWithASecretTokenAndAnExpiry() {
    GoogleChannel channel = watch();

    google.verify(
        postRequestedFor(urlEqualTo(EVENTS + "/watch"))
            .withRequestBody(matchingJsonPath("$.type", equalTo("web_hook")))
            .withRequestBody(matchingJsonPath("$.address", equalTo(HOOK)))
            .withRequestBody(matchingJsonPath("$.id", equalTo(channel.id())))
            .withRequestBody(matchingJsonPath("$.token", equalTo(channel.token())))
            .withRequestBody(
                matchingJsonPath(
                    "$.expiration",
                    equalTo(String.valueOf(T0.plus(Duration.ofDays(7)).toEpochMilli())))));
    assertThat(channel.id()).hasSizeLessThanOrEqualTo(64);
    assertThat(channel.resourceId()).isEqualTo("res-primary");
    assertThat(channel.token()).hasSizeGreaterThanOrEqualTo(40);
    assertThat(channel.toString()).doesNotContain(channel.token());
  }

  // Issue 15: events.watch retried after a lost answer. Google refuses a channel id that is already
  // in use and a channel lives until it expires or is stopped
  // (developers.google.com/calendar/api/guides/push,
  // "Creating notification channels" / "Stopping notifications": channels.stop takes the id and
  // resourceId).
  // Before the fix both attempts carried the same id, and the first attempt's channel was unknown
  // to the store.
  @Test
  void aWatchRetriedAfterALostAnswerUsesANewIdAndTheOrphanIsStoppedWhenItNotifies() {
    google.stubFor(
        post(urlEqualTo(EVENTS + "/watch"))
            .inScenario("watch")
            .whenScenarioStateIs(STARTED)
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
            .willSetStateTo("ok"));
    google.stubFor(
        post(urlEqualTo(EVENTS + "/watch"))
            .inScenario("watch")
            .whenScenarioStateIs("ok")
            .willReturn(
                okJson(
                    """
                    {"kind":"api#channel","id":"ignored","resourceId":"res-primary","resourceUri":"x","expiration":"%d"}\
                    """
                        .formatted(T0.plus(Duration.ofDays(7)).toEpochMilli()))));
    google.stubFor(
        post(urlEqualTo("/calendar/v3/channels/stop")).willReturn(aResponse().withStatus(204)));

    GoogleChannel channel = push.watch(CLINIC, DR_ANA);

    List<String> ids =
        google.findAll(postRequestedFor(urlEqualTo(EVENTS + "/watch"))).stream()
            .map(r -> r.getBodyAsString().replaceAll(".*\"id\"\\s*:\\s*\"([^\"]+)\".*", "$1"))
            .toList();
    assertThat(ids).hasSize(2).doesNotHaveDuplicates();
    assertThat(channel.id()).isEqualTo(ids.get(1));
    GoogleChannel orphan =
        new GoogleChannel(ids.get(0), "res-orphan", channel.token(), T0, channel.assignment());

    WebhookResult result = push.handle(webhooks, notification(orphan, "exists", channel.token()));

    assertThat(result.status()).isEqualTo(200);
    google.verify(
        1,
        postRequestedFor(urlEqualTo("/calendar/v3/channels/stop"))
            .withRequestBody(
                equalToJson("{\"id\":\"" + ids.get(0) + "\",\"resourceId\":\"res-orphan\"}")));
    google.verify(0, getRequestedFor(urlPathEqualTo(EVENTS)));
    assertThat(push.handle(webhooks, notification(orphan, "exists", channel.token())).status())
        .as("stopped once, then unknown")
        .isEqualTo(401);
  }

  @Test
  void theSyncNotificationIsAcknowledgedAndNothingElse() {
    GoogleChannel channel = watch();

    WebhookResult result = push.handle(webhooks, notification(channel, "sync", channel.token()));

    assertThat(result.status()).isEqualTo(200);
    google.verify(0, getRequestedFor(urlPathEqualTo(EVENTS)));
  }

  @Test
  void aNotificationWithAWrongTokenOrUnknownChannelIsRefused() {
    GoogleChannel channel = watch();

    assertThat(push.handle(webhooks, notification(channel, "exists", "forged")).status())
        .isEqualTo(401);
    GoogleChannel unknown = new GoogleChannel("nope", "res-primary", "t", T0, channel.assignment());
    assertThat(push.handle(webhooks, notification(unknown, "exists", "t")).status()).isEqualTo(401);
    google.verify(0, getRequestedFor(urlPathEqualTo(EVENTS)));
  }

  @Test
  void anEventMovedOrDeletedInGoogleMovesOrCancelsTheAppointmentThroughTheWebhookPipeline() {
    appointments.insert(
        GoogleTestSupport.appointment(APPOINTMENT, AppointmentStatus.SCHEDULED).toBuilder()
            .externalRef("google", EVENT_ID)
            .build(),
        ConflictCheck.none());
    GoogleChannel channel = watch();
    google.stubFor(
        get(urlPathEqualTo(EVENTS))
            .withQueryParam("syncToken", absent())
            .willReturn(
                okJson(
                    """
                    {"kind":"calendar#events","timeZone":"America/Santiago","nextSyncToken":"sync-1","items":[%s]}\
                    """
                        .formatted(
                            ourEvent(
                                "confirmed",
                                "2026-03-11T15:00:00Z",
                                "2026-03-11T15:30:00Z",
                                "2026-03-02T12:05:00Z")))));

    WebhookResult moved = push.handle(webhooks, notification(channel, "exists", channel.token()));

    assertThat(moved.status()).isEqualTo(200);
    Appointment afterMove = appointments.find(CLINIC, AppointmentId.of(APPOINTMENT)).orElseThrow();
    assertThat(afterMove.start()).isEqualTo(Instant.parse("2026-03-11T15:00:00Z"));
    assertThat(afterMove.end()).isEqualTo(Instant.parse("2026-03-11T15:30:00Z"));
    assertThat(afterMove.status()).isEqualTo(AppointmentStatus.RESCHEDULED);
    assertThat(provider.busy(CLINIC, DR_ANA, MARCH)).isEmpty();

    google.stubFor(
        get(urlPathEqualTo(EVENTS))
            .withQueryParam("syncToken", equalTo("sync-1"))
            .willReturn(
                okJson(
                    """
                    {"kind":"calendar#events","nextSyncToken":"sync-2","items":[{"id":"%s","status":"cancelled"}]}\
                    """
                        .formatted(EVENT_ID))));

    clock.advance(
        Duration.ofMinutes(10)); // a deleted event carries no "updated": it counts as happening now
    WebhookResult deleted = push.handle(webhooks, notification(channel, "exists", channel.token()));

    assertThat(deleted.status()).isEqualTo(200);
    assertThat(appointments.find(CLINIC, AppointmentId.of(APPOINTMENT)).orElseThrow().status())
        .isEqualTo(AppointmentStatus.CANCELLED);
  }

  @Test
  void aMoveInGoogleBeforeTheWorkerStoredTheEventIdStillMovesTheAppointment() {
    appointments.insert(
        GoogleTestSupport.appointment(APPOINTMENT, AppointmentStatus.SCHEDULED),
        ConflictCheck.none());
    GoogleChannel channel = watch();
    google.stubFor(
        get(urlPathEqualTo(EVENTS))
            .withQueryParam("syncToken", absent())
            .willReturn(
                okJson(
                    """
                    {"kind":"calendar#events","timeZone":"America/Santiago","nextSyncToken":"sync-1","items":[%s]}\
                    """
                        .formatted(
                            ourEvent(
                                "confirmed",
                                "2026-03-11T15:00:00Z",
                                "2026-03-11T15:30:00Z",
                                "2026-03-02T12:05:00Z")))));

    assertThat(push.handle(webhooks, notification(channel, "exists", channel.token())).status())
        .isEqualTo(200);

    assertThat(appointments.size())
        .as("linked by the appointment id the event carries, not a new one")
        .isEqualTo(1);
    Appointment after = appointments.find(CLINIC, AppointmentId.of(APPOINTMENT)).orElseThrow();
    assertThat(after.start()).isEqualTo(Instant.parse("2026-03-11T15:00:00Z"));
    assertThat(after.externalRef("google")).contains(EVENT_ID);
  }

  // Issue 14, webhooks bullet 4: a private tag without a valid signature links nothing.
  @Test
  void aWronglySignedTagDoesNotMoveTheAppointment() {
    appointments.insert(
        GoogleTestSupport.appointment(APPOINTMENT, AppointmentStatus.SCHEDULED),
        ConflictCheck.none());
    Instant start = appointments.find(CLINIC, AppointmentId.of(APPOINTMENT)).orElseThrow().start();
    GoogleChannel channel = watch();
    google.stubFor(
        get(urlPathEqualTo(EVENTS))
            .withQueryParam("syncToken", absent())
            .willReturn(
                okJson(
                    """
                    {"kind":"calendar#events","timeZone":"America/Santiago","nextSyncToken":"sync-1","items":[%s]}\
                    """
                        .formatted(
                            ourEvent(
                                "confirmed",
                                "2026-03-11T15:00:00Z",
                                "2026-03-11T15:30:00Z",
                                "2026-03-02T12:05:00Z",
                                AppointmentTagSigner.fromMasterSecret(new byte[32])
                                    .sign(CLINIC, "google", AppointmentId.of(APPOINTMENT)))))));

    assertThat(push.handle(webhooks, notification(channel, "exists", channel.token())).status())
        .isEqualTo(200);

    Appointment after = appointments.find(CLINIC, AppointmentId.of(APPOINTMENT)).orElseThrow();
    assertThat(after.start()).isEqualTo(start);
    assertThat(after.externalRef("google")).isEmpty();
  }

  @Test
  void onlyResourcesWithAnAssignedCalendarAreCovered() {
    assertThat(provider.covers(CLINIC, DR_ANA)).isTrue();
    assertThat(provider.covers(CLINIC, dev.cita.scheduling.model.ResourceId.of("sala-2")))
        .isFalse();
  }

  @Test
  void theEchoOfCitasOwnWriteDoesNotConfirmAScheduledAppointment() {
    appointments.insert(
        GoogleTestSupport.appointment(APPOINTMENT, AppointmentStatus.SCHEDULED).toBuilder()
            .externalRef("google", EVENT_ID)
            .build(),
        ConflictCheck.none());
    GoogleChannel channel = watch();
    google.stubFor(
        get(urlPathEqualTo(EVENTS))
            .willReturn(
                okJson(
                    """
                    {"kind":"calendar#events","nextSyncToken":"sync-1","items":[%s]}\
                    """
                        .formatted(
                            ourEvent(
                                "confirmed",
                                "2026-03-10T13:00:00Z",
                                "2026-03-10T13:30:00Z",
                                "2026-03-02T12:01:00Z")))));

    push.handle(webhooks, notification(channel, "exists", channel.token()));

    Appointment after = appointments.find(CLINIC, AppointmentId.of(APPOINTMENT)).orElseThrow();
    assertThat(after.status()).isEqualTo(AppointmentStatus.SCHEDULED);
    assertThat(after.start()).isEqualTo(Instant.parse("2026-03-10T13:00:00Z"));
  }

  @Test
  void aRetryableSyncFailureAnswers500SoGoogleSendsAgain() {
    GoogleChannel channel = watch();
    google.stubFor(get(urlPathEqualTo(EVENTS)).willReturn(aResponse().withStatus(503)));

    assertThat(push.handle(webhooks, notification(channel, "exists", channel.token())).status())
        .isEqualTo(500);
  }

  @Test
  void channelsAreRenewedBeforeTheyExpireAndTheOldOneIsStopped() {
    GoogleChannel old = watch();
    google.stubFor(
        post(urlEqualTo("/calendar/v3/channels/stop")).willReturn(aResponse().withStatus(204)));
    google.stubFor(
        post("/token")
            .willReturn(okJson("{\"access_token\":\"ya29.later-SECRET\",\"expires_in\":3599}")));
    clock.advance(Duration.ofDays(5));
    assertThat(push.renewExpiring()).isEmpty();

    clock.advance(Duration.ofDays(1).plusHours(1));
    List<GoogleChannel> renewed = push.renewExpiring();

    assertThat(renewed).hasSize(1);
    assertThat(renewed.get(0).id()).isNotEqualTo(old.id());
    google.verify(2, postRequestedFor(urlEqualTo(EVENTS + "/watch")));
    google.verify(
        postRequestedFor(urlEqualTo("/calendar/v3/channels/stop"))
            .withRequestBody(
                equalToJson("{\"id\":\"" + old.id() + "\",\"resourceId\":\"res-primary\"}")));
    assertThat(push.handle(webhooks, notification(old, "sync", old.token())).status())
        .isEqualTo(401);
    assertThat(
            push.handle(webhooks, notification(renewed.get(0), "sync", renewed.get(0).token()))
                .status())
        .isEqualTo(200);
  }

  /**
   * An event Cita wrote for another tenant that shares this Google calendar (two branches, one
   * account).
   */
  private static final String OTHER_APPOINTMENT = "0b7e3c1a-9f7d-4e0a-8c44-61d2f0a9b7e2";

  private static final String OTHER_EVENT_ID =
      GoogleEventIds.forAppointment(AppointmentId.of(OTHER_APPOINTMENT));

  private static String otherTenantsEvent(String start, String end) {
    return """
    {"kind":"calendar#event","id":"%s","status":"confirmed","updated":"2026-03-02T12:01:00Z",
     "start":{"dateTime":"%s"},"end":{"dateTime":"%s"},
     "extendedProperties":{"private":{"citaAppointmentId":"%s","citaTenant":"otra-sucursal","citaStatus":"SCHEDULED"}}}
    """
        .formatted(OTHER_EVENT_ID, start, end, OTHER_APPOINTMENT);
  }

  @Test
  void anotherTenantsCitaEventInASharedCalendarStillBlocksTimeAndIsNotTakenAsOurs() {
    google.stubFor(
        get(urlPathEqualTo(EVENTS))
            .willReturn(
                okJson(
                    """
                    {"kind":"calendar#events","nextSyncToken":"sync-1","items":[%s]}\
                    """
                        .formatted(
                            otherTenantsEvent("2026-03-10T19:00:00Z", "2026-03-10T20:00:00Z")))));

    GoogleSyncResult result = provider.sync(CLINIC, DR_ANA);

    assertThat(provider.busy(CLINIC, DR_ANA, MARCH))
        .as("the other branch's appointment is busy time here")
        .containsExactly(
            TimeInterval.of(
                Instant.parse("2026-03-10T19:00:00Z"), Instant.parse("2026-03-10T20:00:00Z")));
    assertThat(result.appointmentEvents()).isZero();
  }

  @Test
  void aNotificationOfThisTenantNeverChangesAnotherTenantsAppointment() {
    dev.cita.scheduling.model.TenantId other =
        dev.cita.scheduling.model.TenantId.of("otra-sucursal");
    Appointment theirs =
        appointments.insert(
            GoogleTestSupport.appointment(OTHER_APPOINTMENT, AppointmentStatus.SCHEDULED)
                .toBuilder()
                .tenant(other)
                .build(),
            ConflictCheck.none());
    GoogleChannel channel = watch();
    google.stubFor(
        get(urlPathEqualTo(EVENTS))
            .willReturn(
                okJson(
                    """
                    {"kind":"calendar#events","nextSyncToken":"sync-1","items":[%s]}\
                    """
                        .formatted(
                            otherTenantsEvent("2026-03-11T19:00:00Z", "2026-03-11T20:00:00Z")))));

    WebhookResult result = push.handle(webhooks, notification(channel, "exists", channel.token()));

    assertThat(result.status()).isEqualTo(200);
    assertThat(appointments.find(other, theirs.id())).contains(theirs);
    assertThat(appointments.find(CLINIC, theirs.id())).isEmpty();
  }
}
