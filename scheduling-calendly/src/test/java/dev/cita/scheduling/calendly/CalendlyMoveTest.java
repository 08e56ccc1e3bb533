package dev.cita.scheduling.calendly;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.cita.scheduling.calendly.Fixtures.ANA;
import static dev.cita.scheduling.calendly.Fixtures.CONSULTA;
import static dev.cita.scheduling.calendly.Fixtures.EVENT_TYPE;
import static dev.cita.scheduling.calendly.Fixtures.NOW;
import static dev.cita.scheduling.calendly.Fixtures.TENANT;
import static dev.cita.scheduling.calendly.Fixtures.invitee;
import static dev.cita.scheduling.calendly.Fixtures.inviteeUri;
import static dev.cita.scheduling.calendly.Fixtures.json;
import static dev.cita.scheduling.calendly.Fixtures.page;
import static dev.cita.scheduling.calendly.Fixtures.scheduledEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.cita.scheduling.BookingRequest;
import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.availability.WeeklyHours;
import dev.cita.scheduling.calendly.Fixtures.RecordingSleeper;
import dev.cita.scheduling.http.HttpClientConfig;
import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.memory.InMemoryAuditLog;
import dev.cita.scheduling.memory.InMemoryScheduleStore;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.sync.OutboxStatus;
import dev.cita.scheduling.sync.SyncWorker;
import dev.cita.scheduling.testkit.TestClock;
import dev.cita.scheduling.webhook.AppointmentTagSigner;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Moving a booking on Calendly, which has no reschedule call: book the new time (looking first),
 * then cancel the old booking, and hand the new invitee URI to the sync worker.
 */
class CalendlyMoveTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @org.junit.jupiter.api.BeforeEach
  void plainEventType() {
    Fixtures.eventType(wm, ",\"locations\":[],\"custom_questions\":[]");
  }

  private static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  private static final Instant OLD = Instant.parse("2026-12-01T13:00:00Z");
  private static final Instant NEW = Instant.parse("2026-12-01T15:00:00Z");
  private static final String OLD_INVITEE = inviteeUri("E1", "I1");
  private static final String NEW_INVITEE = inviteeUri("E2", "I2");
  private static final String MOVE_BODY =
      "{\"reason\":\"" + CalendlyCalendarProvider.MOVE_REASON + "\"}";

  private final TestClock clock = new TestClock(NOW);
  private final RecordingSleeper sleeper = new RecordingSleeper();
  private final InMemoryAppointmentStore store = new InMemoryAppointmentStore();
  private final CalendlyClient client =
      Fixtures.client(wm.baseUrl(), clock, sleeper, new InMemoryAuditLog())
          .config(
              HttpClientConfig.builder()
                  .readTimeout(Duration.ofSeconds(1))
                  .callTimeout(Duration.ofSeconds(3))
                  .build())
          .build();
  private final CalendlyCalendarProvider provider =
      CalendlyCalendarProvider.builder(client, Fixtures.mappings())
          .appointmentStore(store)
          .clock(clock)
          .build();

  /** The appointment after Cita moved it to {@link #NEW}; Calendly still has it at {@link #OLD}. */
  private static Appointment moved() {
    return Appointment.builder()
        .id(AppointmentId.of("appt-1"))
        .tenant(TENANT)
        .resource(ANA)
        .type(CONSULTA)
        .attendee(Attendee.builder("María Pérez").email("maria@example.com").zone(SANTIAGO).build())
        .start(NEW)
        .end(NEW.plus(Duration.ofMinutes(30)))
        .displayZone(SANTIAGO)
        .status(AppointmentStatus.RESCHEDULED)
        .externalRef("calendly", OLD_INVITEE)
        .createdAt(NOW)
        .updatedAt(NOW)
        .build();
  }

  private static String bookingBody(String start) {
    return bookingBody(start, "appt-1");
  }

  /** The exact booking request, with Cita's tag naming the appointment. */
  private static String bookingBody(String start, String appointmentId) {
    return "{\"event_type\":\""
        + EVENT_TYPE
        + "\",\"start_time\":\""
        + start
        + "\",\"invitee\":{\"name\":\"María"
        + " Pérez\",\"email\":\"maria@example.com\",\"timezone\":\"America/Santiago\"},"
        + "\"tracking\":{\"utm_source\":\"cita\",\"utm_campaign\":\"clinic-1\",\"utm_content\":\"cita:"
        + appointmentId
        + "\",\"utm_term\":\""
        + AppointmentTagSigner.ephemeral()
            .sign(TENANT, "calendly", dev.cita.scheduling.model.AppointmentId.of(appointmentId))
        + "\"}}";
  }

  /** The look-up at the new time: empty until Calendly booked it (scenario state "booked"). */
  private static void lookupAtNewTime(String scenario) {
    wm.stubFor(
        get(urlPathEqualTo("/scheduled_events"))
            .withQueryParam("min_start_time", equalTo(NEW.toString()))
            .inScenario(scenario)
            .whenScenarioStateIs(STARTED)
            .willReturn(json(200, page("", null))));
    wm.stubFor(
        get(urlPathEqualTo("/scheduled_events"))
            .withQueryParam("min_start_time", equalTo(NEW.toString()))
            .inScenario(scenario)
            .whenScenarioStateIs("booked")
            .willReturn(
                json(
                    200,
                    page(
                        scheduledEvent(
                            "E2",
                            "2026-12-01T15:00:00.000000Z",
                            "2026-12-01T15:30:00.000000Z",
                            "active"),
                        null))));
    wm.stubFor(
        get(urlPathEqualTo("/scheduled_events/E2/invitees"))
            .willReturn(json(200, page(invitee("E2", "I2", "maria@example.com", "active"), null))));
  }

  private static void bookingSucceeds(String scenario, int delayMillis) {
    wm.stubFor(
        post(urlEqualTo("/invitees"))
            .inScenario(scenario)
            .whenScenarioStateIs(STARTED)
            .willReturn(
                json(
                        201,
                        "{\"resource\":" + invitee("E2", "I2", "maria@example.com", "active") + "}")
                    .withFixedDelay(delayMillis))
            .willSetStateTo("booked"));
  }

  private static StubMapping cancellationOf(String event, int status) {
    return wm.stubFor(
        post(urlEqualTo("/scheduled_events/" + event + "/cancellation"))
            .willReturn(
                status == 201
                    ? json(
                        201,
                        "{\"resource\":{\"canceled_by\":\"Ana\",\"reason\":\""
                            + CalendlyCalendarProvider.MOVE_REASON
                            + "\",\"canceler_type\":\"host\",\"created_at\":\"2026-11-20T12:00:00Z\"}}")
                    : json(
                        status,
                        "{\"title\":\"Internal Server Error\",\"message\":\"Try again later\"}")));
  }

  private static void verifyLookupsAtNewTime(int times) {
    wm.verify(
        times,
        getRequestedFor(urlPathEqualTo("/scheduled_events"))
            .withQueryParam("user", equalTo(Fixtures.USER))
            .withQueryParam("invitee_email", equalTo("maria@example.com"))
            .withQueryParam("status", equalTo("active"))
            .withQueryParam("min_start_time", equalTo("2026-12-01T15:00:00Z"))
            .withQueryParam("max_start_time", equalTo("2026-12-01T15:00:01Z")));
  }

  @Test
  void aMoveBooksTheNewTimeThenCancelsTheOldBookingAndReturnsTheNewInvitee() {
    lookupAtNewTime("move");
    bookingSucceeds("move", 0);
    cancellationOf("E1", 201);

    Optional<String> newId = provider.moveEvent(moved(), OLD_INVITEE);

    assertThat(newId).contains(NEW_INVITEE);
    verifyLookupsAtNewTime(1);
    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/invitees"))
            .withRequestBody(equalToJson(bookingBody("2026-12-01T15:00:00Z"))));
    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/scheduled_events/E1/cancellation"))
            .withHeader("Authorization", equalTo("Bearer " + Fixtures.TOKEN))
            .withRequestBody(equalToJson(MOVE_BODY)));
    wm.verify(0, postRequestedFor(urlEqualTo("/scheduled_events/E2/cancellation")));
    // The new booking came first: the old time was never given up before the new one was held.
    java.util.List<String> requests =
        new java.util.ArrayList<>(
            wm.getAllServeEvents().stream()
                .map(e -> e.getRequest().getMethod() + " " + e.getRequest().getUrl())
                .toList());
    java.util.Collections.reverse(requests); // WireMock lists the most recent first
    assertThat(requests.indexOf("POST /invitees"))
        .isNotNegative()
        .isLessThan(requests.indexOf("POST /scheduled_events/E1/cancellation"));
  }

  @Test
  void aMoveWhoseBookingAnswerIsLostFindsTheNewBookingBooksOnceAndStillCancelsTheOldOne() {
    lookupAtNewTime("timeout");
    bookingSucceeds("timeout", 2_000); // booked, but the answer comes after the 1 s read timeout
    cancellationOf("E1", 201);

    Optional<String> newId = provider.moveEvent(moved(), OLD_INVITEE);

    assertThat(newId).contains(NEW_INVITEE);
    wm.verify(1, postRequestedFor(urlEqualTo("/invitees")));
    verifyLookupsAtNewTime(2);
    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/scheduled_events/E1/cancellation"))
            .withRequestBody(equalToJson(MOVE_BODY)));
  }

  @Test
  void whenTheOldBookingCannotBeCancelledTheRetryBooksNoThirdTimeAndCancelsIt() {
    lookupAtNewTime("cancel-fails");
    bookingSucceeds("cancel-fails", 0);
    StubMapping down = cancellationOf("E1", 503);

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class, () -> provider.moveEvent(moved(), OLD_INVITEE));

    assertThat(e.isRetryable()).isTrue();
    assertThat(e.getMessage())
        .contains("cancelling the old booking failed")
        .doesNotContain(Fixtures.TOKEN);
    assertThat(sleeper.sleeps)
        .isNotEmpty(); // cancellation is idempotent, so the client retried it, capped
    int cancelAttempts =
        wm.findAll(postRequestedFor(urlEqualTo("/scheduled_events/E1/cancellation"))).size();
    assertThat(cancelAttempts).isBetween(2, 4);

    wm.removeStub(down);
    cancellationOf("E1", 201);
    Optional<String> retried = provider.moveEvent(moved(), OLD_INVITEE);

    assertThat(retried).contains(NEW_INVITEE);
    wm.verify(1, postRequestedFor(urlEqualTo("/invitees")));
    verifyLookupsAtNewTime(2);
    wm.verify(
        cancelAttempts + 1,
        postRequestedFor(urlEqualTo("/scheduled_events/E1/cancellation"))
            .withRequestBody(equalToJson(MOVE_BODY)));
  }

  @Test
  void aBookingAlreadyAtTheAppointmentsTimeIsLeftAlone() {
    wm.stubFor(
        get(urlPathEqualTo("/scheduled_events"))
            .willReturn(
                json(
                    200,
                    page(
                        scheduledEvent(
                            "E1",
                            "2026-12-01T15:00:00.000000Z",
                            "2026-12-01T15:30:00.000000Z",
                            "active"),
                        null))));
    wm.stubFor(
        get(urlPathEqualTo("/scheduled_events/E1/invitees"))
            .willReturn(json(200, page(invitee("E1", "I1", "maria@example.com", "active"), null))));

    assertThat(provider.moveEvent(moved(), OLD_INVITEE)).isEmpty();

    wm.verify(0, postRequestedFor(anyUrl()));
  }

  @Test
  void aRefusedNewTimeLeavesTheOldBookingAsItIs() {
    lookupAtNewTime("refused");
    wm.stubFor(
        post(urlEqualTo("/invitees"))
            .willReturn(
                json(
                    400,
                    "{\"title\":\"Invalid Argument\",\"message\":\"The supplied parameters are"
                        + " invalid.\",\"details\":[{\"parameter\":\"start_time\",\"message\":\"is"
                        + " not available\"}]}")));

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class, () -> provider.moveEvent(moved(), OLD_INVITEE));

    assertThat(e.isRetryable()).isFalse();
    wm.verify(0, postRequestedFor(urlEqualTo("/scheduled_events/E1/cancellation")));
  }

  @Test
  void aTimeCalendlyNoLongerOffersEndsCancelledWithTheReasonAndTheCustomerIsToldOnce() {
    InMemoryScheduleStore schedules = new InMemoryScheduleStore();
    schedules.saveAppointmentType(
        TENANT,
        AppointmentType.builder(CONSULTA.value(), "Consulta", Duration.ofMinutes(30)).build());
    schedules.saveSchedule(
        TENANT,
        ANA,
        Schedule.builder(SANTIAGO)
            .weeklyHours(
                WeeklyHours.builder()
                    .add(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), "09:00", "18:00")
                    .build())
            .build());
    java.util.List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    BookingService service =
        BookingService.builder()
            .inMemoryDefaults()
            .appointmentStore(store)
            .scheduleStore(schedules)
            .calendarProvider(provider)
            .clock(clock)
            .listener(
                new dev.cita.scheduling.BookingListener() {
                  @Override
                  public void statusChanged(Appointment before, Appointment after) {
                    heard.add("cancellation notice for " + after.attendee().name());
                  }

                  @Override
                  public void refusedByProvider(Appointment cancelled, String refusedBy) {
                    heard.add("refused by " + refusedBy);
                  }
                })
            .build();
    SyncWorker worker =
        SyncWorker.builder()
            .bookingService(service)
            .provider(provider)
            .clock(clock)
            .random(new Random(3)::nextLong)
            .build();
    // Nothing booked there yet (the lookup before booking), but the time was taken on Calendly
    // meanwhile.
    wm.stubFor(get(urlPathEqualTo("/scheduled_events")).willReturn(json(200, page("", null))));
    wm.stubFor(
        post(urlEqualTo("/invitees"))
            .willReturn(
                json(
                    400,
                    "{\"title\":\"Invalid Argument\",\"message\":\"The supplied parameters are"
                        + " invalid.\",\"details\":[{\"parameter\":\"start_time\",\"message\":\"is"
                        + " not available\"}]}")));

    Appointment a =
        service.book(
            BookingRequest.builder(
                    TENANT,
                    ANA,
                    CONSULTA,
                    OLD,
                    Attendee.builder("María Pérez")
                        .email("maria@example.com")
                        .zone(SANTIAGO)
                        .build())
                .build());
    worker.runOnce();
    worker.runOnce();

    wm.verify(1, postRequestedFor(urlEqualTo("/invitees")));
    Appointment now = store.find(TENANT, a.id()).orElseThrow();
    assertThat(now.status()).isEqualTo(dev.cita.scheduling.model.AppointmentStatus.CANCELLED);
    assertThat(now.statusReason())
        .get()
        .asString()
        .startsWith("refused by calendly: ")
        .contains("HTTP 400");
    assertThat(heard).containsExactly("cancellation notice for María Pérez", "refused by calendly");
    assertThat(store.outbox().entries(TENANT))
        .singleElement()
        .satisfies(entry -> assertThat(entry.status()).isEqualTo(OutboxStatus.DEAD));
    wm.verify(0, postRequestedFor(urlPathEqualTo("/scheduled_events/E1/cancellation")));
  }

  @Test
  void throughTheSyncWorkerTheMoveRecordsTheNewInviteeAndTheNextCancelGoesToIt() {
    InMemoryScheduleStore schedules = new InMemoryScheduleStore();
    schedules.saveAppointmentType(
        TENANT,
        AppointmentType.builder(CONSULTA.value(), "Consulta", Duration.ofMinutes(30)).build());
    schedules.saveSchedule(
        TENANT,
        ANA,
        Schedule.builder(SANTIAGO)
            .weeklyHours(
                WeeklyHours.builder()
                    .add(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), "09:00", "18:00")
                    .build())
            .build());
    BookingService service =
        BookingService.builder()
            .inMemoryDefaults()
            .appointmentStore(store)
            .scheduleStore(schedules)
            .calendarProvider(provider)
            .clock(clock)
            .build();
    SyncWorker worker =
        SyncWorker.builder()
            .bookingService(service)
            .appointmentStore(store)
            .outboxStore(store.outbox())
            .provider(provider)
            .clock(clock)
            .batchSize(10)
            .random(new Random(3)::nextLong)
            .build();
    // Create at OLD: nothing there yet, so Calendly books E1/I1.
    wm.stubFor(
        get(urlPathEqualTo("/scheduled_events"))
            .withQueryParam("min_start_time", equalTo(OLD.toString()))
            .willReturn(json(200, page("", null))));
    wm.stubFor(
        post(urlEqualTo("/invitees"))
            .withRequestBody(matchingJsonPath("$.start_time", equalTo("2026-12-01T13:00:00Z")))
            .willReturn(
                json(
                    201,
                    "{\"resource\":" + invitee("E1", "I1", "maria@example.com", "active") + "}")));
    lookupAtNewTime("worker");
    wm.stubFor(
        post(urlEqualTo("/invitees"))
            .withRequestBody(matchingJsonPath("$.start_time", equalTo("2026-12-01T15:00:00Z")))
            .inScenario("worker")
            .whenScenarioStateIs(STARTED)
            .willReturn(
                json(
                    201,
                    "{\"resource\":" + invitee("E2", "I2", "maria@example.com", "active") + "}"))
            .willSetStateTo("booked"));
    cancellationOf("E1", 201);
    cancellationOf("E2", 201);

    Appointment a =
        service.book(
            BookingRequest.builder(
                    TENANT,
                    ANA,
                    CONSULTA,
                    OLD,
                    Attendee.builder("María Pérez")
                        .email("maria@example.com")
                        .zone(SANTIAGO)
                        .build())
                .build());
    worker.runOnce();
    assertThat(store.find(TENANT, a.id()).orElseThrow().externalRef("calendly"))
        .contains(OLD_INVITEE);

    service.reschedule(TENANT, a.id(), NEW);
    worker.runOnce();
    assertThat(store.find(TENANT, a.id()).orElseThrow().externalRef("calendly"))
        .contains(NEW_INVITEE);
    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/scheduled_events/E1/cancellation"))
            .withRequestBody(equalToJson(MOVE_BODY)));

    service.cancel(TENANT, a.id());
    worker.runOnce();

    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/scheduled_events/E2/cancellation"))
            .withRequestBody(equalToJson("{\"reason\":\"Cancelled by the business\"}")));
    wm.verify(1, postRequestedFor(urlEqualTo("/scheduled_events/E1/cancellation")));
    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/invitees"))
            .withRequestBody(equalToJson(bookingBody("2026-12-01T13:00:00Z", a.id().value()))));
    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/invitees"))
            .withRequestBody(equalToJson(bookingBody("2026-12-01T15:00:00Z", a.id().value()))));
    wm.verify(2, postRequestedFor(urlEqualTo("/invitees")));
    assertThat(store.outbox().entries(TENANT))
        .hasSize(3)
        .allSatisfy(entry -> assertThat(entry.status()).isEqualTo(OutboxStatus.DONE));
    // Only the read before the cancel (does another invitee share the event?), no other call about
    // E2.
    wm.verify(1, anyRequestedFor(urlPathEqualTo("/scheduled_events/E2")));
    wm.verify(1, getRequestedFor(urlPathEqualTo("/scheduled_events/E2")));
  }
}
