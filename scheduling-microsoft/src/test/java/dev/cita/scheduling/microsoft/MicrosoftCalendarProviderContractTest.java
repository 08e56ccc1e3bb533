package dev.cita.scheduling.microsoft;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.cita.scheduling.http.HttpClientConfig;
import dev.cita.scheduling.model.Appointment;
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
 * Runs the testkit's {@link CalendarProviderContract} against {@link MicrosoftCalendarProvider} and
 * a WireMock "Graph": a create looks the appointment's event up by Cita's extended property first
 * and posts only when there is none, so a retry after a lost answer finds the first event.
 */
class MicrosoftCalendarProviderContractTest extends CalendarProviderContract {
  private static final String APPOINTMENT = "5b0e2f7a-9c41-4d8e-a1f3-6e2d9b7c0a55";
  private static final String EVENT_ID = "AAMkAGI2TG93AAA-ev1";
  private static final String EVENTS = "/v1.0/me/events";

  private final MicrosoftTestSupport support = new MicrosoftTestSupport() {};
  private WireMockServer ms;

  @BeforeEach
  void startGraph() {
    support.startMicrosoft();
    ms = support.ms;
    // A short read timeout keeps the late-answer case fast.
    support.http = HttpClientConfig.builder().readTimeout(Duration.ofMillis(500)).build();
    support.build();
    support.connect();
  }

  @AfterEach
  void stopGraph() {
    support.stopMicrosoft();
  }

  @Override
  protected CalendarProvider provider() {
    return support.provider();
  }

  @Override
  protected Appointment appointment() {
    return MicrosoftTestSupport.appointment(APPOINTMENT);
  }

  @Override
  protected ResourceId uncoveredResource() {
    return MicrosoftTestSupport.ROOM;
  }

  @Override
  protected List<String> secrets() {
    return List.of(
        MicrosoftTestSupport.ACCESS,
        MicrosoftTestSupport.REFRESH,
        MicrosoftTestSupport.CLIENT_SECRET);
  }

  @Override
  protected int requestsSent() {
    return ms.getAllServeEvents().size();
  }

  /**
   * learn.microsoft.com/graph/api/user-post-events, "Response": 201 with the event; the extended
   * property is not returned unless expanded.
   */
  private static String event() {
    return "{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#users('ana')/events/$entity\","
               + "\"id\":\""
        + EVENT_ID
        + "\",\"subject\":\"María Pérez\",\"transactionId\":\"cita-"
        + APPOINTMENT
        + "\",\"start\":{\"dateTime\":\"2026-03-10T13:00:00.0000000\",\"timeZone\":\"UTC\"},"
        + "\"end\":{\"dateTime\":\"2026-03-10T13:30:00.0000000\",\"timeZone\":\"UTC\"}}";
  }

  /**
   * The lookup before each create:
   * learn.microsoft.com/graph/api/singlevaluelegacyextendedproperty-get, "Get resource instances
   * using a filter on a single-value property" ({@code $filter=
   * singleValueExtendedProperties/Any(ep: ep/id eq '…' and ep/value eq '…')}).
   */
  private void stubLookup(String state, String answer) {
    ms.stubFor(
        get(urlPathEqualTo(EVENTS))
            .withQueryParam("$filter", equalTo(GraphEvents.filterFor(appointment().id())))
            .withQueryParam("$select", equalTo("id"))
            .inScenario("create")
            .whenScenarioStateIs(state)
            .willReturn(okJson(answer)));
  }

