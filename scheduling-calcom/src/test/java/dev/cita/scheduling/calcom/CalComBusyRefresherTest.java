package dev.cita.scheduling.calcom;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.cita.scheduling.calcom.Fixtures.ANA;
import static dev.cita.scheduling.calcom.Fixtures.BRANCH;
import static dev.cita.scheduling.calcom.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.memory.InMemoryAuditLog;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.sync.BusyRefresher;
import dev.cita.scheduling.testkit.TestClock;
import dev.cita.scheduling.token.CredentialManager;
import dev.cita.scheduling.token.OAuthCredential;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CalComBusyRefresherTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final TenantId DOWN = TenantId.of("sucursal-caida");
  private static final TenantId NORTE = Fixtures.OTHER_BRANCH;
  private static final ResourceId LUIS = ResourceId.of("dr-luis");
  private static final Instant THU_10 = Instant.parse("2026-03-05T13:00:00Z");

  private final TestClock clock = new TestClock(NOW);
  private final CalComCalendarProvider provider = provider();

  /**
   * Three branches on one WireMock, told apart by their API root; the first one's Cal.com is down.
   */
  private CalComCalendarProvider provider() {
    CalComTenant down =
        CalComTenant.builder(DOWN, "1")
            .baseUrl(wm.baseUrl() + "/down/")
            .baseUrlPolicy(Fixtures.LOCAL_MOCK)
            .eventType(EventTypeMapping.of(700, ANA, Fixtures.CONSULT))
            .build();
    CalComTenant centro = Fixtures.branch(wm.baseUrl() + "/centro/");
    CalComTenant norte =
        CalComTenant.builder(NORTE, "2")
            .baseUrl(wm.baseUrl() + "/norte/")
            .baseUrlPolicy(Fixtures.LOCAL_MOCK)
            .eventType(EventTypeMapping.of(800, LUIS, Fixtures.CONSULT))
            .build();
    CredentialManager credentials = Fixtures.credentials(clock);
    for (CalComTenant t : List.of(down, norte)) {
      credentials.connect(
          t.connection(),
          OAuthCredential.builder(CalComClient.PROVIDER, t.account(), "key-" + t.account())
              .build());
    }
    return CalComCalendarProvider.builder(
            Fixtures.client(clock, new InMemoryAuditLog(), Duration.ofSeconds(5)),
            CalComTenants.of(down, centro, norte),
            credentials)
        .clock(clock)
        .build();
  }

  private static String page(String uid, Instant start) {
    return """
    {"status":"success","data":[{"id":1,"uid":"%s","status":"accepted","start":"%s","end":"%s",
     "eventTypeId":501,"metadata":{}}],"pagination":{"hasNextPage":false}}\
    """
        .formatted(uid, start, start.plus(Duration.ofMinutes(45)));
  }

  private void stubBranches() {
    wm.stubFor(
        get(urlPathEqualTo("/down/v2/bookings"))
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    wm.stubFor(
        get(urlPathEqualTo("/centro/v2/bookings"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(page("c-1", THU_10))));
    wm.stubFor(
        get(urlPathEqualTo("/norte/v2/bookings"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(page("n-1", THU_10.plus(Duration.ofHours(2))))));
  }

  private BusyRefresher.Builder refresher() {
    return provider
        .busyRefresher(() -> List.of(DOWN, BRANCH, NORTE))
        .clock(clock)
        .horizon(Duration.ofDays(30));
  }

  @Test
  void aRoundRefreshesEveryTenantOverTheHorizonAndOneFailingTenantDoesNotStopTheOthers() {
    stubBranches();

    BusyRefresher.Round round = refresher().build().runOnce();

    assertThat(round.at()).isEqualTo(NOW);
    assertThat(round.refreshed())
        .containsOnlyKeys(BRANCH, NORTE)
        .containsEntry(BRANCH, 1)
        .containsEntry(NORTE, 1);
    assertThat(round.failed()).containsOnlyKeys(DOWN);
    TimeInterval horizon = TimeInterval.of(NOW, Duration.ofDays(30));
    assertThat(provider.busy(BRANCH, ANA, horizon))
        .containsExactly(TimeInterval.of(THU_10, Duration.ofMinutes(45)));
    assertThat(provider.busy(NORTE, LUIS, horizon))
        .containsExactly(TimeInterval.of(THU_10.plus(Duration.ofHours(2)), Duration.ofMinutes(45)));
    // The window read is the horizon from now (with a day of margin for bookings that straddle it).
    wm.verify(
        1,
        getRequestedFor(urlPathEqualTo("/centro/v2/bookings"))
            .withQueryParam("afterStart", equalTo(NOW.minus(Duration.ofDays(1)).toString()))
            .withQueryParam("beforeEnd", equalTo(NOW.plus(Duration.ofDays(31)).toString())));
  }

  @Test
  void eachRoundReadsFromItsOwnNowAndForgetsBookingsThatWentAway() {
    stubBranches();
    BusyRefresher refresher = refresher().build();
    refresher.runOnce();
    wm.stubFor(
        get(urlPathEqualTo("/centro/v2/bookings"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"status\":\"success\",\"data\":[]}")));
    clock.advance(Duration.ofMinutes(5));

    BusyRefresher.Round round = refresher.runOnce();

    assertThat(round.at()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
    assertThat(round.refreshed()).containsEntry(BRANCH, 0);
    assertThat(provider.busy(BRANCH, ANA, TimeInterval.of(NOW, Duration.ofDays(30)))).isEmpty();
    wm.verify(
        1,
        getRequestedFor(urlPathEqualTo("/centro/v2/bookings"))
            .withQueryParam(
                "afterStart",
                equalTo(NOW.plus(Duration.ofMinutes(5)).minus(Duration.ofDays(1)).toString())));
  }

  @Test
  void startRunsRoundsOnItsOwnThreadAndStopAndStartAgainWork() throws Exception {
    stubBranches();
    AtomicReference<CountDownLatch> done = new AtomicReference<>(new CountDownLatch(1));
    List<BusyRefresher.Round> rounds = new java.util.concurrent.CopyOnWriteArrayList<>();
    BusyRefresher refresher =
        provider
            .busyRefresher(() -> List.of(BRANCH))
            .clock(clock)
            .interval(Duration.ofHours(1))
            .listener(
                r -> {
                  rounds.add(r);
                  done.get().countDown();
                })
            .build();

    refresher.start();
    assertThat(refresher.isRunning()).isTrue();
    assertThat(done.get().await(10, TimeUnit.SECONDS)).as("the first round runs at once").isTrue();
    assertThat(provider.busy(BRANCH, ANA, TimeInterval.of(NOW, Duration.ofDays(30)))).hasSize(1);
    refresher.stop();
    assertThat(refresher.isRunning()).isFalse();
    done.set(new CountDownLatch(1));
    refresher.start();
    assertThat(done.get().await(10, TimeUnit.SECONDS))
        .as("a stopped refresher starts again")
        .isTrue();
    refresher.close();

    assertThat(refresher.isRunning()).isFalse();
    assertThat(rounds)
        .hasSize(2)
        .allSatisfy(r -> assertThat(r.refreshed()).containsOnlyKeys(BRANCH));
  }

  @Test
  void bookingsThisTenantsCitaMadeAreLeftOutButAnotherTenantsTagStillBlocksTime() {
    String tagged =
        """
        {"status":"success","data":[
         {"id":1,"uid":"ours","status":"accepted","start":"%1$s","end":"%2$s","eventTypeId":501,
          "metadata":{"citaAppointmentId":"appt-1","citaTenant":"sucursal-centro"}},
         {"id":2,"uid":"theirs","status":"accepted","start":"%2$s","end":"%3$s","eventTypeId":501,
          "metadata":{"citaAppointmentId":"appt-9","citaTenant":"sucursal-norte"}}],
         "pagination":{"hasNextPage":false}}\
        """
            .formatted(
                THU_10, THU_10.plus(Duration.ofMinutes(30)), THU_10.plus(Duration.ofMinutes(60)));
    wm.stubFor(
        get(urlPathEqualTo("/centro/v2/bookings"))
            .willReturn(
                aResponse().withHeader("Content-Type", "application/json").withBody(tagged)));

    BusyRefresher.Round round =
        provider.busyRefresher(() -> List.of(BRANCH)).clock(clock).build().runOnce();

    assertThat(round.refreshed()).containsEntry(BRANCH, 1);
    assertThat(provider.busy(BRANCH, ANA, TimeInterval.of(NOW, Duration.ofDays(30))))
        .containsExactly(
            TimeInterval.of(THU_10.plus(Duration.ofMinutes(30)), Duration.ofMinutes(30)));
  }

  @Test
  void badSettingsAreRefusedByName() {
    assertThatThrownBy(() -> refresher().interval(Duration.ZERO))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("interval");
    assertThatThrownBy(() -> refresher().horizon(Duration.ofDays(-1)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("horizon");
    assertThatThrownBy(() -> provider.busyRefresher(null))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("tenants");
  }
}
