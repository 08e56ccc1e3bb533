package dev.cita.scheduling.calcom;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToIgnoreCase;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.cita.scheduling.calcom.Fixtures.API_KEY;
import static dev.cita.scheduling.calcom.Fixtures.BRANCH;
import static dev.cita.scheduling.calcom.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.calcom.api.BookingPage;
import dev.cita.scheduling.calcom.api.BookingSearch;
import dev.cita.scheduling.calcom.api.CalComAttendee;
import dev.cita.scheduling.calcom.api.CalComBooking;
import dev.cita.scheduling.calcom.api.CalComEventType;
import dev.cita.scheduling.calcom.api.CalComSlot;
import dev.cita.scheduling.calcom.api.CancelBookingRequest;
import dev.cita.scheduling.calcom.api.CreateBookingRequest;
import dev.cita.scheduling.calcom.api.DeclineBookingRequest;
import dev.cita.scheduling.calcom.api.MarkAbsentRequest;
import dev.cita.scheduling.calcom.api.RescheduleBookingRequest;
import dev.cita.scheduling.memory.InMemoryAuditLog;
import dev.cita.scheduling.spi.AuditEntry;
import dev.cita.scheduling.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CalComClientTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String BEARER = "Bearer " + API_KEY;
  private static final String BOOKING_JSON =
      """
      {"status":"success","data":{"id":91,"uid":"bk-91","status":"accepted","start":"2026-03-04T13:00:00.000Z",
       "end":"2026-03-04T13:30:00.000Z","eventTypeId":501,"metadata":{"citaAppointmentId":"appt-1"},
       "attendees":[{"name":"María Pérez","email":"maria@example.com","timeZone":"America/Santiago",
       "language":"es","absent":false}],"hosts":[{"id":1234}],"unknownField":true}}\
      """;

  private final TestClock clock = new TestClock(NOW);
  private final InMemoryAuditLog audit = new InMemoryAuditLog();
  private final CalComClient client = Fixtures.client(clock, audit, Duration.ofSeconds(5));

  private CalComAccess access() {
    return CalComAccess.of(BRANCH, wm.baseUrl(), Fixtures.LOCAL_MOCK, () -> API_KEY);
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  @Test
  void slotsAsksForRangesWithTheSlotsApiVersionAndReadsSeats() {
    // The local days 4–5 March in Santiago (UTC−3), as instants (see
    // theLocalRangeIsSentAsInstants…).
    wm.stubFor(
        slotsRequest("2026-03-04T03:00:00Z", "2026-03-06T02:59:59Z", "America/Santiago")
            .withQueryParam("duration", equalTo("30"))
            .willReturn(
                json(
                    200,
                    """
                    {"status":"success","data":{
                      "2026-03-04":[{"start":"2026-03-04T10:00:00.000-03:00","end":"2026-03-04T10:30:00.000-03:00",
                                     "seatsBooked":1,"seatsRemaining":3,"seatsTotal":4}],
                      "2026-03-05":[{"start":"2026-03-05T09:00:00.000-03:00","end":"2026-03-05T09:30:00.000-03:00"}]}}\
                    """)));

    SortedMap<LocalDate, List<CalComSlot>> slots =
        client.slots(
            access(),
            501,
            LocalDate.parse("2026-03-04"),
            LocalDate.parse("2026-03-05"),
            Fixtures.SANTIAGO,
            Duration.ofMinutes(30));

    assertThat(slots)
        .containsOnlyKeys(LocalDate.parse("2026-03-04"), LocalDate.parse("2026-03-05"));
    CalComSlot seated = slots.get(LocalDate.parse("2026-03-04")).get(0);
    assertThat(seated.start().toInstant()).isEqualTo(Instant.parse("2026-03-04T13:00:00Z"));
    assertThat(seated.isSeated()).isTrue();
    assertThat(seated.seatsBooked()).isEqualTo(1);
    assertThat(seated.seatsRemaining()).isEqualTo(3);
    assertThat(seated.seatsTotal()).isEqualTo(4);
    assertThat(slots.get(LocalDate.parse("2026-03-05")).get(0).isSeated()).isFalse();
    wm.verify(
        1,
        getRequestedFor(urlPathEqualTo("/v2/slots"))
            .withQueryParam("start", equalTo("2026-03-04T03:00:00Z"))
            .withQueryParam("end", equalTo("2026-03-06T02:59:59Z"))
            .withHeader("cal-api-version", equalTo("2024-09-04"))
            .withHeader("Authorization", equalTo(BEARER)));
  }

  /** {@code GET /v2/slots} for event type 501 over exactly these instants, in ranges. */
  private static com.github.tomakehurst.wiremock.client.MappingBuilder slotsRequest(
      String start, String end, String zone) {
    return get(urlPathEqualTo("/v2/slots"))
        .withQueryParam("eventTypeId", equalTo("501"))
        .withQueryParam("start", equalTo(start))
        .withQueryParam("end", equalTo(end))
        .withQueryParam("timeZone", equalTo(zone))
        .withQueryParam("format", equalTo("range"));
  }

  @Test
  void theLocalRangeIsSentAsInstantsSoTheLastEveningWestOfUtcIsNotCut() {
    // Issue 15: GET /v2/slots reads a date-only end as 23:59:59Z whatever timeZone says
    // (calcom/cal.com packages/platform/types/slots/slots-2024-09-04/inputs/get-slots.input.ts), so
    // a
    // 19:00 slot in Mexico City (UTC−6) on the last day, 01:00Z the next day, went missing.
    wm.stubFor(
        slotsRequest("2026-03-04T06:00:00Z", "2026-03-06T05:59:59Z", "America/Mexico_City")
            .withQueryParam("duration", absent())
            .willReturn(
                json(
                    200,
                    """
                    {"status":"success","data":{
                      "2026-03-05":[{"start":"2026-03-05T18:00:00.000-06:00","end":"2026-03-05T18:30:00.000-06:00"},
                                    {"start":"2026-03-05T19:00:00.000-06:00","end":"2026-03-05T19:30:00.000-06:00"}]}}\
                    """)));

    SortedMap<LocalDate, List<CalComSlot>> slots =
        client.slots(
            access(),
            501,
            LocalDate.parse("2026-03-04"),
            LocalDate.parse("2026-03-05"),
            java.time.ZoneId.of("America/Mexico_City"),
            null);

    assertThat(slots.get(LocalDate.parse("2026-03-05")))
        .extracting(s -> s.start().toInstant())
        .containsExactly(
            Instant.parse("2026-03-06T00:00:00Z"), Instant.parse("2026-03-06T01:00:00Z"));
  }

  @Test
  void createBookingPostsTheTypedBodyWithTheBookingsApiVersion() {
    wm.stubFor(post(urlEqualTo("/v2/bookings")).willReturn(json(201, BOOKING_JSON)));

    CalComBooking booking =
        client.createBooking(
            access(),
            new CreateBookingRequest(
                Instant.parse("2026-03-04T13:00:00Z"),
                501,
                CalComAttendee.of(
                    "María Pérez", "maria@example.com", null, "America/Santiago", "es"),
                Map.of("citaAppointmentId", "appt-1"),
                30,
                List.of("guest@example.com")));

    assertThat(booking.uid()).isEqualTo("bk-91");
    assertThat(booking.metadataValue("citaAppointmentId")).contains("appt-1");
    assertThat(booking.attendees()).hasSize(1);
    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/v2/bookings"))
            .withHeader("cal-api-version", equalTo("2024-08-13"))
            .withHeader("Authorization", equalTo(BEARER))
            .withHeader("Content-Type", equalToIgnoreCase("application/json; charset=utf-8"))
            .withRequestBody(
                equalToJson(
                    """
                    {"start":"2026-03-04T13:00:00Z","eventTypeId":501,
                     "attendee":{"name":"María Pérez","email":"maria@example.com","timeZone":"America/Santiago","language":"es"},
                     "metadata":{"citaAppointmentId":"appt-1"},"lengthInMinutes":30,"guests":["guest@example.com"]}\
                    """)));
  }

  @Test
  void bookingByUidIsEmptyOn404() {
    wm.stubFor(get(urlEqualTo("/v2/bookings/bk-91")).willReturn(json(200, BOOKING_JSON)));
    wm.stubFor(
        get(urlEqualTo("/v2/bookings/gone"))
            .willReturn(
                json(
                    404,
                    "{\"status\":\"error\",\"error\":{\"code\":\"NotFoundException\",\"message\":\"not"
                        + " found\"}}")));

    assertThat(client.booking(access(), "bk-91"))
        .map(CalComBooking::start)
        .contains(Instant.parse("2026-03-04T13:00:00Z"));
    assertThat(client.booking(access(), "gone")).isEmpty();
    wm.verify(
        1,
        getRequestedFor(urlEqualTo("/v2/bookings/bk-91"))
            .withHeader("cal-api-version", equalTo("2024-08-13"))
            .withHeader("Authorization", equalTo(BEARER)));
  }

  @Test
  void listSendsOnlyTheFiltersThatAreSet() {
    wm.stubFor(
        get(urlPathEqualTo("/v2/bookings"))
            .willReturn(
                json(
                    200,
                    """
                    {"status":"success","data":[{"uid":"bk-1","status":"accepted","start":"2026-03-04T13:00:00Z",
                      "end":"2026-03-04T13:30:00Z","metadata":{}}],"pagination":{"hasNextPage":true,"totalItems":9}}\
                    """)));

    BookingPage page =
        client.bookings(
            access(),
            BookingSearch.builder()
                .eventTypeId(501)
                .attendeeEmail("maria@example.com")
                .afterCreatedAt(Instant.parse("2026-03-01T12:00:00Z"))
                .build());

    assertThat(page.bookings()).extracting(CalComBooking::uid).containsExactly("bk-1");
    assertThat(page.hasNextPage()).isTrue();
    wm.verify(
        1,
        getRequestedFor(urlPathEqualTo("/v2/bookings"))
            .withQueryParam("attendeeEmail", equalTo("maria@example.com"))
            .withQueryParam("eventTypeId", equalTo("501"))
            .withQueryParam("afterCreatedAt", equalTo("2026-03-01T12:00:00Z"))
            .withQueryParam("take", equalTo("100"))
            .withQueryParam("skip", equalTo("0"))
            .withQueryParam("status", absent())
            .withQueryParam("afterStart", absent())
            .withQueryParam("beforeEnd", absent())
            .withHeader("cal-api-version", equalTo("2024-08-13")));
  }

  @Test
  void rescheduleCancelMarkAbsentConfirmAndDeclinePostTheirBodies() {
    wm.stubFor(
        post(urlEqualTo("/v2/bookings/bk-91/reschedule")).willReturn(json(201, BOOKING_JSON)));
    wm.stubFor(post(urlEqualTo("/v2/bookings/bk-91/cancel")).willReturn(json(200, BOOKING_JSON)));
    wm.stubFor(
        post(urlEqualTo("/v2/bookings/bk-91/mark-absent")).willReturn(json(200, BOOKING_JSON)));
    wm.stubFor(post(urlEqualTo("/v2/bookings/bk-91/confirm")).willReturn(json(200, BOOKING_JSON)));
    wm.stubFor(post(urlEqualTo("/v2/bookings/bk-91/decline")).willReturn(json(200, BOOKING_JSON)));

    client.reschedule(
        access(),
        "bk-91",
        new RescheduleBookingRequest(Instant.parse("2026-03-05T14:00:00Z"), "moved"));
    client.cancel(access(), "bk-91", new CancelBookingRequest("client asked"));
    client.markAbsent(
        access(),
        "bk-91",
        new MarkAbsentRequest(
            false, List.of(new MarkAbsentRequest.Absence("maria@example.com", true))));
    client.confirm(access(), "bk-91");
    client.decline(access(), "bk-91", new DeclineBookingRequest("host busy"));

    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/v2/bookings/bk-91/reschedule"))
            .withHeader("cal-api-version", equalTo("2024-08-13"))
            .withHeader("Authorization", equalTo(BEARER))
            .withRequestBody(
                equalToJson(
                    "{\"start\":\"2026-03-05T14:00:00Z\",\"reschedulingReason\":\"moved\"}")));
    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/v2/bookings/bk-91/cancel"))
            .withHeader("cal-api-version", equalTo("2024-08-13"))
            .withRequestBody(equalToJson("{\"cancellationReason\":\"client asked\"}")));
    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/v2/bookings/bk-91/mark-absent"))
            .withHeader("cal-api-version", equalTo("2024-08-13"))
            .withRequestBody(
                equalToJson(
                    "{\"host\":false,\"attendees\":[{\"email\":\"maria@example.com\",\"absent\":true}]}")));
    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/v2/bookings/bk-91/confirm"))
            .withHeader("cal-api-version", equalTo("2024-08-13"))
            .withHeader("Authorization", equalTo(BEARER)));
    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/v2/bookings/bk-91/decline"))
            .withHeader("cal-api-version", equalTo("2024-08-13"))
            .withRequestBody(equalToJson("{\"reason\":\"host busy\"}")));
  }

  @Test
  void eventTypesUseTheirOwnApiVersionAndMeSendsNone() {
    wm.stubFor(
        get(urlEqualTo("/v2/event-types"))
            .willReturn(
                json(
                    200,
                    """
                    {"status":"success","data":[{"id":501,"slug":"consulta","title":"Consulta","lengthInMinutes":30,
                      "seatsPerTimeSlot":null,"locations":[]}]}\
                    """)));
    wm.stubFor(
        get(urlEqualTo("/v2/me"))
            .willReturn(
                json(
                    200,
                    """
                    {"status":"success","data":{"id":1234,"username":"centro","email":"centro@clinica.cl",
                      "timeZone":"America/Santiago","organizationId":null}}\
                    """)));

    List<CalComEventType> types = client.eventTypes(access());
    assertThat(types).containsExactly(new CalComEventType(501, "consulta", "Consulta", 30, null));
    assertThat(client.me(access()).id()).isEqualTo(1234);
    wm.verify(
        1,
        getRequestedFor(urlEqualTo("/v2/event-types"))
            .withHeader("cal-api-version", equalTo("2024-06-14"))
            .withHeader("Authorization", equalTo(BEARER)));
    wm.verify(
        1,
        getRequestedFor(urlEqualTo("/v2/me"))
            .withHeader("cal-api-version", absent())
            .withHeader("Authorization", equalTo(BEARER)));
  }

  @Test
  void selfHostedBaseUrlWithAPathIsHonoured() {
    wm.stubFor(
        get(urlEqualTo("/cal/api/v2/me"))
            .willReturn(
                json(
                    200,
                    "{\"status\":\"success\",\"data\":{\"id\":77,\"username\":\"x\",\"email\":\"x@y.cl\",\"timeZone\":\"UTC\"}}")));

    assertThat(
            client
                .me(
                    CalComAccess.of(
                        BRANCH, wm.baseUrl() + "/cal/api", Fixtures.LOCAL_MOCK, () -> API_KEY))
                .id())
        .isEqualTo(77);
  }

  @Test
  void errorsCarryCalComsCodeAndGetsAreRetriedOnFaults() {
    wm.stubFor(
        post(urlEqualTo("/v2/bookings/bk-91/cancel"))
            .willReturn(
                json(
                    400,
                    "{\"status\":\"error\",\"error\":{\"code\":\"BadRequestException\",\"message\":\"already"
                        + " cancelled\"}}")));
    wm.stubFor(
        get(urlEqualTo("/v2/me"))
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    ProviderException bad =
        catchThrowableOfType(
            ProviderException.class,
            () -> client.cancel(access(), "bk-91", new CancelBookingRequest(null)));
    assertThat(bad.providerCode()).contains("BadRequestException");
    assertThat(bad.isRetryable()).isFalse();
    ProviderException down =
        catchThrowableOfType(ProviderException.class, () -> client.me(access()));
    assertThat(down.isRetryable()).isTrue();
    wm.verify(2, getRequestedFor(urlEqualTo("/v2/me"))); // the retry policy allows 2 attempts
    wm.verify(1, postRequestedFor(urlEqualTo("/v2/bookings/bk-91/cancel")));
  }

  @Test
  void malformedAndEmptyResponsesAreProviderFailures() {
    wm.stubFor(
        get(urlEqualTo("/v2/bookings/bk-1"))
            .willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));
    wm.stubFor(
        get(urlEqualTo("/v2/bookings/bk-2"))
            .willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
    wm.stubFor(
        get(urlEqualTo("/v2/bookings/bk-3"))
            .willReturn(json(200, "{\"status\":\"success\",\"data\":{}}")));

    assertThat(
            catchThrowableOfType(ProviderException.class, () -> client.booking(access(), "bk-1"))
                .isRetryable())
        .isTrue();
    assertThat(
            catchThrowableOfType(ProviderException.class, () -> client.booking(access(), "bk-2"))
                .isRetryable())
        .isTrue();
    assertThat(
            catchThrowableOfType(ProviderException.class, () -> client.booking(access(), "bk-3")))
        .hasMessageContaining("without a booking uid");
  }

  @Test
  void everyCallIsAuditedWithTenantOperationOutcomeAndLatencyButNoSecretsOrBodies() {
    wm.stubFor(
        post(urlEqualTo("/v2/bookings")).willReturn(json(201, BOOKING_JSON).withFixedDelay(20)));
    wm.stubFor(
        get(urlEqualTo("/v2/bookings/gone"))
            .willReturn(
                json(
                    404,
                    "{\"status\":\"error\",\"error\":{\"code\":\"NotFoundException\",\"message\":\"maria@example.com"
                        + " not found\"}}")));
    java.time.Clock ticking =
        new java.time.Clock() {
          private Instant now = NOW;

          @Override
          public synchronized Instant instant() {
            now = now.plusMillis(7);
            return now;
          }

          @Override
          public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
          }

          @Override
          public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
          }
        };
    CalComClient timed = Fixtures.client(ticking, audit, Duration.ofSeconds(5));

    timed.createBooking(
        access(),
        new CreateBookingRequest(
            Instant.parse("2026-03-04T13:00:00Z"),
            501,
            CalComAttendee.of(
                "María Pérez", "maria@example.com", "+56912345678", "America/Santiago", "es"),
            Map.of("citaAppointmentId", "appt-1"),
            null,
            null));
    timed.booking(access(), "gone");

    List<AuditEntry> entries = audit.recent(BRANCH, 10);
    assertThat(entries).hasSize(2);
    AuditEntry failed = entries.get(0);
    AuditEntry created = entries.get(1);
    assertThat(created.tenant()).contains(BRANCH);
    assertThat(created.provider()).isEqualTo("calcom");
    assertThat(created.direction()).isEqualTo(AuditEntry.Direction.OUTBOUND);
    assertThat(created.operation()).isEqualTo("bookings.create");
    assertThat(created.outcome()).isEqualTo(AuditEntry.Outcome.SUCCESS);
    assertThat(created.latency()).isPositive();
    assertThat(failed.operation()).isEqualTo("bookings.get");
    assertThat(failed.outcome()).isEqualTo(AuditEntry.Outcome.FAILURE);
    assertThat(failed.httpStatus()).isEqualTo(404);
    assertThat(failed.errorCode()).contains("NotFoundException");
    assertThat(entries.toString())
        .doesNotContain(API_KEY, "maria", "+56912345678", "María", "appt-1");
  }

  @Test
  void badInputIsRefusedBeforeAnyCall() {
    assertThat(
            catchThrowableOfType(
                    ValidationException.class,
                    () ->
                        client.slots(
                            access(),
                            501,
                            LocalDate.parse("2026-03-05"),
                            LocalDate.parse("2026-03-04"),
                            Fixtures.SANTIAGO,
                            null))
                .field())
        .isEqualTo("slots.end");
    assertThat(
            catchThrowableOfType(
                    ValidationException.class,
                    () -> client.cancel(access(), " ", new CancelBookingRequest(null)))
                .field())
        .isEqualTo("bookingUid");
    assertThat(
            catchThrowableOfType(
                    ValidationException.class,
                    () -> CalComAccess.of(BRANCH, "not a url", () -> "x"))
                .field())
        .isEqualTo("access.baseUrl");
    assertThat(wm.getAllServeEvents()).isEmpty();
    assertThat(CalComAccess.of(BRANCH, wm.baseUrl(), Fixtures.LOCAL_MOCK, () -> API_KEY).toString())
        .doesNotContain(API_KEY);
  }
}
