package dev.cita.scheduling.calcom;

import static dev.cita.scheduling.calcom.Fixtures.BRANCH;
import static dev.cita.scheduling.calcom.Fixtures.WEBHOOK_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.memory.InMemoryWebhookInbox;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.testkit.TestClock;
import dev.cita.scheduling.webhook.ParsedWebhook;
import dev.cita.scheduling.webhook.ProviderBookingEvent;
import dev.cita.scheduling.webhook.WebhookHandler;
import dev.cita.scheduling.webhook.WebhookResult;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, "Cal.com MEETING_ENDED (and other scheduled triggers)": one stub per shape Cal.com has
 * sent, each written from Cal.com's published source.
 */
class CalComScheduledTriggersTest {
  private static final String URL = "https://app.example/hooks/calcom?tenant=sucursal-centro";
  private static final CalComTenants TENANTS =
      CalComTenants.of(Fixtures.branch("https://api.cal.com/"));

  private final CalComWebhooks webhooks = CalComWebhooks.create(TENANTS);
  private final InMemoryAppointmentStore store = new InMemoryAppointmentStore();
  private final TestClock clock = new TestClock(Instant.parse("2026-03-04T13:31:00Z"));
  private final WebhookHandler handler =
      WebhookHandler.builder()
          .appointmentStore(store)
          .inbox(new InMemoryWebhookInbox())
          .provider(webhooks)
          .clock(clock)
          .build();

  /**
   * The stored shape: {@code JSON.stringify({ triggerEvent, ...booking })} of a Prisma booking row
   * with its attendees (calcom/cal.com {@code packages/features/webhooks/lib/scheduleTrigger.ts},
   * {@code scheduleTrigger} and {@code addSubscription}), sent as is by {@code
   * handleWebhookScheduledTriggers.ts}: no {@code payload}, and {@code createdAt} is the booking's
   * creation, not the delivery's.
   */
  static final String FLAT_MEETING_ENDED =
      """
      {"triggerEvent":"MEETING_ENDED","id":77,"uid":"bk-1","idempotencyKey":null,"userId":12,
       "userPrimaryEmail":"ana@clinica.cl","eventTypeId":501,"title":"Consulta between Dra Ana and María Pérez",
       "description":null,"customInputs":{},"responses":{"name":"María Pérez","email":"maria@example.com"},
       "startTime":"2026-03-04T13:00:00.000Z","endTime":"2026-03-04T13:30:00.000Z",
       "location":"Providencia 123","createdAt":"2026-03-01T09:00:00.000Z","updatedAt":null,
       "status":"ACCEPTED","paid":false,"destinationCalendarId":null,"cancellationReason":null,
       "rejectionReason":null,"dynamicEventSlugRef":null,"dynamicGroupSlugRef":null,"rescheduled":null,
       "fromReschedule":null,"recurringEventId":null,"smsReminderNumber":null,"scheduledJobs":[],
       "metadata":{},"isRecorded":false,"iCalUID":"","iCalSequence":0,"rating":null,"ratingFeedback":null,
       "noShowHost":false,"eventType":{"bookingFields":[]},
       "attendees":[{"name":"María Pérez","email":"maria@example.com"}]}\
      """;

  /**
   * The wrapped shape of newer versions: {@code {triggerEvent, createdAt, payload: {...booking}}}
   * (calcom/cal.com {@code
   * packages/features/webhooks/lib/factory/versioned/v2021-10-20/MeetingPayloadBuilder.ts}; the raw
   * booking as in {@code __tests__/consumer/triggers/meeting-started.test.ts}).
   */
  static String wrappedMeetingEnded(boolean attendeeAbsent) {
    return """
    {"triggerEvent":"MEETING_ENDED","createdAt":"2026-03-04T13:30:05.000Z","payload":{
     "id":77,"uid":"bk-1","title":"Consulta","description":"","startTime":"2026-03-04T13:00:00.000Z",
     "endTime":"2026-03-04T13:30:00.000Z","status":"ACCEPTED","location":"integrations:daily",
     "customInputs":{},"responses":{"name":{"label":"name","value":"María Pérez"}},"userId":12,
     "userPrimaryEmail":"ana@clinica.cl","eventTypeId":501,"metadata":{},"paid":false,
     "createdAt":"2026-03-01T09:00:00.000Z","updatedAt":"2026-03-01T09:00:00.000Z",
     "user":{"email":"ana@clinica.cl","name":"Dra Ana","username":"ana","timeZone":"America/Santiago",
             "locale":"es","uuid":"u-1","isPlatformManaged":false},
     "eventType":{"bookingFields":null,"team":null},
     "attendees":[{"id":1,"name":"María Pérez","email":"maria@example.com","timeZone":"America/Santiago",
                   "locale":"es","phoneNumber":null,"bookingId":77,"noShow":%s}],
     "payment":[],"references":[],"userFieldsResponses":{},"userUuid":"u-1"}}\
    """
        .formatted(attendeeAbsent);
  }

