package dev.cita.scheduling.microsoft;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.memory.InMemoryLeaseStore;
import dev.cita.scheduling.memory.InMemoryPushChannelStore;
import dev.cita.scheduling.memory.InMemoryWebhookInbox;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.spi.ConflictCheck;
import dev.cita.scheduling.spi.PushChannel;
import dev.cita.scheduling.webhook.WebhookHandler;
import dev.cita.scheduling.webhook.WebhookRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MicrosoftSubscriptionsTest extends MicrosoftTestSupport {
  private static final String HOOK = "https://app.example/hooks/microsoft";
  private static final String SUBSCRIPTIONS = "/v1.0/subscriptions";
  private static final String SUB_ID = "7f105c7d-2dc5-4530-97cd-4e7ae6534c07";
  private static final String DELTA = "/v1.0/me/calendarView/delta";

  private final InMemoryPushChannelStore channels = new InMemoryPushChannelStore();
  private final InMemoryLeaseStore leases = new InMemoryLeaseStore();
  private MicrosoftCalendarProvider provider;
  private MicrosoftSubscriptions subs;
  private WebhookHandler handler;
  private final InMemoryAppointmentStore store = new InMemoryAppointmentStore();

  @BeforeEach
  void subscribed() {
    connect();
    provider = provider();
    subs = subscriptions("node-a");
    handler =
        WebhookHandler.builder()
            .provider(subs.webhooks())
            .appointmentStore(store)
            .inbox(new InMemoryWebhookInbox())
            .clock(clock)
            .build();
    stubCreated(SUB_ID);
    // Tests that move the clock past the access token's hour refresh it.
    stubTokenRefresh();
    // Every sync reads an empty calendar view and gets a delta link.
    ms.stubFor(
        get(urlPathEqualTo(DELTA))
            .willReturn(
                okJson(
                    "{\"@odata.deltaLink\":\""
                        + ms.baseUrl()
                        + DELTA
                        + "?$deltatoken=d1\",\"value\":[]}")));
  }

  private MicrosoftSubscriptions subscriptions(String node) {
    return MicrosoftSubscriptions.builder(provider, graph, channels)
        .notificationUrl(HOOK)
        .lifecycleNotificationUrl(HOOK + "/lifecycle")
        .lease(leases, node)
        .build();
  }

  /** learn.microsoft.com/graph/api/subscription-post-subscriptions, "Response": 201 with it. */
  private void stubCreated(String id) {
    ms.stubFor(
        post(urlEqualTo(SUBSCRIPTIONS))
            .inScenario("subs")
            .whenScenarioStateIs(STARTED)
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#subscriptions/$entity\","
                            + "\"id\":\""
                            + id
                            + "\",\"resource\":\"me/events\",\"applicationId\":\""
                            + CLIENT_ID
                            + "\",\"changeType\":\"created,updated,deleted\",\"notificationUrl\":\""
                            + HOOK
                            + "\",\"expirationDateTime\":\"2026-03-05T12:00:00Z\","
                            + "\"creatorId\":\""
                            + USER_ID
                            + "\"}")));
  }

  private static WebhookRequest notification(String subscriptionId, String clientState) {
    // learn.microsoft.com/graph/change-notifications-delivery-webhooks, "Change notification
    // example" (a basic notification: resource and resourceData, no event content).
    return WebhookRequest.builder("POST", HOOK)
        .header("Content-Type", "application/json")
        .body(
            "{\"value\":[{\"subscriptionId\":\""
                + subscriptionId
                + "\",\"subscriptionExpirationDateTime\":\"2026-03-05T12:00:00Z\","
                + "\"changeType\":\"updated\",\"resource\":\"Users/"
                + USER_ID
                + "/Events/AAMkAGI\",\"resourceData\":{\"@odata.type\":\"#Microsoft.Graph.Event\","
                + "\"@odata.id\":\"Users/"
                + USER_ID
                + "/Events/AAMkAGI\",\"@odata.etag\":\"W/\\\"DwAAABYAAA\\\"\",\"id\":\"AAMkAGI\"},"
                + "\"clientState\":\""
                + clientState
                + "\",\"tenantId\":\"84bd8158-6d4d-4958-8b9f-9d6445542f95\"}]}")
        .build();
  }

  private static WebhookRequest lifecycle(String event, String subscriptionId, String clientState) {
    // learn.microsoft.com/graph/change-notifications-lifecycle-events: the lifecycleEvent of one
    // subscription, with its clientState.
    return WebhookRequest.builder("POST", HOOK + "/lifecycle")
        .header("Content-Type", "application/json")
        .body(
            "{\"value\":[{\"lifecycleEvent\":\""
                + event
                + "\",\"subscriptionId\":\""
                + subscriptionId
                + "\",\"subscriptionExpirationDateTime\":\"2026-03-05T12:00:00Z\","
                + "\"clientState\":\""
                + clientState
                + "\",\"tenantId\":\"84bd8158-6d4d-4958-8b9f-9d6445542f95\"}]}")
        .build();
  }

  @Test
  void subscribeAsksForEventChangesWithARandomClientStateAndKeepsTheSubscription() {
    PushChannel channel = subs.subscribe(CLINIC, DR_ANA);

    assertThat(channel.id()).isEqualTo(SUB_ID);
    assertThat(channel.verificationToken()).hasSize(43);
    assertThat(channels.find("microsoft", SUB_ID)).hasValue(channel);
    assertThat(channel.toString()).doesNotContain(channel.verificationToken());
    ms.verify(
        postRequestedFor(urlEqualTo(SUBSCRIPTIONS))
            .withHeader("Authorization", equalTo("Bearer " + ACCESS))
            .withRequestBody(matchingJsonPath("$.changeType", equalTo("created,updated,deleted")))
            .withRequestBody(matchingJsonPath("$.resource", equalTo("me/events")))
            .withRequestBody(matchingJsonPath("$.notificationUrl", equalTo(HOOK)))
            .withRequestBody(
                matchingJsonPath("$.lifecycleNotificationUrl", equalTo(HOOK + "/lifecycle")))
            .withRequestBody(
                matchingJsonPath("$.expirationDateTime", equalTo("2026-03-05T12:00:00Z")))
            .withRequestBody(
                matchingJsonPath("$.clientState", equalTo(channel.verificationToken()))));
  }

  @Test
  void theValidationRequestIsAnsweredWithTheDecodedTokenAsPlainTextAtOnce() {
    // learn.microsoft.com/graph/change-notifications-delivery-webhooks, "Notification endpoint
    // validation": POST {notificationUrl}?validationToken=…, answer 200 text/plain with the
    // decoded token within 10 seconds.
    WebhookRequest validation =
        WebhookRequest.builder(
                "POST",
                HOOK
                    + "?validationToken=Validation%3a+Testing+client+application+reachability"
                    + "+for+subscription+Request-Id%3a+16b4e6c5-1a1e-4b4a-9d5e-3c2d1f0e9a8b")
            .build();
    long started = System.nanoTime();

    GraphAnswer answer = subs.handle(handler, validation);

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.contentType()).startsWith("text/plain");
    assertThat(answer.body())
        .isEqualTo(
            "Validation: Testing client application reachability for subscription Request-Id:"
                + " 16b4e6c5-1a1e-4b4a-9d5e-3c2d1f0e9a8b");
    assertThat(ms.getAllServeEvents()).isEmpty();
  }

  @Test
  void aNotificationWithAForgedClientStateIsRefusedAndNothingIsSynced() {
    PushChannel channel = subs.subscribe(CLINIC, DR_ANA);
    String forged = channel.verificationToken().substring(1) + "x";

    GraphAnswer answer = subs.handle(handler, notification(SUB_ID, forged));
    GraphAnswer unknown =
        subs.handle(handler, notification("00000000-0000-0000-0000-000000000000", forged));

    assertThat(answer.status()).isEqualTo(401);
    assertThat(unknown.status()).isEqualTo(401);
    ms.verify(0, getRequestedFor(urlPathEqualTo(DELTA)));
  }

  @Test
  void aGenuineNotificationSyncsThatMailboxNow() {
    PushChannel channel = subs.subscribe(CLINIC, DR_ANA);

    GraphAnswer answer = subs.handle(handler, notification(SUB_ID, channel.verificationToken()));

    assertThat(answer.status()).isEqualTo(202);
    ms.verify(
        1,
        getRequestedFor(urlPathEqualTo(DELTA))
            .withHeader("Authorization", equalTo("Bearer " + ACCESS)));
    assertThat(provider.busyCache().knownWindows(CLINIC, DR_ANA)).isNotEmpty();
  }

  @Test
  void withoutASchedulerANotificationAppliesOutlooksCancelToTheAppointmentAtOnce() {
    String appointmentId = "7c1e6a52-0d1b-4f5e-9d3a-2b8f0c4e6a11";
    store.insert(
        appointment(appointmentId).toBuilder().externalRef("microsoft", "AAMkAGI").build(),
        ConflictCheck.none());
    PushChannel channel = subs.subscribe(CLINIC, DR_ANA);
    // learn.microsoft.com/graph/api/event-delta: the event, now isCancelled, in the first page.
    ms.stubFor(
        get(urlPathEqualTo(DELTA))
            .atPriority(1)
            .willReturn(
                okJson(
                    "{\"@odata.deltaLink\":\""
                        + ms.baseUrl()
                        + DELTA
                        + "?$deltatoken=d1\",\"value\":[{\"id\":\"AAMkAGI\",\"transactionId\":"
                        + "\"cita-"
                        + appointmentId
                        + "\",\"isCancelled\":true,\"showAs\":\"busy\","
                        + "\"lastModifiedDateTime\":\"2026-03-02T12:00:30Z\"}]}")));

    GraphAnswer answer = subs.handle(handler, notification(SUB_ID, channel.verificationToken()));

    assertThat(answer.status()).isEqualTo(202);
    assertThat(store.find(CLINIC, AppointmentId.of(appointmentId)).orElseThrow().status())
        .isEqualTo(AppointmentStatus.CANCELLED);
  }

  @Test
  void reauthorizationRequiredRenewsTheSubscription() {
    PushChannel channel = subs.subscribe(CLINIC, DR_ANA);
    ms.stubFor(patch(urlEqualTo(SUBSCRIPTIONS + "/" + SUB_ID)).willReturn(okJson("{}")));
    clock.advance(Duration.ofHours(2));

    GraphAnswer answer =
        subs.handle(
            handler, lifecycle("reauthorizationRequired", SUB_ID, channel.verificationToken()));

    assertThat(answer.status()).isEqualTo(202);
    // learn.microsoft.com/graph/api/subscription-update: PATCH with a new expirationDateTime.
    ms.verify(
        patchRequestedFor(urlEqualTo(SUBSCRIPTIONS + "/" + SUB_ID))
            .withRequestBody(
                matchingJsonPath("$.expirationDateTime", equalTo("2026-03-05T14:00:00Z"))));
    assertThat(channels.find("microsoft", SUB_ID).orElseThrow().expiresAt())
        .isEqualTo(Instant.parse("2026-03-05T14:00:00Z"));
  }

  @Test
  void subscriptionRemovedOpensANewOneAndSyncsInFull() {
    PushChannel channel = subs.subscribe(CLINIC, DR_ANA);
    provider.sync(CLINIC, DR_ANA); // now a delta link is kept
    ms.resetScenarios();
    ms.removeStub(
        ms.getStubMappings().stream()
            .filter(
                m ->
                    m.getRequest().getUrl() != null
                        && m.getRequest().getUrl().equals(SUBSCRIPTIONS))
            .findFirst()
            .orElseThrow());
    stubCreated("9a0f3c1d-0000-4000-8000-000000000002");

    GraphAnswer answer =
        subs.handle(handler, lifecycle("subscriptionRemoved", SUB_ID, channel.verificationToken()));

    assertThat(answer.status()).isEqualTo(202);
    ms.verify(2, postRequestedFor(urlEqualTo(SUBSCRIPTIONS)));
    assertThat(channels.find("microsoft", SUB_ID)).isEmpty();
    assertThat(channels.find("microsoft", "9a0f3c1d-0000-4000-8000-000000000002")).isPresent();
    ms.verify(
        2,
        getRequestedFor(urlPathEqualTo(DELTA))
            .withQueryParam("startDateTime", equalTo("2026-03-01T12:00:00Z")));
  }

  @Test
  void missedNotificationsMakeTheNextSyncAFullOne() {
    PushChannel channel = subs.subscribe(CLINIC, DR_ANA);
    provider.sync(CLINIC, DR_ANA);

    GraphAnswer answer =
        subs.handle(handler, lifecycle("missed", SUB_ID, channel.verificationToken()));

    assertThat(answer.status()).isEqualTo(202);
    ms.verify(
        2,
        getRequestedFor(urlPathEqualTo(DELTA))
            .withQueryParam("startDateTime", equalTo("2026-03-01T12:00:00Z")));
    ms.verify(0, getRequestedFor(urlEqualTo(DELTA + "?$deltatoken=d1")));
  }

  @Test
  void twoNodesRenewEachExpiringSubscriptionOnce() {
    subs.subscribe(CLINIC, DR_ANA);
    MicrosoftSubscriptions nodeB = subscriptions("node-b");
    ms.stubFor(patch(urlEqualTo(SUBSCRIPTIONS + "/" + SUB_ID)).willReturn(okJson("{}")));
    clock.advance(Duration.ofDays(2).plusHours(1)); // within a day of expiry

    List<PushChannel> byA = subs.renewExpiring();
    List<PushChannel> byB = nodeB.renewExpiring();

    assertThat(byA).hasSize(1);
    assertThat(byB).as("node B does not hold the lease").isEmpty();
    ms.verify(1, patchRequestedFor(urlEqualTo(SUBSCRIPTIONS + "/" + SUB_ID)));
    assertThat(subs.renewExpiring()).as("renewed: not due again").isEmpty();
  }

  @Test
  void aSubscriptionGraphNoLongerKnowsIsOpenedAgainOnRenewal() {
    subs.subscribe(CLINIC, DR_ANA);
    ms.stubFor(
        patch(urlEqualTo(SUBSCRIPTIONS + "/" + SUB_ID))
            .willReturn(graphError(404, "ResourceNotFound")));
    clock.advance(Duration.ofDays(2).plusHours(1));

    List<PushChannel> renewed = subs.renewExpiring();

    assertThat(renewed).hasSize(1);
    ms.verify(2, postRequestedFor(urlEqualTo(SUBSCRIPTIONS)));
    assertThat(renewed.get(0).expiresAt()).isEqualTo(clock.instant().plus(Duration.ofDays(3)));
  }
}
