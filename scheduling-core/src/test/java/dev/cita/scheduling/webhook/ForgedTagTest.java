package dev.cita.scheduling.webhook;

import static dev.cita.scheduling.webhook.Deliveries.T0;
import static dev.cita.scheduling.webhook.Deliveries.body;
import static dev.cita.scheduling.webhook.Deliveries.signed;
import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cita.scheduling.BookingRequest;
import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.TestClock;
import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.availability.WeeklyHours;
import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.memory.InMemoryCalendarProvider;
import dev.cita.scheduling.memory.InMemoryScheduleStore;
import dev.cita.scheduling.memory.InMemoryWebhookInbox;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 14, webhooks bullet 4: the Cita tag on a provider booking (its appointment id) links the
 * booking to the appointment only when its signature verifies, with or without the outbox; before,
 * a tag without signature was trusted with no outbox, and with one while a push was unfinished.
 */
class ForgedTagTest {
  private static final TenantId NORTE = TenantId.of("norte");
  private static final ResourceId ANA = ResourceId.of("dra-ana");
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  private final TestClock clock = new TestClock(NOW);
  private final InMemoryAppointmentStore appointments = new InMemoryAppointmentStore();
  private final BookingService service;

  ForgedTagTest() {
    InMemoryScheduleStore schedules = new InMemoryScheduleStore();
    schedules.saveSchedule(
        NORTE,
        ANA,
        Schedule.builder(ZoneId.of("America/Santiago"))
            .weeklyHours(
                WeeklyHours.builder().add(EnumSet.range(MONDAY, FRIDAY), "09:00", "18:00").build())
            .build());
    schedules.saveAppointmentType(
        NORTE, AppointmentType.builder("consulta", "Consulta", Duration.ofMinutes(30)).build());
    service =
        BookingService.builder()
            .inMemoryDefaults()
            .clock(clock)
            .appointmentStore(appointments)
            .scheduleStore(schedules)
            .calendarProvider(new InMemoryCalendarProvider(HmacJsonWebhooks.PROVIDER))
            .build();
  }

  private WebhookHandler handler(boolean withOutbox) {
    WebhookHandler.Builder b =
        WebhookHandler.builder()
            .clock(clock)
            .appointmentStore(appointments)
            .inbox(new InMemoryWebhookInbox())
            .provider(new HmacJsonWebhooks(Deliveries.SECRET));
    return (withOutbox ? b.outboxStore(appointments.outbox()) : b).build();
  }

  /** Booked locally; its push to the provider is still in the outbox (unfinished). */
  private Appointment booked() {
    return service.book(
        BookingRequest.builder(
                NORTE,
                ANA,
                AppointmentTypeId.of("consulta"),
                T0,
                Attendee.builder("Camila Rojas").build())
            .build());
  }

  /**
   * A booking someone made on the provider's public page, 2 hours later, tagged with our
   * appointment's id.
   */
  private static ObjectNode taggedBooking(Appointment a, String signature) {
    ObjectNode body = body("booking.cancelled", "d-forged", "bk-forged", 120, NOW.plusSeconds(10));
    ObjectNode booking = (ObjectNode) body.get("booking");
    booking.put("appointmentId", a.id().value());
    if (signature != null) {
      booking.put("tagSignature", signature);
    }
    return body;
  }

  @ParameterizedTest(name = "with outbox: {0}")
  @ValueSource(booleans = {false, true})
  void aTagWithoutSignatureDoesNotReachTheAppointment(boolean withOutbox) {
    Appointment ours = booked();

    handler(withOutbox).handle(HmacJsonWebhooks.PROVIDER, signed(taggedBooking(ours, null)));

    Appointment after = appointments.find(NORTE, ours.id()).orElseThrow();
    assertThat(after.status()).as("the forged cancel did not cancel it").isEqualTo(ours.status());
    assertThat(after.externalRef(HmacJsonWebhooks.PROVIDER)).isEmpty();
  }

  @ParameterizedTest(name = "with outbox: {0}")
  @ValueSource(booleans = {false, true})
  void aTagWithAWrongSignatureDoesNotReachTheAppointment(boolean withOutbox) {
    Appointment ours = booked();
    AppointmentTagSigner other = AppointmentTagSigner.fromMasterSecret(new byte[32]);
    String[] wrong = {
      other.sign(NORTE, HmacJsonWebhooks.PROVIDER, ours.id()), // another key
      AppointmentTagSigner.ephemeral()
          .sign(TenantId.of("sur"), HmacJsonWebhooks.PROVIDER, ours.id()), // another tenant
      AppointmentTagSigner.ephemeral().sign(NORTE, "calendly", ours.id()), // another provider
      "AAAAAAAAAAAAAAAAAAAAAA",
      "not base64!",
      ""
    };
    WebhookHandler handler = handler(withOutbox);

    for (int i = 0; i < wrong.length; i++) {
      ObjectNode body = taggedBooking(ours, wrong[i]);
      body.put("deliveryId", "d-forged-" + i);
      handler.handle(HmacJsonWebhooks.PROVIDER, signed(body));

      Appointment after = appointments.find(NORTE, ours.id()).orElseThrow();
      assertThat(after.status()).as(wrong[i]).isEqualTo(ours.status());
      assertThat(after.externalRef(HmacJsonWebhooks.PROVIDER)).as(wrong[i]).isEmpty();
    }
  }

  @ParameterizedTest(name = "with outbox: {0}")
  @ValueSource(booleans = {false, true})
  void aGenuineTagStillLinksTheEchoOfOurOwnWrite(boolean withOutbox) {
    Appointment ours = booked();
    ObjectNode echo =
        taggedBooking(
            ours,
            AppointmentTagSigner.ephemeral().sign(NORTE, HmacJsonWebhooks.PROVIDER, ours.id()));
    echo.put("trigger", "booking.created");
    ((ObjectNode) echo.get("booking"))
        .put("start", T0.toString())
        .put("end", T0.plus(Duration.ofMinutes(30)).toString());

    WebhookResult result = handler(withOutbox).handle(HmacJsonWebhooks.PROVIDER, signed(echo));

    assertThat(result.outcome()).isEqualTo(WebhookResult.Outcome.HANDLED);
    assertThat(
            appointments
                .find(NORTE, ours.id())
                .orElseThrow()
                .externalRef(HmacJsonWebhooks.PROVIDER))
        .contains("bk-forged");
    assertThat(appointments.findTimeHolding(NORTE, ANA, T0, T0.plus(Duration.ofHours(4))))
        .hasSize(1);
  }
}
