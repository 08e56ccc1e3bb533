package dev.cita.scheduling.calendly;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.cita.scheduling.calendly.Fixtures.NOW;
import static dev.cita.scheduling.calendly.Fixtures.inviteeUri;
import static dev.cita.scheduling.calendly.Fixtures.json;
import static dev.cita.scheduling.calendly.Fixtures.page;
import static dev.cita.scheduling.calendly.Fixtures.scheduledEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.calendly.Fixtures.RecordingSleeper;
import dev.cita.scheduling.memory.InMemoryAuditLog;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Issue 15's Calendly booking items: group events, plan and scope refusals, rate limits. */
class CalendlyBookingRulesTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @org.junit.jupiter.api.BeforeEach
  void plainEventType() {
    Fixtures.eventType(wm, ",\"locations\":[],\"custom_questions\":[]");
  }

  private static final Instant START = Instant.parse("2026-12-01T13:00:00Z");

  private final TestClock clock = new TestClock(NOW);
  private final RecordingSleeper sleeper = new RecordingSleeper();
  private final CalendlyClient client =
      Fixtures.client(wm.baseUrl(), clock, sleeper, new InMemoryAuditLog()).build();
  private final CalendlyCalendarProvider provider =
      CalendlyCalendarProvider.builder(client, Fixtures.mappings()).clock(clock).build();

  private static Appointment appointment() {
    return CalendlyCalendarProviderTest.appointment();
  }

  /** E1 as a group event (limit 4) with this many active invitees. */
  private static void groupEventWith(int active) {
    wm.stubFor(
        get(urlEqualTo("/scheduled_events/E1"))
            .willReturn(
                json(
                    200,
                    "{\"resource\":"
                        + scheduledEvent(
                                "E1",
                                "2026-12-01T13:00:00.000000Z",
                                "2026-12-01T13:30:00.000000Z",
                                "active")
                            .replace(
                                "\"invitees_counter\":{\"total\":1,\"active\":1,\"limit\":1}",
                                "\"invitees_counter\":{\"total\":"
                                    + active
                                    + ",\"active\":"
                                    + active
                                    + ",\"limit\":4}")
                        + "}")));
    wm.stubFor(
        post(urlEqualTo("/scheduled_events/E1/cancellation"))
            .willReturn(
                json(
                    201,
                    "{\"resource\":{\"canceled_by\":\"Ana\",\"reason\":\"x\",\"canceler_type\":\"host\"}}")));
  }

  // --- group event types
  // -----------------------------------------------------------------------------

  @Test
  void cancellingOneInviteeOfAGroupEventSharedWithOthersIsRefusedAndCancelsNothing() {
    // POST /scheduled_events/{uuid}/cancellation "Cancels specified event" — every invitee on it
    // (developer.calendly.com/api-docs/calendly-api/scheduled-events/create-scheduled-event-cancellation);
    // Calendly's API has no cancel for one invitee.
    groupEventWith(3);

    ValidationException e =
        catchThrowableOfType(
            ValidationException.class,
            () -> provider.cancelEvent(appointment(), inviteeUri("E1", "I1")));

    assertThat(e.field()).isEqualTo("externalId");
    assertThat(e.getMessage()).contains("3 active invitees").contains("appt-1");
    wm.verify(0, postRequestedFor(urlEqualTo("/scheduled_events/E1/cancellation")));
  }

  @Test
  void theLastInviteeOfAGroupEventIsCancelledAsTheEvent() {
    groupEventWith(1);

    provider.cancelEvent(appointment(), inviteeUri("E1", "I1"));

    wm.verify(1, postRequestedFor(urlEqualTo("/scheduled_events/E1/cancellation")));
  }

  @Test
  void movingOutOfASharedGroupEventIsRefusedBeforeAnythingIsBooked() {
    groupEventWith(2);
    Appointment moved =
        appointment().toBuilder()
            .start(START.plus(Duration.ofHours(2)))
            .end(START.plus(Duration.ofMinutes(150)))
            .build();

    catchThrowableOfType(
        ValidationException.class, () -> provider.moveEvent(moved, inviteeUri("E1", "I1")));

    wm.verify(0, postRequestedFor(urlEqualTo("/invitees")));
    wm.verify(0, postRequestedFor(urlEqualTo("/scheduled_events/E1/cancellation")));
  }

  // --- POST /invitees: plan, scope and rate limits
  // -----------------------------------------------------

  private static void noBookingYet() {
    wm.stubFor(get(urlPathEqualTo("/scheduled_events")).willReturn(json(200, page("", null))));
  }

  private ProviderException bookingRefusedWith403(String message) {
    noBookingYet();
    wm.stubFor(
        post(urlEqualTo("/invitees"))
            .willReturn(
                json(403, "{\"title\":\"Permission Denied\",\"message\":\"" + message + "\"}")));
    return catchThrowableOfType(ProviderException.class, () -> provider.createEvent(appointment()));
  }

  @Test
  void aPlanRefusalIsFinalAndNamesThePlan() {
    // The 403 Permission Denied of a plan that lacks the feature (developer.calendly.com release
    // notes,
    // 3 November 2026: "Please upgrade to a paid Calendly account.").
    ProviderException e = bookingRefusedWith403("Please upgrade to a paid Calendly account.");

    assertThat(e.isRetryable()).isFalse();
    assertThat(e.providerCode()).contains("permission_denied");
    assertThat(e.getMessage()).contains("paid Calendly plan").contains("appt-1");
    wm.verify(1, postRequestedFor(urlEqualTo("/invitees")));
  }

  @Test
  void aScopeRefusalIsFinalAndNamesTheScope() {
    // Scheduling API calls need the scheduled_events:write scope
    // (developer.calendly.com/docs/authentication/scopes).
    ProviderException e =
        bookingRefusedWith403("You do not have permission to access this resource.");

    assertThat(e.isRetryable()).isFalse();
    assertThat(e.getMessage()).contains("scheduled_events:write");
  }

  @Test
  void aPerUserRateLimitLeavesTheBookingToTheOutboxAfterTheReset() {
    // Create Event Invitee is limited per user (e.g. 50 an hour on paid non-Enterprise plans,
    // developer.calendly.com release notes, 15 April 2026); a 429 names the reset in
    // X-RateLimit-Reset.
    noBookingYet();
    wm.stubFor(
        post(urlEqualTo("/invitees"))
            .willReturn(
                json(429, "{\"title\":\"Too Many Requests\",\"message\":\"Rate limit exceeded\"}")
                    .withHeader("X-RateLimit-Limit", "50")
                    .withHeader("X-RateLimit-Remaining", "0")
                    .withHeader("X-RateLimit-Reset", "1800")));

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> provider.createEvent(appointment()));

    assertThat(e.isRetryable()).isTrue();
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(1800));
    wm.verify(1, postRequestedFor(urlEqualTo("/invitees")));
    assertThat(sleeper.sleeps)
        .isEmpty(); // half an hour is not waited out in the call: the outbox waits
  }

  // --- location and required questions
  // -----------------------------------------------------------------

  /**
   * A phone consultation: the host calls the invitee, and the form asks for the phone and,
   * optionally, more.
   */
  private static final String PHONE_CONSULTATION =
      ",\"locations\":[{\"kind\":\"outbound_call\"}],\"custom_questions\":[{\"name\":\"Teléfono de"
          + " contacto\",\"type\":\"phone_number\",\"position\":0,"
          + "\"enabled\":true,\"required\":true,\"answer_choices\":[],\"include_other\":false},"
          + "{\"name\":\"Motivo\",\"type\":\"text\",\"position\":1,\"enabled\":true,\"required\":false,"
          + "\"answer_choices\":[],\"include_other\":false}]";

  private static Appointment withPhone() {
    return appointment().toBuilder()
        .attendee(appointment().attendee().toBuilder().phone("+56911112222").build())
        .build();
  }

  @Test
  void theLocationAndTheRequiredAnswersTheEventTypeNeedsAreSent() {
    // Event type resource: locations[].kind, custom_questions[{name, type, position, enabled,
    // required}]
    // (developer.calendly.com "Get Event Type"); POST /invitees takes location {kind, location} and
    // questions_and_answers [{question, answer, position}] (the shape invitees carry them in).
    Fixtures.eventType(wm, PHONE_CONSULTATION);
    noBookingYet();
    wm.stubFor(
        post(urlEqualTo("/invitees"))
            .willReturn(
                json(
                    201,
                    "{\"resource\":"
                        + Fixtures.invitee("E1", "I1", "maria@example.com", "active")
                        + "}")));

    provider.createEvent(withPhone());

    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/invitees"))
            .withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.equalToJson(
                    "{\"location\":{\"kind\":\"outbound_call\",\"location\":\"+56911112222\"},\"questions_and_answers\":[{\"question\":\"Teléfono"
                        + " de contacto\",\"answer\":\"+56911112222\",\"position\":0}]}",
                    true,
                    true)));
  }

  @Test
  void aRequiredQuestionCitaCannotAnswerFailsNamingItAndBooksNothing() {
    Fixtures.eventType(wm, PHONE_CONSULTATION.replace("\"required\":false", "\"required\":true"));
    noBookingYet();

    ValidationException e =
        catchThrowableOfType(ValidationException.class, () -> provider.createEvent(withPhone()));

    assertThat(e.field()).isEqualTo("bookingQuestions");
    assertThat(e.getMessage()).contains("Motivo");
    wm.verify(0, postRequestedFor(urlEqualTo("/invitees")));
  }

  @Test
  void aPhoneCallLocationWithoutThePhoneFailsNamingIt() {
    Fixtures.eventType(wm, PHONE_CONSULTATION);
    noBookingYet();

    ValidationException e =
        catchThrowableOfType(ValidationException.class, () -> provider.createEvent(appointment()));

    assertThat(e.field()).isEqualTo("attendee.phone");
    wm.verify(0, postRequestedFor(urlEqualTo("/invitees")));
  }
}
