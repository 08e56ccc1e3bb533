package dev.cita.scheduling.google;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.webhook.AppointmentTagSigner;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GoogleCalendarProviderTest extends GoogleTestSupport {
  private static final String APPOINTMENT = "7f1c9a52-3d1e-4c55-9a57-2b1e8f0c4d11";
  private static final String EVENT_ID =
      GoogleEventIds.forAppointment(AppointmentId.of(APPOINTMENT));
  private static final String EVENTS = "/calendar/v3/calendars/primary/events";
  private static final TimeInterval MARCH =
      TimeInterval.of(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-04-01T00:00:00Z"));

  private GoogleCalendarProvider provider;

  @BeforeEach
  void setUp() {
    connect();
    provider = provider();
  }

  private static String rateLimited(String reason) {
    return "{\"error\":{\"code\":403,\"message\":\"Rate Limit"
        + " Exceeded\",\"errors\":[{\"domain\":\"usageLimits\",\"reason\":\""
        + reason
        + "\",\"message\":\"Rate Limit Exceeded\"}]}}";
  }

  /**
   * java.net cannot send PATCH, so google-api-client sends it as POST with {@code
   * X-HTTP-Method-Override: PATCH}, which Google accepts; this stub matches exactly that.
   */
  private static com.github.tomakehurst.wiremock.client.MappingBuilder patchOverPost() {
    return post(urlPathEqualTo(EVENTS + "/" + EVENT_ID))
        .withHeader("X-HTTP-Method-Override", equalTo("PATCH"));
  }

  private static String created() {
    return "{\"kind\":\"calendar#event\",\"id\":\"" + EVENT_ID + "\",\"status\":\"confirmed\"}";
  }

  // --- events ---------------------------------------------------------------------------------

  @Test
  void createInsertsTheEventWithItsDeterministicIdTagsAttendeeAndLocation() {
    google.stubFor(post(urlPathEqualTo(EVENTS)).willReturn(okJson(created())));

    String id = provider.createEvent(appointment(APPOINTMENT, AppointmentStatus.SCHEDULED));

    assertThat(id).isEqualTo(EVENT_ID).matches("[0-9a-v]{5,1024}");
    google.verify(
        postRequestedFor(urlEqualTo(EVENTS + "?sendUpdates=none"))
            .withHeader("Authorization", equalTo("Bearer " + ACCESS))
            .withRequestBody(
                equalToJson(
                    """
                    {"id":"%s",
                     "summary":"María Pérez (consulta)",
                     "location":"Av. Providencia 1234",
                     "status":"confirmed",
                     "start":{"dateTime":"2026-03-10T13:00:00.000Z","timeZone":"America/Santiago"},
                     "end":{"dateTime":"2026-03-10T13:30:00.000Z","timeZone":"America/Santiago"},
                     "attendees":[{"email":"maria@example.com","displayName":"María Pérez"}],
                     "extendedProperties":{"private":{"citaAppointmentId":"%s","citaTenant":"clinica-norte","citaStatus":"SCHEDULED",
                       "citaTagSignature":"%s"}}}
                    """
                        .formatted(EVENT_ID, APPOINTMENT, signature()))));
  }

  @Test
  void sendUpdatesIsConfigurable() {
    config =
        GoogleConfig.builder()
            .clientId(config.clientId())
            .clientSecret(CLIENT_SECRET)
            .redirectUri("http://localhost:60000/oauth/callback")
            .allEndpointsAt(google.baseUrl())
            .sendUpdates(SendUpdates.ALL)
            .build();
    google.stubFor(post(urlPathEqualTo(EVENTS)).willReturn(okJson(created())));

    provider().createEvent(appointment(APPOINTMENT, AppointmentStatus.SCHEDULED));

    google.verify(postRequestedFor(urlEqualTo(EVENTS + "?sendUpdates=all")));
  }

  @Test
  void aRetriedCreateThatGets409TakesTheExistingEventAsItsOwn() {
    google.stubFor(
        post(urlPathEqualTo(EVENTS))
            .willReturn(
                aResponse()
                    .withStatus(409)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":{\"code\":409,\"message\":\"The requested identifier already"
                            + " exists.\","
                            + "\"errors\":[{\"domain\":\"global\",\"reason\":\"duplicate\"}]}}")));
    google.stubFor(
        get(urlPathEqualTo(EVENTS + "/" + EVENT_ID))
            .willReturn(
                okJson(
                    "{\"id\":\""
                        + EVENT_ID
                        + "\",\"status\":\"confirmed\",\"extendedProperties\":{\"private\":{\"citaAppointmentId\":\""
                        + APPOINTMENT
                        + "\"}}}")));

    assertThat(provider.createEvent(appointment(APPOINTMENT, AppointmentStatus.SCHEDULED)))
        .isEqualTo(EVENT_ID);
    google.verify(1, postRequestedFor(urlPathEqualTo(EVENTS)));
    google.verify(getRequestedFor(urlEqualTo(EVENTS + "/" + EVENT_ID)));
  }

  // Issue 15: a 409 whose existing event was deleted ("cancelled") is not a success. Google keeps a
  // deleted event's id and answers 409 to a new insert with it; the event resource then reads
  // {"kind":"calendar#event","id":…,"status":"cancelled"}
  // (developers.google.com/calendar/api/v3/reference/events,
  // "status": "cancelled" - the event is cancelled (deleted)); restoring it is a patch of its
  // status.
  @Test
  void aCreateThatGets409ForACancelledEventRestoresItWithTheCurrentData() {
    google.stubFor(
        post(urlPathEqualTo(EVENTS))
            .willReturn(
                aResponse()
                    .withStatus(409)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":{\"code\":409,\"message\":\"The requested identifier already"
                            + " exists.\",\"errors\":[{\"domain\":\"global\",\"reason\":\"duplicate\",\"message\":\"The"
                            + " requested identifier already exists.\"}]}}")));
    google.stubFor(
        get(urlPathEqualTo(EVENTS + "/" + EVENT_ID))
            .willReturn(
                okJson(
                    "{\"kind\":\"calendar#event\","
                        + "\"etag\":\"\\\"3181161784712000\\\"\",\"id\":\""
                        + EVENT_ID
                        + "\",\"status\":\"cancelled\","
                        + "\"updated\":\"2026-03-02T11:00:00.000Z\",\"extendedProperties\":{\"private\":{\"citaAppointmentId\":\""
                        + APPOINTMENT
                        + "\"}}}")));
    google.stubFor(patchOverPost().willReturn(okJson(created())));

    assertThat(provider.createEvent(appointment(APPOINTMENT, AppointmentStatus.CONFIRMED)))
        .isEqualTo(EVENT_ID);

    google.verify(
        postRequestedFor(urlEqualTo(EVENTS + "/" + EVENT_ID + "?sendUpdates=none"))
            .withHeader("X-HTTP-Method-Override", equalTo("PATCH"))
            .withRequestBody(
                equalToJson(
                    """
                    {"summary":"María Pérez (consulta)","location":"Av. Providencia 1234","status":"confirmed",
                     "start":{"dateTime":"2026-03-10T13:00:00.000Z","timeZone":"America/Santiago"},
                     "end":{"dateTime":"2026-03-10T13:30:00.000Z","timeZone":"America/Santiago"},
                     "attendees":[{"email":"maria@example.com","displayName":"María Pérez"}],
                     "extendedProperties":{"private":{"citaAppointmentId":"%s","citaTenant":"clinica-norte","citaStatus":"CONFIRMED",
                       "citaTagSignature":"%s"}}}
                    """
                        .formatted(APPOINTMENT, signature()))));
  }

  @Test
  void moveSendsAPatchWithTheNewTime() {
    google.stubFor(patchOverPost().willReturn(okJson(created())));
    var moved =
        appointment(APPOINTMENT, AppointmentStatus.RESCHEDULED).toBuilder()
            .start(Instant.parse("2026-03-11T15:00:00Z"))
            .end(Instant.parse("2026-03-11T15:30:00Z"))
            .build();

    provider.updateEvent(moved, EVENT_ID);

    google.verify(
        postRequestedFor(urlEqualTo(EVENTS + "/" + EVENT_ID + "?sendUpdates=none"))
            .withHeader("X-HTTP-Method-Override", equalTo("PATCH"))
            .withRequestBody(
                equalToJson(
                    """
                    {"summary":"María Pérez (consulta)","location":"Av. Providencia 1234","status":"confirmed",
                     "start":{"dateTime":"2026-03-11T15:00:00.000Z","timeZone":"America/Santiago"},
                     "end":{"dateTime":"2026-03-11T15:30:00.000Z","timeZone":"America/Santiago"},
                     "attendees":[{"email":"maria@example.com","displayName":"María Pérez"}],
                     "extendedProperties":{"private":{"citaAppointmentId":"%s","citaTenant":"clinica-norte","citaStatus":"RESCHEDULED",
                       "citaTagSignature":"%s"}}}
                    """
                        .formatted(APPOINTMENT, signature()))));
  }

  /** The signature written next to the tag (the test shares the JVM's ephemeral signer). */
  private static String signature() {
    return AppointmentTagSigner.ephemeral()
        .sign(
            dev.cita.scheduling.model.TenantId.of("clinica-norte"),
            "google",
            AppointmentId.of(APPOINTMENT));
  }

  @Test
  void cancelDeletesTheEventAndAnEventAlreadyGoneIsFine() {
    google.stubFor(
        delete(urlPathEqualTo(EVENTS + "/" + EVENT_ID)).willReturn(aResponse().withStatus(204)));
    provider.cancelEvent(appointment(APPOINTMENT, AppointmentStatus.CANCELLED), EVENT_ID);
    google.verify(deleteRequestedFor(urlEqualTo(EVENTS + "/" + EVENT_ID + "?sendUpdates=none")));

    google.stubFor(
        delete(urlPathEqualTo(EVENTS + "/" + EVENT_ID))
            .willReturn(
                aResponse()
                    .withStatus(410)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":{\"code\":410,\"errors\":[{\"domain\":\"global\",\"reason\":\"deleted\"}]}}")));
    provider.cancelEvent(appointment(APPOINTMENT, AppointmentStatus.CANCELLED), EVENT_ID);
    google.verify(2, deleteRequestedFor(urlPathEqualTo(EVENTS + "/" + EVENT_ID)));
  }

  @Test
  void aResourceWithoutACalendarIsAFinalError() {
    var other =
        appointment(APPOINTMENT, AppointmentStatus.SCHEDULED).toBuilder().resource(ROOM).build();
    assertThatThrownBy(() -> provider.createEvent(other))
        .isInstanceOfSatisfying(
            ProviderException.class, e -> assertThat(e.isRetryable()).isFalse());
    assertThat(google.getAllServeEvents()).isEmpty();
  }

  // --- errors and retries ---------------------------------------------------------------------

  @Test
  void rateLimitedTwiceThenSucceedsOnTheThirdTry() {
    google.stubFor(
        post(urlPathEqualTo(EVENTS))
            .inScenario("limits")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("Content-Type", "application/json")
                    .withBody(rateLimited("rateLimitExceeded")))
            .willSetStateTo("second"));
    google.stubFor(
        post(urlPathEqualTo(EVENTS))
            .inScenario("limits")
            .whenScenarioStateIs("second")
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Content-Type", "application/json")
                    .withBody(rateLimited("userRateLimitExceeded")))
            .willSetStateTo("third"));
    google.stubFor(
        post(urlPathEqualTo(EVENTS))
            .inScenario("limits")
            .whenScenarioStateIs("third")
            .willReturn(okJson(created())));

    assertThat(provider.createEvent(appointment(APPOINTMENT, AppointmentStatus.SCHEDULED)))
        .isEqualTo(EVENT_ID);

    google.verify(3, postRequestedFor(urlPathEqualTo(EVENTS)));
    assertThat(sleeps).hasSize(2);
    assertThat(sleeps.get(0)).isBetween(Duration.ZERO, Duration.ofMillis(500));
    assertThat(sleeps.get(1)).isBetween(Duration.ZERO, Duration.ofSeconds(1));
  }

  @Test
  void retryAfterIsHonoured() {
    google.stubFor(
        post(urlPathEqualTo(EVENTS))
            .inScenario("ra")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "7"))
            .willSetStateTo("ok"));
    google.stubFor(
        post(urlPathEqualTo(EVENTS))
            .inScenario("ra")
            .whenScenarioStateIs("ok")
            .willReturn(okJson(created())));

    provider.createEvent(appointment(APPOINTMENT, AppointmentStatus.SCHEDULED));

    assertThat(sleeps).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void serverErrorsAreRetriedUpToTheCapThenSurfaceRetryable() {
    google.stubFor(
        post(urlPathEqualTo(EVENTS))
            .willReturn(
                aResponse()
                    .withStatus(500)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":{\"code\":500,\"errors\":[{\"domain\":\"global\",\"reason\":\"backendError\"}]}}")));

    assertThatThrownBy(
            () -> provider.createEvent(appointment(APPOINTMENT, AppointmentStatus.SCHEDULED)))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.httpStatus()).hasValue(500);
              assertThat(e.providerCode()).contains("backendError");
              assertThat(e.isRetryable()).isTrue();
              assertThat(e.getMessage()).doesNotContain(ACCESS);
            });
    google.verify(4, postRequestedFor(urlPathEqualTo(EVENTS)));
    assertThat(sleeps).hasSize(3);
  }

  @Test
  void badRequestAndNotFoundAreFinal() {
    google.stubFor(
        post(urlPathEqualTo(EVENTS))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":{\"code\":400,\"errors\":[{\"domain\":\"global\",\"reason\":\"invalid\"}]}}")));
    google.stubFor(
        patchOverPost()
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":{\"code\":404,\"errors\":[{\"domain\":\"global\",\"reason\":\"notFound\"}]}}")));

    assertThatThrownBy(
            () -> provider.createEvent(appointment(APPOINTMENT, AppointmentStatus.SCHEDULED)))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.httpStatus()).hasValue(400);
              assertThat(e.providerCode()).contains("invalid");
              assertThat(e.isRetryable()).isFalse();
            });
    assertThatThrownBy(
            () ->
                provider.updateEvent(
                    appointment(APPOINTMENT, AppointmentStatus.SCHEDULED), EVENT_ID))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.httpStatus()).hasValue(404);
              assertThat(e.isRetryable()).isFalse();
            });
    google.verify(1, postRequestedFor(urlPathEqualTo(EVENTS)));
    google.verify(1, postRequestedFor(urlPathEqualTo(EVENTS + "/" + EVENT_ID)));
    assertThat(sleeps).isEmpty();
  }

  @Test
  void a403ThatIsNotARateLimitIsFinal() {
    google.stubFor(
        post(urlPathEqualTo(EVENTS))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("Content-Type", "application/json")
                    .withBody(rateLimited("forbiddenForNonOrganizer"))));

    assertThatThrownBy(
            () -> provider.createEvent(appointment(APPOINTMENT, AppointmentStatus.SCHEDULED)))
        .isInstanceOfSatisfying(
            ProviderException.class, e -> assertThat(e.isRetryable()).isFalse());
    google.verify(1, postRequestedFor(urlPathEqualTo(EVENTS)));
  }

  @Test
  void a401RefreshesTheTokenOnceAndRepeatsTheCall() {
    google.stubFor(
        post(urlPathEqualTo(EVENTS))
            .withHeader("Authorization", equalTo("Bearer " + ACCESS))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":{\"code\":401,\"errors\":[{\"domain\":\"global\",\"reason\":\"authError\"}]}}")));
    google.stubFor(
        post(urlPathEqualTo(EVENTS))
            .withHeader("Authorization", equalTo("Bearer ya29.renewed-SECRET"))
            .willReturn(okJson(created())));
    google.stubFor(
        post("/token")
            .willReturn(okJson("{\"access_token\":\"ya29.renewed-SECRET\",\"expires_in\":3599}")));

    assertThat(provider.createEvent(appointment(APPOINTMENT, AppointmentStatus.SCHEDULED)))
        .isEqualTo(EVENT_ID);

    google.verify(1, postRequestedFor(urlEqualTo("/token")));
    google.verify(2, postRequestedFor(urlPathEqualTo(EVENTS)));
    assertThat(tokens.load(CONNECTION).orElseThrow().accessToken())
        .isEqualTo("ya29.renewed-SECRET");
  }

  @Test
  void aSecond401IsFinal() {
    google.stubFor(post(urlPathEqualTo(EVENTS)).willReturn(aResponse().withStatus(401)));
    google.stubFor(
        post("/token")
            .willReturn(okJson("{\"access_token\":\"ya29.renewed-SECRET\",\"expires_in\":3599}")));

    assertThatThrownBy(
            () -> provider.createEvent(appointment(APPOINTMENT, AppointmentStatus.SCHEDULED)))
        .isInstanceOfSatisfying(
            ProviderException.class, e -> assertThat(e.httpStatus()).hasValue(401));
    google.verify(1, postRequestedFor(urlEqualTo("/token")));
    google.verify(2, postRequestedFor(urlPathEqualTo(EVENTS)));
  }

  @Test
  void connectionResetEmptyResponseAndMalformedChunkAreRetriedAsNetworkFailures() {
    google.stubFor(
        post(urlPathEqualTo(EVENTS))
            .inScenario("faults")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
            .willSetStateTo("empty"));
    google.stubFor(
        post(urlPathEqualTo(EVENTS))
            .inScenario("faults")
            .whenScenarioStateIs("empty")
            .willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE))
            .willSetStateTo("chunk"));
    google.stubFor(
        post(urlPathEqualTo(EVENTS))
            .inScenario("faults")
            .whenScenarioStateIs("chunk")
            .willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK))
            .willSetStateTo("ok"));
    google.stubFor(
        post(urlPathEqualTo(EVENTS))
            .inScenario("faults")
            .whenScenarioStateIs("ok")
            .willReturn(okJson(created())));

    assertThat(provider.createEvent(appointment(APPOINTMENT, AppointmentStatus.SCHEDULED)))
        .isEqualTo(EVENT_ID);
    google.verify(4, postRequestedFor(urlPathEqualTo(EVENTS)));
    assertThat(sleeps).hasSize(3);
  }

  @Test
  void aPersistentFaultEndsAsARetryableNetworkFailure() {
    google.stubFor(any(anyUrl()).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    assertThatThrownBy(
            () -> provider.createEvent(appointment(APPOINTMENT, AppointmentStatus.SCHEDULED)))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.isRetryable()).isTrue();
              assertThat(e.httpStatus()).isEmpty();
            });
    google.verify(4, postRequestedFor(urlPathEqualTo(EVENTS)));
  }

  @Test
  void aSlowAnswerTimesOut() {
    google.stubFor(post(urlPathEqualTo(EVENTS)).willReturn(okJson(created()).withFixedDelay(3000)));
    config =
        GoogleConfig.builder()
            .clientId(config.clientId())
            .clientSecret(CLIENT_SECRET)
            .redirectUri("http://localhost:60000/oauth/callback")
            .allEndpointsAt(google.baseUrl())
            .readTimeout(Duration.ofMillis(200))
            .maxAttempts(1)
            .build();

    assertThatThrownBy(
            () -> provider().createEvent(appointment(APPOINTMENT, AppointmentStatus.SCHEDULED)))
        .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.isRetryable()).isTrue())
        .hasMessageContaining("SocketTimeoutException");
  }

  // --- free/busy ------------------------------------------------------------------------------

  @Test
  void busyBeforeAnyRefreshOrSyncFailsInsteadOfReadingAsFreeAndCallsNobody() {
    assertThatThrownBy(() -> provider.busy(CLINIC, DR_ANA, MARCH))
        .isInstanceOfSatisfying(
            ProviderException.class, e -> assertThat(e.providerCode()).contains("busyUnknown"));
    assertThat(provider.busy(CLINIC, ROOM, MARCH)).isEmpty();
    assertThat(google.getAllServeEvents()).isEmpty();
  }

  @Test
  void freeBusyIsSplitIntoRangesGoogleAcceptsAndAnsweredFromMemoryAfterwards() {
    calendars.assign(CLINIC, ROOM, CONNECTION, ROOM_CALENDAR);
    google.stubFor(
        post(urlEqualTo("/calendar/v3/freeBusy"))
            .willReturn(
                okJson(
                    """
                    {"kind":"calendar#freeBusy","calendars":{
                      "primary":{"busy":[{"start":"2026-03-10T13:00:00Z","end":"2026-03-10T14:00:00Z"}]},
                      "c_room2@group.calendar.google.com":{"busy":[]}}}\
                    """)));
    TimeInterval hundredDays =
        TimeInterval.of(Instant.parse("2026-03-01T00:00:00Z"), Duration.ofDays(100));

    FreeBusyResult result = provider.refreshBusy(CLINIC, List.of(DR_ANA, ROOM), hundredDays);

    List<LoggedRequest> queries =
        google.findAll(postRequestedFor(urlEqualTo("/calendar/v3/freeBusy")));
    assertThat(queries).hasSize(2);
    google.verify(
        postRequestedFor(urlEqualTo("/calendar/v3/freeBusy"))
            .withRequestBody(
                equalToJson(
                    """
                    {"timeMin":"2026-03-01T00:00:00.000Z","timeMax":"2026-04-30T00:00:00.000Z","timeZone":"UTC",
                     "items":[{"id":"primary"},{"id":"c_room2@group.calendar.google.com"}]}\
                    """)));
    google.verify(
        postRequestedFor(urlEqualTo("/calendar/v3/freeBusy"))
            .withRequestBody(
                equalToJson(
                    """
                    {"timeMin":"2026-04-30T00:00:00.000Z","timeMax":"2026-06-09T00:00:00.000Z","timeZone":"UTC",
                     "items":[{"id":"primary"},{"id":"c_room2@group.calendar.google.com"}]}\
                    """)));
    TimeInterval busy =
        TimeInterval.of(
            Instant.parse("2026-03-10T13:00:00Z"), Instant.parse("2026-03-10T14:00:00Z"));
    assertThat(result.busyOf(DR_ANA)).contains(List.of(busy));
    assertThat(result.busyOf(ROOM)).contains(List.of());
    assertThat(result.hasErrors()).isFalse();

    int before = google.getAllServeEvents().size();
    assertThat(provider.busy(CLINIC, DR_ANA, MARCH)).containsExactly(busy);
    assertThat(provider.busy(CLINIC, ROOM, MARCH)).isEmpty();
    assertThat(google.getAllServeEvents()).hasSize(before);
    assertThatThrownBy(
            () ->
                provider.busy(
                    CLINIC, DR_ANA, TimeInterval.of(hundredDays.end(), Duration.ofDays(1))))
        .isInstanceOf(ProviderException.class);
  }

  @Test
  void freeBusyAsksForAtMostFiftyCalendarsACall() {
    List<ResourceId> resources = new ArrayList<>();
    for (int i = 0; i < 51; i++) {
      ResourceId r = ResourceId.of("agent-" + i);
      calendars.assign(CLINIC, r, CONNECTION, "agent" + i + "@clinica.cl");
      resources.add(r);
    }
    google.stubFor(
        post(urlEqualTo("/calendar/v3/freeBusy")).willReturn(okJson("{\"calendars\":{}}")));

    FreeBusyResult result = provider.refreshBusy(CLINIC, resources, MARCH);

    List<LoggedRequest> queries =
        google.findAll(postRequestedFor(urlEqualTo("/calendar/v3/freeBusy")));
    assertThat(queries).hasSize(2);
    assertThat(queries.get(0).getBodyAsString().split("\"id\"", -1)).hasSize(51);
    assertThat(queries.get(1).getBodyAsString())
        .contains("\"items\":[{\"id\":\"agent50@clinica.cl\"}]");
    assertThat(result.errors()).hasSize(51).containsValue("missingFromResponse");
  }

  @Test
  void aCalendarGoogleReportsAnErrorForIsSurfacedNeverFree() {
    calendars.assign(CLINIC, ROOM, CONNECTION, ROOM_CALENDAR);
    google.stubFor(
        post(urlEqualTo("/calendar/v3/freeBusy"))
            .willReturn(
                okJson(
                    """
                    {"kind":"calendar#freeBusy","calendars":{
                      "primary":{"busy":[]},
                      "c_room2@group.calendar.google.com":{"errors":[{"domain":"global","reason":"notFound"}],"busy":[]}}}\
                    """)));

    FreeBusyResult result = provider.refreshBusy(CLINIC, List.of(DR_ANA, ROOM), MARCH);

    assertThat(result.errors()).containsEntry(ROOM, "notFound");
    assertThat(result.busyOf(ROOM)).isEmpty();
    assertThat(provider.busy(CLINIC, DR_ANA, MARCH)).isEmpty();
    assertThatThrownBy(() -> provider.busy(CLINIC, ROOM, MARCH))
        .isInstanceOfSatisfying(
            ProviderException.class, e -> assertThat(e.providerCode()).contains("notFound"));
  }

  @Test
  void refreshingAnUnassignedResourceIsRefusedBeforeAnyCall() {
    assertThatThrownBy(() -> provider.refreshBusy(CLINIC, List.of(DR_ANA, ROOM), MARCH))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("resources"));
    assertThat(google.getAllServeEvents()).isEmpty();
  }
}
