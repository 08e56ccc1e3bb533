package dev.cita.scheduling.calendly;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.cita.scheduling.calendly.Fixtures.ANA;
import static dev.cita.scheduling.calendly.Fixtures.CONSULTA;
import static dev.cita.scheduling.calendly.Fixtures.EVENT_TYPE;
import static dev.cita.scheduling.calendly.Fixtures.NOW;
import static dev.cita.scheduling.calendly.Fixtures.TENANT;
import static dev.cita.scheduling.calendly.Fixtures.TOKEN;
import static dev.cita.scheduling.calendly.Fixtures.USER;
import static dev.cita.scheduling.calendly.Fixtures.availableTimes;
import static dev.cita.scheduling.calendly.Fixtures.invitee;
import static dev.cita.scheduling.calendly.Fixtures.json;
import static dev.cita.scheduling.calendly.Fixtures.page;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.cita.scheduling.BookingRequest;
import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.SlotQuery;
import dev.cita.scheduling.SlotUnavailableException;
import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.calendly.Fixtures.RecordingSleeper;
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
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A tenant that keeps its hours in Calendly ({@code Schedule.hoursFrom("calendly")}): Cita offers
 * and books only the start times Calendly's event type offers, read by the availability refresher
 * or, on a booking's cache miss, right then.
 */
class CalendlyProviderHoursTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");

  /** Tuesday 24 November 2026 in Santiago (UTC-3): Calendly offers 10:00, 10:30 and 15:00. */
  private static final Instant TUE_10 = Instant.parse("2026-11-24T13:00:00Z");

  private static final Instant TUE_1030 = Instant.parse("2026-11-24T13:30:00Z");
  private static final Instant TUE_12 = Instant.parse("2026-11-24T15:00:00Z");
  private static final Instant TUE_15 = Instant.parse("2026-11-24T18:00:00Z");
  private static final String TUESDAY =
      availableTimes("2026-11-24T13:00:00Z", "2026-11-24T13:30:00Z", "2026-11-24T18:00:00Z");

  private final TestClock clock = new TestClock(NOW); // Friday 20 November, 09:00 in Santiago
  private final InMemoryAppointmentStore store = new InMemoryAppointmentStore();
  private final InMemoryScheduleStore schedules = new InMemoryScheduleStore();
  private final CalendlyClient client =
      Fixtures.client(wm.baseUrl(), clock, new RecordingSleeper(), new InMemoryAuditLog()).build();

  /** The consultation event type is Ana's own, so its available times are her hours. */
  private final CalendlyCalendarProvider calendly =
      CalendlyCalendarProvider.builder(
              client,
              CalendlyMappings.of(
                  Map.of(
                      TENANT,
                      CalendlyMapping.builder()
                          .host(USER, ANA)
                          .eventType(EVENT_TYPE, CONSULTA, ANA)
                          .build())))
          .appointmentStore(store)
          .clock(clock)
          .build();

  private final BookingService service =
      BookingService.builder()
          .inMemoryDefaults()
          .appointmentStore(store)
          .scheduleStore(schedules)
          .calendarProvider(calendly)
          .availabilityRefreshTimeout(Duration.ofSeconds(30))
          .clock(clock)
          .build();

  @BeforeEach
  void setUp() {
    Fixtures.eventType(wm, ",\"locations\":[],\"custom_questions\":[]"); // 30 minutes
    schedules.saveAppointmentType(
        TENANT,
        AppointmentType.builder(CONSULTA.value(), "Consulta", Duration.ofMinutes(30)).build());
    schedules.saveSchedule(
        TENANT, ANA, Schedule.builder(SANTIAGO).hoursFrom(CalendlyClient.PROVIDER).build());
  }

  /** {@code GET /event_type_available_times} of the consultation between exactly these instants. */
  private static MappingBuilder available(String start, String end) {
    return get(urlPathEqualTo("/event_type_available_times"))
        .withQueryParam("event_type", equalTo(EVENT_TYPE))
        .withQueryParam("start_time", equalTo(start))
        .withQueryParam("end_time", equalTo(end))
        .withHeader("Authorization", equalTo("Bearer " + TOKEN));
  }

  private static BookingRequest request(Instant start) {
    return BookingRequest.builder(
            TENANT,
            ANA,
            CONSULTA,
            start,
            Attendee.builder("María Pérez").email("maria@example.com").zone(SANTIAGO).build())
        .build();
  }

  private static SlotUnavailableException.Reason reasonOf(Throwable e) {
    return ((SlotUnavailableException) e).reason();
  }

  @Test
  void theHoursComeFromCalendlyAndATimeOutsideThemIsNeverOfferedNorBooked() {
    // The refresher's week from now; Calendly is asked from a minute ahead (a start_time must be
    // future).
    wm.stubFor(
        available("2026-11-20T12:01:00Z", "2026-11-27T12:00:00Z").willReturn(json(200, TUESDAY)));
    BusyRefresher refresher =
        calendly
            .availabilityRefresher(() -> List.of(TENANT))
            .horizon(Duration.ofDays(7))
            .clock(clock)
            .build();

    BusyRefresher.Round round = refresher.runOnce();
    List<Instant> offered =
        service
            .findSlots(
                SlotQuery.forResource(
                    TENANT,
                    ANA,
                    CONSULTA,
                    LocalDate.parse("2026-11-20"),
                    LocalDate.parse("2026-11-26")))
            .stream()
            .map(TimeSlot::start)
            .toList();

    assertThat(round.refreshed()).containsEntry(TENANT, 3);
    assertThat(offered).containsExactly(TUE_10, TUE_1030, TUE_15);
    assertThatThrownBy(() -> service.book(request(TUE_12)))
        .satisfies(
            e -> assertThat(reasonOf(e)).isEqualTo(SlotUnavailableException.Reason.OUTSIDE_HOURS));
    wm.verify(1, getRequestedFor(urlPathEqualTo("/event_type_available_times")));
    assertThat(
            calendly
                .openWindows(TENANT, ANA, CONSULTA, TimeInterval.of(TUE_15, Duration.ofMinutes(30)))
                .readAt())
        .as("the cache says how fresh it is")
        .contains(NOW);

    // The time Calendly offers is booked, and the push books exactly it on Calendly.
    Appointment booked = service.book(request(TUE_15));
    wm.stubFor(get(urlPathEqualTo("/scheduled_events")).willReturn(json(200, page("", null))));
    wm.stubFor(
        post(urlEqualTo("/invitees"))
            .willReturn(
                json(
                    201,
                    "{\"resource\":" + invitee("E9", "I9", "maria@example.com", "active") + "}")));
    SyncWorker.builder().bookingService(service).provider(calendly).clock(clock).build().runOnce();

    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/invitees"))
            .withRequestBody(matchingJsonPath("$.start_time", equalTo("2026-11-24T18:00:00Z")))
            .withRequestBody(matchingJsonPath("$.event_type", equalTo(EVENT_TYPE))));
    assertThat(store.outbox().entries(TENANT))
        .extracting(OutboxEntry::status)
        .containsExactly(OutboxStatus.DONE);
    assertThat(store.find(TENANT, booked.id()).orElseThrow().externalRef("calendly")).isPresent();
  }

  @Test
  void aBookingTheCacheMissesReadsCalendlysAvailableTimesForItsTimeFirst() {
    // The time itself, from one event length before it (an available time there could reach into
    // it).
    wm.stubFor(
        available("2026-11-24T12:30:00Z", "2026-11-24T13:30:00Z")
            .willReturn(json(200, availableTimes("2026-11-24T13:00:00Z"))));
    wm.stubFor(
        available("2026-11-24T13:30:00Z", "2026-11-24T14:30:00Z")
            .willReturn(json(200, availableTimes("2026-11-24T13:30:00Z"))));

    Appointment booked = service.book(request(TUE_10));
    assertThatThrownBy(
            () -> service.book(request(Instant.parse("2026-11-24T14:00:00Z")))) // 11:00: none
        .satisfies(
            e -> assertThat(reasonOf(e)).isEqualTo(SlotUnavailableException.Reason.OUTSIDE_HOURS));

    assertThat(booked.start()).isEqualTo(TUE_10);
    wm.verify(2, getRequestedFor(urlPathEqualTo("/event_type_available_times")));
    wm.verify(2, getRequestedFor(urlEqualTo("/event_types/CONSULTA")));
    wm.verify(0, postRequestedFor(urlEqualTo("/invitees")));
  }

  @Test
  void anEventTypeNotMappedToTheResourceGivesNoHoursAndTheBookingIsRefusedWithoutACall() {
    CalendlyCalendarProvider pooled =
        CalendlyCalendarProvider.builder(client, Fixtures.mappings()).clock(clock).build();
    BookingService svc =
        BookingService.builder()
            .inMemoryDefaults()
            .appointmentStore(store)
            .scheduleStore(schedules)
            .calendarProvider(pooled)
            .clock(clock)
            .build();

    assertThatThrownBy(() -> svc.book(request(TUE_10)))
        .satisfies(
            e -> assertThat(reasonOf(e)).isEqualTo(SlotUnavailableException.Reason.HOURS_UNKNOWN))
        .hasMessageContaining("no Calendly event type is mapped to resource dra-ana");
    wm.verify(0, getRequestedFor(urlPathEqualTo("/event_type_available_times")));
  }
}
