package dev.cita.scheduling.google;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.google.GoogleSyncScheduler.Round;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.spi.BusyTimeStore;
import dev.cita.scheduling.spi.CalendarAssignmentStore;
import dev.cita.scheduling.spi.LeaseStore;
import dev.cita.scheduling.spi.PushChannelStore;
import dev.cita.scheduling.sync.ExternalBusyCache;
import dev.cita.scheduling.token.ConnectionKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes, each with its own Google provider, push channels and scheduler, over one set of shared
 * stores (leases, busy time, channels, calendar assignments) and one WireMock Google: each tenant's
 * calendar is read once per sync interval and watched once, not once per node; stopping or losing
 * the holder moves the work to the other node, whose first sync is a full one. Subclasses choose
 * the stores: in memory, H2, PostgreSQL.
 */
abstract class GoogleSyncSchedulerLeaseTest extends GoogleTestSupport {
  private static final String HOOK = "https://app.example/hooks/google";
  private static final Duration POLL = Duration.ofMinutes(1);
  private static final Duration SYNC = Duration.ofMinutes(10);
  private static final Duration LEASE = Duration.ofMinutes(15);
  private static final TenantId SUR = TenantId.of("clinica-sur");
  private static final ConnectionKey SUR_CONNECTION =
      ConnectionKey.of(SUR, "google", "agenda@sur.cl");
  private static final String NORTE_EVENTS = "/calendar/v3/calendars/primary/events";
  private static final String SUR_EVENTS = "/calendar/v3/calendars/sur-cal/events";
  private static final List<String> EVENTS = List.of(NORTE_EVENTS, SUR_EVENTS);
  private static final TimeInterval DENTIST =
      TimeInterval.of(Instant.parse("2026-03-10T15:00:00Z"), Instant.parse("2026-03-10T16:00:00Z"));
  private static final TimeInterval MARCH =
      TimeInterval.of(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-04-01T00:00:00Z"));

  /** What one node is given of the stores every node shares. */
  record SharedStores(
      LeaseStore leases,
      BusyTimeStore busyTime,
      PushChannelStore pushChannels,
      CalendarAssignmentStore calendarAssignments) {}

  /** {@return one node's view of the shared stores: a new one per call where it can be} */
  abstract SharedStores nodeStores();

  /** One application node: its own provider, busy cache copy, push channels and scheduler. */
  private final class Node {
    final GoogleCalendarProvider provider;
    final GooglePushChannels push;
    final GoogleSyncScheduler scheduler;

    Node(String id) {
      SharedStores stores = nodeStores();
      provider =
          GoogleCalendarProvider.builder(config)
              .credentialManager(credentials)
              .calendars(new GoogleCalendars(stores.calendarAssignments()))
              .busyCache(
                  ExternalBusyCache.shared(stores.busyTime(), "google", clock, Duration.ZERO))
              .clock(clock)
              .sleeper(sleeps::add)
              .build();
      push =
          GooglePushChannels.builder(provider)
              .address(HOOK)
              .channelStore(stores.pushChannels())
              .build();
      scheduler =
          GoogleSyncScheduler.builder(provider)
              .pushChannels(push)
              .pollInterval(POLL)
              .syncInterval(SYNC)
              .lease(stores.leases(), id, LEASE)
              .build();
    }
  }

  private Node a;
  private Node b;

  @BeforeEach
  void twoNodesTwoTenants() {
    connect(CONNECTION, EMAIL, Duration.ofDays(30));
    connect(SUR_CONNECTION, "agenda@sur.cl", Duration.ofDays(30));
    a = new Node("node-a");
    b = new Node("node-b");
    GoogleCalendars assignments = new GoogleCalendars(nodeStores().calendarAssignments());
    assignments.assign(CLINIC, DR_ANA, CONNECTION, "primary");
    assignments.assign(SUR, ROOM, SUR_CONNECTION, "sur-cal");
    for (String events : EVENTS) {
      google.stubFor(
          post(urlPathEqualTo(events + "/watch"))
              .willReturn(
                  okJson("{\"kind\":\"api#channel\",\"id\":\"x\",\"resourceId\":\"res-1\"}")));
      google.stubFor(
          get(urlPathEqualTo(events))
              .withQueryParam("syncToken", absent())
              .willReturn(
                  okJson(
                      """
                      {"kind":"calendar#events","nextSyncToken":"sync-1","items":[
                        {"id":"dentist1","status":"confirmed","start":{"dateTime":"2026-03-10T15:00:00Z"},"end":{"dateTime":"2026-03-10T16:00:00Z"}}]}\
                      """)));
      google.stubFor(
          get(urlPathEqualTo(events))
              .withQueryParam("syncToken", equalTo("sync-1"))
              .willReturn(okJson("{\"kind\":\"calendar#events\",\"nextSyncToken\":\"sync-1\"}")));
    }
    google.stubFor(
        post(urlEqualTo("/calendar/v3/freeBusy"))
            .willReturn(
                okJson(
                    """
                    {"kind":"calendar#freeBusy","calendars":{"primary":{"busy":[]},"sur-cal":{"busy":[]}}}\
                    """)));
    google.stubFor(
        post(urlEqualTo("/calendar/v3/channels/stop")).willReturn(aResponse().withStatus(204)));
  }

  /** How often each tenant's calendar was read: in full, and incrementally. */
  private void assertReads(int full, int incremental) {
    for (String events : EVENTS) {
      google.verify(
          full, getRequestedFor(urlPathEqualTo(events)).withQueryParam("syncToken", absent()));
      google.verify(
          incremental,
          getRequestedFor(urlPathEqualTo(events)).withQueryParam("syncToken", equalTo("sync-1")));
    }
  }

  private int freeBusyCalls() {
    return google.findAll(postRequestedFor(urlEqualTo("/calendar/v3/freeBusy"))).size();
  }

  private void assertWatchedOnce() {
    for (String events : EVENTS) {
      google.verify(1, postRequestedFor(urlPathEqualTo(events + "/watch")));
    }
    assertThat(a.push.channelStore().all()).hasSize(2);
    assertThat(b.push.channelStore().all()).hasSize(2);
  }

  @Test
  void eachTenantIsReadOncePerSyncIntervalAndWatchedOnceWhateverTheNumberOfNodes() {
    assertThat(a.scheduler.runOnce()).isEqualTo(new Round(2, 0, 2, 2, 0, 0));
    assertThat(b.scheduler.runOnce())
        .as("b holds no tenant's lease: nothing to do")
        .isEqualTo(new Round(0, 0, 0, 0, 0, 0));
    assertReads(1, 0);
    assertWatchedOnce();
    assertThat(b.provider.busy(CLINIC, DR_ANA, MARCH))
        .as("b answers from what a read")
        .containsExactly(DENTIST);
    assertThat(b.provider.busy(SUR, ROOM, MARCH)).containsExactly(DENTIST);

    for (int period = 1; period <= 3; period++) {
      clock.advance(SYNC);
      Round byB = b.scheduler.runOnce();
      Round byA = a.scheduler.runOnce();
      assertThat(byB.synced() + byA.synced()).as("period " + period).isEqualTo(2);
      assertThat(byA.synced()).as("a still holds both tenants").isEqualTo(2);
      assertReads(1, period);
    }
    assertWatchedOnce();
  }

  @Test
  void stoppingTheHolderMovesTheWorkAtOnceAndTheNewHolderSyncsInFull() {
    a.scheduler.runOnce();
    b.scheduler.runOnce();
    clock.advance(POLL);

    int freeBusy = freeBusyCalls();
    a.scheduler.stop();
    Round taken = b.scheduler.runOnce();

    assertThat(taken.synced()).as("b took both tenants").isEqualTo(2);
    assertThat(taken.watched()).as("the channels a opened live on").isZero();
    assertThat(freeBusyCalls())
        .as("no free/busy snapshot over what a synced: b's full sync replaces it")
        .isEqualTo(freeBusy);
    assertThat(b.provider.busy(CLINIC, DR_ANA, MARCH)).containsExactly(DENTIST);
    assertReads(2, 0); // b's first syncs are full ones
    assertWatchedOnce();
    assertThat(a.scheduler.runOnce())
        .as("a, back, finds b holding the tenants")
        .isEqualTo(new Round(0, 0, 0, 0, 0, 0));

    clock.advance(SYNC);
    assertThat(b.scheduler.runOnce().synced()).isEqualTo(2);
    assertThat(a.scheduler.runOnce().synced()).isZero();
    assertReads(2, 1);
  }

  @Test
  void aNodeThatRegainsATenantSyncsInFullInsteadOfFromItsOldToken() {
    a.scheduler.runOnce();
    clock.advance(SYNC);
    a.scheduler.runOnce();
    assertReads(1, 1); // a holds token sync-1
    a.scheduler.stop();
    int freeBusy = freeBusyCalls();
    b.scheduler.runOnce();
    assertThat(freeBusyCalls()).isEqualTo(freeBusy);
    b.scheduler.stop();
    assertReads(2, 1);

    Round back = a.scheduler.runOnce();

    assertThat(back.synced()).isEqualTo(2);
    assertReads(3, 1);
  }

  @Test
  void aDeadHoldersTenantsMoveToTheOtherNodeWithinOneLease() {
    a.scheduler.runOnce(); // and then a dies: no stop, no release
    clock.advance(LEASE.minusSeconds(1));
    assertThat(b.scheduler.runOnce().synced()).as("a's leases still run").isZero();

    clock.advance(Duration.ofSeconds(1));
    Round taken = b.scheduler.runOnce();

    assertThat(taken.synced()).isEqualTo(2);
    assertThat(taken.watched()).isZero();
    assertReads(2, 0);
    assertWatchedOnce();
  }

  @Test
  void twoNodesStartingTogetherReadAndWatchEachCalendarOnce() throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Round> byA =
          pool.submit(
              () -> {
                start.await();
                return a.scheduler.runOnce();
              });
      Future<Round> byB =
          pool.submit(
              () -> {
                start.await();
                return b.scheduler.runOnce();
              });
      start.countDown();
      Round ra = byA.get(30, TimeUnit.SECONDS);
      Round rb = byB.get(30, TimeUnit.SECONDS);

      assertThat(ra.watched() + rb.watched()).isEqualTo(2);
      assertThat(ra.synced() + rb.synced()).isEqualTo(2);
      assertThat(ra.failed() + rb.failed()).isZero();
    } finally {
      pool.shutdownNow();
    }
    assertReads(1, 0);
    assertWatchedOnce();
  }

  @Test
  void aLeaseThatDoesNotOutlastThePollIntervalIsRefused() {
    SharedStores stores = nodeStores();
    assertThatThrownBy(
            () ->
                GoogleSyncScheduler.builder(a.provider)
                    .pollInterval(POLL)
                    .lease(stores.leases(), "node-c", POLL)
                    .build())
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("leaseDuration"));
    assertThatThrownBy(() -> GoogleSyncScheduler.builder(a.provider).lease(stores.leases(), " "))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("nodeId"));
  }
}
