package dev.cita.scheduling.calendly;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.cita.scheduling.calendly.Fixtures.ANA;
import static dev.cita.scheduling.calendly.Fixtures.CONSULTA;
import static dev.cita.scheduling.calendly.Fixtures.EVENT_TYPE;
import static dev.cita.scheduling.calendly.Fixtures.NOW;
import static dev.cita.scheduling.calendly.Fixtures.USER;
import static dev.cita.scheduling.calendly.Fixtures.json;
import static dev.cita.scheduling.calendly.Fixtures.page;
import static dev.cita.scheduling.calendly.Fixtures.scheduledEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.calendly.Fixtures.RecordingSleeper;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.sync.BusyRefresher;
import dev.cita.scheduling.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CalendlyBusyRefresherTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final TenantId GOOD = TenantId.of("clinic-good");
  private static final TenantId BROKEN = TenantId.of("clinic-broken");
  private static final TenantId UNCONNECTED = TenantId.of("clinic-unconnected");
  private static final TimeInterval FIRST_DAY = TimeInterval.of(NOW, NOW.plus(Duration.ofDays(1)));

  private final TestClock clock = new TestClock(NOW);
  private final RecordingSleeper sleeper = new RecordingSleeper();
  private final CalendlyCredentials credentials =
      new CalendlyCredentials() {
        @Override
        public String accessToken(TenantId tenant) {
          return "tok-" + tenant.value();
        }

        @Override
        public boolean isConnected(TenantId tenant) {
          return !tenant.equals(UNCONNECTED);
        }
      };
  private final CalendlyMapping mapping =
      CalendlyMapping.builder().host(USER, ANA).eventType(EVENT_TYPE, CONSULTA).build();
  private final CalendlyCalendarProvider provider =
      CalendlyCalendarProvider.builder(
              CalendlyClient.builder(credentials)
                  .baseUrl(wm.baseUrl())
                  .clock(clock)
                  .sleeper(sleeper)
                  .random(() -> 0L)
                  .build(),
              CalendlyMappings.of(Map.of(GOOD, mapping, BROKEN, mapping, UNCONNECTED, mapping)))
          .clock(clock)
          .build();
  private final BusyRefresher refresher =
      provider
          .busyRefresher(
              () -> List.of(BROKEN, UNCONNECTED, GOOD, TenantId.of("clinic-without-mapping")))
          .clock(clock)
          .horizon(Duration.ofDays(30))
          .build();

  private static void stubCalendly() {
    wm.stubFor(
        get(urlPathEqualTo("/scheduled_events"))
            .withHeader("Authorization", equalTo("Bearer tok-clinic-good"))
            .willReturn(
                json(
                    200,
                    page(
                        scheduledEvent(
                            "E1", "2026-11-20T15:00:00Z", "2026-11-20T16:00:00Z", "active"),
                        null))));
    wm.stubFor(
        get(urlPathEqualTo("/scheduled_events"))
            .withHeader("Authorization", equalTo("Bearer tok-clinic-broken"))
            .willReturn(
                json(
                    403,
                    "{\"title\":\"Permission Denied\",\"message\":\"You do not have"
                        + " permission\"}")));
  }

  @Test
  void aRoundRefreshesEveryConnectedTenantAndOneFailingTenantDoesNotStopTheOthers() {
    stubCalendly();

    BusyRefresher.Round round = refresher.runOnce();

    // the good tenant's one busy event read, the broken tenant failed, the others skipped
    assertThat(round.refreshed()).containsOnlyKeys(GOOD).containsEntry(GOOD, 1);
    assertThat(round.failed()).containsOnlyKeys(BROKEN);
    assertThat(provider.busy(GOOD, ANA, FIRST_DAY))
        .containsExactly(
            TimeInterval.of(
                Instant.parse("2026-11-20T15:00:00Z"), Instant.parse("2026-11-20T16:00:00Z")));
    assertThat(provider.busy(BROKEN, ANA, FIRST_DAY)).isEmpty();
    wm.verify(
        1,
        getRequestedFor(urlPathEqualTo("/scheduled_events"))
            .withHeader("Authorization", equalTo("Bearer tok-clinic-good"))
            .withQueryParam("user", equalTo(USER))
            .withQueryParam("status", equalTo("active"))
            .withQueryParam(
                "min_start_time", equalTo("2026-11-19T12:00:00Z")) // now minus the longest event
            .withQueryParam(
                "max_start_time", equalTo("2026-12-20T12:00:00Z"))); // now plus the horizon
    wm.verify(
        0,
        anyRequestedFor(anyUrl())
            .withHeader("Authorization", equalTo("Bearer tok-clinic-unconnected")));
    wm.verify(2, anyRequestedFor(anyUrl()));
  }

  @Test
  void eachRoundReadsTheWindowFromTheClock() {
    stubCalendly();
    refresher.runOnce();
    clock.advance(Duration.ofMinutes(10));

    refresher.runOnce();

    wm.verify(
        1,
        getRequestedFor(urlPathEqualTo("/scheduled_events"))
            .withHeader("Authorization", equalTo("Bearer tok-clinic-good"))
            .withQueryParam("max_start_time", equalTo("2026-12-20T12:10:00Z")));
  }

  @Test
  void aTenantListThatFailsEndsTheRoundQuietly() {
    BusyRefresher broken =
        provider
            .busyRefresher(
                () -> {
                  throw new IllegalStateException("database down");
                })
            .clock(clock)
            .build();

    BusyRefresher.Round round = broken.runOnce();
    assertThat(round.refreshed()).isEmpty();
    assertThat(round.failed()).isEmpty();
    wm.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void startRunsARoundInTheBackgroundAndStopEndsIt() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    AtomicInteger rounds = new AtomicInteger();
    BusyRefresher background =
        provider
            .busyRefresher(
                () -> {
                  rounds.incrementAndGet();
                  ran.countDown();
                  return List.of();
                })
            .clock(clock)
            .interval(Duration.ofHours(1))
            .build();

    background.start();
    background.start(); // a second start does nothing
    assertThat(background.isRunning()).isTrue();
    assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    background.stop();

    assertThat(background.isRunning()).isFalse();
    assertThat(rounds.get()).isEqualTo(1); // the next round is an hour away
    background.stop(); // stopping twice is fine
  }

  @Test
  void theBuilderRefusesAnIntervalUnderAMinute() {
    assertThat(
            catchThrowableOfType(
                    ValidationException.class,
                    () -> provider.busyRefresher(List::of).interval(Duration.ofSeconds(5)))
                .field())
        .isEqualTo("interval");
    assertThat(sleeper.sleeps).isEmpty();
  }
}
