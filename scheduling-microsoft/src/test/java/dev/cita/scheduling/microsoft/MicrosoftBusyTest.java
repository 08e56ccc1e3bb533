package dev.cita.scheduling.microsoft;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.memory.InMemoryLeaseStore;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.spi.AuditEntry;
import dev.cita.scheduling.spi.ResourceCalendar;
import dev.cita.scheduling.sync.BusyRefresher;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MicrosoftBusyTest extends MicrosoftTestSupport {
  private static final String GET_SCHEDULE = "/v1.0/me/calendar/getSchedule";
  private static final TimeInterval DAY =
      TimeInterval.of(Instant.parse("2026-03-10T03:00:00Z"), Instant.parse("2026-03-11T03:00:00Z"));

  @BeforeEach
  void twoMailboxes() {
    connect();
    assignments.save(new ResourceCalendar(CLINIC, DR_LUIS, CONNECTION, "luis@clinica.cl"));
  }

  private static String item(String status, String start, String end, String zone) {
    return "{\"isPrivate\":false,\"status\":\""
        + status
        + "\",\"subject\":\"x\",\"location\":\"\",\"start\":{\"dateTime\":\""
        + start
        + "\",\"timeZone\":\""
        + zone
        + "\"},\"end\":{\"dateTime\":\""
        + end
        + "\",\"timeZone\":\""
        + zone
        + "\"}}";
  }

  /**
   * learn.microsoft.com/graph/api/calendar-getschedule, "Example" response: one {@code
   * scheduleInformation} per schedule, with {@code scheduleItems}; a mailbox Graph cannot read has
   * an {@code error} (freeBusyError: message, responseCode) instead. Graph writes the zone the
   * items are in; here a Windows name, as Outlook keeps it for the mailbox.
   */
  private static final String MIXED =
      "{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#Collection(microsoft.graph.scheduleInformation)\","
          + "\"value\":[{\"scheduleId\":\"ana@clinica.cl\",\"availabilityView\":\"0220\",\"scheduleItems\":["
          + item(
              "busy",
              "2026-03-10T10:00:00.0000000",
              "2026-03-10T11:00:00.0000000",
              "Pacific SA Standard Time")
          + ","
          + item(
              "tentative",
              "2026-03-10T12:00:00.0000000",
              "2026-03-10T12:30:00.0000000",
              "Pacific SA Standard Time")
          + ","
          + item(
              "oof",
              "2026-03-10T15:00:00.0000000",
              "2026-03-10T16:00:00.0000000",
              "Pacific SA Standard Time")
          + ","
          + item(
              "workingElsewhere",
              "2026-03-10T16:00:00.0000000",
              "2026-03-10T18:00:00.0000000",
              "Pacific SA Standard Time")
          + ","
          + item(
              "free",
              "2026-03-10T18:00:00.0000000",
              "2026-03-10T19:00:00.0000000",
              "Pacific SA Standard Time")
          + ","
          + item("unknown", "2026-03-10T20:00:00.0000000", "2026-03-10T20:15:00.0000000", "UTC")
          + "],\"workingHours\":{\"daysOfWeek\":[\"monday\"],\"startTime\":\"08:00:00.0000000\",\"endTime\":\"17:00:00.0000000\",\"timeZone\":{\"name\":\"Pacific"
          + " SA Standard Time\"}}},"
          + "{\"scheduleId\":\"luis@clinica.cl\",\"availabilityView\":\"\",\"scheduleItems\":[],\"error\":{\"message\":\"The"
          + " user has no mailbox.\",\"responseCode\":\"ErrorMailRecipientNotFound\"}}]}";

  private static TimeInterval utc(String from, String to) {
    return TimeInterval.of(Instant.parse(from), Instant.parse(to));
  }

  @Test
  void mixedStatusesInAWindowsZoneAreReadForTwoMailboxesInOneRequest() {
    ms.stubFor(post(urlEqualTo(GET_SCHEDULE)).willReturn(okJson(MIXED)));
    MicrosoftCalendarProvider provider = provider();

    Map<ResourceId, Optional<List<TimeInterval>>> read =
        provider.refreshBusy(CLINIC, List.of(DR_ANA, DR_LUIS), DAY);

    // Santiago is UTC-3 on 10 March 2026 (summer time until 5 April): 10:00 there is 13:00Z.
    // busy, tentative, oof and unknown block; workingElsewhere and free do not.
    List<TimeInterval> expected =
        List.of(
            utc("2026-03-10T13:00:00Z", "2026-03-10T14:00:00Z"),
            utc("2026-03-10T15:00:00Z", "2026-03-10T15:30:00Z"),
            utc("2026-03-10T18:00:00Z", "2026-03-10T19:00:00Z"),
            utc("2026-03-10T20:00:00Z", "2026-03-10T20:15:00Z"));
    assertThat(read.get(DR_ANA)).hasValue(expected);
    assertThat(provider.busy(CLINIC, DR_ANA, DAY)).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(read.get(DR_LUIS)).isEmpty();
    ProviderException luis =
        catchThrowableOfType(ProviderException.class, () -> provider.busy(CLINIC, DR_LUIS, DAY));
    assertThat(luis.getMessage()).contains("ErrorMailRecipientNotFound");
    assertThat(luis.isRetryable()).isTrue();
    ms.verify(
        1,
        postRequestedFor(urlEqualTo(GET_SCHEDULE))
            .withHeader("Authorization", equalTo("Bearer " + ACCESS))
            .withHeader("Prefer", equalTo("outlook.timezone=\"UTC\""))
            .withRequestBody(
                equalToJson(
                    "{\"schedules\":[\"ana@clinica.cl\",\"luis@clinica.cl\"],"
                        + "\"startTime\":{\"dateTime\":\"2026-03-10T03:00:00\",\"timeZone\":\"UTC\"},"
                        + "\"endTime\":{\"dateTime\":\"2026-03-11T03:00:00\",\"timeZone\":\"UTC\"},"
                        + "\"availabilityViewInterval\":15}")));
    assertThat(audit.recent(CLINIC, 10))
        .extracting(AuditEntry::operation, AuditEntry::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "calendar.getSchedule", AuditEntry.Outcome.SUCCESS));
  }

  @Test
  void aRequestSpanIsKeptUnderTheFortyTwoDaysGraphAllows() {
    assertThat(providerBuilder().scheduleChunk(Duration.ofDays(41)).build()).isNotNull();
    assertThatThrownBy(() -> providerBuilder().scheduleChunk(Duration.ofDays(42)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("scheduleChunk");
  }

  @Test
  void manyMailboxesAndALongRangeAreSplitWithinGraphsLimits() {
    List<ResourceId> resources = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      ResourceId r = ResourceId.of("agent-" + i);
      assignments.save(new ResourceCalendar(CLINIC, r, CONNECTION, "agent" + i + "@clinica.cl"));
      resources.add(r);
    }
    ms.stubFor(
        post(urlEqualTo(GET_SCHEDULE))
            .willReturn(
                okJson("{\"value\":[]}"))); // every mailbox missing from the answer: none reads as
    // free
    TimeInterval fortyDays = TimeInterval.of(DAY.start(), Duration.ofDays(40));

    Map<ResourceId, Optional<List<TimeInterval>>> read =
        provider().refreshBusy(CLINIC, resources, fortyDays);

    // 25 mailboxes: 20 + 5 per request; 40 days: 31 + 9.
    ms.verify(4, postRequestedFor(urlEqualTo(GET_SCHEDULE)));
    ms.verify(
        2,
        postRequestedFor(urlEqualTo(GET_SCHEDULE))
            .withRequestBody(matchingJsonPath("$.schedules.length()", equalTo("20"))));
    ms.verify(
        2,
        postRequestedFor(urlEqualTo(GET_SCHEDULE))
            .withRequestBody(matchingJsonPath("$.schedules.length()", equalTo("5"))));
    ms.verify(
        2,
        postRequestedFor(urlEqualTo(GET_SCHEDULE))
            .withRequestBody(
                matchingJsonPath("$.endTime.dateTime", equalTo("2026-04-19T03:00:00"))));
    assertThat(read.values()).hasSize(25).allMatch(Optional::isEmpty);
  }

  @Test
  void a429WithRetryAfterIsWaitedOutAndTheCallMadeAgain() {
    // learn.microsoft.com/graph/throttling: 429 with Retry-After (seconds).
    ms.stubFor(
        post(urlEqualTo(GET_SCHEDULE))
            .inScenario("throttled")
            .whenScenarioStateIs(STARTED)
            .willReturn(graphError(429, "TooManyRequests").withHeader("Retry-After", "3"))
            .willSetStateTo("calm"));
    ms.stubFor(
        post(urlEqualTo(GET_SCHEDULE))
            .inScenario("throttled")
            .whenScenarioStateIs("calm")
            .willReturn(okJson(MIXED)));

    provider().refreshBusy(CLINIC, List.of(DR_ANA), DAY);

    assertThat(sleeps).containsExactly(Duration.ofSeconds(3));
    ms.verify(2, postRequestedFor(urlEqualTo(GET_SCHEDULE)));
  }

  @Test
  void aRetryAfterBeyondTheCapFailsRetryablyWithoutWaiting() {
    ms.stubFor(
        post(urlEqualTo(GET_SCHEDULE))
            .willReturn(graphError(503, "ServiceUnavailable").withHeader("Retry-After", "600")));

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class, () -> provider().refreshBusy(CLINIC, List.of(DR_ANA), DAY));

    assertThat(e.isRetryable()).isTrue();
    assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(600));
    assertThat(e.providerCode()).hasValue("ServiceUnavailable");
    assertThat(sleeps).isEmpty();
    assertThat(e.getMessage()).doesNotContain(ACCESS);
  }

  @Test
  void busyTimeNeverReadIsUnknownNotFree() {
    MicrosoftCalendarProvider provider = provider();

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> provider.busy(CLINIC, DR_ANA, DAY));

    assertThat(e.isRetryable()).isTrue();
    assertThat(e.providerCode()).hasValue("busyUnknown");
    assertThat(provider.busy(CLINIC, ROOM, DAY)).as("a resource without a mailbox").isEmpty();
    assertThat(ms.getAllServeEvents()).isEmpty();
  }

  @Test
  void anExpiredAccessTokenRefusedWith401IsRefreshedOnceAndTheCallRepeated() {
    ms.stubFor(
        post(urlEqualTo(GET_SCHEDULE))
            .withHeader("Authorization", equalTo("Bearer " + ACCESS))
            .willReturn(graphError(401, "InvalidAuthenticationToken")));
    ms.stubFor(
        post(urlEqualTo(GET_SCHEDULE))
            .withHeader("Authorization", equalTo("Bearer fresh-SECRET"))
            .willReturn(okJson(MIXED)));
    stubTokenRefresh();

    provider().refreshBusy(CLINIC, List.of(DR_ANA), DAY);

    ms.verify(2, postRequestedFor(urlEqualTo(GET_SCHEDULE)));
    assertThat(tokens.load(CONNECTION).orElseThrow().refreshToken()).hasValue("rotated-SECRET");
  }

  @Test
  void theBackgroundRefresherReadsEveryMailboxOfATenantOnOneNode() {
    ms.stubFor(post(urlEqualTo(GET_SCHEDULE)).willReturn(okJson(MIXED)));
    MicrosoftCalendarProvider provider = provider();
    InMemoryLeaseStore leases = new InMemoryLeaseStore();
    BusyRefresher nodeA =
        provider
            .busyRefresher(() -> List.of(CLINIC, TenantId.of("no-microsoft")))
            .clock(clock)
            .horizon(Duration.ofDays(14))
            .lease(leases, "node-a")
            .build();
    BusyRefresher nodeB =
        provider.busyRefresher(() -> List.of(CLINIC)).clock(clock).lease(leases, "node-b").build();

    BusyRefresher.Round a = nodeA.runOnce();
    BusyRefresher.Round b = nodeB.runOnce();

    assertThat(a.refreshed()).containsOnlyKeys(CLINIC).containsEntry(CLINIC, 4);
    assertThat(b.refreshed()).as("node B does not hold the tenant's lease").isEmpty();
    ms.verify(
        1,
        postRequestedFor(urlEqualTo(GET_SCHEDULE))
            .withRequestBody(
                equalToJson(
                    "{\"schedules\":[\"ana@clinica.cl\",\"luis@clinica.cl\"]}", true, true)));
  }
}