  private String stubPost(int delayMillis) {
    stubLookup(STARTED, "{\"value\":[]}");
    stubLookup("booked", "{\"value\":[{\"id\":\"" + EVENT_ID + "\"}]}");
    ms.stubFor(
        post(urlEqualTo(EVENTS))
            .inScenario("create")
            .whenScenarioStateIs(STARTED)
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody(event())
                    .withFixedDelay(delayMillis))
            .willSetStateTo("booked"));
    return EVENT_ID;
  }

  @Override
  protected String stubCreate(Appointment appointment) {
    return stubPost(0);
  }

  @Override
  protected String stubCreateAnsweredLate(Appointment appointment) {
    return stubPost(1_500);
  }

  @Override
  protected void stubCreateFails(Appointment appointment, int status) {
    stubLookup(STARTED, "{\"value\":[]}");
    String code =
        switch (status) {
          case 400 -> "ErrorInvalidRequest";
          case 429 -> "ApplicationThrottled";
          default -> "ServiceUnavailable";
        };
    // learn.microsoft.com/graph/errors: the error resource and its status codes.
    ms.stubFor(post(urlEqualTo(EVENTS)).willReturn(MicrosoftTestSupport.graphError(status, code)));
  }

  /** Graph books a post it answered with 201; every post carries the transaction id and tag. */
  @Override
  protected void assertBookings(Appointment appointment, int bookings) {
    List<ServeEvent> posts =
        ms.getAllServeEvents().stream()
            .filter(e -> e.getRequest().getMethod().getName().equals("POST"))
            .filter(e -> e.getRequest().getUrl().equals(EVENTS))
            .collect(Collectors.toList());
    assertThat(posts.stream().filter(e -> e.getResponse().getStatus() == 201))
        .as("posts Graph answered with 201")
        .hasSize(bookings);
    ms.verify(
        posts.size(),
        postRequestedFor(urlEqualTo(EVENTS))
            .withHeader("Authorization", equalTo("Bearer " + MicrosoftTestSupport.ACCESS))
            .withHeader("Prefer", equalTo("outlook.timezone=\"UTC\""))
            .withRequestBody(matchingJsonPath("$.transactionId", equalTo("cita-" + APPOINTMENT)))
            .withRequestBody(
                matchingJsonPath(
                    "$.singleValueExtendedProperties[0].id",
                    equalTo(GraphEvents.APPOINTMENT_PROPERTY)))
            .withRequestBody(
                matchingJsonPath("$.singleValueExtendedProperties[0].value", equalTo(APPOINTMENT)))
            .withRequestBody(matchingJsonPath("$.start.dateTime", equalTo("2026-03-10T13:00:00")))
            .withRequestBody(matchingJsonPath("$.start.timeZone", equalTo("UTC"))));
  }

  /** learn.microsoft.com/graph/api/event-update: PATCH answers 200 with the event. */
  @Override
  protected void stubMove(Appointment moved, String externalId) {
    ms.stubFor(patch(urlEqualTo(EVENTS + "/" + externalId)).willReturn(okJson(event())));
  }

  @Override
  protected void assertMoved(Appointment moved, String externalId, Optional<String> newId) {
    assertThat(newId).as("Graph keeps the event's id").isEmpty();
    ms.verify(
        1,
        patchRequestedFor(urlEqualTo(EVENTS + "/" + externalId))
            .withRequestBody(
                matchingJsonPath("$.start.dateTime", equalTo(GraphEvents.utcText(moved.start()))))
            .withRequestBody(
                matchingJsonPath("$.end.dateTime", equalTo(GraphEvents.utcText(moved.end()))))
            .withRequestBody(matchingJsonPath("$.end.timeZone", equalTo("UTC"))));
  }

  /**
   * learn.microsoft.com/graph/api/event-delete: 204; an event gone answers 404 ErrorItemNotFound.
   */
  @Override
  protected void stubCancel(Appointment appointment, String externalId, boolean alreadyGone) {
    ms.stubFor(
        delete(urlEqualTo(EVENTS + "/" + externalId))
            .willReturn(
                alreadyGone
                    ? MicrosoftTestSupport.graphError(404, "ErrorItemNotFound")
                    : aResponse().withStatus(204)));
  }

  @Override
  protected void assertCancelled(Appointment appointment, String externalId) {
    ms.verify(1, deleteRequestedFor(urlEqualTo(EVENTS + "/" + externalId)));
  }

  /** learn.microsoft.com/graph/api/calendar-getschedule, "Example" (items in UTC as asked). */
  @Override
  protected void stubBusy(TimeInterval window, List<TimeInterval> busy) {
    String items =
        busy.stream()
            .map(
                i ->
                    "{\"status\":\"busy\",\"start\":{\"dateTime\":\""
                        + GraphEvents.utcText(i.start())
                        + ".0000000\",\"timeZone\":\"UTC\"},\"end\":{\"dateTime\":\""
                        + GraphEvents.utcText(i.end())
                        + ".0000000\",\"timeZone\":\"UTC\"}}")
            .collect(Collectors.joining(","));
    ms.stubFor(
        post(urlEqualTo("/v1.0/me/calendar/getSchedule"))
            .withRequestBody(
                matchingJsonPath("$.schedules[0]", equalTo(MicrosoftTestSupport.EMAIL)))
            .willReturn(
                okJson(
                    "{\"value\":[{\"scheduleId\":\""
                        + MicrosoftTestSupport.EMAIL
                        + "\",\"availabilityView\":\"\",\"scheduleItems\":["
                        + items
                        + "]}]}")));
  }

  @Override
  protected void refreshBusy(CalendarProvider provider, TimeInterval window) {
    ((MicrosoftCalendarProvider) provider)
        .refreshBusy(MicrosoftTestSupport.CLINIC, List.of(MicrosoftTestSupport.DR_ANA), window);
  }
}
