package dev.cita.scheduling.calcom;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.cita.scheduling.calcom.Fixtures.ANA;
import static dev.cita.scheduling.calcom.Fixtures.BRANCH;
import static dev.cita.scheduling.calcom.Fixtures.CONSULT;
import static dev.cita.scheduling.calcom.Fixtures.EVENT_TYPE;
import static dev.cita.scheduling.calcom.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.cita.scheduling.memory.InMemoryAuditLog;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.spi.CalendarProvider;
import dev.cita.scheduling.testkit.CalendarProviderContract;
import dev.cita.scheduling.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs the testkit's {@link CalendarProviderContract} against {@link CalComCalendarProvider} and
 * the stateful {@link FakeCalCom} behind WireMock: a create looks for the appointment's booking
 * first, and a move reschedules, which gives the booking a new uid.
 */
class CalComCalendarProviderContractTest extends CalendarProviderContract {
  private static final FakeCalCom fake = new FakeCalCom();
  private static final String BOOKINGS = "/v2/bookings";

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().extensions(fake))
          .build();

  private final TestClock clock = new TestClock(NOW);

  @BeforeEach
  void resetCalCom() {
    fake.reset();
    wm.stubFor(
        any(urlPathMatching("/v2/.*"))
            .atPriority(5)
            .willReturn(aResponse().withTransformers(FakeCalCom.NAME)));
  }

  @Override
  protected CalendarProvider provider() {
    return Fixtures.provider(clock, new InMemoryAuditLog(), Duration.ofMillis(500), wm.baseUrl());
  }

  @Override
  protected Appointment appointment() {
    Instant start = Instant.parse("2026-03-04T13:00:00Z"); // Wednesday 10:00 in Santiago
    return Appointment.builder()
        .id(AppointmentId.of("appt-contract"))
        .tenant(BRANCH)
        .resource(ANA)
        .type(CONSULT)
        .attendee(
            Attendee.builder("María Pérez")
                .email("maria@example.com")
                .zone(Fixtures.SANTIAGO)
                .build())
        .start(start)
        .end(start.plus(Duration.ofMinutes(30)))
        .displayZone(Fixtures.SANTIAGO)
        .createdAt(NOW)
        .updatedAt(NOW)
        .build();
  }

  @Override
  protected ResourceId uncoveredResource() {
    return ResourceId.of("dr-ben");
  }

  @Override
  protected List<String> secrets() {
    return List.of(Fixtures.API_KEY, Fixtures.WEBHOOK_SECRET);
  }

  @Override
  protected int requestsSent() {
    return wm.getAllServeEvents().size();
  }

  /** The uid the fake gives its next booking (it numbers them from bk-1 after a reset). */
  private static String nextUid() {
    return "bk-" + (fake.bookings().size() + 1);
  }

  @Override
  protected String stubCreate(Appointment appointment) {
    return nextUid(); // the fake books as Cal.com does
  }

  @Override
  protected String stubCreateAnsweredLate(Appointment appointment) {
    wm.stubFor(
        post(urlEqualTo(BOOKINGS))
            .atPriority(1)
            .inScenario("late")
            .whenScenarioStateIs(STARTED)
            .willReturn(aResponse().withTransformers(FakeCalCom.NAME).withFixedDelay(1_500))
            .willSetStateTo("answered late"));
    return nextUid();
  }

  @Override
  protected void stubCreateFails(Appointment appointment, int status) {
    String code =
        switch (status) {
          case 400 -> "BadRequestException";
          case 429 -> "TooManyRequestsException";
          default -> "ServiceUnavailableException";
        };
    wm.stubFor(
        post(urlEqualTo(BOOKINGS))
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"status\":\"error\",\"error\":{\"code\":\""
                            + code
                            + "\",\"message\":\"refused by the contract test\"}}")));
  }

  /** Every booking request must carry the event type, the start and Cita's tag. */
  @Override
  protected void assertBookings(Appointment appointment, int bookings) {
    assertThat(fake.writes())
        .filteredOn(("create " + appointment.id().value())::equals)
        .hasSize(bookings);
    int sent = wm.findAll(postRequestedFor(urlEqualTo(BOOKINGS))).size();
    wm.verify(
        sent,
        postRequestedFor(urlEqualTo(BOOKINGS))
            .withHeader("Authorization", equalTo("Bearer " + Fixtures.API_KEY))
            .withRequestBody(matchingJsonPath("$.eventTypeId", equalTo(String.valueOf(EVENT_TYPE))))
            .withRequestBody(matchingJsonPath("$.start", equalTo(appointment.start().toString())))
            .withRequestBody(
                matchingJsonPath(
                    "$.metadata." + CalComCalendarProvider.APPOINTMENT_KEY,
                    equalTo(appointment.id().value()))));
  }

  @Override
  protected void stubMove(Appointment moved, String externalId) {
    // The fake reschedules as Cal.com does.
  }

  @Override
  protected void assertMoved(Appointment moved, String externalId, Optional<String> newId) {
    assertThat(newId).as("a reschedule gives the booking a new uid").isPresent();
    assertThat(fake.bookings().get(newId.get()).get("start").asText())
        .isEqualTo(moved.start().toString());
    assertThat(fake.writes())
        .containsExactly("create " + moved.id().value(), "reschedule " + moved.id().value());
    wm.verify(
        1,
        postRequestedFor(urlEqualTo(BOOKINGS + "/" + externalId + "/reschedule"))
            .withRequestBody(matchingJsonPath("$.start", equalTo(moved.start().toString()))));
  }

  @Override
  protected void stubCancel(Appointment appointment, String externalId, boolean alreadyGone) {
    if (alreadyGone) {
      fake.cancelDirectly(externalId);
    }
  }

  @Override
  protected void assertCancelled(Appointment appointment, String externalId) {
    assertThat(fake.writes())
        .containsExactly(
            "create " + appointment.id().value(), "cancel " + appointment.id().value());
    wm.verify(1, postRequestedFor(urlEqualTo(BOOKINGS + "/" + externalId + "/cancel")));
  }

  @Override
  protected void stubBusy(TimeInterval window, List<TimeInterval> busy) {
    for (TimeInterval i : busy) {
      fake.addForeign(EVENT_TYPE, i.start(), i.length());
    }
  }

  @Override
  protected void refreshBusy(CalendarProvider provider, TimeInterval window) {
    ((CalComCalendarProvider) provider).refreshBusy(BRANCH, window);
  }
}
