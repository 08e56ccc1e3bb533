package dev.cita.scheduling.calendly;

import static dev.cita.scheduling.calendly.Fixtures.ANA;
import static dev.cita.scheduling.calendly.Fixtures.CONSULTA;
import static dev.cita.scheduling.calendly.Fixtures.NOW;
import static dev.cita.scheduling.calendly.Fixtures.TENANT;
import static dev.cita.scheduling.calendly.Fixtures.inviteeUri;
import static dev.cita.scheduling.calendly.WebhookFixtures.KEY;
import static dev.cita.scheduling.calendly.WebhookFixtures.envelope;
import static dev.cita.scheduling.calendly.WebhookFixtures.payload;
import static dev.cita.scheduling.calendly.WebhookFixtures.signed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.memory.InMemoryWebhookInbox;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.spi.ConflictCheck;
import dev.cita.scheduling.testkit.TestClock;
import dev.cita.scheduling.webhook.AppointmentTagSigner;
import dev.cita.scheduling.webhook.ParsedWebhook;
import dev.cita.scheduling.webhook.WebhookHandler;
import dev.cita.scheduling.webhook.WebhookResult;
import dev.cita.scheduling.webhook.WebhookResult.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/**
 * Webhooks about bookings Cita made carry Cita's tag in the invitee's UTM tracking: they update
 * that appointment and never create a second one; Cita's own cancel of a moved booking is ignored.
 */
class CalendlyTaggedBookingTest {
  private static final long T = NOW.getEpochSecond();
  private static final AppointmentId OURS = AppointmentId.of("appt-ours-1");
  private static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  private static final Instant OLD = Instant.parse("2026-12-01T13:00:00Z");
  private static final Instant NEW = Instant.parse("2026-12-01T15:00:00Z");
  private static final String NOT_RESCHEDULED =
      ",\"rescheduled\":false,\"old_invitee\":null,\"new_invitee\":null";

  private final TestClock clock = new TestClock(NOW);
  private final InMemorySigningKeyStore keys = new InMemorySigningKeyStore();
  private final InMemoryAppointmentStore store = new InMemoryAppointmentStore();
  private final CalendlyWebhooks webhooks =
      CalendlyWebhooks.of(
          CalendlyWebhookVerifier.builder(keys).clock(clock).build(), Fixtures.mappings());
  private final WebhookHandler handler =
      WebhookHandler.builder()
          .clock(clock)
          .appointmentStore(store)
          .inbox(new InMemoryWebhookInbox())
          .provider(webhooks)
          .build();

  {
    keys.save(TENANT, "https://api.calendly.com/webhook_subscriptions/W1", KEY);
  }

  private Appointment ours(Instant start, AppointmentStatus status, String externalRef) {
    Appointment.Builder b =
        Appointment.builder()
            .id(OURS)
            .tenant(TENANT)
            .resource(ANA)
            .type(CONSULTA)
            .attendee(
                Attendee.builder("María Pérez").email("maria@example.com").zone(SANTIAGO).build())
            .start(start)
            .end(start.plus(Duration.ofMinutes(30)))
            .displayZone(SANTIAGO)
            .status(status)
            .createdAt(NOW.minusSeconds(600))
            .updatedAt(NOW.minusSeconds(600));
    if (externalRef != null) {
      b.externalRef("calendly", externalRef);
    }
    // A push of it to Calendly is still in the outbox, as right after Cita booked it.
    return store.insert(
        b.build(),
        ConflictCheck.none(),
        java.util.List.of(
            dev.cita.scheduling.sync.OutboxEntry.pending(
                TENANT,
                OURS,
                "calendly",
                dev.cita.scheduling.sync.SyncAction.CREATE,
                0,
                NOW.minusSeconds(600))));
  }

  private static String tag(String tenant, String appointment, String signature) {
    return "\"tracking\":{\"utm_campaign\":\""
        + tenant
        + "\",\"utm_source\":\"cita\",\"utm_medium\":null,"
        + "\"utm_content\":\"cita:"
        + appointment
        + "\",\"utm_term\":"
        + (signature == null ? "null" : "\"" + signature + "\"")
        + ",\"salesforce_uuid\":null}";
  }

