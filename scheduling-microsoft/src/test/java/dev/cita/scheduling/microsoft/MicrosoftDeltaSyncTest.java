package dev.cita.scheduling.microsoft;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.havingExactly;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.model.TimeInterval;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Delta sync of the calendar view against Graph-shaped pages:
 * learn.microsoft.com/graph/delta-query-events ("Get incremental changes to events in a calendar
 * view": {@code @odata.nextLink} pages, then {@code @odata.deltaLink}; removed events come as
 * {@code @removed}) and learn.microsoft.com/graph/api/event-delta.
 */
class MicrosoftDeltaSyncTest extends MicrosoftTestSupport {
  private static final String DELTA = "/v1.0/me/calendarView/delta";
  private static final TimeInterval WEEK =
      TimeInterval.of(Instant.parse("2026-03-02T12:00:00Z"), Instant.parse("2026-03-09T12:00:00Z"));

  @BeforeEach
  void connected() {
    connect();
  }

  private static String event(String id, String showAs, String start, String end, String extra) {
    return "{\"@odata.type\":\"#microsoft.graph.event\",\"id\":\""
        + id
        + "\",\"subject\":\"s\",\"showAs\":\""
        + showAs
        + "\",\"isAllDay\":false,\"isCancelled\":false,"
        + "\"start\":{\"dateTime\":\""
        + start
        + ".0000000\",\"timeZone\":\"UTC\"},\"end\":{\"dateTime\":\""
        + end
        + ".0000000\",\"timeZone\":\"UTC\"}"
        + extra
        + "}";
  }

  private String page(String link, String linkValue, String... events) {
    return "{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#Collection(event)\",\""
        + link
        + "\":\""
        + ms.baseUrl()
        + linkValue
        + "\",\"value\":["
        + String.join(",", events)
        + "]}";
  }

  private static final String BUSY =
      event("E1", "busy", "2026-03-03T14:00:00", "2026-03-03T15:00:00", "");
  private static final String ALL_DAY =
      "{\"id\":\"E2\",\"showAs\":\"oof\",\"isAllDay\":true,\"isCancelled\":false,"
          + "\"originalStartTimeZone\":\"Pacific SA Standard Time\","
          + "\"start\":{\"dateTime\":\"2026-03-04T00:00:00.0000000\",\"timeZone\":\"UTC\"},"
          + "\"end\":{\"dateTime\":\"2026-03-05T00:00:00.0000000\",\"timeZone\":\"UTC\"}}";
  private static final String DECLINED =
      event(
          "E3",
          "busy",
          "2026-03-03T16:00:00",
          "2026-03-03T17:00:00",
          ",\"responseStatus\":{\"response\":\"declined\",\"time\":\"2026-03-01T10:00:00Z\"}");
  private static final String CANCELLED =
      event("E4", "busy", "2026-03-03T18:00:00", "2026-03-03T19:00:00", "")
          .replace("\"isCancelled\":false", "\"isCancelled\":true");
  private static final String CITAS =
      event(
          "E5",
          "busy",
          "2026-03-05T13:00:00",
          "2026-03-05T13:30:00",
          ",\"transactionId\":\"cita-7c1e6a52-0d1b-4f5e-9d3a-2b8f0c4e6a11\"");
  private static final String ELSEWHERE =
      event("E6", "workingElsewhere", "2026-03-06T12:00:00", "2026-03-06T20:00:00", "");
  private static final String TENTATIVE =
      event("E7", "tentative", "2026-03-06T21:00:00", "2026-03-06T22:00:00", "");

  /** The first request of a full sync: the sync window, now - 1 day to now + 90 days. */
  private static MappingBuilder firstPage() {
    return get(urlPathEqualTo(DELTA))
        .withQueryParam("startDateTime", equalTo("2026-03-01T12:00:00Z"))
        .withQueryParam("endDateTime", equalTo("2026-05-31T12:00:00Z"));
  }

  private static RequestPatternBuilder firstPageRequested() {
    return getRequestedFor(urlPathEqualTo(DELTA))
        .withQueryParam("startDateTime", equalTo("2026-03-01T12:00:00Z"))
        .withQueryParam("endDateTime", equalTo("2026-05-31T12:00:00Z"));
  }

  private static TimeInterval utc(String from, String to) {
    return TimeInterval.of(Instant.parse(from), Instant.parse(to));
  }

