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
import dev.cita.scheduling.memory.InMemoryStaffStore;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** BookingNotifier with a staff store: the tenant's staff members hear about changes too. */
class BookingNotifierStaffTest {
  static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  static final TenantId TENANT = TenantId.of("clinica-norte");
  static final ResourceId ANA = ResourceId.of("dra-ana");
  static final ResourceId LUIS = ResourceId.of("dr-luis");

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
  final InMemoryStaffStore staff = new InMemoryStaffStore();
  final RecordingChannel whatsapp = RecordingChannel.whatsapp(clock);
  final RecordingChannel email = RecordingChannel.email(clock);
  final RecordingChannel push = new RecordingChannel("push", AddressKind.PUSH, clock);

  BookingNotifierStaffTest() {
    for (ResourceId r : List.of(ANA, LUIS)) {
      schedules.saveSchedule(
          TENANT,
          r,
          Schedule.builder(SANTIAGO)
              .weeklyHours(
                  WeeklyHours.builder()
                      .add(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), "09:00", "18:00")
                      .build())
              .build());
    }
    schedules.saveAppointmentType(
        TENANT,
        AppointmentType.builder("consulta", "Consulta general", Duration.ofMinutes(30)).build());
  }

  BookingNotifier notifier(RecordingChannel... channels) {
    BookingNotifier.Builder notifier =
        BookingNotifier.builder().preferences(preferences).scheduleStore(schedules).staff(staff);
    for (RecordingChannel c : channels) {
      notifier.channel(c);
    }
    return notifier.build();
  }

  BookingService service(RecordingChannel... channels) {
    return service(notifier(channels));
  }

  BookingService service(BookingNotifier notifier) {
    return BookingService.builder()
        .inMemoryDefaults()
        .clock(clock)
        .appointmentStore(appointments)
        .scheduleStore(schedules)
        .listener(notifier)
        .build();
  }

  static BookingRequest request(ResourceId resource, Instant start) {
    return BookingRequest.builder(
            TENANT,
            resource,
            AppointmentTypeId.of("consulta"),
            start,
            Attendee.builder("María").phone("+56912345678").email("maria@example.cl").build())
        .build();
  }

  static StaffMember.Builder owner() {
    return StaffMember.builder(TENANT, "owner", StaffRole.OWNER)
        .address("email", "dueno@norte.cl")
        .address("push", "ext-owner-1")
        .locale(Locale.forLanguageTag("es-CL"));
  }

  static List<OutgoingMessage> staffMessages(RecordingChannel channel) {
    return channel.messages().stream()
        .filter(m -> m.idempotencyKey().startsWith("staff:"))
        .toList();
  }

  @Test
  void theOwnerGetsEmailAndPushForABooking() {
    staff.save(owner().build());

    Appointment a = service(whatsapp, email, push).book(request(ANA, TUE_14H));

    String text = "Nueva cita: María, Consulta general, el martes 15 de septiembre a las 14:00.";
    assertThat(staffMessages(email))
        .extracting(
            OutgoingMessage::recipientKind,
            OutgoingMessage::address,
            OutgoingMessage::kind,
            OutgoingMessage::text,
            OutgoingMessage::idempotencyKey)
        .containsExactly(
            tuple(
                RecipientKind.OWNER,
                "dueno@norte.cl",
                MessageKind.CONFIRMATION,
                text,
                "staff:" + a.id().value() + ":" + a.version() + ":CONFIRMATION:email:owner"));
    assertThat(staffMessages(push))
        .extracting(
            OutgoingMessage::addressKind, OutgoingMessage::address, OutgoingMessage::idempotencyKey)
        .containsExactly(
            tuple(
                AddressKind.PUSH,
                "ext-owner-1",
                "staff:" + a.id().value() + ":" + a.version() + ":CONFIRMATION:push:owner"));
    assertThat(staffMessages(email).get(0).event())
        .hasValueSatisfying(
            e -> {
              assertThat(e.appointmentId()).isEqualTo(a.id());
              assertThat(e.start()).isEqualTo(TUE_14H);
              assertThat(e.title()).isEqualTo("Consulta general");
              assertThat(e.cancelled()).isFalse();
            });
    assertThat(staffMessages(whatsapp)).as("the owner has no phone").isEmpty();
  }

  @Test
  void anAgentHearsOnlyAboutTheirOwnResource() {
    staff.save(
        StaffMember.builder(TENANT, "ana", StaffRole.AGENT)
            .resource(ANA)
            .address("email", "ana@norte.cl")
            .locale(Locale.forLanguageTag("es"))
            .build());
    staff.save(
        StaffMember.builder(TENANT, "luis", StaffRole.AGENT)
            .resource(LUIS)
            .address("email", "luis@norte.cl")
            .locale(Locale.ENGLISH)
            .build());
    BookingService service = service(email);

    service.book(request(ANA, TUE_14H));
    service.book(request(LUIS, WED_10_30));

    assertThat(staffMessages(email))
        .extracting(OutgoingMessage::recipientKind, OutgoingMessage::address, OutgoingMessage::text)
        .containsExactly(
            tuple(
                RecipientKind.AGENT,
                "ana@norte.cl",
                "Nueva cita: María, Consulta general, el martes 15 de septiembre a las 14:00."),
            tuple(
                RecipientKind.AGENT,
                "luis@norte.cl",
                "New appointment: María, Consulta general, on Wednesday, September 16 at"
                    + " 10:30 AM."));
  }

  @Test
  void aMemberHearsOnlyTheKindsTheyOptedInto() {
    staff.save(owner().kinds(MessageKind.CONFIRMATION).build());
    staff.save(
        StaffMember.builder(TENANT, "admin", StaffRole.ADMIN)
            .address("email", "admin@norte.cl")
            .kinds(MessageKind.CANCELLATION, MessageKind.RESCHEDULE)
            .build());
    BookingService service = service(email);
    Appointment a = service.book(request(ANA, TUE_14H));

    service.reschedule(TENANT, a.id(), WED_10_30);
    service.cancel(TENANT, a.id());

    assertThat(staffMessages(email))
        .extracting(OutgoingMessage::address, OutgoingMessage::kind)
        .containsExactly(
            tuple("dueno@norte.cl", MessageKind.CONFIRMATION),
            tuple("admin@norte.cl", MessageKind.RESCHEDULE),
            tuple("admin@norte.cl", MessageKind.CANCELLATION));
  }

  @Test
  void aNoShowIsToldToTheStaffWhoOptedInButNotToTheCustomerByDefault() {
    staff.save(owner().build());
    staff.save(
        StaffMember.builder(TENANT, "admin", StaffRole.ADMIN)
            .address("email", "admin@norte.cl")
            .kinds(MessageKind.NO_SHOW)
            .build());
    BookingService service = service(whatsapp, email);
    Appointment a = service.book(request(ANA, TUE_14H));
    clock.set(TUE_14H.plus(Duration.ofMinutes(40)));

    Appointment noShow = service.markNoShow(TENANT, a.id());

    assertThat(email.messages())
        .filteredOn(m -> m.kind() == MessageKind.NO_SHOW)
        .extracting(
            OutgoingMessage::address, OutgoingMessage::text, OutgoingMessage::idempotencyKey)
        .containsExactly(
            tuple(
                "admin@norte.cl",
                "No-show: María, Consulta general, on Tuesday, September 15 at 2:00 PM.",
                "staff:" + a.id().value() + ":" + noShow.version() + ":NO_SHOW:email:admin"));
    assertThat(whatsapp.messages())
        .extracting(OutgoingMessage::kind)
        .doesNotContain(MessageKind.NO_SHOW);
  }

  @Test
  void preferencesMayTurnTheCustomersNoShowNoticeOn() {
    preferences.save(
        TENANT,
        NotificationPreferences.builder()
            .recipients(MessageKind.NO_SHOW, RecipientKind.CUSTOMER)
            .build());
    BookingService service = service(whatsapp);
    Appointment a = service.book(request(ANA, TUE_14H));
    clock.set(TUE_14H.plus(Duration.ofMinutes(40)));

    service.markNoShow(TENANT, a.id());

    assertThat(whatsapp.messages())
        .filteredOn(m -> m.kind() == MessageKind.NO_SHOW)
        .extracting(OutgoingMessage::recipientKind, OutgoingMessage::text)
        .containsExactly(
            tuple(
                RecipientKind.CUSTOMER,
                "Hola María, no te vimos en tu cita de Consulta general del martes 15 de"
                    + " septiembre a las 14:00."));
  }

  @Test
  void aLocalBookingCountsAsMadeInCitaSoAProvidersStaffNoticesDoNotSuppressOurs() {
    preferences.save(
        TENANT, NotificationPreferences.builder().providerNotifiesStaff("calcom", "email").build());
    staff.save(owner().build());

    Appointment a = service(email, push).book(request(ANA, TUE_14H));

    assertThat(staffMessages(email))
        .extracting(OutgoingMessage::address)
        .containsExactly("dueno@norte.cl");
    assertThat(staffMessages(push)).hasSize(1);
    StaffRecipients.Event fromCalcom =
        StaffRecipients.Event.of(a, MessageKind.CONFIRMATION).fromProvider("calcom");
    assertThat(
            StaffRecipients.resolve(
                fromCalcom, staff.list(TENANT), preferences.preferences(TENANT)))
        .as("an event that carries the Cal.com origin leaves e-mail to Cal.com")
        .extracting(StaffRecipients.Delivery::channel)
        .containsExactly("push");
  }

  @Test
  void keysAreStablePerVersionAndDifferBetweenVersions() {
    staff.save(owner().build());
    BookingNotifier notifier = notifier(email);
    BookingService service = service(notifier);
    Appointment a = service.book(request(ANA, TUE_14H));

    notifier.booked(a);
    Appointment moved = service.reschedule(TENANT, a.id(), WED_10_30);

    List<String> keys = staffMessages(email).stream().map(OutgoingMessage::idempotencyKey).toList();
    assertThat(keys).hasSize(3);
    assertThat(keys.get(0)).as("the same version, sent again").isEqualTo(keys.get(1));
    assertThat(keys.get(2))
        .isNotEqualTo(keys.get(0))
        .isEqualTo("staff:" + a.id().value() + ":" + moved.version() + ":RESCHEDULE:email:owner");
    assertThat(moved.version()).isNotEqualTo(a.version());
  }

  @Test
  void aChannelThatIsNotRegisteredIsSkipped() {
    staff.save(owner().address("whatsapp", "+56933334444").build());

    service(email).book(request(ANA, TUE_14H));

    assertThat(staffMessages(email))
        .extracting(OutgoingMessage::address)
        .containsExactly("dueno@norte.cl");
  }

  @Test
  void aFailingChannelForOneMemberDoesNotStopTheOthersAndLogsNoAddress() {
    staff.save(
        StaffMember.builder(TENANT, "a-admin", StaffRole.ADMIN)
            .address("whatsapp", "+56944445555")
            .build());
    staff.save(
        StaffMember.builder(TENANT, "b-admin", StaffRole.ADMIN)
            .address("whatsapp", "+56966667777")
            .build());
    preferences.save(
        TENANT, NotificationPreferences.builder().recipients(MessageKind.CONFIRMATION).build());
    whatsapp.thenFail(
        () -> {
          throw new SchedulingException("test: Twilio rejected +56944445555");
        });
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    Appointment a;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      a = service(whatsapp).book(request(ANA, TUE_14H));
    } finally {
      System.setErr(original);
    }
    String logs = captured.toString(StandardCharsets.UTF_8);

    assertThat(appointments.find(TENANT, a.id())).as("the booking stands").isPresent();
    assertThat(whatsapp.messages())
        .extracting(OutgoingMessage::address)
        .containsExactly("+56966667777");
    assertThat(logs)
        .contains("channel whatsapp failed")
        .doesNotContain("+56944445555")
        .doesNotContain("+56966667777");
  }

  @Test
  void withoutAStaffStoreNoStaffMemberIsTold() {
    staff.save(owner().build());
    BookingService service =
        service(BookingNotifier.builder().preferences(preferences).channel(email).build());

    service.book(request(ANA, TUE_14H));

    assertThat(email.messages())
        .extracting(OutgoingMessage::recipientKind, OutgoingMessage::address)
        .containsExactly(tuple(RecipientKind.CUSTOMER, "maria@example.cl"));
  }
}
