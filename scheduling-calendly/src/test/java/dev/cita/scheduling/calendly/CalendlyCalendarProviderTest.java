package dev.cita.scheduling.calendly;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
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
import static dev.cita.scheduling.calendly.Fixtures.USER;
import static dev.cita.scheduling.calendly.Fixtures.eventUri;
import static dev.cita.scheduling.calendly.Fixtures.invitee;
import static dev.cita.scheduling.calendly.Fixtures.inviteeUri;
import static dev.cita.scheduling.calendly.Fixtures.json;
import static dev.cita.scheduling.calendly.Fixtures.page;
import static dev.cita.scheduling.calendly.Fixtures.scheduledEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.spi.ConflictCheck;
import dev.cita.scheduling.testkit.TestClock;
import dev.cita.scheduling.webhook.AppointmentTagSigner;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CalendlyCalendarProviderTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @org.junit.jupiter.api.BeforeEach
  void plainEventType() {
    Fixtures.eventType(wm, ",\"locations\":[],\"custom_questions\":[]");
  }

  private static final Instant START = Instant.parse("2026-12-01T13:00:00Z");
  private static final String CREATE_BODY =
      "{\"event_type\":\""
          + EVENT_TYPE
          + "\",\"start_time\":\"2026-12-01T13:00:00Z\",\"invitee\":{\"name\":\"María"
          + " Pérez\",\"email\":\"maria@example.com\",\"timezone\":\"America/Santiago\"},"
          + "\"tracking\":{\"utm_source\":\"cita\",\"utm_campaign\":\"clinic-1\",\"utm_content\":\"cita:appt-1\","
          + "\"utm_term\":\""
          + AppointmentTagSigner.ephemeral()
              .sign(TENANT, "calendly", dev.cita.scheduling.model.AppointmentId.of("appt-1"))
          + "\"}}";

  private final TestClock clock = new TestClock(NOW);
  private final InMemoryAppointmentStore store = new InMemoryAppointmentStore();
  private final CalendlyCalendarProvider provider =
      Fixtures.provider(wm.baseUrl(), clock, Duration.ofSeconds(1), store);

  static Appointment appointment() {
    return Appointment.builder()
        .id(AppointmentId.of("appt-1"))
        .tenant(TENANT)
        .resource(ANA)
        .type(CONSULTA)
        .attendee(
            Attendee.builder("María Pérez")
                .email("maria@example.com")
                .zone(ZoneId.of("America/Santiago"))
                .build())
        .start(START)
        .end(START.plus(Duration.ofMinutes(30)))
        .displayZone(ZoneId.of("America/Santiago"))
        .createdAt(NOW)
        .updatedAt(NOW)
        .build();
  }

  private static void lookupFinds(boolean found) {
    wm.stubFor(
        get(urlPathEqualTo("/scheduled_events"))
            .willReturn(
                json(
                    200,
                    page(
                        found
                            ? scheduledEvent(
                                "E1",
                                "2026-12-01T13:00:00.000000Z",
                                "2026-12-01T13:30:00.000000Z",
                                "active")
                            : "",
                        null))));
  }

  private static void inviteesOfE1() {
    wm.stubFor(
        get(urlPathEqualTo("/scheduled_events/E1/invitees"))
            .willReturn(json(200, page(invitee("E1", "I1", "maria@example.com", "active"), null))));
  }

  private static void verifyLookup(int times) {
    wm.verify(
        times,
        getRequestedFor(urlPathEqualTo("/scheduled_events"))
            .withQueryParam("user", equalTo(USER))
            .withQueryParam("invitee_email", equalTo("maria@example.com"))
            .withQueryParam("status", equalTo("active"))
            .withQueryParam("min_start_time", equalTo("2026-12-01T13:00:00Z"))
            .withQueryParam("max_start_time", equalTo("2026-12-01T13:00:01Z")));
  }

  @Test
  void createLooksFirstThenBooksTheMappedEventType() {
    lookupFinds(false);
    wm.stubFor(
        post(urlEqualTo("/invitees"))
            .willReturn(
                json(
                    201,
                    "{\"resource\":" + invitee("E1", "I1", "maria@example.com", "active") + "}")));

    String id = provider.createEvent(appointment());

    assertThat(id).isEqualTo(inviteeUri("E1", "I1"));
    verifyLookup(1);
    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/invitees"))
            .withHeader("Authorization", equalTo("Bearer " + Fixtures.TOKEN))
            .withRequestBody(equalToJson(CREATE_BODY)));
  }

  @Test
  void aRetriedCreateFindsTheBookingAndDoesNotBookTwice() {
    lookupFinds(true);
    inviteesOfE1();

    String id = provider.createEvent(appointment());

    assertThat(id).isEqualTo(inviteeUri("E1", "I1"));
    wm.verify(0, postRequestedFor(urlEqualTo("/invitees")));
    wm.verify(
        1,
        getRequestedFor(urlPathEqualTo("/scheduled_events/E1/invitees"))
            .withQueryParam("email", equalTo("maria@example.com")));
  }

  @Test
  void aCreateThatTimesOutAfterCalendlyBookedItFindsTheBookingAndBooksOnce() {
    // Before the booking: nothing. Calendly books it, but the answer never arrives in time.
    wm.stubFor(
        get(urlPathEqualTo("/scheduled_events"))
            .inScenario("book")
            .whenScenarioStateIs(STARTED)
            .willReturn(json(200, page("", null))));
    wm.stubFor(
        post(urlEqualTo("/invitees"))
            .inScenario("book")
            .whenScenarioStateIs(STARTED)
            .willReturn(
                json(
                        201,
                        "{\"resource\":" + invitee("E1", "I1", "maria@example.com", "active") + "}")
                    .withFixedDelay(2_000))
            .willSetStateTo("booked"));
    wm.stubFor(
        get(urlPathEqualTo("/scheduled_events"))
            .inScenario("book")
            .whenScenarioStateIs("booked")
            .willReturn(
                json(
                    200,
                    page(
                        scheduledEvent(
                            "E1",
                            "2026-12-01T13:00:00.000000Z",
                            "2026-12-01T13:30:00.000000Z",
                            "active"),
                        null))));
    inviteesOfE1();

    String id = provider.createEvent(appointment());

    assertThat(id).isEqualTo(inviteeUri("E1", "I1"));
    wm.verify(1, postRequestedFor(urlEqualTo("/invitees")));
    verifyLookup(2);
  }

  @Test
  void aCreateWithNoAnswerAndNoBookingYetFailsRetryablySoTheNextAttemptLooksFirst() {
    lookupFinds(false);
    wm.stubFor(
        post(urlEqualTo("/invitees"))
            .willReturn(
                aResponse()
                    .withFault(
                        com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER)));

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> provider.createEvent(appointment()));

    assertThat(e.isRetryable()).isTrue();
    assertThat(e.getMessage()).contains("looks it up").doesNotContain("maria@example.com");
    wm.verify(1, postRequestedFor(urlEqualTo("/invitees")));
    verifyLookup(2);
  }

  @Test
  void aRefusedBookingIsNotLookedUpAgain() {
    lookupFinds(false);
    wm.stubFor(
        post(urlEqualTo("/invitees"))
            .willReturn(
                json(
                    400,
                    "{\"title\":\"Invalid Argument\",\"message\":\"The supplied parameters are"
                        + " invalid.\",\"details\":[{\"parameter\":\"start_time\",\"message\":\"is"
                        + " not available\"}]}")));

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> provider.createEvent(appointment()));

    assertThat(e.isRetryable()).isFalse();
    assertThat(e.getMessage()).contains("start_time: is not available");
    verifyLookup(1);
  }

  @Test
  void createNeedsTheAttendeesEmailAndAMappedTypeAndSendsNothingWithout() {
    Appointment noEmail =
        appointment().toBuilder()
            .attendee(Attendee.builder("María").phone("+56912345678").build())
            .build();
    assertThat(
            catchThrowableOfType(ValidationException.class, () -> provider.createEvent(noEmail))
                .field())
        .isEqualTo("attendee.email");
    Appointment unmapped =
        appointment().toBuilder()
            .type(dev.cita.scheduling.model.AppointmentTypeId.of("otra"))
            .build();
    assertThat(
            catchThrowableOfType(ValidationException.class, () -> provider.createEvent(unmapped))
                .field())
        .isEqualTo("appointment.type");
    wm.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void busyAnswersFromTheCacheThatSyncFillsWithoutCitasOwnAppointments() {
    // E1 is Cita's own appointment (booked through Calendly); E2 was booked on Calendly directly.
    store.insert(
        appointment().toBuilder().externalRef("calendly", inviteeUri("E1", "I1")).build(),
        ConflictCheck.none());
    wm.stubFor(
        get(urlPathEqualTo("/scheduled_events"))
            .willReturn(
                json(
                    200,
                    page(
                        scheduledEvent(
                                "E1", "2026-12-01T13:00:00Z", "2026-12-01T13:30:00Z", "active")
                            + ","
                            + scheduledEvent(
                                "E2", "2026-12-01T15:00:00Z", "2026-12-01T16:00:00Z", "active"),
                        null))));
    TimeInterval window =
        TimeInterval.of(
            Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2026-12-02T00:00:00Z"));

    assertThat(provider.syncBusy(TENANT, ANA, window)).isEqualTo(1);
    int callsAfterSync = wm.getAllServeEvents().size();

    assertThat(provider.busy(TENANT, ANA, window))
        .containsExactly(
            TimeInterval.of(
                Instant.parse("2026-12-01T15:00:00Z"), Instant.parse("2026-12-01T16:00:00Z")));
    assertThat(wm.getAllServeEvents()).hasSize(callsAfterSync);
    wm.verify(
        1,
        getRequestedFor(urlPathEqualTo("/scheduled_events"))
            .withQueryParam("user", equalTo(USER))
            .withQueryParam("status", equalTo("active"))
            .withQueryParam("min_start_time", equalTo("2026-11-30T00:00:00Z"))
            .withQueryParam("max_start_time", equalTo("2026-12-02T00:00:00Z")));
  }

  @Test
  void cancelCancelsTheScheduledEventAndAnAlreadyCancelledOneIsFine() {
    wm.stubFor(
        post(urlEqualTo("/scheduled_events/E1/cancellation"))
            .inScenario("c")
            .whenScenarioStateIs(STARTED)
            .willReturn(
                json(
                    201,
                    "{\"resource\":{\"canceled_by\":\"Ana\",\"reason\":\"Cancelled by the"
                        + " business\","
                        + "\"canceler_type\":\"host\",\"created_at\":\"2026-11-20T12:00:00Z\"}}"))
            .willSetStateTo("done"));
    wm.stubFor(
        post(urlEqualTo("/scheduled_events/E1/cancellation"))
            .inScenario("c")
            .whenScenarioStateIs("done")
            .willReturn(
                json(
                    403,
                    "{\"title\":\"Permission Denied\",\"message\":\"Event is already"
                        + " canceled\"}")));
    wm.stubFor(
        get(urlEqualTo("/scheduled_events/E1"))
            .willReturn(
                json(
                    200,
                    "{\"resource\":"
                        + scheduledEvent(
                            "E1", "2026-12-01T13:00:00Z", "2026-12-01T13:30:00Z", "canceled")
                        + "}")));

    provider.cancelEvent(appointment(), inviteeUri("E1", "I1"));
    provider.cancelEvent(appointment(), inviteeUri("E1", "I1"));

    wm.verify(
        2,
        postRequestedFor(urlEqualTo("/scheduled_events/E1/cancellation"))
            .withRequestBody(equalToJson("{\"reason\":\"Cancelled by the business\"}")));
    // One read per cancel (does another invitee share the event?) and one after the refused second
    // cancel.
    wm.verify(3, getRequestedFor(urlEqualTo("/scheduled_events/E1")));
  }

  @Test
  void aRefusedCancelOfAnActiveEventIsReported() {
    wm.stubFor(
        post(urlEqualTo("/scheduled_events/E1/cancellation"))
            .willReturn(
                json(
                    403,
                    "{\"title\":\"Permission Denied\",\"message\":\"You cannot cancel this"
                        + " event\"}")));
    wm.stubFor(
        get(urlEqualTo("/scheduled_events/E1"))
            .willReturn(
                json(
                    200,
                    "{\"resource\":"
                        + scheduledEvent(
                            "E1", "2026-12-01T13:00:00Z", "2026-12-01T13:30:00Z", "active")
                        + "}")));

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () -> provider.cancelEvent(appointment(), inviteeUri("E1", "I1")));

    assertThat(e.httpStatus()).hasValue(403);
  }

  @Test
  void noShowMarksTheInvitee() {
    wm.stubFor(
        post(urlEqualTo("/invitee_no_shows"))
            .willReturn(
                json(
                    201,
                    "{\"resource\":{\"uri\":"
                        + "\"https://api.calendly.com/invitee_no_shows/NS1\",\"invitee\":\""
                        + inviteeUri("E1", "I1")
                        + "\"}}")));

    provider.markNoShow(appointment(), inviteeUri("E1", "I1"));

    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/invitee_no_shows"))
            .withRequestBody(equalToJson("{\"invitee\":\"" + inviteeUri("E1", "I1") + "\"}")));
  }

  @Test
  void movingABookingIsNotPossibleThroughCalendlysApi() {
    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () -> provider.updateEvent(appointment(), inviteeUri("E1", "I1")));
    assertThat(e.isRetryable()).isFalse();
    wm.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void theEventOfAnInviteeUri() {
    assertThat(CalendlyBookingWrites.eventUriOf(inviteeUri("E1", "I1"))).isEqualTo(eventUri("E1"));
    assertThat(
            catchThrowableOfType(
                    ValidationException.class,
                    () -> CalendlyBookingWrites.eventUriOf(eventUri("E1")))
                .field())
        .isEqualTo("externalId");
  }
}