  private void stubFullSync() {
    ms.stubFor(
        firstPage()
            .willReturn(
                okJson(
                    page(
                        "@odata.nextLink",
                        DELTA + "?$skiptoken=R0usmcCM996atia",
                        BUSY,
                        ALL_DAY,
                        DECLINED,
                        CANCELLED,
                        CITAS,
                        ELSEWHERE))));
    ms.stubFor(
        get(urlEqualTo(DELTA + "?$skiptoken=R0usmcCM996atia"))
            .willReturn(
                okJson(page("@odata.deltaLink", DELTA + "?$deltatoken=R0usmci39", TENTATIVE))));
  }

  @Test
  void aFullSyncFollowsThePagesAndKeepsOnlyWhatBlocksTime() {
    stubFullSync();
    MicrosoftCalendarProvider provider = provider();

    boolean full = provider.sync(CLINIC, DR_ANA);

    assertThat(full).isTrue();
    // The all-day out-of-office day is Santiago's 4 March (UTC-3); declined, cancelled, working
    // elsewhere and Cita's own event block nothing.
    assertThat(provider.busy(CLINIC, DR_ANA, WEEK))
        .containsExactlyInAnyOrder(
            utc("2026-03-03T14:00:00Z", "2026-03-03T15:00:00Z"),
            utc("2026-03-04T03:00:00Z", "2026-03-05T03:00:00Z"),
            utc("2026-03-06T21:00:00Z", "2026-03-06T22:00:00Z"));
    ms.verify(
        firstPageRequested()
            .withHeader("Authorization", equalTo("Bearer " + ACCESS))
            // One Prefer header per preference, as learn.microsoft.com/graph/api/event-delta lists
            // them under "Request headers".
            .withHeader(
                "Prefer", havingExactly("outlook.timezone=\"UTC\"", "odata.maxpagesize=50")));
    ms.verify(1, getRequestedFor(urlEqualTo(DELTA + "?$skiptoken=R0usmcCM996atia")));
  }

  @Test
  void theNextSyncReadsOnlyTheChangesThroughTheDeltaLink() {
    stubFullSync();
    MicrosoftCalendarProvider provider = provider();
    provider.sync(CLINIC, DR_ANA);
    ms.stubFor(
        get(urlEqualTo(DELTA + "?$deltatoken=R0usmci39"))
            .willReturn(
                okJson(
                    page(
                        "@odata.deltaLink",
                        DELTA + "?$deltatoken=next",
                        "{\"@odata.type\":\"#microsoft.graph.event\",\"id\":\"E1\","
                            + "\"@removed\":{\"reason\":\"deleted\"}}",
                        event("E8", "busy", "2026-03-07T13:00:00", "2026-03-07T14:00:00", "")))));

    boolean full = provider.sync(CLINIC, DR_ANA);

    assertThat(full).isFalse();
    assertThat(provider.busy(CLINIC, DR_ANA, WEEK))
        .containsExactlyInAnyOrder(
            utc("2026-03-04T03:00:00Z", "2026-03-05T03:00:00Z"),
            utc("2026-03-06T21:00:00Z", "2026-03-06T22:00:00Z"),
            utc("2026-03-07T13:00:00Z", "2026-03-07T14:00:00Z"));
    ms.verify(1, firstPageRequested());
  }

  @Test
  void aRejectedDeltaLinkStartsAFullSyncOver() {
    stubFullSync();
    MicrosoftCalendarProvider provider = provider();
    provider.sync(CLINIC, DR_ANA);
    // learn.microsoft.com/graph/delta-query-overview, "Synchronization reset": 410 Gone when the
    // delta token is no longer valid; the app starts again with a full sync.
    ms.stubFor(
        get(urlEqualTo(DELTA + "?$deltatoken=R0usmci39"))
            .willReturn(graphError(410, "SyncStateNotFound")));
    ms.stubFor(
        firstPage()
            .willReturn(okJson(page("@odata.deltaLink", DELTA + "?$deltatoken=fresh", BUSY))));

    boolean full = provider.sync(CLINIC, DR_ANA);

    assertThat(full).isTrue();
    assertThat(provider.busy(CLINIC, DR_ANA, WEEK))
        .as("the full read replaces everything")
        .containsExactly(utc("2026-03-03T14:00:00Z", "2026-03-03T15:00:00Z"));
    ms.verify(2, firstPageRequested());
    ms.verify(1, getRequestedFor(urlEqualTo(DELTA + "?$deltatoken=R0usmci39")));
  }

