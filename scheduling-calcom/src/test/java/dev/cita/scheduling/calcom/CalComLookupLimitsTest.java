package dev.cita.scheduling.calcom;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.cita.scheduling.calcom.Fixtures.ANA;
import static dev.cita.scheduling.calcom.Fixtures.BRANCH;
import static dev.cita.scheduling.calcom.Fixtures.CONSULT;
import static dev.cita.scheduling.calcom.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.memory.InMemoryAuditLog;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.sync.ExternalBusyCache;
import dev.cita.scheduling.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Regressions: a booking lookup or busy refresh that hits the page cap must fail, not answer from
 * the pages it read (which made a second booking, or left busy time out of the cache); and a
 * no-show whose answer was lost must stay retryable instead of being dropped.
 */
class CalComLookupLimitsTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final Instant START = Instant.parse("2026-03-04T13:00:00Z");

  /** A page holding one booking of someone else, always saying another page follows. */
  private static final String ENDLESS_PAGE =
      """
      {"status":"success","data":[{"id":7,"uid":"other","status":"accepted","start":"2026-03-04T15:00:00.000Z",
       "end":"2026-03-04T15:30:00.000Z","eventTypeId":501,"metadata":{},"attendees":[]}],
       "pagination":{"hasNextPage":true}}\
      """;

  private static final String BOOKING =
      """
      {"status":"success","data":{"id":91,"uid":"bk-91","status":"accepted","start":"2026-03-04T13:00:00.000Z",
       "end":"2026-03-04T13:30:00.000Z","eventTypeId":501,"metadata":{"citaAppointmentId":"appt-1"},
       "attendees":[{"name":"Ana","email":"ana@example.com","timeZone":"America/Santiago","absent":false}]}}\
      """;

  private final TestClock clock = new TestClock(NOW);
  private final ExternalBusyCache cache = new ExternalBusyCache();

  private CalComCalendarProvider provider() {
    return CalComCalendarProvider.builder(
            Fixtures.client(clock, new InMemoryAuditLog(), Duration.ofSeconds(5)),
            CalComTenants.of(Fixtures.branch(wm.baseUrl())),
            Fixtures.credentials(clock))
        .busyCache(cache)
        .clock(clock)
        .build();
  }

  private static Appointment appointment(Attendee attendee) {
    return Appointment.builder()
        .id(AppointmentId.of("appt-1"))
        .tenant(BRANCH)
        .resource(ANA)
        .type(CONSULT)
        .attendee(attendee)
        .start(START)
        .end(START.plus(Duration.ofMinutes(30)))
        .displayZone(Fixtures.SANTIAGO)
        .status(AppointmentStatus.SCHEDULED)
        .createdAt(NOW)
        .updatedAt(NOW)
        .build();
  }

  private static ResponseDefinitionBuilder json(String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  @Test
  void aCreateWhoseLookupRunsOutOfPagesFailsRetryablyInsteadOfBookingAgain() {
    wm.stubFor(get(urlPathEqualTo("/v2/bookings")).willReturn(json(ENDLESS_PAGE)));
    wm.stubFor(post(urlEqualTo("/v2/bookings")).willReturn(json(BOOKING).withStatus(201)));
    // Phone only: the lookup cannot be narrowed by e-mail, so a busy event type has many pages.
    Appointment a = appointment(Attendee.builder("Ana").phone("+56911112222").build());

    assertThatThrownBy(() -> provider().createEvent(a))
        .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.isRetryable()).isTrue())
        .hasMessageContaining("pages");

    wm.verify(0, postRequestedFor(urlEqualTo("/v2/bookings")));
  }

  @Test
  void aBusyRefreshThatRunsOutOfPagesFailsAndKeepsWhatTheCacheKnew() {
    TimeInterval window = TimeInterval.of(START, START.plus(Duration.ofDays(1)));
    cache.replaceWindow(
        BRANCH,
        ANA,
        window,
        java.util.Map.of("known", TimeInterval.of(START, START.plus(Duration.ofHours(1)))),
        NOW);
    wm.stubFor(get(urlPathEqualTo("/v2/bookings")).willReturn(json(ENDLESS_PAGE)));

    assertThatThrownBy(() -> provider().refreshBusy(BRANCH, window))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("pages");

    assertThat(cache.busy(BRANCH, ANA, window))
        .containsExactly(TimeInterval.of(START, START.plus(Duration.ofHours(1))));
  }

  @Test
  void aNoShowWhoseAnswerWasLostIsRetryable() {
    wm.stubFor(get(urlEqualTo("/v2/bookings/bk-91")).willReturn(json(BOOKING)));
    wm.stubFor(
        post(urlPathMatching("/v2/bookings/bk-91/mark-absent"))
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    Appointment a = appointment(Attendee.builder("Ana").email("ana@example.com").build());
    clock.set(Instant.parse("2026-03-04T13:10:00Z")); // after the start: Cal.com would take it

    assertThatThrownBy(() -> provider().markNoShow(a, "bk-91"))
        .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.isRetryable()).isTrue())
        .hasMessageContaining("outcome unknown");
  }
}
