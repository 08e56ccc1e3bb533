package dev.cita.scheduling.calendly;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
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
import static dev.cita.scheduling.calendly.Fixtures.API;
import static dev.cita.scheduling.calendly.Fixtures.EVENT_TYPE;
import static dev.cita.scheduling.calendly.Fixtures.NOW;
import static dev.cita.scheduling.calendly.Fixtures.ORG;
import static dev.cita.scheduling.calendly.Fixtures.TENANT;
import static dev.cita.scheduling.calendly.Fixtures.TOKEN;
import static dev.cita.scheduling.calendly.Fixtures.USER;
import static dev.cita.scheduling.calendly.Fixtures.availableTimes;
import static dev.cita.scheduling.calendly.Fixtures.eventUri;
import static dev.cita.scheduling.calendly.Fixtures.invitee;
import static dev.cita.scheduling.calendly.Fixtures.inviteeUri;
import static dev.cita.scheduling.calendly.Fixtures.json;
import static dev.cita.scheduling.calendly.Fixtures.page;
import static dev.cita.scheduling.calendly.Fixtures.scheduledEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.calendly.Fixtures.RecordingSleeper;
import dev.cita.scheduling.calendly.model.AvailableTime;
import dev.cita.scheduling.calendly.model.CalendlyUser;
import dev.cita.scheduling.calendly.model.Cancellation;
import dev.cita.scheduling.calendly.model.CreateInviteeRequest;
import dev.cita.scheduling.calendly.model.EventType;
import dev.cita.scheduling.calendly.model.Invitee;
import dev.cita.scheduling.calendly.model.Location;
import dev.cita.scheduling.calendly.model.NoShow;
import dev.cita.scheduling.calendly.model.ScheduledEvent;
import dev.cita.scheduling.calendly.model.ScheduledEventQuery;
import dev.cita.scheduling.calendly.model.SchedulingLink;
import dev.cita.scheduling.calendly.model.WebhookSubscription;
import dev.cita.scheduling.memory.InMemoryAuditLog;
import dev.cita.scheduling.spi.AuditEntry;
import dev.cita.scheduling.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CalendlyClientTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String BEARER = "Bearer " + TOKEN;
  private final TestClock clock = new TestClock(NOW);
  private final RecordingSleeper sleeper = new RecordingSleeper();
  private final InMemoryAuditLog audit = new InMemoryAuditLog();
  private final CalendlyClient client =
      Fixtures.client(wm.baseUrl(), clock, sleeper, audit).build();

  private static String user() {
    return "{\"resource\":{\"uri\":\""
        + USER
        + "\",\"name\":\"Ana\",\"slug\":\"ana\",\"email\":\"ana@clinica.cl\","
        + "\"scheduling_url\":\"https://calendly.com/ana\",\"timezone\":\"America/Santiago\",\"avatar_url\":null,"
        + "\"created_at\":\"2020-01-01T00:00:00Z\",\"updated_at\":\"2020-01-01T00:00:00Z\","
        + "\"current_organization\":\""
        + ORG
        + "\",\"resource_type\":\"User\",\"locale\":\"es\"}}";
  }

  @Test
  void currentUserSendsTheTenantsBearerTokenAndIgnoresUnknownFields() {
    wm.stubFor(get(urlEqualTo("/users/me")).willReturn(json(200, user())));

    CalendlyUser me = client.currentUser(TENANT);

    assertThat(me.uri()).isEqualTo(USER);
    assertThat(me.currentOrganization()).isEqualTo(ORG);
    assertThat(me.toString()).doesNotContain("ana@clinica.cl");
    wm.verify(
        1,
        getRequestedFor(urlEqualTo("/users/me"))
            .withHeader("Authorization", equalTo(BEARER))
            .withHeader("Accept", equalTo("application/json")));
    assertThat(audit.all())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.operation()).isEqualTo("users.me");
              assertThat(e.outcome()).isEqualTo(AuditEntry.Outcome.SUCCESS);
              assertThat(e.tenant()).contains(TENANT);
              assertThat(e.direction()).isEqualTo(AuditEntry.Direction.OUTBOUND);
            });
  }

  @Test
  void eventTypesFollowTheNextPageTokenAcrossThreePages() {
    String base = "/event_types?user=https%3A%2F%2Fapi.calendly.com%2Fusers%2FANA&count=100";
    wm.stubFor(get(urlEqualTo(base)).willReturn(json(200, page(eventType("A"), "tok2"))));
    wm.stubFor(
        get(urlEqualTo(base + "&page_token=tok2"))
            .willReturn(json(200, page(eventType("B"), "tok3"))));
    wm.stubFor(
        get(urlEqualTo(base + "&page_token=tok3"))
            .willReturn(json(200, page(eventType("C"), null))));

    List<EventType> types = client.eventTypes(TENANT, USER);

    assertThat(types)
        .extracting(EventType::uri)
        .containsExactly(API + "/event_types/A", API + "/event_types/B", API + "/event_types/C");
    assertThat(types.get(0).duration()).isEqualTo(30);
    wm.verify(1, getRequestedFor(urlEqualTo(base)).withHeader("Authorization", equalTo(BEARER)));
    wm.verify(
        1,
        getRequestedFor(urlEqualTo(base + "&page_token=tok2"))
            .withHeader("Authorization", equalTo(BEARER)));
    wm.verify(
        1,
        getRequestedFor(urlEqualTo(base + "&page_token=tok3"))
            .withHeader("Authorization", equalTo(BEARER)));
    assertThat(audit.all()).hasSize(3);
  }

  private static String eventType(String id) {
    return "{\"uri\":\""
        + API
        + "/event_types/"
        + id
        + "\",\"name\":\"Consulta "
        + id
        + "\",\"active\":true,"
        + "\"slug\":\"c-"
        + id
        + "\",\"scheduling_url\":\"https://calendly.com/ana/c\",\"duration\":30,"
        + "\"kind\":\"solo\",\"pooling_type\":null,\"type\":\"StandardEventType\",\"color\":\"#fff\","
        + "\"custom_questions\":[],\"profile\":{\"type\":\"User\",\"name\":\"Ana\",\"owner\":\""
        + USER
        + "\"}}";
  }

  @Test
  void paginationStopsAtTheConfiguredCap() {
    String base = "/event_types?user=https%3A%2F%2Fapi.calendly.com%2Fusers%2FANA&count=100";
    wm.stubFor(get(urlEqualTo(base)).willReturn(json(200, page(eventType("A"), "tok2"))));
    wm.stubFor(
        get(urlEqualTo(base + "&page_token=tok2"))
            .willReturn(json(200, page(eventType("B"), "tok3"))));
    CalendlyClient capped =
        Fixtures.client(wm.baseUrl(), clock, sleeper, audit).maxPages(2).build();

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> capped.eventTypes(TENANT, USER));

    assertThat(e.getMessage()).contains("more than 2 pages");
  }

  @Test
  void availableTimesSplitsLongRangesIntoCalendlyWindowsAndMergesThem() {
    // 70 days from a start in the past: asked from now (plus the one-minute margin), in windows of
    // 31 + 31 + 8 days.
    Instant from = NOW.minus(Duration.ofDays(1));
    Instant to = NOW.plus(Duration.ofDays(70));
    String[][] windows = {
      {"2026-11-20T12:01:00Z", "2026-12-21T12:01:00Z"},
      {"2026-12-21T12:01:00Z", "2027-01-21T12:01:00Z"},
      {"2027-01-21T12:01:00Z", "2027-01-29T12:00:00Z"}
    };
    wm.stubFor(
        window(windows[0])
            .willReturn(json(200, availableTimes("2026-11-21T13:00:00Z", "2026-12-21T12:01:00Z"))));
    // The boundary time again, as a provider may include an end-inclusive start: de-duplicated.
    wm.stubFor(
        window(windows[1])
            .willReturn(json(200, availableTimes("2026-12-21T12:01:00Z", "2027-01-05T15:00:00Z"))));
    wm.stubFor(window(windows[2]).willReturn(json(200, availableTimes("2027-01-28T09:00:00Z"))));

    List<AvailableTime> free = client.availableTimes(TENANT, EVENT_TYPE, from, to);

    assertThat(free)
        .extracting(AvailableTime::startTime)
        .containsExactly(
            Instant.parse("2026-11-21T13:00:00Z"), Instant.parse("2026-12-21T12:01:00Z"),
            Instant.parse("2027-01-05T15:00:00Z"), Instant.parse("2027-01-28T09:00:00Z"));
    assertThat(free.get(0).inviteesRemaining()).isEqualTo(1);
    for (String[] w : windows) {
      wm.verify(
          1,
          getRequestedFor(urlPathEqualTo("/event_type_available_times"))
              .withHeader("Authorization", equalTo(BEARER))
              .withQueryParam("event_type", equalTo(EVENT_TYPE))
              .withQueryParam("start_time", equalTo(w[0]))
              .withQueryParam("end_time", equalTo(w[1])));
    }
    wm.verify(3, getRequestedFor(urlPathEqualTo("/event_type_available_times")));
  }

  private static com.github.tomakehurst.wiremock.client.MappingBuilder window(String[] w) {
    return get(urlPathEqualTo("/event_type_available_times"))
        .withQueryParam("event_type", equalTo(EVENT_TYPE))
        .withQueryParam("start_time", equalTo(w[0]))
        .withQueryParam("end_time", equalTo(w[1]));
  }

  @Test
  void availableTimesFromNowStartAMinuteAheadSoTheyAreNotPastWhenCalendlyReadsThem() {
    // Issue 15: GET /event_type_available_times refuses a start_time in the past (PROVIDERS.md,
    // developer.calendly.com "List Event Type Available Times": start_time must be in the future);
    // start_time = now is past after any network delay.
    String[] w = {"2026-11-20T12:01:00Z", "2026-11-27T12:00:00Z"};
    wm.stubFor(window(w).willReturn(json(200, availableTimes("2026-11-21T13:00:00Z"))));

    List<AvailableTime> free =
        client.availableTimes(TENANT, EVENT_TYPE, NOW, NOW.plus(Duration.ofDays(7)));

    assertThat(free)
        .extracting(AvailableTime::startTime)
        .containsExactly(Instant.parse("2026-11-21T13:00:00Z"));
    wm.verify(1, getRequestedFor(urlPathEqualTo("/event_type_available_times")));
  }

  @Test
  void aSevenDayWindowCanBeConfiguredForOlderAccounts() {
    wm.stubFor(
        get(urlPathEqualTo("/event_type_available_times")).willReturn(json(200, availableTimes())));
    CalendlyClient weekly =
        Fixtures.client(wm.baseUrl(), clock, sleeper, audit)
            .availabilityWindow(Duration.ofDays(7))
            .build();

    weekly.availableTimes(TENANT, EVENT_TYPE, NOW, NOW.plus(Duration.ofDays(15)));

    wm.verify(3, getRequestedFor(urlPathEqualTo("/event_type_available_times")));
  }

  @Test
  void availableTimesRefusesAnEmptyRangeWithoutACall() {
    ValidationException e =
        catchThrowableOfType(
            ValidationException.class, () -> client.availableTimes(TENANT, EVENT_TYPE, NOW, NOW));
    assertThat(e.field()).isEqualTo("to");
    wm.verify(0, getRequestedFor(urlPathEqualTo("/event_type_available_times")));
  }

  @Test
  void availableTimesRefusesARangeLongerThanAYearWithoutACall() {
    ValidationException e =
        catchThrowableOfType(
            ValidationException.class,
            () -> client.availableTimes(TENANT, EVENT_TYPE, NOW, NOW.plus(Duration.ofDays(3_650))));
    assertThat(e.field()).isEqualTo("to");
    wm.verify(0, getRequestedFor(urlPathEqualTo("/event_type_available_times")));
  }

  @Test
  void schedulingLinkPostsTheOneOffBody() {
    wm.stubFor(
        post(urlEqualTo("/scheduling_links"))
            .willReturn(
                json(
                    201,
                    "{\"resource\":{\"booking_url\":"
                        + "\"https://calendly.com/d/abcd-brv8/15-minute-meeting\",\"owner\":\""
                        + EVENT_TYPE
                        + "\",\"owner_type\":\"EventType\"}}")));

    SchedulingLink link = client.createSchedulingLink(TENANT, EVENT_TYPE);

    assertThat(link.bookingUrl()).isEqualTo("https://calendly.com/d/abcd-brv8/15-minute-meeting");
    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/scheduling_links"))
            .withHeader("Authorization", equalTo(BEARER))
            .withHeader("Content-Type", containing("application/json"))
            .withRequestBody(
                equalToJson(
                    "{\"max_event_count\":1,\"owner\":\""
                        + EVENT_TYPE
                        + "\",\"owner_type\":\"EventType\"}")));
  }

  @Test
  void scheduledEventsSendTheQueryAndFollowPages() {
    wm.stubFor(
        get(urlPathEqualTo("/scheduled_events"))
            .withQueryParam("page_token", absent())
            .willReturn(
                json(
                    200,
                    page(
                        scheduledEvent(
                            "E1",
                            "2026-12-01T13:00:00.000000Z",
                            "2026-12-01T13:30:00.000000Z",
                            "active"),
                        "p2"))));
    wm.stubFor(
        get(urlPathEqualTo("/scheduled_events"))
            .withQueryParam("page_token", equalTo("p2"))
            .willReturn(
                json(
                    200,
                    page(
                        scheduledEvent(
                            "E2",
                            "2026-12-02T13:00:00.000000Z",
                            "2026-12-02T13:30:00.000000Z",
                            "active"),
                        null))));

    List<ScheduledEvent> events =
        client.scheduledEvents(
            TENANT,
            ScheduledEventQuery.forUser(USER)
                .active()
                .inviteeEmail("maria@example.com")
                .startingBetween(
                    Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2026-12-08T00:00:00Z"))
                .build());

    assertThat(events)
        .extracting(ScheduledEvent::uri)
        .containsExactly(eventUri("E1"), eventUri("E2"));
    assertThat(events.get(0).hostUris()).containsExactly(USER);
    assertThat(events.get(0).startTime()).isEqualTo(Instant.parse("2026-12-01T13:00:00Z"));
    for (String token : new String[] {null, "p2"}) {
      wm.verify(
          1,
          getRequestedFor(urlPathEqualTo("/scheduled_events"))
              .withHeader("Authorization", equalTo(BEARER))
              .withQueryParam("user", equalTo(USER))
              .withQueryParam("invitee_email", equalTo("maria@example.com"))
              .withQueryParam("status", equalTo("active"))
              .withQueryParam("min_start_time", equalTo("2026-12-01T00:00:00Z"))
              .withQueryParam("max_start_time", equalTo("2026-12-08T00:00:00Z"))
              .withQueryParam("sort", equalTo("start_time:asc"))
              .withQueryParam("count", equalTo("100"))
              .withQueryParam("page_token", token == null ? absent() : equalTo(token)));
    }
  }

  @Test
  void inviteesOfAnEventByItsUri() {
    wm.stubFor(
        get(urlEqualTo("/scheduled_events/E1/invitees?email=maria%40example.com&count=100"))
            .willReturn(json(200, page(invitee("E1", "I1", "maria@example.com", "active"), null))));

    List<Invitee> invitees = client.invitees(TENANT, eventUri("E1"), "maria@example.com");

    assertThat(invitees)
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.uri()).isEqualTo(inviteeUri("E1", "I1"));
              assertThat(i.eventUri()).contains(eventUri("E1"));
              assertThat(i.toString()).doesNotContain("maria");
            });
    wm.verify(
        1,
        getRequestedFor(
                urlEqualTo("/scheduled_events/E1/invitees?email=maria%40example.com&count=100"))
            .withHeader("Authorization", equalTo(BEARER)));
  }

  @Test
  void cancelPostsTheReason() {
    wm.stubFor(
        post(urlEqualTo("/scheduled_events/E1/cancellation"))
            .willReturn(
                json(
                    201,
                    "{\"resource\":{\"canceled_by\":\"Ana\",\"reason\":\"Patient"
                        + " asked\",\"canceler_type\":\"host\","
                        + "\"created_at\":\"2026-11-20T12:00:00.000000Z\"}}")));

    Cancellation c = client.cancelEvent(TENANT, eventUri("E1"), "Patient asked");

    assertThat(c.cancelerType()).isEqualTo("host");
    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/scheduled_events/E1/cancellation"))
            .withHeader("Authorization", equalTo(BEARER))
            .withRequestBody(equalToJson("{\"reason\":\"Patient asked\"}")));
  }

  @Test
  void noShowIsMarkedAndTakenBack() {
    String invitee = inviteeUri("E1", "I1");
    wm.stubFor(
        post(urlEqualTo("/invitee_no_shows"))
            .willReturn(
                json(
                    201,
                    "{\"resource\":{\"uri\":\""
                        + API
                        + "/invitee_no_shows/NS1\",\"invitee\":\""
                        + invitee
                        + "\",\"created_at\":\"2026-11-20T12:00:00Z\"}}")));
    wm.stubFor(delete(urlEqualTo("/invitee_no_shows/NS1")).willReturn(aResponse().withStatus(204)));

    NoShow noShow = client.markNoShow(TENANT, invitee);
    client.deleteNoShow(TENANT, noShow.uri());

    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/invitee_no_shows"))
            .withHeader("Authorization", equalTo(BEARER))
            .withRequestBody(equalToJson("{\"invitee\":\"" + invitee + "\"}")));
    wm.verify(
        1,
        deleteRequestedFor(urlEqualTo("/invitee_no_shows/NS1"))
            .withHeader("Authorization", equalTo(BEARER)));
  }

  @Test
  void createInviteePostsTheDocumentedBody() {
    wm.stubFor(
        post(urlEqualTo("/invitees"))
            .willReturn(
                json(
                    201,
                    "{\"resource\":" + invitee("E9", "I9", "maria@example.com", "active") + "}")));

    Invitee created =
        client.createInvitee(
            TENANT,
            CreateInviteeRequest.builder(EVENT_TYPE, Instant.parse("2026-12-01T13:00:00Z"))
                .invitee("María Pérez", "maria@example.com", ZoneId.of("America/Santiago"))
                .location(Location.of("physical", "Providencia 123"))
                .guest("tomas@example.com")
                .build());

    assertThat(created.uri()).isEqualTo(inviteeUri("E9", "I9"));
    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/invitees"))
            .withHeader("Authorization", equalTo(BEARER))
            .withRequestBody(
                equalToJson(
                    "{\"event_type\":\""
                        + EVENT_TYPE
                        + "\",\"start_time\":\"2026-12-01T13:00:00Z\",\"invitee\":{\"name\":\"María"
                        + " Pérez\",\"email\":\"maria@example.com\",\"timezone\":\"America/Santiago\"},\"location\":{\"kind\":\"physical\",\"location\":\"Providencia"
                        + " 123\"},\"event_guests\":[\"tomas@example.com\"]}")));
  }

  @Test
  void createInviteeRequestNeedsEmailAndName() {
    assertThat(
            catchThrowableOfType(
                    ValidationException.class,
                    () ->
                        CreateInviteeRequest.builder(EVENT_TYPE, NOW)
                            .invitee(
                                new CreateInviteeRequest.InviteeDetails(
                                    "María", null, null, null, "UTC", null))
                            .build())
                .field())
        .isEqualTo("invitee.email");
    assertThat(
            catchThrowableOfType(
                    ValidationException.class,
                    () ->
                        CreateInviteeRequest.builder(EVENT_TYPE, NOW)
                            .invitee(
                                new CreateInviteeRequest.InviteeDetails(
                                    null, null, "Pérez", "m@example.com", "UTC", null))
                            .build())
                .field())
        .isEqualTo("invitee.name");
  }

  @Test
  void webhookSubscriptionsAreCreatedListedAndDeleted() {
    String sub =
        "{\"uri\":\""
            + API
            + "/webhook_subscriptions/W1\",\"callback_url\":\"https://app.example/hooks?tenant=clinic-1\","
            + "\"created_at\":\"2026-11-20T12:00:00Z\",\"updated_at\":\"2026-11-20T12:00:00Z\",\"retry_started_at\":null,"
            + "\"state\":\"active\",\"events\":[\"invitee.created\",\"invitee.canceled\"],\"scope\":\"user\","
            + "\"organization\":\""
            + ORG
            + "\",\"user\":\""
            + USER
            + "\",\"group\":null,\"creator\":\""
            + USER
            + "\"}";
    wm.stubFor(
        post(urlEqualTo("/webhook_subscriptions"))
            .willReturn(json(201, "{\"resource\":" + sub + "}")));
    wm.stubFor(
        get(urlEqualTo(
                "/webhook_subscriptions?organization=https%3A%2F%2Fapi.calendly.com%2Forganizations%2FORG1"
                    + "&scope=user&user=https%3A%2F%2Fapi.calendly.com%2Fusers%2FANA&count=100"))
            .willReturn(json(200, page(sub, null))));
    wm.stubFor(
        delete(urlEqualTo("/webhook_subscriptions/W1")).willReturn(aResponse().withStatus(204)));

    WebhookSubscription created =
        client.createWebhookSubscription(
            TENANT,
            "https://app.example/hooks?tenant=clinic-1",
            List.of("invitee.created", "invitee.canceled"),
            ORG,
            USER,
            "user",
            "key-SECRET-1");
    List<WebhookSubscription> listed = client.webhookSubscriptions(TENANT, ORG, "user", USER);
    client.deleteWebhookSubscription(TENANT, created.uri());

    assertThat(created.state()).isEqualTo("active");
    assertThat(created.toString()).doesNotContain("tenant=clinic-1");
    assertThat(listed)
        .extracting(WebhookSubscription::uri)
        .containsExactly(API + "/webhook_subscriptions/W1");
    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/webhook_subscriptions"))
            .withHeader("Authorization", equalTo(BEARER))
            .withRequestBody(
                equalToJson(
                    "{\"url\":\"https://app.example/hooks?tenant=clinic-1\","
                        + "\"events\":[\"invitee.created\",\"invitee.canceled\"],\"organization\":\""
                        + ORG
                        + "\","
                        + "\"user\":\""
                        + USER
                        + "\",\"scope\":\"user\",\"signing_key\":\"key-SECRET-1\"}")));
    wm.verify(
        1,
        deleteRequestedFor(urlEqualTo("/webhook_subscriptions/W1"))
            .withHeader("Authorization", equalTo(BEARER)));
  }

  @Test
  void errorsCarryCalendlysTitleMessageAndDetails() {
    wm.stubFor(
        post(urlEqualTo("/invitees"))
            .willReturn(
                json(
                        400,
                        "{\"title\":\"Invalid Argument\",\"message\":\"The supplied parameters are"
                            + " invalid.\",\"details\":[{\"parameter\":\"start_time\",\"message\":\"is"
                            + " not available\"}]}")
                    .withHeader("X-Request-Id", "req-77")));

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () ->
                client.createInvitee(
                    TENANT,
                    CreateInviteeRequest.builder(EVENT_TYPE, NOW)
                        .invitee("María", "maria@example.com", ZoneId.of("UTC"))
                        .build()));

    assertThat(e.httpStatus()).hasValue(400);
    assertThat(e.providerCode()).contains("Invalid Argument");
    assertThat(e.requestId()).contains("req-77");
    assertThat(e.isRetryable()).isFalse();
    assertThat(e.getMessage())
        .contains("The supplied parameters are invalid.", "start_time: is not available")
        .doesNotContain(TOKEN, "maria@example.com");
    assertThat(audit.all())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.outcome()).isEqualTo(AuditEntry.Outcome.FAILURE);
              assertThat(a.httpStatus()).isEqualTo(400);
              assertThat(a.errorCode()).contains("Invalid Argument");
            });
    wm.verify(1, postRequestedFor(urlEqualTo("/invitees")));
  }

  @Test
  void a429WaitsTheRateLimitResetSecondsThenSucceeds() {
    wm.stubFor(
        get(urlEqualTo("/users/me"))
            .inScenario("rl")
            .whenScenarioStateIs(STARTED)
            .willReturn(
                json(429, "{\"title\":\"Too Many Requests\",\"message\":\"Rate limit exceeded\"}")
                    .withHeader("X-RateLimit-Limit", "500")
                    .withHeader("X-RateLimit-Remaining", "0")
                    .withHeader("X-RateLimit-Reset", "37"))
            .willSetStateTo("ok"));
    wm.stubFor(
        get(urlEqualTo("/users/me"))
            .inScenario("rl")
            .whenScenarioStateIs("ok")
            .willReturn(json(200, user())));

    assertThat(client.currentUser(TENANT).uri()).isEqualTo(USER);

    assertThat(sleeper.sleeps).containsExactly(Duration.ofSeconds(37));
    wm.verify(2, getRequestedFor(urlEqualTo("/users/me")));
  }

  @Test
  void aConnectionResetIsRetried() {
    wm.stubFor(
        get(urlEqualTo("/users/me"))
            .inScenario("reset")
            .whenScenarioStateIs(STARTED)
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
            .willSetStateTo("ok"));
    wm.stubFor(
        get(urlEqualTo("/users/me"))
            .inScenario("reset")
            .whenScenarioStateIs("ok")
            .willReturn(json(200, user())));

    assertThat(client.currentUser(TENANT).uri()).isEqualTo(USER);
    assertThat(sleeper.sleeps).hasSize(1);
    wm.verify(2, getRequestedFor(urlEqualTo("/users/me")));
  }

  @Test
  void aMalformedChunkIsRetried() {
    wm.stubFor(
        get(urlEqualTo("/scheduled_events/E1"))
            .inScenario("chunk")
            .whenScenarioStateIs(STARTED)
            .willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK))
            .willSetStateTo("ok"));
    wm.stubFor(
        get(urlEqualTo("/scheduled_events/E1"))
            .inScenario("chunk")
            .whenScenarioStateIs("ok")
            .willReturn(
                json(
                    200,
                    "{\"resource\":"
                        + scheduledEvent(
                            "E1", "2026-12-01T13:00:00Z", "2026-12-01T13:30:00Z", "canceled")
                        + "}")));

    ScheduledEvent e = client.scheduledEvent(TENANT, eventUri("E1"));

    assertThat(e.isActive()).isFalse();
    wm.verify(2, getRequestedFor(urlEqualTo("/scheduled_events/E1")));
  }

  @Test
  void a5xxThenSuccessIsRetriedWithBackoff() {
    wm.stubFor(
        get(urlEqualTo("/users/me"))
            .inScenario("5xx")
            .whenScenarioStateIs(STARTED)
            .willReturn(json(502, "{\"title\":\"Bad Gateway\",\"message\":\"try later\"}"))
            .willSetStateTo("ok"));
    wm.stubFor(
        get(urlEqualTo("/users/me"))
            .inScenario("5xx")
            .whenScenarioStateIs("ok")
            .willReturn(json(200, user())));

    assertThat(client.currentUser(TENANT).uri()).isEqualTo(USER);
    assertThat(sleeper.sleeps).hasSize(1);
    wm.verify(2, getRequestedFor(urlEqualTo("/users/me")));
  }

  @Test
  void anEmptyResponseOnABookingIsNotResent() {
    wm.stubFor(
        post(urlEqualTo("/invitees")).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () ->
                client.createInvitee(
                    TENANT,
                    CreateInviteeRequest.builder(EVENT_TYPE, NOW)
                        .invitee("María", "maria@example.com", ZoneId.of("UTC"))
                        .build()));

    assertThat(e.httpStatus()).isEmpty();
    assertThat(e.isRetryable()).isFalse();
    wm.verify(1, postRequestedFor(urlEqualTo("/invitees")));
  }

  @Test
  void aResourceUriWithAPathOutsideCalendlyIdsIsRefused() {
    ValidationException e =
        catchThrowableOfType(
            ValidationException.class,
            () ->
                client.scheduledEvent(
                    TENANT, "https://api.calendly.com/scheduled_events/../../users/me?x=1"));
    assertThat(e.field()).isEqualTo("scheduled_events");
  }
}
