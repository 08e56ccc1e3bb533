package dev.cita.scheduling.calendly;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.cita.scheduling.calendly.Fixtures.ANA;
import static dev.cita.scheduling.calendly.Fixtures.EVENT_TYPE;
import static dev.cita.scheduling.calendly.Fixtures.NOW;
import static dev.cita.scheduling.calendly.Fixtures.TENANT;
import static dev.cita.scheduling.calendly.Fixtures.invitee;
import static dev.cita.scheduling.calendly.Fixtures.inviteeUri;
import static dev.cita.scheduling.calendly.Fixtures.json;
import static dev.cita.scheduling.calendly.Fixtures.page;
import static dev.cita.scheduling.calendly.Fixtures.scheduledEvent;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.spi.CalendarProvider;
import dev.cita.scheduling.testkit.CalendarProviderContract;
import dev.cita.scheduling.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs the testkit's {@link CalendarProviderContract} against {@link CalendlyCalendarProvider} and
 * WireMock stubs shaped like Calendly's API ({@link Fixtures}): a create looks for the booking
 * first ({@code GET /scheduled_events}) and books with {@code POST /invitees}; a move books the new
 * time and cancels the old event, since Calendly has no reschedule call.
 */
class CalendlyCalendarProviderContractTest extends CalendarProviderContract {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final TestClock clock = new TestClock(NOW);

  @BeforeEach
  void plainEventType() {
    Fixtures.eventType(wm, ",\"locations\":[],\"custom_questions\":[]");
  }

  @Override
  protected CalendarProvider provider() {
    return Fixtures.provider(
        wm.baseUrl(), clock, Duration.ofMillis(500), new InMemoryAppointmentStore());
  }

  @Override
  protected Appointment appointment() {
    return CalendlyCalendarProviderTest.appointment();
  }

  @Override
  protected ResourceId uncoveredResource() {
    return ResourceId.of("dr-ben");
  }

  @Override
  protected List<String> secrets() {
    return List.of(Fixtures.TOKEN);
  }

  @Override
  protected int requestsSent() {
    return wm.getAllServeEvents().size();
  }

  /**
   * Calendly at {@code start}: the look-up finds nothing until {@code POST /invitees} booked event
   * {@code event} with invitee {@code invitee} (answered after {@code delayMillis}), then finds it.
   */
  private static String stubBooking(Instant start, String event, String invitee, int delayMillis) {
    String scenario = "booking at " + start;
    String startText = start.toString();
    String end = start.plus(Duration.ofMinutes(30)).toString();
    wm.stubFor(
        get(urlPathEqualTo("/scheduled_events"))
            .withQueryParam("min_start_time", equalTo(startText))
            .inScenario(scenario)
            .whenScenarioStateIs(STARTED)
            .willReturn(json(200, page("", null))));
    wm.stubFor(
        post(urlEqualTo("/invitees"))
            .withRequestBody(matchingJsonPath("$.start_time", equalTo(startText)))
            .inScenario(scenario)
            .whenScenarioStateIs(STARTED)
            .willReturn(
                json(
                        201,
                        "{\"resource\":"
                            + invitee(event, invitee, "maria@example.com", "active")
                            + "}")
                    .withFixedDelay(delayMillis))
            .willSetStateTo("booked"));
    wm.stubFor(
        get(urlPathEqualTo("/scheduled_events"))
            .withQueryParam("min_start_time", equalTo(startText))
            .inScenario(scenario)
            .whenScenarioStateIs("booked")
            .willReturn(json(200, page(scheduledEvent(event, startText, end, "active"), null))));
    wm.stubFor(
        get(urlPathEqualTo("/scheduled_events/" + event + "/invitees"))
            .willReturn(
                json(200, page(invitee(event, invitee, "maria@example.com", "active"), null))));
    return inviteeUri(event, invitee);
  }

  @Override
  protected String stubCreate(Appointment appointment) {
    return stubBooking(appointment.start(), "E1", "I1", 0);
  }

  @Override
  protected String stubCreateAnsweredLate(Appointment appointment) {
    return stubBooking(appointment.start(), "E1", "I1", 1_500);
  }

