package dev.cita.scheduling.microsoft;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.memory.InMemoryLeaseStore;
import dev.cita.scheduling.memory.InMemoryPushChannelStore;
import dev.cita.scheduling.memory.InMemoryWebhookInbox;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.spi.ConflictCheck;
import dev.cita.scheduling.spi.PushChannel;
import dev.cita.scheduling.spi.ResourceCalendar;
import dev.cita.scheduling.webhook.WebhookHandler;
import dev.cita.scheduling.webhook.WebhookRequest;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link MicrosoftSyncScheduler} on a fake clock against a WireMock Graph. Stubs: delta pages as in
 * learn.microsoft.com/graph/api/event-delta; subscriptions as in
 * learn.microsoft.com/graph/api/subscription-post-subscriptions and subscription-update; a change
 * notification as in learn.microsoft.com/graph/change-notifications-delivery-webhooks; errors as in
 * learn.microsoft.com/graph/errors.
 */
class MicrosoftSyncSchedulerTest extends MicrosoftTestSupport {
  private static final String HOOK = "https://app.example/hooks/microsoft";
  private static final String ANA_DELTA = "/v1.0/me/calendarView/delta";
  private static final String ROOM_DELTA = "/v1.0/users/sala2@clinica.cl/calendarView/delta";
  private static final String SUB_ID = "7f105c7d-2dc5-4530-97cd-4e7ae6534c07";
  private static final String APPOINTMENT = "7c1e6a52-0d1b-4f5e-9d3a-2b8f0c4e6a11";
  private static final String EVENT = "AAMkAGI2TG93AAA=";

  private final InMemoryAppointmentStore store = new InMemoryAppointmentStore();
  private final InMemoryPushChannelStore channels = new InMemoryPushChannelStore();
  private final InMemoryLeaseStore leases = new InMemoryLeaseStore();
  private MicrosoftCalendarProvider provider;
  private MicrosoftSubscriptions subs;
  private WebhookHandler handler;

  @BeforeEach
  void connected() {
    connect();
    stubTokenRefresh();
    provider = provider();
    subs = MicrosoftSubscriptions.builder(provider, graph, channels).notificationUrl(HOOK).build();
    handler =
        WebhookHandler.builder()
            .provider(subs.webhooks())
            .appointmentStore(store)
            .inbox(new InMemoryWebhookInbox())
            .clock(clock)
            .build();
    stubEmptyDelta(ANA_DELTA);
  }

  private void stubEmptyDelta(String path) {
    ms.stubFor(get(urlPathEqualTo(path)).atPriority(10).willReturn(okJson(page(path, "d1"))));
  }

  private String page(String path, String next, String... events) {
    return "{\"@odata.deltaLink\":\""
        + ms.baseUrl()
        + path
        + "?$deltatoken="
        + next
        + "\",\"value\":["
        + String.join(",", events)
        + "]}";
  }

  private MicrosoftSyncScheduler.Builder scheduler() {
    return MicrosoftSyncScheduler.builder(provider, handler)
        .clock(clock)
        .pollInterval(Duration.ofMinutes(1))
        .syncInterval(Duration.ofMinutes(10));
  }

  private int deltaCalls(String path) {
    return ms.findAll(getRequestedFor(urlPathEqualTo(path))).size();
  }

  @Test
  void aMailboxIsSyncedAtTheFirstRoundThenOnlyOnceTheSyncIntervalHasPassed() {
    assignments.save(new ResourceCalendar(CLINIC, ROOM, CONNECTION, "sala2@clinica.cl"));
    stubEmptyDelta(ROOM_DELTA);
    MicrosoftSyncScheduler s = scheduler().build();

    assertThat(s.runOnce().synced()).isEqualTo(2);
    clock.advance(Duration.ofMinutes(9));
    assertThat(s.runOnce().synced()).as("not due yet").isZero();
    clock.advance(Duration.ofMinutes(1));
    assertThat(s.runOnce().synced()).isEqualTo(2);

    assertThat(deltaCalls(ANA_DELTA)).isEqualTo(2);
    assertThat(deltaCalls(ROOM_DELTA)).isEqualTo(2);
    ms.verify(1, getRequestedFor(urlEqualTo(ANA_DELTA + "?$deltatoken=d1")));
  }

  @Test
  void aNotificationIsAnsweredAtOnceAndItsMailboxSyncedByTheNextRoundApplyingOutlooksChange() {
    store.insert(
        appointment(APPOINTMENT).toBuilder().externalRef("microsoft", EVENT).build(),
        ConflictCheck.none());
    MicrosoftSyncScheduler s = scheduler().subscriptions(subs).build();
    s.runOnce(); // the first full read
    stubSubscriptionCreated();
    PushChannel channel = subs.subscribe(CLINIC, DR_ANA);
    // The professional drags the event to 15:00 in Outlook.
    ms.stubFor(
        get(urlEqualTo(ANA_DELTA + "?$deltatoken=d1"))
            .willReturn(
                okJson(
                    page(
                        ANA_DELTA,
                        "d2",
                        "{\"id\":\""
                            + EVENT
                            + "\",\"transactionId\":\"cita-"
                            + APPOINTMENT
                            + "\",\"showAs\":\"busy\",\"isAllDay\":false,\"isCancelled\":false,"
                            + "\"lastModifiedDateTime\":\"2026-03-02T12:01:00Z\","
                            + "\"start\":{\"dateTime\":\"2026-03-10T15:00:00.0000000\","
                            + "\"timeZone\":\"UTC\"},\"end\":{\"dateTime\":"
                            + "\"2026-03-10T15:30:00.0000000\",\"timeZone\":\"UTC\"}}"))));

    GraphAnswer answer = subs.handle(handler, notification(channel.verificationToken()));

    assertThat(answer.status()).isEqualTo(202);
    assertThat(deltaCalls(ANA_DELTA)).as("the answer did not wait for Graph").isEqualTo(1);
    clock.advance(Duration.ofSeconds(30));
    assertThat(s.runOnce().synced()).isEqualTo(1);
    assertThat(store.find(CLINIC, AppointmentId.of(APPOINTMENT)).orElseThrow())
        .satisfies(
            a -> {
              assertThat(a.start()).isEqualTo(Instant.parse("2026-03-10T15:00:00Z"));
              assertThat(a.status()).isEqualTo(AppointmentStatus.RESCHEDULED);
            });
    assertThat(s.runOnce().synced()).as("asked once, synced once").isZero();
  }

