package dev.cita.scheduling.calcom;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.cita.scheduling.calcom.Fixtures.ANA;
import static dev.cita.scheduling.calcom.Fixtures.BRANCH;
import static dev.cita.scheduling.calcom.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.cita.scheduling.memory.InMemoryAuditLog;
import dev.cita.scheduling.memory.InMemoryBusyTimeStore;
import dev.cita.scheduling.memory.InMemoryLeaseStore;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.spi.BusyTimeStore;
import dev.cita.scheduling.spi.LeaseStore;
import dev.cita.scheduling.sync.BusyRefresher;
import dev.cita.scheduling.sync.ExternalBusyCache;
import dev.cita.scheduling.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two Cal.com stacks (two nodes) over one shared busy store and one lease store, with one Cal.com
 * (WireMock): the branch's bookings are read once per round, not once per node, and both nodes
 * answer slot queries with them.
 */
class CalComSharedBusyTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final Instant THU_10 = Instant.parse("2026-03-05T13:00:00Z");

  private final TestClock clock = new TestClock(NOW);
  private final BusyTimeStore busyStore = new InMemoryBusyTimeStore();
  private final LeaseStore leases = new InMemoryLeaseStore();

  private CalComCalendarProvider node() {
    return CalComCalendarProvider.builder(
            Fixtures.client(clock, new InMemoryAuditLog(), Duration.ofSeconds(5)),
            CalComTenants.of(Fixtures.branch(wm.baseUrl() + "/centro/")),
            Fixtures.credentials(clock))
        .clock(clock)
        .busyCache(ExternalBusyCache.shared(busyStore, "calcom", clock, Duration.ZERO))
        .build();
  }

  @Test
  void theBranchIsReadOncePerRoundAndBothNodesAnswerWithIt() {
    wm.stubFor(
        get(urlPathEqualTo("/centro/v2/bookings"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
                        {"status":"success","data":[{"id":1,"uid":"c-1","status":"accepted",
                         "start":"%s","end":"%s","eventTypeId":501,"metadata":{}}],
                         "pagination":{"hasNextPage":false}}\
                        """
                            .formatted(THU_10, THU_10.plus(Duration.ofMinutes(45))))));
    CalComCalendarProvider one = node();
    CalComCalendarProvider two = node();
    BusyRefresher first =
        one.busyRefresher(() -> List.of(BRANCH)).clock(clock).lease(leases, "node-1").build();
    BusyRefresher second =
        two.busyRefresher(() -> List.of(BRANCH)).clock(clock).lease(leases, "node-2").build();

    for (int round = 1; round <= 3; round++) {
      first.runOnce();
      second.runOnce();
      wm.verify(round, getRequestedFor(urlPathEqualTo("/centro/v2/bookings")));
      clock.advance(Duration.ofMinutes(5));
    }

    TimeInterval week = TimeInterval.of(NOW, Duration.ofDays(7));
    TimeInterval booked = TimeInterval.of(THU_10, Duration.ofMinutes(45));
    assertThat(one.busy(BRANCH, ANA, week)).containsExactly(booked);
    assertThat(two.busy(BRANCH, ANA, week)).containsExactly(booked);
  }
}
