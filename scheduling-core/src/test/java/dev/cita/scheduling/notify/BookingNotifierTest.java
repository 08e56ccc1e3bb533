package dev.cita.scheduling.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.cita.scheduling.BookingRequest;
import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.SchedulingException;
import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.availability.WeeklyHours;
import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.memory.InMemoryNotificationPreferencesStore;
import dev.cita.scheduling.memory.InMemoryScheduleStore;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** BookingNotifier wired into a real BookingService, with recording fake channels. */
class BookingNotifierTest {
  static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  static final TenantId TENANT = TenantId.of("clinica-norte");
  static final ResourceId ANA = ResourceId.of("dra-ana");

  /** Thursday 10 September 2026, 09:00 in Santiago. */
  static final Instant NOW = Instant.parse("2026-09-10T12:00:00Z");

  /** Tuesday 15 September 2026, 14:00 in Santiago. */
  static final Instant TUE_14H = Instant.parse("2026-09-15T17:00:00Z");

  /** Wednesday 16 September 2026, 10:30 in Santiago. */
  static final Instant WED_10_30 = Instant.parse("2026-09-16T13:30:00Z");

  final ManualClock clock = new ManualClock(NOW);
  final InMemoryAppointmentStore appointments = new InMemoryAppointmentStore();
  final InMemoryScheduleStore schedules = new InMemoryScheduleStore();
  final InMemoryNotificationPreferencesStore preferences =
      new InMemoryNotificationPreferencesStore();
  final RecordingChannel whatsapp = RecordingChannel.whatsapp(clock);
  final RecordingChannel email = RecordingChannel.email(clock);

