package dev.cita.scheduling.calcom;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.cita.scheduling.calcom.Fixtures.ANA;
import static dev.cita.scheduling.calcom.Fixtures.BRANCH;
import static dev.cita.scheduling.calcom.Fixtures.CONSULT;
import static dev.cita.scheduling.calcom.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.memory.InMemoryAuditLog;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 15's Cal.com booking items, against the stateful fake Cal.com with event types shaped like
 * {@code GET /v2/event-types/{id}} (cal-api-version 2024-06-14, calcom/cal.com {@code
 * packages/platform/types/event-types/event-types_2024_06_14/outputs/event-type.output.ts} and
 * {@code booking-fields.output.ts}).
 */
class CalComBookingRulesTest {
  private static final FakeCalCom fake = new FakeCalCom();

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().extensions(fake))
          .build();

  private static final Instant START = Instant.parse("2026-03-04T13:00:00Z");

  private final TestClock clock = new TestClock(NOW);
  private CalComCalendarProvider calcom;

  @BeforeEach
  void setUp() {
    fake.reset();
    wm.stubFor(
        any(urlPathMatching("/v2/.*"))
            .atPriority(5)
            .willReturn(aResponse().withTransformers(FakeCalCom.NAME)));
    calcom =
        CalComCalendarProvider.builder(
                Fixtures.client(clock, new InMemoryAuditLog(), Duration.ofSeconds(5)),
                CalComTenants.of(Fixtures.branch(wm.baseUrl())),
                Fixtures.credentials(clock))
            .clock(clock)
            .build();
  }

  private static Appointment appointment(String id, Attendee attendee, Duration length) {
    return Appointment.builder()
        .id(AppointmentId.of(id))
        .tenant(BRANCH)
        .resource(ANA)
        .type(CONSULT)
        .attendee(attendee)
        .start(START)
        .end(START.plus(length))
        .displayZone(Fixtures.SANTIAGO)
        .status(AppointmentStatus.SCHEDULED)
        .createdAt(NOW)
        .updatedAt(NOW)
        .build();
  }

  private static Attendee phoneOnly(Locale locale) {
    return Attendee.builder("Ana")
        .phone("+56911112222")
        .zone(Fixtures.SANTIAGO)
        .locale(locale)
        .build();
  }

  // --- phone-only attendees and the booking form
  // --------------------------------------------------

  /** A form that asks for the phone instead of the e-mail, and for notes. */
  private static final String PHONE_FORM =
      """
      "lengthInMinutes":30,"bookingFields":[
       {"isDefault":true,"type":"name","slug":"name","required":true},
       {"isDefault":true,"type":"email","slug":"email","required":false,"hidden":true},
       {"isDefault":true,"type":"phone","slug":"attendeePhoneNumber","required":true,"hidden":false},
       {"isDefault":true,"type":"textarea","slug":"notes","required":true,"hidden":false},
       {"isDefault":false,"type":"text","slug":"comentario","required":false,"hidden":false}]\
      """;

  @Test
  void aPhoneOnlyAttendeeIsSentAsThePhoneWithTheResponsesTheFormRequires() {
    // Cal.com fills email: attendee.email ?? "" (input.service.ts, transformInputCreateBooking),
    // which
    // its default form refuses: the phone goes as attendee.phoneNumber and no e-mail is sent at
    // all.
    fake.eventType(501, PHONE_FORM);
    Appointment a =
        appointment("appt-phone", phoneOnly(Locale.forLanguageTag("es")), Duration.ofMinutes(30))
            .toBuilder()
            .notes("Control anual")
            .build();

    calcom.createEvent(a);

    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/v2/bookings"))
            .withRequestBody(
                equalToJson(
                    """
                    {"start":"2026-03-04T13:00:00Z","eventTypeId":501,
                     "attendee":{"name":"Ana","phoneNumber":"+56911112222","timeZone":"America/Santiago","language":"es"},
                     "bookingFieldsResponses":{"notes":"Control anual"}}\
                    """,
                    true,
                    true)));
    wm.verify(
        0,
        postRequestedFor(urlEqualTo("/v2/bookings"))
            .withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.containing("\"email\"")));
  }

  @Test
  void aPhoneOnlyAttendeeOnTheDefaultFormFailsNamingTheEmailAndSendsNothing() {
    Appointment a =
        appointment("appt-default", phoneOnly(Locale.forLanguageTag("es")), Duration.ofMinutes(30));

    assertThatThrownBy(() -> calcom.createEvent(a))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("attendee.email"))
        .hasMessageContaining("501");
    wm.verify(0, postRequestedFor(urlEqualTo("/v2/bookings")));
  }

  @Test
  void aRequiredCustomFieldCitaCannotAnswerFailsNamingIt() {
    fake.eventType(
        501,
        PHONE_FORM
            .replace(
                "\"required\":false,\"hidden\":false}]", "\"required\":true,\"hidden\":false}]")
            .replace("notes\",\"required\":true", "notes\",\"required\":false"));
    Appointment a =
        appointment("appt-rut", phoneOnly(Locale.forLanguageTag("es")), Duration.ofMinutes(30));

    assertThatThrownBy(() -> calcom.createEvent(a))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.field()).isEqualTo("bookingFields.comentario"));
    wm.verify(0, postRequestedFor(urlEqualTo("/v2/bookings")));
  }

  @Test
  void aLanguageOutsideCalComsListIsLeftOutAndRegionalOnesAreKept() {
    // BookingLanguage (packages/platform/types/bookings/2024-08-13/inputs/language.ts) has no "mi".
    fake.eventType(
        501, PHONE_FORM.replace("notes\",\"required\":true", "notes\",\"required\":false"));
    calcom.createEvent(
        appointment("appt-mi", phoneOnly(Locale.forLanguageTag("mi")), Duration.ofMinutes(30)));
    calcom.createEvent(
        appointment(
            "appt-419", phoneOnly(Locale.forLanguageTag("es-419")), Duration.ofMinutes(30)));
    calcom.createEvent(
        appointment("appt-br", phoneOnly(Locale.forLanguageTag("pt-BR")), Duration.ofMinutes(30)));

    wm.verify(
        0,
        postRequestedFor(urlEqualTo("/v2/bookings"))
            .withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.containing("\"language\":\"mi\"")));
    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/v2/bookings"))
            .withRequestBody(
                equalToJson(
                    "{\"metadata\":{\"citaAppointmentId\":\"appt-mi\"},\"attendee\":{\"name\":\"Ana\"}}",
                    true,
                    true))
            .withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.notContaining("language")));
    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/v2/bookings"))
            .withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.containing(
                    "\"language\":\"es-419\"")));
    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/v2/bookings"))
            .withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.containing(
                    "\"language\":\"pt-BR\"")));
  }

  // --- mark-absent
  // -----------------------------------------------------------------------------------

  @Test
  void aNoShowBeforeTheBookingStartsWaitsForTheStartAndSendsNothing() {
    // Cal.com refuses mark-absent before the booking's start: the outbox entry is retried after it.
    Appointment a =
        appointment(
            "appt-early",
            Attendee.builder("Ana").email("ana@example.com").build(),
            Duration.ofMinutes(30));
    String uid = calcom.createEvent(a);
    clock.set(START.minusSeconds(600));

    assertThatThrownBy(() -> calcom.markNoShow(a, uid))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.isRetryable()).isTrue();
              assertThat(e.retryAfter()).contains(Duration.ofMinutes(11));
            });
    wm.verify(0, postRequestedFor(urlPathMatching("/v2/bookings/.*/mark-absent")));

    clock.set(START.plusSeconds(300));
    calcom.markNoShow(a, uid);
    wm.verify(
        1,
        postRequestedFor(urlPathMatching("/v2/bookings/.*/mark-absent"))
            .withRequestBody(
                equalToJson("{\"attendees\":[{\"email\":\"ana@example.com\",\"absent\":true}]}")));
  }

  // --- multi-length bookings
  // -------------------------------------------------------------------------

  private static final String MULTI_LENGTH =
      "\"lengthInMinutes\":30,\"lengthInMinutesOptions\":[30,45,60],"
          + "\"bookingFields\":"
          + FakeCalCom.DEFAULT_BOOKING_FIELDS;

  /** A 45-minute appointment booked on the multi-length type, its uid recorded. */
  private Appointment bookedFortyFive(String id) {
    fake.eventType(501, MULTI_LENGTH);
    Appointment a =
        appointment(
            id, Attendee.builder("Ana").email("ana@example.com").build(), Duration.ofMinutes(45));
    return a.toBuilder().externalRef("calcom", calcom.createEvent(a)).build();
  }

  @Test
  void aMoveThatWouldChangeTheLengthIsRefusedBeforeAnyReschedule() {
    // RescheduleBookingInput_2024_08_13 has no lengthInMinutes: a move cannot change the length.
    Appointment a = bookedFortyFive("appt-45");
    String uid = a.externalRef("calcom").orElseThrow();
    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/v2/bookings"))
            .withRequestBody(equalToJson("{\"lengthInMinutes\":45}", true, true)));
    Appointment longer =
        a.toBuilder()
            .start(START.plus(Duration.ofHours(2)))
            .end(START.plus(Duration.ofHours(3)))
            .build();

    assertThatThrownBy(() -> calcom.moveEvent(longer, uid))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("appointment.end"))
        .hasMessageContaining("45")
        .hasMessageContaining("60");
    wm.verify(0, postRequestedFor(urlPathMatching("/v2/bookings/.*/reschedule")));
  }

  @Test
  void aMoveThatCalComAnswersWithTheDefaultLengthFailsSayingSo() {
    // Cal.com before "preserve the original booking duration" (input.service.ts,
    // transformInputRescheduleBooking) rescheduled to the event type's default length.
    Appointment a = bookedFortyFive("appt-45b");
    String uid = a.externalRef("calcom").orElseThrow();
    Appointment moved =
        a.toBuilder()
            .start(START.plus(Duration.ofHours(2)))
            .end(START.plus(Duration.ofMinutes(165)))
            .build();

    assertThatThrownBy(() -> calcom.moveEvent(moved, uid))
        .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.isRetryable()).isFalse())
        .hasMessageContaining("30 minutes instead of 45");
  }

  // --- seated event types
  // ----------------------------------------------------------------------------

  @Test
  void aSeatedEventTypeIsRefusedForCreateAndCancel() {
    // Seated bookings need seatUid to move, and a cancel with the host's token cancels every seat
    // (input.service.ts, transformInputRescheduleBooking / transformInputCancelSeatedBooking).
    Appointment a =
        appointment(
            "appt-seat",
            Attendee.builder("Ana").email("ana@example.com").build(),
            Duration.ofMinutes(30));
    String uid = calcom.createEvent(a); // made while the type had no seats
    fake.eventType(
        501,
        "\"lengthInMinutes\":30,\"seats\":{\"seatsPerTimeSlot\":4,\"showAttendeeInfo\":false,"
            + "\"showAvailabilityCount\":true},\"bookingFields\":"
            + FakeCalCom.DEFAULT_BOOKING_FIELDS);
    Appointment second =
        appointment(
            "appt-seat-2",
            Attendee.builder("Bea").email("bea@example.com").build(),
            Duration.ofMinutes(30));

    assertThatThrownBy(() -> calcom.createEvent(second))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("eventType"))
        .hasMessageContaining("seats");
    assertThatThrownBy(() -> calcom.cancelEvent(a, uid)).isInstanceOf(ValidationException.class);
    wm.verify(1, postRequestedFor(urlEqualTo("/v2/bookings")));
    wm.verify(0, postRequestedFor(urlPathMatching("/v2/bookings/.*/cancel")));
  }

  @Test
  void checkingTheMappingNamesASeatedEventTypeBeforeAnythingIsPushed() {
    assertThatCode(() -> calcom.checkEventTypes(BRANCH)).doesNotThrowAnyException();
    fake.eventType(
        501, "\"lengthInMinutes\":30,\"seats\":{\"seatsPerTimeSlot\":4},\"bookingFields\":[]");

    assertThatThrownBy(() -> calcom.checkEventTypes(BRANCH))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.field()).isEqualTo("calcomTenant.eventTypes"))
        .hasMessageContaining("501");
  }

  @Test
  void theOlderSeatsPerTimeSlotFieldAlsoMarksASeatedType() {
    fake.eventType(
        501,
        "\"lengthInMinutes\":30,\"seatsPerTimeSlot\":3,\"bookingFields\":"
            + FakeCalCom.DEFAULT_BOOKING_FIELDS);
    Appointment a =
        appointment(
            "appt-seat-3",
            Attendee.builder("Ana").email("ana@example.com").build(),
            Duration.ofMinutes(30));

    assertThatThrownBy(() -> calcom.createEvent(a)).isInstanceOf(ValidationException.class);
  }

  @Test
  void aFixedLengthBookingIsStillMovedWhenCitasLengthDiffers() {
    // Only multi-length types are checked: a fixed-length type books its own length anyway, and
    // refusing would leave the booking at the old time.
    Appointment a =
        appointment(
            "appt-fixed",
            Attendee.builder("Ana").email("ana@example.com").build(),
            Duration.ofMinutes(45));
    String uid = calcom.createEvent(a); // Cal.com books the type's 30 minutes
    Appointment moved =
        a.toBuilder()
            .start(START.plus(Duration.ofHours(2)))
            .end(START.plus(Duration.ofMinutes(165)))
            .build();

    assertThat(calcom.moveEvent(moved, uid)).isPresent();
    wm.verify(1, postRequestedFor(urlPathMatching("/v2/bookings/.*/reschedule")));
  }

  @Test
  void aBookingOfADeletedEventTypeCanStillBeCancelled() {
    Appointment a =
        appointment(
            "appt-gone",
            Attendee.builder("Ana").email("ana@example.com").build(),
            Duration.ofMinutes(30));
    String uid = calcom.createEvent(a);
    fake.deleteEventType(501);

    calcom.cancelEvent(a, uid);

    wm.verify(1, postRequestedFor(urlPathMatching("/v2/bookings/.*/cancel")));
  }
}