  @Test
  void subscriptionsAreRenewedBeforeTheyExpire() {
    MicrosoftSyncScheduler s = scheduler().subscriptions(subs).build();
    stubSubscriptionCreated();
    subs.subscribe(CLINIC, DR_ANA); // 3 days, renewed in the last day
    ms.stubFor(patch(urlEqualTo("/v1.0/subscriptions/" + SUB_ID)).willReturn(okJson("{}")));

    assertThat(s.runOnce().renewed()).isZero();
    clock.advance(Duration.ofDays(2).plusMinutes(1));
    assertThat(s.runOnce().renewed()).isEqualTo(1);

    ms.verify(1, patchRequestedFor(urlEqualTo("/v1.0/subscriptions/" + SUB_ID)));
  }

  @Test
  void aFailedSyncWaitsADoublingBackoffAndAnAskedSyncIsGivenUpAfterMaxAttempts() {
    ms.stubFor(get(urlPathEqualTo(ANA_DELTA)).willReturn(graphError(400, "ErrorInvalidParameter")));
    MicrosoftSyncScheduler s = scheduler().maxAttempts(3).build();
    s.syncNow(CLINIC, DR_ANA);

    assertThat(s.runOnce().failed()).isEqualTo(1);
    assertThat(s.runOnce().failed()).as("waits its backoff of 1 minute").isZero();
    clock.advance(Duration.ofMinutes(1));
    assertThat(s.runOnce().failed()).isEqualTo(1);
    clock.advance(Duration.ofMinutes(1));
    assertThat(s.runOnce().failed()).as("the second backoff is 2 minutes").isZero();
    clock.advance(Duration.ofMinutes(1));
    assertThat(s.runOnce().failed()).isEqualTo(1);
    assertThat(deltaCalls(ANA_DELTA)).isEqualTo(3);
    assertThat(s.backoff(3)).isEqualTo(Duration.ofMinutes(4));
    assertThat(s.backoff(30)).as("capped at the sync interval").isEqualTo(Duration.ofMinutes(10));

    // Given up: the mailbox now waits for its periodic sync, after the capped backoff.
    clock.advance(Duration.ofMinutes(4));
    s.runOnce();
    assertThat(deltaCalls(ANA_DELTA)).isEqualTo(4);
  }

  @Test
  void twoNodesSyncATenantOnceAndAStoppedNodesTenantMovesToTheOther() {
    MicrosoftCalendarProvider providerB = provider();
    MicrosoftSyncScheduler a = scheduler().lease(leases, "node-a").build();
    MicrosoftSyncScheduler b =
        MicrosoftSyncScheduler.builder(providerB, handler)
            .clock(clock)
            .syncInterval(Duration.ofMinutes(10))
            .lease(leases, "node-b")
            .build();

    assertThat(a.runOnce().synced()).isEqualTo(1);
    assertThat(b.runOnce().synced()).as("node-a holds the tenant").isZero();
    a.stop(); // gives its leases up
    assertThat(b.runOnce().synced()).isEqualTo(1);

    assertThat(deltaCalls(ANA_DELTA)).isEqualTo(2);
  }

  @Test
  void aMailboxWhoseConnectionWasRevokedIsSkipped() {
    credentials.markRevoked(CONNECTION, "revoked at Microsoft");
    MicrosoftSyncScheduler s = scheduler().build();

    MicrosoftSyncScheduler.Round round = s.runOnce();

    assertThat(round.skipped()).isEqualTo(1);
    assertThat(deltaCalls(ANA_DELTA)).isZero();
  }

  @Test
  void startedItRunsRoundsUntilStopped() throws InterruptedException {
    MicrosoftSyncScheduler s = scheduler().pollInterval(Duration.ofMillis(20)).build();

    s.start();
    for (int i = 0; i < 200 && deltaCalls(ANA_DELTA) == 0; i++) {
      Thread.sleep(10);
    }
    s.stop();

    assertThat(deltaCalls(ANA_DELTA)).isEqualTo(1);
    assertThat(s.isRunning()).isFalse();
  }

  private void stubSubscriptionCreated() {
    ms.stubFor(
        post(urlEqualTo("/v1.0/subscriptions"))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"id\":\""
                            + SUB_ID
                            + "\",\"resource\":\"me/events\",\"changeType\":"
                            + "\"created,updated,deleted\",\"expirationDateTime\":"
                            + "\"2026-03-05T12:00:00Z\"}")));
  }

  private static WebhookRequest notification(String clientState) {
    return WebhookRequest.builder("POST", HOOK)
        .header("Content-Type", "application/json")
        .body(
            "{\"value\":[{\"subscriptionId\":\""
                + SUB_ID
                + "\",\"changeType\":\"updated\",\"resource\":\"Users/"
                + USER_ID
                + "/Events/"
                + EVENT
                + "\",\"clientState\":\""
                + clientState
                + "\",\"tenantId\":\"84bd8158-6d4d-4958-8b9f-9d6445542f95\"}]}")
        .build();
  }
}