  BookingNotifierTest() {
    schedules.saveSchedule(
        TENANT,
        ANA,
        Schedule.builder(SANTIAGO)
            .weeklyHours(
                WeeklyHours.builder()
                    .add(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), "09:00", "18:00")
                    .build())
            .build());
    schedules.saveAppointmentType(
        TENANT,
        AppointmentType.builder("consulta", "Consulta general", Duration.ofMinutes(30)).build());
    preferences.save(
        TENANT,
        NotificationPreferences.builder()
            .agent(ANA, Attendee.builder("Ana Soto").phone("+56922223333").build())
            .build());
  }

  BookingService service(RecordingChannel... channels) {
    BookingNotifier.Builder notifier =
        BookingNotifier.builder().preferences(preferences).scheduleStore(schedules);
    for (RecordingChannel c : channels) {
      notifier.channel(c);
    }
    return BookingService.builder()
        .inMemoryDefaults()
        .clock(clock)
        .appointmentStore(appointments)
        .scheduleStore(schedules)
        .listener(notifier.build())
        .build();
  }

  static BookingRequest.Builder request(Instant start) {
    return BookingRequest.builder(
        TENANT,
        ANA,
        AppointmentTypeId.of("consulta"),
        start,
        Attendee.builder("María").phone("+56912345678").email("maria@example.cl").build());
  }

  @Test
  void bookingSendsAConfirmationToTheCustomerAndTheAgent() {
    Appointment a = service(whatsapp).book(request(TUE_14H).build());

    assertThat(whatsapp.messages())
        .extracting(
            OutgoingMessage::kind,
            OutgoingMessage::recipientKind,
            OutgoingMessage::address,
            OutgoingMessage::text)
        .containsExactly(
            tuple(
                MessageKind.CONFIRMATION,
                RecipientKind.CUSTOMER,
                "+56912345678",
                "Hola María, tu cita de Consulta general quedó agendada para el martes 15 de"
                    + " septiembre a las 14:00."),
            tuple(
                MessageKind.CONFIRMATION,
                RecipientKind.AGENT,
                "+56922223333",
                "Nueva cita: María, Consulta general, el martes 15 de septiembre a las 14:00."));
    assertThat(whatsapp.messages())
        .allSatisfy(
            m -> {
              assertThat(m.appointmentId()).isEqualTo(a.id());
              assertThat(m.tenant()).isEqualTo(TENANT);
            });
  }

  @Test
  void theApplicationsDetailsReachTheTextsAndAFailingSourceDoesNotStopTheMessage() {
    BookingService withDetails =
        BookingService.builder()
            .inMemoryDefaults()
            .clock(clock)
            .appointmentStore(appointments)
            .scheduleStore(schedules)
            .listener(
                BookingNotifier.builder()
                    .preferences(preferences)
                    .scheduleStore(schedules)
                    .channel(whatsapp)
                    .details(
                        a ->
                            AppointmentDetails.builder()
                                .branchName("Sucursal " + a.resource().value())
                                .manageLink(URI.create("https://citas.example/a/" + a.id().value()))
                                .build())
                    .build())
            .build();
    Appointment a = withDetails.book(request(TUE_14H).build());
    assertThat(whatsapp.messages().get(0).text())
        .endsWith(
            "a las 14:00. Lugar: Sucursal "
                + ANA.value()
                + ". Para cambiar o cancelar: https://citas.example/a/"
                + a.id().value());

    RecordingChannel other = RecordingChannel.email(clock);
    BookingService failing =
        BookingService.builder()
            .inMemoryDefaults()
            .clock(clock)
            .appointmentStore(appointments)
            .scheduleStore(schedules)
            .listener(
                BookingNotifier.builder()
                    .preferences(preferences)
                    .scheduleStore(schedules)
                    .channel(other)
                    .details(
                        x -> {
                          throw new IllegalStateException("branch directory down");
                        })
                    .build())
            .build();
    failing.book(request(TUE_14H.plusSeconds(3600)).build());
    assertThat(other.messages()).isNotEmpty();
    assertThat(other.messages().get(0).text()).endsWith("a las 15:00.");
  }

  @Test
  void rescheduleSendsTheOldAndNewTime() {
    BookingService service = service(whatsapp);
    Appointment a = service.book(request(TUE_14H).build());

    service.reschedule(TENANT, a.id(), WED_10_30);

    assertThat(whatsapp.messages())
        .filteredOn(m -> m.kind() == MessageKind.RESCHEDULE)
        .extracting(OutgoingMessage::recipientKind, OutgoingMessage::text)
        .containsExactly(
            tuple(
                RecipientKind.CUSTOMER,
                "Hola María, tu cita de Consulta general se cambió al miércoles 16 de "
                    + "septiembre a las 10:30 (antes: martes 15 de septiembre a las 14:00)."),
            tuple(
                RecipientKind.AGENT,
                "Cita movida: María, Consulta general, al miércoles 16 de septiembre "
                    + "a las 10:30 (antes: martes 15 de septiembre a las 14:00)."));
  }

  @Test
  void cancelSendsACancellationAndConfirmSendsNothing() {
    BookingService service = service(whatsapp);
    Appointment a = service.book(request(TUE_14H).build());
    service.confirm(TENANT, a.id());
    assertThat(whatsapp.sent).as("confirm adds nothing to the booking confirmation").hasSize(2);

    service.cancel(TENANT, a.id());

    assertThat(whatsapp.messages())
        .filteredOn(m -> m.kind() == MessageKind.CANCELLATION)
        .extracting(OutgoingMessage::text)
        .containsExactly(
            "Hola María, tu cita de Consulta general del martes 15 de septiembre a las 14:00 fue"
                + " cancelada.",
            "Cita cancelada: María, Consulta general, el martes 15 de septiembre a las 14:00.");
  }

  @Test
  void changeNoticesCarryTheAppointmentAsACalendarEvent() {
    BookingService service = service(whatsapp);
    Appointment a = service.book(request(TUE_14H).build());
    Appointment moved = service.reschedule(TENANT, a.id(), WED_10_30);
    service.cancel(TENANT, a.id());

    List<CalendarEvent> events =
        whatsapp.messages().stream()
            .filter(m -> m.recipientKind() == RecipientKind.CUSTOMER)
            .map(m -> m.event().orElseThrow())
            .toList();
    assertThat(events)
        .extracting(
            CalendarEvent::appointmentId,
            CalendarEvent::start,
            CalendarEvent::zone,
            CalendarEvent::title,
            CalendarEvent::cancelled)
        .containsExactly(
            tuple(a.id(), TUE_14H, SANTIAGO, "Consulta general", false),
            tuple(a.id(), WED_10_30, SANTIAGO, "Consulta general", false),
            tuple(a.id(), WED_10_30, SANTIAGO, "Consulta general", true));
    assertThat(events.get(1).version()).isEqualTo(moved.version()).isGreaterThan(a.version());
    assertThat(events.get(2).version()).isGreaterThan(moved.version());
    assertThat(events.get(0).end()).isEqualTo(a.end());
    assertThat(events.get(0).tenant()).isEqualTo(TENANT);
  }

  @Test
  void aRequestedBookingIsConfirmedWhenApprovedNotBefore() {
    BookingService service = service(whatsapp);
    Appointment a = service.book(request(TUE_14H).needsApproval(true).build());
    assertThat(a.status()).isEqualTo(AppointmentStatus.REQUESTED);
    assertThat(whatsapp.sent).isEmpty();

    service.approve(TENANT, a.id());

    assertThat(whatsapp.messages())
        .extracting(OutgoingMessage::kind)
        .containsOnly(MessageKind.CONFIRMATION)
        .hasSize(2);
  }

  @Test
  void theCustomersLocaleChoosesTheLanguage() {
    service(whatsapp)
        .book(
            BookingRequest.builder(
                    TENANT,
                    ANA,
                    AppointmentTypeId.of("consulta"),
                    TUE_14H,
                    Attendee.builder("Mary")
                        .phone("+14155550100")
                        .locale(Locale.forLanguageTag("en-US"))
                        .build())
                .build());

    assertThat(whatsapp.messages())
        .filteredOn(m -> m.recipientKind() == RecipientKind.CUSTOMER)
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.text())
                  .isEqualTo(
                      "Hi Mary, your Consulta general appointment is booked for Tuesday, "
                          + "September 15 at 2:00 PM.");
              assertThat(m.locale()).isEqualTo(Locale.forLanguageTag("en"));
            });
  }

  @Test
  void preferencesRouteToOwnerAndSkipEmailWhenTheProviderEmailsTheCustomer() {
    preferences.save(
        TENANT,
        NotificationPreferences.builder()
            .recipients(MessageKind.CONFIRMATION, RecipientKind.CUSTOMER, RecipientKind.OWNER)
            .owner(Attendee.builder("Admin").email("admin@norte.cl").phone("+56933334444").build())
            .channels("email", "whatsapp")
            .providerNotifiesAttendee(true)
            .skipChannelsWhenProviderNotifies("email")
            .build());

    service(whatsapp, email).book(request(TUE_14H).build());

    assertThat(email.messages())
        .extracting(OutgoingMessage::recipientKind, OutgoingMessage::address)
        .containsExactly(tuple(RecipientKind.OWNER, "admin@norte.cl"));
    assertThat(whatsapp.messages())
        .extracting(OutgoingMessage::recipientKind, OutgoingMessage::address)
        .containsExactlyInAnyOrder(
            tuple(RecipientKind.CUSTOMER, "+56912345678"),
            tuple(RecipientKind.OWNER, "+56933334444"));
  }

  @Test
  void aNoticeTurnedOffInPreferencesIsNotSent() {
    preferences.save(
        TENANT, NotificationPreferences.builder().recipients(MessageKind.CANCELLATION).build());
    BookingService service = service(whatsapp);
    Appointment a = service.book(request(TUE_14H).build());

    service.cancel(TENANT, a.id());

    assertThat(whatsapp.messages())
        .extracting(OutgoingMessage::kind)
        .doesNotContain(MessageKind.CANCELLATION);
  }

  @Test
  void aFailingChannelIsLoggedWithTheNumberMaskedAndDoesNotUndoTheBooking() {
    whatsapp.thenFail(
        () -> {
          throw new SchedulingException("test: Twilio rejected +56912345678");
        });
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    Appointment a;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      a = service(whatsapp, email).book(request(TUE_14H).build());
    } finally {
      System.setErr(original);
    }
    String logs = captured.toString(StandardCharsets.UTF_8);

    assertThat(appointments.find(TENANT, a.id())).as("the booking stands").isPresent();
    assertThat(whatsapp.messages())
        .as("the agent still hears about it")
        .extracting(OutgoingMessage::recipientKind)
        .containsExactly(RecipientKind.AGENT);
    assertThat(email.messages())
        .extracting(OutgoingMessage::address)
        .containsExactly("maria@example.cl");
    assertThat(logs)
        .contains("channel whatsapp failed")
        .contains("+********678")
        .doesNotContain("+56912345678")
        .doesNotContain("+56922223333")
        .doesNotContain("maria@example.cl");
  }

  @Test
  void outgoingMessagesMaskTheAddressInToString() {
    service(whatsapp, email).book(request(TUE_14H).build());

    assertThat(whatsapp.messages())
        .allSatisfy(
            m ->
                assertThat(m.toString())
                    .doesNotContain(m.address())
                    .contains("+********" + m.address().substring(9), "CONFIRMATION"));
    assertThat(email.messages())
        .allSatisfy(
            m ->
                assertThat(m.toString())
                    .doesNotContain("maria@example.cl")
                    .contains("m***@example.cl"));
  }
}