  @Override
  protected void stubCreateFails(Appointment appointment, int status) {
    stubBooking(appointment.start(), "E1", "I1", 0);
    wm.stubFor(
        post(urlEqualTo("/invitees"))
            .atPriority(1)
            .willReturn(
                json(
                    status,
                    "{\"title\":\"Refused\",\"message\":\"refused by the contract test\"}")));
  }

  /** Calendly books a {@code POST /invitees} it answered with 201, for the appointment's time. */
  @Override
  protected void assertBookings(Appointment appointment, int bookings) {
    String start = appointment.start().toString();
    List<ServeEvent> booked =
        wm.getAllServeEvents().stream()
            .filter(e -> e.getRequest().getUrl().equals("/invitees"))
            .filter(e -> e.getResponse().getStatus() == 201)
            .filter(e -> e.getRequest().getBodyAsString().contains(start))
            .collect(Collectors.toList());
    assertThat(booked).as("bookings Calendly made").hasSize(bookings);
    int sent = wm.findAll(postRequestedFor(urlEqualTo("/invitees"))).size();
    wm.verify(
        sent,
        postRequestedFor(urlEqualTo("/invitees"))
            .withHeader("Authorization", equalTo("Bearer " + Fixtures.TOKEN))
            .withRequestBody(matchingJsonPath("$.event_type", equalTo(EVENT_TYPE)))
            .withRequestBody(matchingJsonPath("$.start_time", equalTo(start)))
            .withRequestBody(matchingJsonPath("$.invitee.email", equalTo("maria@example.com")))
            .withRequestBody(
                matchingJsonPath(
                    "$.tracking.utm_content", equalTo("cita:" + appointment.id().value()))));
  }

  /** Calendly's event {@code E1}, active or cancelled already; its cancellation answers so. */
  private static void stubCancellationOfE1(boolean alreadyGone) {
    Fixtures.scheduledEventAt13(wm, "E1", alreadyGone ? "canceled" : "active");
    wm.stubFor(
        post(urlEqualTo("/scheduled_events/E1/cancellation"))
            .willReturn(
                alreadyGone
                    ? json(
                        403,
                        "{\"title\":\"Permission Denied\",\"message\":\"Event is already"
                            + " canceled\"}")
                    : json(201, "{\"resource\":{\"canceler_type\":\"host\"}}")));
  }

  @Override
  protected void stubMove(Appointment moved, String externalId) {
    stubBooking(moved.start(), "E2", "I2", 0);
    stubCancellationOfE1(false);
  }

  @Override
  protected void assertMoved(Appointment moved, String externalId, Optional<String> newId) {
    assertThat(newId).contains(inviteeUri("E2", "I2"));
    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/invitees"))
            .withRequestBody(matchingJsonPath("$.start_time", equalTo(moved.start().toString()))));
    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/scheduled_events/E1/cancellation"))
            .withRequestBody(
                equalToJson("{\"reason\":\"" + CalendlyCalendarProvider.MOVE_REASON + "\"}")));
  }

  @Override
  protected void stubCancel(Appointment appointment, String externalId, boolean alreadyGone) {
    stubCancellationOfE1(alreadyGone);
  }

  @Override
  protected void assertCancelled(Appointment appointment, String externalId) {
    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/scheduled_events/E1/cancellation"))
            .withHeader("Authorization", equalTo("Bearer " + Fixtures.TOKEN))
            .withRequestBody(equalToJson("{\"reason\":\"Cancelled by the business\"}")));
  }

  @Override
  protected void stubBusy(TimeInterval window, List<TimeInterval> busy) {
    String events =
        busy.stream()
            .map(
                i ->
                    scheduledEvent(
                        "B" + i.start().getEpochSecond(),
                        i.start().toString(),
                        i.end().toString(),
                        "active"))
            .collect(Collectors.joining(","));
    wm.stubFor(
        get(urlPathEqualTo("/scheduled_events"))
            .withQueryParam("user", equalTo(Fixtures.USER))
            .withQueryParam("status", equalTo("active"))
            .willReturn(json(200, page(events, null))));
  }

  @Override
  protected void refreshBusy(CalendarProvider provider, TimeInterval window) {
    ((CalendlyCalendarProvider) provider).syncBusy(TENANT, ANA, window);
  }
}
