package dev.cita.scheduling.calcom;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.cita.scheduling.calcom.Fixtures.ANA;
import static dev.cita.scheduling.calcom.Fixtures.API_KEY;
import static dev.cita.scheduling.calcom.Fixtures.BRANCH;
import static dev.cita.scheduling.calcom.Fixtures.CONSULT;
import static dev.cita.scheduling.calcom.Fixtures.NOW;
import static dev.cita.scheduling.calcom.Fixtures.SANTIAGO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.cita.scheduling.BookingRequest;
import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.SlotQuery;
import dev.cita.scheduling.SlotUnavailableException;
import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.memory.InMemoryAuditLog;
import dev.cita.scheduling.memory.InMemoryScheduleStore;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.model.TimeSlot;
import dev.cita.scheduling.sync.BusyRefresher;
import dev.cita.scheduling.sync.OutboxEntry;
import dev.cita.scheduling.sync.OutboxStatus;
import dev.cita.scheduling.sync.SyncWorker;
import dev.cita.scheduling.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A branch that keeps its hours in Cal.com ({@code Schedule.hoursFrom("calcom")}): Cita offers and
 * books only the slots Cal.com offers, read by the availability refresher or, on a booking's cache
 * miss, right then; a Cal.com that does not answer in time refuses the booking rather than risking
 * it.
 */