  @Test
  void aPageLinkToAnotherHostIsNotFollowedWithTheToken() {
    ms.stubFor(
        firstPage()
            .willReturn(
                okJson(
                    "{\"@odata.nextLink\":\"https://evil.example/v1.0/me/calendarView/delta?$skiptoken=x\","
                        + "\"value\":[]}")));
    MicrosoftCalendarProvider provider = provider();

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> provider.sync(CLINIC, DR_ANA));

    assertThat(e.providerCode()).hasValue("foreignLink");
    assertThat(ms.getAllServeEvents()).hasSize(1);
    assertThat(
            catchThrowableOfType(
                ProviderException.class, () -> provider.busy(CLINIC, DR_ANA, WEEK)))
        .as("nothing was kept")
        .isNotNull();
  }

  @Test
  void afterForgettingTheDeltaLinkTheSyncIsFull() {
    stubFullSync();
    MicrosoftCalendarProvider provider = provider();
    provider.sync(CLINIC, DR_ANA);

    provider.forgetDeltaLink(CLINIC, DR_ANA);
    boolean full = provider.sync(CLINIC, DR_ANA);

    assertThat(full).isTrue();
    ms.verify(2, firstPageRequested());
  }

  @Test
  void aDayAfterTheFullReadTheWindowIsReadAfreshToKeepReachingTheHorizon() {
    stubFullSync();
    MicrosoftCalendarProvider provider = provider();
    provider.sync(CLINIC, DR_ANA);
    ms.stubFor(
        get(urlPathEqualTo(DELTA))
            .withQueryParam("startDateTime", equalTo("2026-03-02T13:00:00Z"))
            .withQueryParam("endDateTime", equalTo("2026-06-01T13:00:00Z"))
            .willReturn(okJson(page("@odata.deltaLink", DELTA + "?$deltatoken=moved", BUSY))));
    stubTokenRefresh();
    clock.advance(Duration.ofDays(1).plusHours(1));

    boolean full = provider.sync(CLINIC, DR_ANA);

    assertThat(full).isTrue();
    ms.verify(0, getRequestedFor(urlEqualTo(DELTA + "?$deltatoken=R0usmci39")));
    assertThat(
            provider
                .busyCache()
                .isKnown(CLINIC, DR_ANA, TimeInterval.of(clock.instant(), Duration.ofDays(90))))
        .isTrue();
  }

  @Test
  void aDeltaTokenRefusedWithA400SyncStateNotFoundAlsoStartsOver() {
    stubFullSync();
    MicrosoftCalendarProvider provider = provider();
    provider.sync(CLINIC, DR_ANA);
    // learn.microsoft.com/graph/delta-query-overview, "Token duration": an expired token gets a
    // 40X-series error with a code such as syncStateNotFound.
    ms.stubFor(
        get(urlEqualTo(DELTA + "?$deltatoken=R0usmci39"))
            .willReturn(graphError(400, "syncStateNotFound")));

    assertThat(provider.sync(CLINIC, DR_ANA)).isTrue();
    ms.verify(2, firstPageRequested());
  }

  @Test
  void anEventListedSeveralTimesInOneRoundEndsAsItsLastMention() {
    // learn.microsoft.com/graph/delta-query-overview: one entity may be contained several times
    // in a response ("Replays"); its last state counts.
    stubFullSync();
    MicrosoftCalendarProvider provider = provider();
    provider.sync(CLINIC, DR_ANA);
    String removedE8 =
        "{\"@odata.type\":\"#microsoft.graph.event\",\"id\":\"E8\","
            + "\"@removed\":{\"reason\":\"deleted\"}}";
    ms.stubFor(
        get(urlEqualTo(DELTA + "?$deltatoken=R0usmci39"))
            .willReturn(
                okJson(
                    page(
                        "@odata.deltaLink",
                        DELTA + "?$deltatoken=next",
                        removedE8,
                        removedE8,
                        event("E8", "busy", "2026-03-07T13:00:00", "2026-03-07T14:00:00", "")))));

    provider.sync(CLINIC, DR_ANA);

    assertThat(provider.busy(CLINIC, DR_ANA, WEEK))
        .contains(utc("2026-03-07T13:00:00Z", "2026-03-07T14:00:00Z"));
  }
}