  /**
   * Tagged as Cita tags its bookings, signed with the JVM's signer, which the adapter and handler
   * share.
   */
  private static String tagged(String payload, String tenant) {
    return tagged(
        payload,
        tenant,
        AppointmentTagSigner.ephemeral()
            .sign(dev.cita.scheduling.model.TenantId.of(tenant), "calendly", OURS));
  }

  private static String tagged(String payload, String tenant, String signature) {
    return payload.replace(
        "\"tracking\":{\"utm_source\":null}", tag(tenant, OURS.value(), signature));
  }

  // Issue 14, webhooks bullet 4: anyone can set UTM fields on a public Calendly link; a tag without
  // a
  // valid signature never reaches the appointment, with or without the outbox.
  @org.junit.jupiter.params.ParameterizedTest(name = "with outbox: {0}")
  @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
  void aForgedTagNeverCancelsOurAppointment(boolean withOutbox) {
    ours(OLD, AppointmentStatus.CONFIRMED, null);
    WebhookHandler.Builder b =
        WebhookHandler.builder()
            .appointmentStore(store)
            .inbox(new InMemoryWebhookInbox())
            .provider(webhooks);
    WebhookHandler forgedTo = (withOutbox ? b.outboxStore(store.outbox()) : b).build();
    String[] forged = {
      null,
      "AAAAAAAAAAAAAAAAAAAAAA",
      AppointmentTagSigner.fromMasterSecret(new byte[32]).sign(TENANT, "calendly", OURS)
    };

    for (int i = 0; i < forged.length; i++) {
      String at = "2026-11-20T11:59:3" + i + ".000000Z";
      String cancel =
          envelope(
              "invitee.canceled",
              at,
              tagged(
                  payload(
                      "EF" + i,
                      "IF" + i,
                      OLD.toString(),
                      OLD.plus(Duration.ofMinutes(30)).toString(),
                      "canceled",
                      "2026-11-20T11:00:00.000000Z",
                      NOT_RESCHEDULED
                          + ",\"cancellation\":{\"canceled_by\":\"x\",\"reason\":\"no\",\"canceler_type\":\"invitee\","
                          + "\"created_at\":\""
                          + at
                          + "\"}"),
                  TENANT.value(),
                  forged[i]));
      forgedTo.handle("calendly", signed(cancel, T));

      assertThat(current().status())
          .as(String.valueOf(forged[i]))
          .isEqualTo(AppointmentStatus.CONFIRMED);
      assertThat(current().externalRef("calendly")).as(String.valueOf(forged[i])).isEmpty();
    }
  }

  private static String created(String event, String invitee, Instant start, String tenant) {
    String at = "2026-11-20T11:59:00.000000Z";
    return envelope(
        "invitee.created",
        at,
        tagged(
            payload(
                event,
                invitee,
                start.toString(),
                start.plus(Duration.ofMinutes(30)).toString(),
                "active",
                at,
                NOT_RESCHEDULED),
            tenant));
  }

  private static String canceled(
      String event, String invitee, Instant start, String reason, String tenant) {
    String at = "2026-11-20T11:59:30.000000Z";
    return envelope(
        "invitee.canceled",
        at,
        tagged(
            payload(
                event,
                invitee,
                start.toString(),
                start.plus(Duration.ofMinutes(30)).toString(),
                "canceled",
                "2026-11-20T11:00:00.000000Z",
                NOT_RESCHEDULED
                    + ",\"cancellation\":{\"canceled_by\":\"Ana\",\"reason\":\""
                    + reason
                    + "\",\"canceler_type\":\"host\","
                    + "\"created_at\":\""
                    + at
                    + "\"}"),
            tenant));
  }

  private WebhookResult handle(String body) {
    return handler.handle("calendly", signed(body, T));
  }

  private Appointment current() {
    return store.find(TENANT, OURS).orElseThrow();
  }

