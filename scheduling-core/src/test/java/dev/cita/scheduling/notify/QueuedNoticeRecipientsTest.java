package dev.cita.scheduling.notify;

import static dev.cita.scheduling.notify.BookingNotifierStaffTest.ANA;
import static dev.cita.scheduling.notify.BookingNotifierStaffTest.LUIS;
import static dev.cita.scheduling.notify.BookingNotifierStaffTest.NOW;
import static dev.cita.scheduling.notify.BookingNotifierStaffTest.TENANT;
import static dev.cita.scheduling.notify.BookingNotifierStaffTest.TUE_14H;
import static dev.cita.scheduling.notify.BookingNotifierStaffTest.owner;
import static dev.cita.scheduling.notify.BookingNotifierStaffTest.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.memory.InMemorySendAttemptStore;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.spi.ConflictCheck;
import dev.cita.scheduling.sync.OutboxEntry;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who hears about a queued notice, as a table: the staff roles, the "Cal.com already e-mails the
 * staff" rule by the change's origin, and per-kind opt-outs of members and of the tenant.
 */
class QueuedNoticeRecipientsTest {
  /** The owner (e-mail, push), an agent of Ana (e-mail) and an agent of Luis (e-mail). */
  static void chain(BookingNotifierStaffTest f, UnaryOperator<StaffMember.Builder> ownerChoice) {
    f.staff.save(ownerChoice.apply(owner()).build());
    f.staff.save(
        StaffMember.builder(TENANT, "ana", StaffRole.AGENT)
            .resource(ANA)
            .address("email", "ana@norte.cl")
            .locale(Locale.forLanguageTag("es"))
            .build());
    f.staff.save(
        StaffMember.builder(TENANT, "luis", StaffRole.AGENT)
            .resource(LUIS)
            .address("email", "luis@norte.cl")
            .locale(Locale.forLanguageTag("es"))
            .build());
  }

  static final NotificationPreferences DEFAULTS = NotificationPreferences.defaults();
  static final NotificationPreferences CALCOM_EMAILS_STAFF =
      NotificationPreferences.builder().providerNotifiesStaff("calcom", "email").build();
  static final NotificationPreferences CALCOM_EMAILS_EVERYONE =
      NotificationPreferences.builder()
          .providerNotifiesStaff("calcom", "email")
          .providerNotifiesAttendee(true)
          .skipChannelsWhenProviderNotifies("email")
          .build();
  static final NotificationPreferences NO_CUSTOMER_CONFIRMATION =
      NotificationPreferences.builder().recipients(MessageKind.CONFIRMATION).build();

  static Stream<Arguments> table() {
    UnaryOperator<StaffMember.Builder> same = b -> b;
    UnaryOperator<StaffMember.Builder> noCancellations =
        b -> b.kinds(MessageKind.CONFIRMATION, MessageKind.RESCHEDULE);
    String customer = "CUSTOMER maria@example.cl";
    String ownerMail = "OWNER dueno@norte.cl";
    String ownerPush = "OWNER ext-owner-1";
    String ana = "AGENT ana@norte.cl";
    return Stream.of(
        Arguments.of(
            "local booking: the owner on both channels, Ana's agent, not Luis's",
            DEFAULTS,
            same,
            null,
            MessageKind.CONFIRMATION,
            List.of(customer, ownerMail, ana, ownerPush)),
        Arguments.of(
            "Cal.com booking, Cal.com e-mails the staff: staff e-mail suppressed, push kept",
            CALCOM_EMAILS_STAFF,
            same,
            "calcom",
            MessageKind.CONFIRMATION,
            List.of(customer, ownerPush)),
        Arguments.of(
            "local booking, same preferences: nothing suppressed",
            CALCOM_EMAILS_STAFF,
            same,
            null,
            MessageKind.CONFIRMATION,
            List.of(customer, ownerMail, ana, ownerPush)),
        Arguments.of(
            "Calendly booking: Cal.com's rule does not apply",
            CALCOM_EMAILS_STAFF,
            same,
            "calendly",
            MessageKind.CONFIRMATION,
            List.of(customer, ownerMail, ana, ownerPush)),
        Arguments.of(
            "Cal.com e-mails staff and customer: only the owner's push",
            CALCOM_EMAILS_EVERYONE,
            same,
            "calcom",
            MessageKind.CONFIRMATION,
            List.of(ownerPush)),
        Arguments.of(
            "the owner opted out of cancellations",
            DEFAULTS,
            noCancellations,
            null,
            MessageKind.CANCELLATION,
            List.of(customer, ana)),
        Arguments.of(
            "the tenant turned customer confirmations off; staff choose for themselves",
            NO_CUSTOMER_CONFIRMATION,
            same,
            null,
            MessageKind.CONFIRMATION,
            List.of(ownerMail, ana, ownerPush)),
        Arguments.of(
            "no-show: nobody opted in by default",
            DEFAULTS,
            same,
            "calcom",
            MessageKind.NO_SHOW,
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void whoHearsOfIt(
      String description,
      NotificationPreferences prefs,
      UnaryOperator<StaffMember.Builder> ownerChoice,
      @Nullable String origin,
      MessageKind kind,
      List<String> expected) {
    BookingNotifierStaffTest f = new BookingNotifierStaffTest();
    chain(f, ownerChoice);
    f.preferences.save(TENANT, prefs);
    Appointment a =
        BookingService.builder()
            .inMemoryDefaults()
            .clock(f.clock)
            .appointmentStore(f.appointments)
            .scheduleStore(f.schedules)
            .build()
            .book(request(ANA, TUE_14H));
    f.clock.set(TUE_14H.plus(Duration.ofMinutes(5)));
    Appointment after =
        switch (kind) {
          case CANCELLATION -> a.toBuilder().status(AppointmentStatus.CANCELLED).build();
          case NO_SHOW -> a.toBuilder().status(AppointmentStatus.NO_SHOW).build();
          default -> a.toBuilder().notes("seen").build();
        };
    OutboxEntry notice =
        (kind == MessageKind.CONFIRMATION
                ? NotificationQueue.entryFor(null, a, origin, NOW)
                : NotificationQueue.entryFor(a, after, origin, NOW))
            .orElseThrow().toBuilder().sequence(a.version() + 1).build();
    f.appointments.update(after, ConflictCheck.none(), List.of(notice));

    NotificationWorker.builder()
        .clock(f.clock)
        .appointmentStore(f.appointments)
        .sendAttempts(new InMemorySendAttemptStore(f.clock, Duration.ofDays(1)))
        .preferences(f.preferences)
        .staff(f.staff)
        .channel(f.email)
        .channel(f.push)
        .build()
        .runOnce();

    assertThat(
            Stream.concat(f.email.messages().stream(), f.push.messages().stream())
                .peek(m -> assertThat(m.kind()).isEqualTo(kind))
                .map(m -> m.recipientKind() + " " + m.address()))
        .as(description)
        .containsExactlyInAnyOrderElementsOf(expected);
  }
}