class CalComProviderHoursTest {
  private static final FakeCalCom fake = new FakeCalCom();

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().extensions(fake))
          .build();

  /** Wednesday 4 March 2026 in Santiago (UTC-3): Cal.com offers 10:00, 10:30 and 15:00. */
  private static final String WEDNESDAY_SLOTS =
      """
      {"status":"success","data":{"2026-03-04":[
        {"start":"2026-03-04T10:00:00.000-03:00","end":"2026-03-04T10:30:00.000-03:00"},
        {"start":"2026-03-04T10:30:00.000-03:00","end":"2026-03-04T11:00:00.000-03:00"},
        {"start":"2026-03-04T15:00:00.000-03:00","end":"2026-03-04T15:30:00.000-03:00"}]}}\
      """;

  private static final Instant WED_10 = Instant.parse("2026-03-04T13:00:00Z");
  private static final Instant WED_1030 = Instant.parse("2026-03-04T13:30:00Z");
  private static final Instant WED_12 = Instant.parse("2026-03-04T15:00:00Z");
  private static final Instant WED_15 = Instant.parse("2026-03-04T18:00:00Z");

  private final TestClock clock = new TestClock(NOW); // Monday 2 March, 09:00 in Santiago
  private final InMemoryAppointmentStore store = new InMemoryAppointmentStore();
  private final InMemoryScheduleStore schedules = new InMemoryScheduleStore();
  private CalComCalendarProvider calcom;

  @BeforeEach
  void setUp() {
    fake.reset();
    wm.stubFor(
        any(urlPathMatching("/v2/.*"))
            .atPriority(5)
            .willReturn(aResponse().withTransformers(FakeCalCom.NAME)));
    schedules.saveAppointmentType(
        BRANCH,
        AppointmentType.builder(CONSULT.value(), "Consulta", Duration.ofMinutes(30)).build());
    // No weekly hours of Cita's own: the branch's hours are Cal.com's.
    schedules.saveSchedule(
        BRANCH, ANA, Schedule.builder(SANTIAGO).hoursFrom(CalComClient.PROVIDER).build());
    calcom =
        CalComCalendarProvider.builder(
                Fixtures.client(clock, new InMemoryAuditLog(), Duration.ofSeconds(5)),
                CalComTenants.of(Fixtures.branch(wm.baseUrl())),
                Fixtures.credentials(clock))
            .clock(clock)
            .build();
  }

  private BookingService service(Duration refreshTimeout) {
    return BookingService.builder()
        .inMemoryDefaults()
        .appointmentStore(store)
        .scheduleStore(schedules)
        .calendarProvider(calcom)
        .availabilityRefreshTimeout(refreshTimeout)
        .clock(clock)
        .build();
  }

  /**
   * {@code GET /v2/slots} of event type 501 for the Santiago days {@code from} to {@code to}, as
   * instants.
   */
  private static MappingBuilder slots(String from, String to) {
    return get(urlPathEqualTo("/v2/slots"))
        .atPriority(1)
        .withQueryParam("eventTypeId", equalTo("501"))
        .withQueryParam(
            "start", equalTo(LocalDate.parse(from).atStartOfDay(SANTIAGO).toInstant().toString()))
        .withQueryParam(
            "end",
            equalTo(
                LocalDate.parse(to)
                    .plusDays(1)
                    .atStartOfDay(SANTIAGO)
                    .toInstant()
                    .minusSeconds(1)
                    .toString()))
        .withQueryParam("timeZone", equalTo("America/Santiago"))
        .withQueryParam("format", equalTo("range"))
        .withHeader("cal-api-version", equalTo(CalComClient.SLOTS_API_VERSION))
        .withHeader("Authorization", equalTo("Bearer " + API_KEY));
  }

  private static BookingRequest request(Instant start) {
    return BookingRequest.builder(
            BRANCH, ANA, CONSULT, start, Attendee.builder("Ana").email("ana@example.com").build())
        .build();
  }

  private static SlotUnavailableException.Reason reasonOf(Throwable e) {
    return ((SlotUnavailableException) e).reason();
  }

  @Test
  void theBranchsHoursComeFromCalComAndATimeOutsideThemIsNeverOfferedNorBooked() {
    wm.stubFor(
        slots("2026-03-02", "2026-03-09")
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(WEDNESDAY_SLOTS)));
    BookingService service =
        service(Duration.ofSeconds(30)); // generous: a cold JVM is slow to make its first call
    BusyRefresher refresher =
        calcom
            .availabilityRefresher(() -> List.of(BRANCH))
            .horizon(Duration.ofDays(7))
            .clock(clock)
            .build();

    BusyRefresher.Round round = refresher.runOnce();
    List<Instant> offered =
        service
            .findSlots(
                SlotQuery.forResource(
                    BRANCH,
                    ANA,
                    CONSULT,
                    LocalDate.parse("2026-03-02"),
                    LocalDate.parse("2026-03-08")))
            .stream()
            .map(TimeSlot::start)
            .toList();

    assertThat(round.refreshed()).containsEntry(BRANCH, 3);
    assertThat(offered).containsExactly(WED_10, WED_1030, WED_15);
    assertThatThrownBy(() -> service.book(request(WED_12)))
        .isInstanceOf(SlotUnavailableException.class)
        .satisfies(
            e -> assertThat(reasonOf(e)).isEqualTo(SlotUnavailableException.Reason.OUTSIDE_HOURS));
    Appointment booked = service.book(request(WED_15));
    SyncWorker.builder().bookingService(service).provider(calcom).clock(clock).build().runOnce();

    wm.verify(1, getRequestedFor(urlPathEqualTo("/v2/slots")));
    assertThat(fake.writes()).containsExactly("create " + booked.id().value());
    assertThat(store.outbox().entries(BRANCH))
        .extracting(OutboxEntry::status)
        .containsExactly(OutboxStatus.DONE);
    assertThat(
            calcom
                .openWindows(BRANCH, ANA, CONSULT, TimeInterval.of(WED_10, Duration.ofMinutes(30)))
                .readAt())
        .as("the cache says how fresh it is")
        .contains(NOW);
  }

  @Test
  void aBookingTheCacheMissesReadsCalComsSlotsForItsTimeFirst() {
    // The slot's time, Wednesday 10:00, and the day before it (a slot may reach into the time from
    // there).
    wm.stubFor(
        slots("2026-03-03", "2026-03-04")
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(WEDNESDAY_SLOTS)));
    BookingService service =
        service(Duration.ofSeconds(30)); // generous: a cold JVM is slow to make its first call

    Appointment booked = service.book(request(WED_10));
    assertThatThrownBy(
            () ->
                service.book(
                    request(Instant.parse("2026-03-04T14:00:00Z")))) // 11:00: Cal.com has none
        .satisfies(
            e -> assertThat(reasonOf(e)).isEqualTo(SlotUnavailableException.Reason.OUTSIDE_HOURS));

    assertThat(booked.start()).isEqualTo(WED_10);
    wm.verify(
        2,
        getRequestedFor(urlPathEqualTo("/v2/slots")).withQueryParam("eventTypeId", equalTo("501")));
    wm.verify(0, postRequestedFor(urlEqualTo("/v2/bookings")));
  }

  @Test
  void aCalComThatDoesNotAnswerInTimeRefusesTheBookingAsHoursUnknownAndBooksNothing() {
    wm.stubFor(
        slots("2026-03-03", "2026-03-04")
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(WEDNESDAY_SLOTS)
                    .withFixedDelay(3_000)));
    BookingService service = service(Duration.ofMillis(300));

    assertThatThrownBy(() -> service.book(request(WED_10)))
        .satisfies(
            e -> assertThat(reasonOf(e)).isEqualTo(SlotUnavailableException.Reason.HOURS_UNKNOWN))
        .hasMessageContaining("'calcom'")
        .hasMessageContaining("did not answer within PT0.3S");

    assertThat(store.outbox().entries(BRANCH)).isEmpty();
    // The read goes on in the background and fills the cache: the next attempt books without asking
    // again.
    TimeInterval slot = TimeInterval.of(WED_10, Duration.ofMinutes(30));
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!calcom.openWindows(BRANCH, ANA, CONSULT, slot).isKnown(slot)
        && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(service.book(request(WED_10)).start()).isEqualTo(WED_10);
    wm.verify(1, getRequestedFor(urlPathEqualTo("/v2/slots")));
  }
}