  @Test
  void theEchoOfOurOwnCreateBeforeTheWorkerRecordedItsIdUpdatesTheAppointmentInsteadOfAddingOne() {
    ours(OLD, AppointmentStatus.CONFIRMED, null);

    assertThat(handle(created("E1", "I1", OLD, TENANT.value())).outcome())
        .isEqualTo(Outcome.HANDLED);

    assertThat(store.size()).isEqualTo(1);
    assertThat(current().externalRef("calendly")).contains(inviteeUri("E1", "I1"));
    assertThat(current().status()).isEqualTo(AppointmentStatus.CONFIRMED);
  }

  @Test
  void theParsedEventNamesTheAppointmentOnlyForTheTenantThatWroteTheTag() {
    ParsedWebhook mine = webhooks.parse(signed(created("E1", "I1", OLD, TENANT.value()), T));
    ParsedWebhook foreign = webhooks.parse(signed(created("E1", "I1", OLD, "other-tenant"), T));
    ParsedWebhook untagged =
        webhooks.parse(
            signed(
                envelope(
                    "invitee.created",
                    "2026-11-20T11:59:00.000000Z",
                    payload(
                        "E1",
                        "I1",
                        OLD.toString(),
                        OLD.plusSeconds(1800).toString(),
                        "active",
                        "2026-11-20T11:59:00.000000Z",
                        NOT_RESCHEDULED)),
                T));

    assertThat(mine.events().get(0).appointmentId()).contains(OURS);
    assertThat(foreign.events().get(0).appointmentId()).isEmpty();
    assertThat(untagged.events().get(0).appointmentId()).isEmpty();
  }

  @Test
  void theCancelOfTheOldBookingOfOurMoveIsIgnoredOnceTheNewIdIsRecorded() {
    ours(NEW, AppointmentStatus.RESCHEDULED, inviteeUri("E2", "I2"));

    WebhookResult result =
        handle(canceled("E1", "I1", OLD, CalendlyCalendarProvider.MOVE_REASON, TENANT.value()));

    assertThat(result.isSuccess()).isTrue();
    assertThat(store.size()).isEqualTo(1);
    assertThat(current().status()).isEqualTo(AppointmentStatus.RESCHEDULED);
    assertThat(current().externalRef("calendly")).contains(inviteeUri("E2", "I2"));
  }

  @Test
  void theCancelOfTheOldBookingOfOurMoveIsIgnoredEvenBeforeTheNewIdIsRecorded() {
    // The worker booked the new time and cancelled the old one, but has not stored the new id yet.
    ours(NEW, AppointmentStatus.RESCHEDULED, inviteeUri("E1", "I1"));

    assertThat(
            handle(canceled("E1", "I1", OLD, CalendlyCalendarProvider.MOVE_REASON, TENANT.value()))
                .isSuccess())
        .isTrue();
    assertThat(current().status()).isEqualTo(AppointmentStatus.RESCHEDULED);

    // The echo of the new booking then re-keys the appointment, still one appointment at the new
    // time.
    assertThat(handle(created("E2", "I2", NEW, TENANT.value())).outcome())
        .isEqualTo(Outcome.HANDLED);
    assertThat(store.size()).isEqualTo(1);
    assertThat(current().externalRef("calendly")).contains(inviteeUri("E2", "I2"));
    assertThat(current().start()).isEqualTo(NEW);
    assertThat(current().status()).isEqualTo(AppointmentStatus.RESCHEDULED);
  }

  @Test
  void aHostCancellingOurBookingInCalendlyStillCancelsTheAppointment() {
    ours(OLD, AppointmentStatus.SCHEDULED, inviteeUri("E1", "I1"));

    assertThat(handle(canceled("E1", "I1", OLD, "Ana is sick", TENANT.value())).outcome())
        .isEqualTo(Outcome.HANDLED);

    assertThat(current().status()).isEqualTo(AppointmentStatus.CANCELLED);
  }

  @Test
  void theMoveReasonOnABookingCitaDidNotTagIsAnOrdinaryCancel() {
    ours(OLD, AppointmentStatus.SCHEDULED, inviteeUri("E1", "I1"));

    String body = canceled("E1", "I1", OLD, CalendlyCalendarProvider.MOVE_REASON, "other-tenant");
    assertThat(handle(body).outcome()).isEqualTo(Outcome.HANDLED);

    assertThat(current().status()).isEqualTo(AppointmentStatus.CANCELLED);
  }
}
