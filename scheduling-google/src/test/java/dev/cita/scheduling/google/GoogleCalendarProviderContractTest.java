package dev.cita.scheduling.google;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.cita.scheduling.google.GoogleTestSupport.googleError;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.spi.CalendarProvider;
import dev.cita.scheduling.testkit.CalendarProviderContract;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Runs the testkit's {@link CalendarProviderContract} against {@link GoogleCalendarProvider} and a
 * WireMock "Google" ({@link GoogleTestSupport}): events are inserted with an id derived from the
 * appointment, so a repeated insert gets 409 and takes the existing event as its own.
 */
class GoogleCalendarProviderContractTest extends CalendarProviderContract {
  private static final String APPOINTMENT = "5b0e2f7a-9c41-4d8e-a1f3-6e2d9b7c0a55";
  private static final String EVENT_ID =
      GoogleEventIds.forAppointment(AppointmentId.of(APPOINTMENT));
  private static final String EVENTS = "/calendar/v3/calendars/primary/events";

  private final GoogleTestSupport support = new GoogleTestSupport() {};
  private WireMockServer google;

  @BeforeEach
  void startGoogle() {
    support.startGoogle();
    google = support.google;
    // A short read timeout keeps the late-answer case fast; Google's client retries within it.
    support.config = support.configBuilder().readTimeout(Duration.ofMillis(500)).build();
    support.connect();
  }

  @AfterEach
  void stopGoogle() {
    support.stopGoogle();
  }

  @Override
  protected CalendarProvider provider() {
    return support.provider();
  }

  @Override
  protected Appointment appointment() {
    return GoogleTestSupport.appointment(APPOINTMENT, AppointmentStatus.SCHEDULED);
  }

  @Override
  protected ResourceId uncoveredResource() {
    return GoogleTestSupport.ROOM;
  }

  @Override
  protected List<String> secrets() {
    return List.of(
        GoogleTestSupport.ACCESS, GoogleTestSupport.REFRESH, GoogleTestSupport.CLIENT_SECRET);
  }

  @Override
  protected int requestsSent() {
    return google.getAllServeEvents().size();
  }

  private static String event(String status) {
    return "{\"kind\":\"calendar#event\",\"id\":\""
        + EVENT_ID
        + "\",\"status\":\""
        + status
        + "\",\"extendedProperties\":{\"private\":{\"citaAppointmentId\":\""
        + APPOINTMENT
        + "\"}}}";
  }

  /** The first insert books (answered after {@code delayMillis}); later ones get 409 duplicate. */
  private String stubInsert(int delayMillis) {
    google.stubFor(
        post(urlPathEqualTo(EVENTS))
            .inScenario("insert")
            .whenScenarioStateIs(STARTED)
            .willReturn(okJson(event("confirmed")).withFixedDelay(delayMillis))
            .willSetStateTo("booked"));
    google.stubFor(
        post(urlPathEqualTo(EVENTS))
            .inScenario("insert")
            .whenScenarioStateIs("booked")
            .willReturn(googleError(409, "duplicate")));
    google.stubFor(
        get(urlPathEqualTo(EVENTS + "/" + EVENT_ID)).willReturn(okJson(event("confirmed"))));
    return EVENT_ID;
  }

  @Override
  protected String stubCreate(Appointment appointment) {
    return stubInsert(0);
  }

  @Override
  protected String stubCreateAnsweredLate(Appointment appointment) {
    return stubInsert(1_500);
  }

  @Override
  protected void stubCreateFails(Appointment appointment, int status) {
    String reason =
        switch (status) {
          case 400 -> "invalid";
          case 429 -> "rateLimitExceeded";
          default -> "backendError";
        };
    google.stubFor(post(urlPathEqualTo(EVENTS)).willReturn(googleError(status, reason)));
  }

  /** Google books an insert it answered with 200; every insert must carry the derived id. */
  @Override
  protected void assertBookings(Appointment appointment, int bookings) {
    List<ServeEvent> inserts =
        google.getAllServeEvents().stream()
            .filter(e -> e.getRequest().getMethod().getName().equals("POST"))
            .filter(e -> e.getRequest().getUrl().startsWith(EVENTS + "?"))
            .collect(Collectors.toList());
    assertThat(inserts.stream().filter(e -> e.getResponse().getStatus() == 200))
        .as("inserts Google answered with 200")
        .hasSize(bookings);
    google.verify(
        inserts.size(),
        postRequestedFor(urlEqualTo(EVENTS + "?sendUpdates=none"))
            .withHeader("Authorization", equalTo("Bearer " + GoogleTestSupport.ACCESS))
            .withRequestBody(matchingJsonPath("$.id", equalTo(EVENT_ID)))
            .withRequestBody(
                matchingJsonPath(
                    "$.extendedProperties.private.citaAppointmentId", equalTo(APPOINTMENT))));
  }

  /** java.net cannot send PATCH: google-api-client sends POST with X-HTTP-Method-Override. */
  private static MappingBuilder patch(String eventId) {
    return post(urlPathEqualTo(EVENTS + "/" + eventId))
        .withHeader("X-HTTP-Method-Override", equalTo("PATCH"));
  }

  @Override
  protected void stubMove(Appointment moved, String externalId) {
    google.stubFor(patch(externalId).willReturn(okJson(event("confirmed"))));
  }

  @Override
  protected void assertMoved(Appointment moved, String externalId, Optional<String> newId) {
    assertThat(newId).as("Google keeps the event's id").isEmpty();
    google.verify(
        1,
        postRequestedFor(urlEqualTo(EVENTS + "/" + externalId + "?sendUpdates=none"))
            .withHeader("X-HTTP-Method-Override", equalTo("PATCH"))
            .withRequestBody(
                matchingJsonPath(
                    "$.start.dateTime", containing(moved.start().toString().replace("Z", ""))))
            .withRequestBody(
                matchingJsonPath(
                    "$.end.dateTime", containing(moved.end().toString().replace("Z", "")))));
  }

  @Override
  protected void stubCancel(Appointment appointment, String externalId, boolean alreadyGone) {
    google.stubFor(
        delete(urlPathEqualTo(EVENTS + "/" + externalId))
            .willReturn(
                alreadyGone
                    ? googleError(410, "deleted")
                    : com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(204)));
  }

  @Override
  protected void assertCancelled(Appointment appointment, String externalId) {
    google.verify(
        1, deleteRequestedFor(urlEqualTo(EVENTS + "/" + externalId + "?sendUpdates=none")));
  }

  @Override
  protected void stubBusy(TimeInterval window, List<TimeInterval> busy) {
    String intervals =
        busy.stream()
            .map(i -> "{\"start\":\"" + i.start() + "\",\"end\":\"" + i.end() + "\"}")
            .collect(Collectors.joining(","));
    google.stubFor(
        post(urlEqualTo("/calendar/v3/freeBusy"))
            .withRequestBody(matchingJsonPath("$.items[0].id", equalTo("primary")))
            .willReturn(
                okJson(
                    "{\"kind\":\"calendar#freeBusy\",\"calendars\":{\"primary\":{\"busy\":["
                        + intervals
                        + "]}}}")));
  }

  @Override
  protected void refreshBusy(CalendarProvider provider, TimeInterval window) {
    ((GoogleCalendarProvider) provider)
        .refreshBusy(GoogleTestSupport.CLINIC, GoogleTestSupport.DR_ANA, window);
  }
}
