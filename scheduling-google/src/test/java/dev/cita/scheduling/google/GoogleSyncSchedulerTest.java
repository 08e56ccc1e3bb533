package dev.cita.scheduling.google;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
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
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.google.GoogleSyncScheduler.Round;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.ConnectionState;
import dev.cita.scheduling.token.ConnectionStatus;
import dev.cita.scheduling.token.OAuthCredential;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scheduler against a WireMock Google and a fake clock; rounds run with runOnce, nothing
 * sleeps.
 */
class GoogleSyncSchedulerTest extends GoogleTestSupport {
  private static final String EVENTS = "/calendar/v3/calendars/primary/events";
  private static final String HOOK = "https://app.example/hooks/google";
  private static final TimeInterval DENTIST =
      TimeInterval.of(Instant.parse("2026-03-10T15:00:00Z"), Instant.parse("2026-03-10T16:00:00Z"));
  private static final TimeInterval MARCH =
      TimeInterval.of(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-04-01T00:00:00Z"));

  private GoogleCalendarProvider provider;
  private GooglePushChannels push;
  private GoogleSyncScheduler scheduler;

  @BeforeEach
  void setUp() {
    connect();
    provider = provider();
    push = GooglePushChannels.builder(provider).address(HOOK).build();
    scheduler = GoogleSyncScheduler.builder(provider).pushChannels(push).build();
    // Google grants what was asked for (no "expiration" in the answer): channels live 7 days from
    // now.
    google.stubFor(
        post(urlPathEqualTo(EVENTS + "/watch"))
            .willReturn(
                okJson(
                    """
                    {"kind":"api#channel","id":"ignored","resourceId":"res-primary","resourceUri":"x"}\
                    """)));
    google.stubFor(
        post(urlEqualTo("/calendar/v3/channels/stop")).willReturn(aResponse().withStatus(204)));
    google.stubFor(
        get(urlPathEqualTo(EVENTS))
            .withQueryParam("syncToken", absent())
            .willReturn(
                okJson(
                    """
                    {"kind":"calendar#events","timeZone":"America/Santiago","nextSyncToken":"sync-1","items":[
                      {"id":"dentist1","status":"confirmed","start":{"dateTime":"2026-03-10T15:00:00Z"},"end":{"dateTime":"2026-03-10T16:00:00Z"}}]}\
                    """)));
    google.stubFor(
        get(urlPathEqualTo(EVENTS))
            .withQueryParam("syncToken", equalTo("sync-1"))
            .willReturn(
                okJson(
                    """
                    {"kind":"calendar#events","nextSyncToken":"sync-1","items":[]}\
                    """)));
    google.stubFor(
        post(urlEqualTo("/calendar/v3/freeBusy"))
            .willReturn(
                okJson(
                    """
                    {"kind":"calendar#freeBusy","calendars":{"primary":{"busy":[]},
                      "box-cal":{"errors":[{"domain":"global","reason":"notFound"}],"busy":[]}}}\
                    """)));
    google.stubFor(
        post("/token")
            .willReturn(okJson("{\"access_token\":\"ya29.later-SECRET\",\"expires_in\":3599}")));
  }

  @Test
  void runOnceRefreshesFreeBusyWatchesAndSyncsAResourceNeverSeenThenOnlyWhatIsDue() {
    Round first = scheduler.runOnce();

    assertThat(first).isEqualTo(new Round(1, 0, 1, 1, 0, 0));
    // a day back and 60 days ahead, in Google's 60-day chunks
    google.verify(2, postRequestedFor(urlEqualTo("/calendar/v3/freeBusy")));
    google.verify(
        postRequestedFor(urlEqualTo("/calendar/v3/freeBusy"))
            .withRequestBody(
                equalToJson(
                    """
                    {"timeMin":"2026-03-01T12:00:00.000Z","timeMax":"2026-04-30T12:00:00.000Z","timeZone":"UTC",
                     "items":[{"id":"primary"}]}\
                    """)));
    google.verify(
        postRequestedFor(urlEqualTo("/calendar/v3/freeBusy"))
            .withRequestBody(
                equalToJson(
                    """
                    {"timeMin":"2026-04-30T12:00:00.000Z","timeMax":"2026-05-01T12:00:00.000Z","timeZone":"UTC",
                     "items":[{"id":"primary"}]}\
                    """)));
    google.verify(
        1,
        postRequestedFor(urlPathEqualTo(EVENTS + "/watch"))
            .withRequestBody(matchingJsonPath("$.address", equalTo(HOOK))));
    google.verify(1, getRequestedFor(urlPathEqualTo(EVENTS)).withQueryParam("syncToken", absent()));
    assertThat(push.channelStore().all())
        .singleElement()
        .satisfies(c -> assertThat(c.expiresAt()).isEqualTo(T0.plus(Duration.ofDays(7))));
    assertThat(provider.busy(CLINIC, DR_ANA, MARCH)).containsExactly(DENTIST);

    int calls = google.getAllServeEvents().size();
    assertThat(scheduler.runOnce())
        .as("nothing due a moment later")
        .isEqualTo(new Round(0, 0, 0, 0, 0, 0));
    assertThat(google.getAllServeEvents()).hasSize(calls);

    clock.advance(Duration.ofMinutes(10));
    assertThat(scheduler.runOnce())
        .as("the safety-net sync")
        .isEqualTo(new Round(0, 0, 1, 0, 0, 0));
    google.verify(
        1, getRequestedFor(urlPathEqualTo(EVENTS)).withQueryParam("syncToken", equalTo("sync-1")));
    google.verify(1, postRequestedFor(urlPathEqualTo(EVENTS + "/watch")));
  }

  @Test
  void aSyncDrivenByPushCountsSoTheSafetyNetWaitsItsInterval() {
    scheduler.runOnce();
    clock.advance(Duration.ofMinutes(8));
    provider.sync(CLINIC, DR_ANA); // as a push notification would

    clock.advance(Duration.ofMinutes(3));
    assertThat(scheduler.runOnce().synced()).isZero();
    clock.advance(Duration.ofMinutes(7));
    assertThat(scheduler.runOnce().synced()).isEqualTo(1);
  }

  @Test
  void afterARestartWithAnInMemoryChannelStoreEveryResourceIsWatchedAgainAndSynced() {
    scheduler.runOnce();
    GooglePushChannels restarted = GooglePushChannels.builder(provider).address(HOOK).build();
    GoogleSyncScheduler again =
        GoogleSyncScheduler.builder(provider).pushChannels(restarted).build();

    Round round = again.runOnce();

    assertThat(round.watched()).isEqualTo(1);
    assertThat(round.synced()).as("changes made while nobody watched").isEqualTo(1);
    assertThat(restarted.channelStore().all()).hasSize(1);
    google.verify(2, postRequestedFor(urlPathEqualTo(EVENTS + "/watch")));
    google.verify(
        1, getRequestedFor(urlPathEqualTo(EVENTS)).withQueryParam("syncToken", equalTo("sync-1")));
  }

  @Test
  void aChannelIsRenewedWithinTheMarginAndTheOldOneStopped() {
    scheduler.runOnce();
    GoogleChannel old = push.channelStore().all().get(0);
    clock.advance(Duration.ofDays(5));
    assertThat(scheduler.runOnce().renewed()).isZero();

    clock.advance(Duration.ofDays(1).plusHours(1));
    Round round = scheduler.runOnce();

    assertThat(round.renewed()).isEqualTo(1);
    assertThat(round.watched()).isZero();
    google.verify(2, postRequestedFor(urlPathEqualTo(EVENTS + "/watch")));
    google.verify(
        postRequestedFor(urlEqualTo("/calendar/v3/channels/stop"))
            .withRequestBody(
                equalToJson("{\"id\":\"" + old.id() + "\",\"resourceId\":\"res-primary\"}")));
    assertThat(push.channelStore().all())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.id()).isNotEqualTo(old.id());
              assertThat(c.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofDays(7)));
            });
  }

  @Test
  void aChannelThatExpiredWhileNothingRanIsReplacedAndTheGapSynced() {
    scheduler.runOnce();
    clock.advance(Duration.ofDays(8));

    Round round = scheduler.runOnce();

    assertThat(round.renewed() + round.watched()).isEqualTo(1);
    assertThat(round.synced()).isEqualTo(1);
    assertThat(push.channelStore().all())
        .singleElement()
        .satisfies(c -> assertThat(c.expiresAt()).isAfter(clock.instant()));
  }

  @Test
  void oneFailingResourceOrConnectionDoesNotStopTheOthersAndWaitsBeforeItsNextTry() {
    // Sorted before "dra-ana": a calendar Google no longer knows ...
    String boxEvents = assignBoxGoogleNoLongerKnows();
    // ... and, sorted before "clinica-norte", a tenant whose grant Google revoked.
    TenantId agency = TenantId.of("agencia-este");
    ConnectionKey agencyConnection = ConnectionKey.of(agency, "google", "este@agencia.cl");
    credentials.connect(
        agencyConnection,
        OAuthCredential.builder("google", "este@agencia.cl", "ya29.este-SECRET")
            .refreshToken("1//este-SECRET")
            .expiresAt(T0.minusSeconds(60))
            .build());
    calendars.assign(agency, ResourceId.of("agente-1"), agencyConnection, "primary");
    google.stubFor(
        post("/token")
            .withRequestBody(containing("este-SECRET"))
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":\"invalid_grant\",\"error_description\":\"Token has been"
                            + " expired or revoked.\"}")));

    Round round = scheduler.runOnce();

    assertThat(round.watched()).as("dra-ana").isEqualTo(1);
    assertThat(round.synced()).as("dra-ana").isEqualTo(1);
    assertThat(round.refreshed()).as("dra-ana").isEqualTo(1);
    assertThat(round.failed()).as("agency free/busy; box free/busy, watch and sync").isEqualTo(4);
    assertThat(round.skipped())
        .as("the agency's resource, once its grant was refused")
        .isEqualTo(1);
    assertThat(provider.busy(CLINIC, DR_ANA, MARCH)).containsExactly(DENTIST);
    assertThat(credentials.status(agencyConnection).status())
        .isEqualTo(ConnectionStatus.NEEDS_REAUTHORIZATION);
    int calls = google.getAllServeEvents().size();

    assertThat(scheduler.runOnce())
        .as("failed steps wait one sync interval")
        .isEqualTo(new Round(0, 0, 0, 0, 1, 0));
    assertThat(google.getAllServeEvents()).hasSize(calls);

    clock.advance(Duration.ofMinutes(10));
    Round later = scheduler.runOnce();
    assertThat(later.failed()).as("box free/busy, watch and sync tried again").isEqualTo(3);
    assertThat(later.synced()).isEqualTo(1);
    google.verify(2, postRequestedFor(urlPathEqualTo(boxEvents + "/watch")));
    google.verify(
        1, postRequestedFor(urlEqualTo("/token")).withRequestBody(containing("este-SECRET")));
  }

  /** Assigns resource box-1 to a calendar whose watch and events Google answer 404. */
  private String assignBoxGoogleNoLongerKnows() {
    ResourceId box = ResourceId.of("box-1");
    calendars.assign(CLINIC, box, CONNECTION, "box-cal");
    String boxEvents = "/calendar/v3/calendars/box-cal/events";
    google.stubFor(post(urlPathEqualTo(boxEvents + "/watch")).willReturn(notFound()));
    google.stubFor(get(urlPathEqualTo(boxEvents)).willReturn(notFound()));
    return boxEvents;
  }

  @Test
  void failureMarksOfAResourceUnassignedSinceAreDroppedOnceTheirIntervalIsOver() {
    assignBoxGoogleNoLongerKnows();
    assertThat(scheduler.runOnce().failed()).as("box free/busy, watch and sync").isEqualTo(3);
    assertThat(scheduler.rememberedFailures()).isEqualTo(3);

    calendars.unassign(CLINIC, ResourceId.of("box-1"));
    clock.advance(Duration.ofMinutes(10));
    scheduler.runOnce();

    assertThat(scheduler.rememberedFailures()).isZero();
  }

  @Test
  void aConnectionThatNeedsReauthorizationIsSkippedUntilTheTenantReconnects() {
    statuses.save(
        CONNECTION,
        new ConnectionState(ConnectionStatus.NEEDS_REAUTHORIZATION, T0, "invalid_grant"));

    assertThat(scheduler.runOnce()).isEqualTo(new Round(0, 0, 0, 0, 1, 0));
    assertThat(google.getAllServeEvents()).isEmpty();

    credentials.connect(
        CONNECTION,
        OAuthCredential.builder("google", EMAIL, "ya29.again-SECRET")
            .refreshToken(REFRESH)
            .expiresAt(T0.plus(Duration.ofHours(1)))
            .accountEmail(EMAIL)
            .build());
    Round round = scheduler.runOnce();

    assertThat(round.watched()).isEqualTo(1);
    assertThat(round.synced()).isEqualTo(1);
    assertThat(round.skipped()).isZero();
  }

  @Test
  void channelsOfARevokedConnectionAreNotRenewed() {
    scheduler.runOnce();
    credentials.markRevoked(CONNECTION, "revoked by the tenant");
    clock.advance(Duration.ofDays(6).plusHours(1));

    assertThat(scheduler.runOnce()).isEqualTo(new Round(0, 0, 0, 0, 1, 0));
    google.verify(1, postRequestedFor(urlPathEqualTo(EVENTS + "/watch")));
    google.verify(0, postRequestedFor(urlEqualTo("/calendar/v3/channels/stop")));
  }

  @Test
  void badSettingsAreRefusedNamingTheField() {
    GoogleSyncScheduler.Builder builder = GoogleSyncScheduler.builder(provider);
    assertThatThrownBy(() -> builder.syncInterval(Duration.ZERO))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("syncInterval"));
    assertThatThrownBy(() -> builder.busyHorizon(Duration.ofDays(-1)))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("busyHorizon"));
    assertThatThrownBy(() -> builder.pollInterval(null))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("pollInterval"));
    assertThatThrownBy(() -> GoogleSyncScheduler.builder(null))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("provider"));
    GooglePushChannels otherProvidersChannels =
        GooglePushChannels.builder(provider()).address(HOOK).build();
    assertThatThrownBy(
            () ->
                GoogleSyncScheduler.builder(provider).pushChannels(otherProvidersChannels).build())
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("pushChannels"));
  }

  @Test
  void withoutPushChannelsItOnlyRefreshesAndSyncs() {
    GoogleSyncScheduler syncOnly =
        GoogleSyncScheduler.builder(provider).syncInterval(Duration.ofMinutes(2)).build();

    assertThat(syncOnly.runOnce()).isEqualTo(new Round(0, 0, 1, 1, 0, 0));
    clock.advance(Duration.ofMinutes(2));
    assertThat(syncOnly.runOnce()).isEqualTo(new Round(0, 0, 1, 0, 0, 0));

    google.verify(0, postRequestedFor(urlPathEqualTo(EVENTS + "/watch")));
    google.verify(
        1, getRequestedFor(urlPathEqualTo(EVENTS)).withQueryParam("syncToken", equalTo("sync-1")));
    assertThat(provider.busy(CLINIC, DR_ANA, MARCH)).containsExactly(DENTIST);
  }

  @Test
  void startAndStopLikeTheOtherWorkers() {
    GoogleSyncScheduler idle =
        GoogleSyncScheduler.builder(provider)
            .pushChannels(push)
            .pollInterval(Duration.ofHours(1))
            .build();
    assertThat(idle.isRunning()).isFalse();

    idle.start();
    idle.start();
    assertThat(idle.isRunning()).isTrue();
    idle.stop();
    assertThat(idle.isRunning()).isFalse();
    idle.start();
    assertThat(idle.isRunning()).as("a stopped scheduler starts again").isTrue();
    idle.close();
    assertThat(idle.isRunning()).isFalse();
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder notFound() {
    return aResponse()
        .withStatus(404)
        .withHeader("Content-Type", "application/json")
        .withBody(
            "{\"error\":{\"code\":404,\"message\":\"Not"
                + " Found\",\"errors\":[{\"domain\":\"global\",\"reason\":\"notFound\"}]}}");
  }
}