  /**
   * The Cal Video no-show check (calcom/cal.com {@code
   * packages/features/tasker/tasks/triggerNoShow/common.ts}, {@code sendWebhookPayload} through
   * {@code sendGenericWebhookPayload}).
   */
  static String calVideoNoShow(String trigger) {
    return """
    {"triggerEvent":"%s","createdAt":"2026-03-04T13:15:00.000Z","payload":{
     "title":"Consulta","bookingId":77,"bookingUid":"bk-1","startTime":"2026-03-04T13:00:00.000Z",
     "attendees":[{"name":"María Pérez","email":"maria@example.com","timeZone":"America/Santiago"}],
     "endTime":"2026-03-04T13:30:00.000Z","participants":[],"hostEmail":"ana@clinica.cl",
     "eventType":{"id":501,"title":"Consulta"},"webhook":{"id":"wh-1","subscriberUrl":"%s",
     "time":15,"timeUnit":"MINUTE"},"message":"Guest didn't join the call or didn't join before 2026-03-04 13:15:00 Z"}}\
    """
        .formatted(trigger, URL);
  }

  private ParsedWebhook parse(String body) {
    return webhooks.parse(CalComWebhooksTest.signed(URL, body, WEBHOOK_SECRET));
  }

  private static ProviderBookingEvent only(ParsedWebhook parsed) {
    assertThat(parsed.events()).hasSize(1);
    return parsed.events().get(0);
  }

  @Test
  void theFlatStoredShapeOfMeetingEndedCompletesTheBookingDatedAtItsEnd() {
    ProviderBookingEvent e = only(parse(FLAT_MEETING_ENDED));

    assertThat(e.externalId()).isEqualTo("bk-1");
    assertThat(e.status()).isEqualTo(AppointmentStatus.COMPLETED);
    // The flat createdAt is the booking's (2026-03-01): the trigger fired at the meeting's end.
    assertThat(e.occurredAt()).isEqualTo(Instant.parse("2026-03-04T13:30:00Z"));
  }

  @Test
  void theWrappedShapeOfMeetingEndedCompletesTheBookingDatedAtDelivery() {
    ProviderBookingEvent e = only(parse(wrappedMeetingEnded(false)));

    assertThat(e.externalId()).isEqualTo("bk-1");
    assertThat(e.status()).isEqualTo(AppointmentStatus.COMPLETED);
    assertThat(e.occurredAt()).isEqualTo(Instant.parse("2026-03-04T13:30:05Z"));
  }

  @Test
  void aMeetingEndedWhoseEveryAttendeeIsAbsentIsANoShow() {
    assertThat(only(parse(wrappedMeetingEnded(true))).status())
        .isEqualTo(AppointmentStatus.NO_SHOW);
  }

  @Test
  void theGuestNoShowOfCalVideoIsANoShowOfTheBookingItNames() {
    ProviderBookingEvent e = only(parse(calVideoNoShow("AFTER_GUESTS_CAL_VIDEO_NO_SHOW")));

    assertThat(e.externalId()).isEqualTo("bk-1");
    assertThat(e.status()).isEqualTo(AppointmentStatus.NO_SHOW);
    assertThat(e.occurredAt()).isEqualTo(Instant.parse("2026-03-04T13:15:00Z"));
  }

  @Test
  void aGuestNoShowNamingOnlyTheNumericBookingIdIsAcknowledgedAndIgnored() {
    // MeetingPayloadBuilder (v2021-10-20) sends {bookingId, webhook} only for the no-show triggers.
    ParsedWebhook parsed =
        parse(
            """
            {"triggerEvent":"AFTER_GUESTS_CAL_VIDEO_NO_SHOW","createdAt":"2026-03-04T13:15:00.000Z",
             "payload":{"bookingId":77,"webhook":{"id":"wh-1","time":15,"timeUnit":"MINUTE"}}}\
            """);
    assertThat(parsed.events()).isEmpty();
  }

  @Test
  void theHostNoShowAndMeetingStartedChangeNoStatusInEitherShape() {
    assertThat(parse(calVideoNoShow("AFTER_HOSTS_CAL_VIDEO_NO_SHOW")).events()).isEmpty();
    assertThat(parse(FLAT_MEETING_ENDED.replace("MEETING_ENDED", "MEETING_STARTED")).events())
        .isEmpty();
    assertThat(
            parse(wrappedMeetingEnded(false).replace("MEETING_ENDED", "MEETING_STARTED")).events())
        .isEmpty();
  }

  @Test
  void aBookingMadeOnCalComEndsCompletedThroughTheFlatDelivery() {
    WebhookResult created =
        handler.handle(
            "calcom",
            CalComWebhooksTest.signed(
                URL, CalComWebhooksTest.created("bk-1", "2026-03-02T12:00:00Z"), WEBHOOK_SECRET));
    assertThat(created.outcome()).isEqualTo(WebhookResult.Outcome.HANDLED);

    WebhookResult ended =
        handler.handle(
            "calcom", CalComWebhooksTest.signed(URL, FLAT_MEETING_ENDED, WEBHOOK_SECRET));

    assertThat(ended.outcome()).isEqualTo(WebhookResult.Outcome.HANDLED);
    assertThat(store.findByExternalRef(BRANCH, "calcom", "bk-1").orElseThrow().status())
        .isEqualTo(AppointmentStatus.COMPLETED);
  }
}
