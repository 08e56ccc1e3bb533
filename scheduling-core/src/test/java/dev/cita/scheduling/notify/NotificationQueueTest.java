package dev.cita.scheduling.notify;

import static dev.cita.scheduling.notify.BookingNotifierTest.NOW;
import static dev.cita.scheduling.notify.BookingNotifierTest.TENANT;
import static dev.cita.scheduling.notify.BookingNotifierTest.TUE_14H;
import static dev.cita.scheduling.notify.BookingNotifierTest.WED_10_30;
import static dev.cita.scheduling.notify.BookingNotifierTest.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.memory.InMemoryCalendarProvider;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.sync.OutboxEntry;
import dev.cita.scheduling.sync.SyncAction;
import dev.cita.scheduling.sync.SyncWorker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which changes are notices, and the queue entries BookingService writes with them. */
class NotificationQueueTest {
  final BookingNotifierTest fixture = new BookingNotifierTest();
  final InMemoryAppointmentStore appointments = fixture.appointments;

  BookingService service(boolean queue) {
    BookingService.Builder b =
        BookingService.builder()
            .inMemoryDefaults()
            .clock(fixture.clock)
            .appointmentStore(appointments)
            .scheduleStore(fixture.schedules);
    return (queue ? b.queueNotifications() : b).build();
  }

  List<OutboxEntry> queued() {
    return appointments.outbox().entries(TENANT).stream()
        .filter(e -> e.provider().equals(NotificationQueue.PROVIDER))
        .toList();
  }

  static QueuedNotice notice(OutboxEntry e) {
    return QueuedNotice.decode(e.detail().orElse(null));
  }

  @Test
  void everyLocalNoticeWritesOneEntryInTheAppointmentsWrite() {
    BookingService service = service(true);
    Appointment booked = service.book(request(TUE_14H).build());
    service.confirm(TENANT, booked.id());
    service.reschedule(TENANT, booked.id(), WED_10_30);
    service.cancel(TENANT, booked.id());

    List<OutboxEntry> entries = queued();
    assertThat(entries)
        .extracting(OutboxEntry::sequence, OutboxEntry::action, e -> notice(e).kind())
        .as("the confirm (version 1) is no notice")
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0L, SyncAction.CREATE, MessageKind.CONFIRMATION),
            org.assertj.core.groups.Tuple.tuple(2L, SyncAction.UPDATE, MessageKind.RESCHEDULE),
            org.assertj.core.groups.Tuple.tuple(3L, SyncAction.CANCEL, MessageKind.CANCELLATION));
    assertThat(entries).allSatisfy(e -> assertThat(notice(e).origin()).isEmpty());
    assertThat(notice(entries.get(1)).previousStart()).isEqualTo(TUE_14H);
    assertThat(entries).allSatisfy(e -> assertThat(e.nextAttemptAt()).isEqualTo(NOW));
  }

  @Test
  void aRequestedBookingIsConfirmedWhenApprovedAndANoShowIsANotice() {
    BookingService service = service(true);
    Appointment requested = service.book(request(TUE_14H).needsApproval(true).build());
    assertThat(queued()).as("waiting for approval").isEmpty();

    service.approve(TENANT, requested.id());
    fixture.clock.set(TUE_14H.plus(Duration.ofMinutes(10)));
    service.markNoShow(TENANT, requested.id());

    assertThat(queued())
        .extracting(e -> notice(e).kind())
        .containsExactly(MessageKind.CONFIRMATION, MessageKind.NO_SHOW);
  }

  @Test
  void queueingIsOffByDefault() {
    BookingService service = service(false);
    Appointment booked = service.book(request(TUE_14H).build());
    service.cancel(TENANT, booked.id());

    assertThat(appointments.outbox().entries(TENANT)).isEmpty();
  }

  @Test
  void anEditThatIsNoNoticeIsNotQueued() {
    Appointment a = service(true).book(request(TUE_14H).build());
    Appointment edited = a.toBuilder().notes("bring x-rays").build();

    assertThat(NotificationQueue.kindOf(a, edited)).isEmpty();
    assertThat(NotificationQueue.entryFor(a, edited, "calcom", NOW)).isEmpty();
    assertThat(
            NotificationQueue.kindOf(a, a.toBuilder().status(AppointmentStatus.CONFIRMED).build()))
        .isEmpty();
    assertThat(
            NotificationQueue.kindOf(
                null, a.toBuilder().status(AppointmentStatus.CANCELLED).build()))
        .as("a booking created cancelled")
        .isEmpty();
  }

  @Test
  void aWebhookChangeNamesItsOrigin() {
    Appointment a = service(false).book(request(TUE_14H).build());
    Appointment moved = a.toBuilder().start(WED_10_30).end(WED_10_30.plusSeconds(1800)).build();

    OutboxEntry e = NotificationQueue.entryFor(a, moved, "calcom", NOW).orElseThrow();

    assertThat(e.sequence()).isEqualTo(a.version() + 1);
    assertThat(notice(e)).isEqualTo(new QueuedNotice(MessageKind.RESCHEDULE, "calcom", TUE_14H));
  }

  @Test
  void theReservedProviderIsRefusedAsACalendarProvider() {
    InMemoryCalendarProvider notify = new InMemoryCalendarProvider(NotificationQueue.PROVIDER);

    assertThatThrownBy(() -> BookingService.builder().calendarProvider(notify))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("reserved");
    assertThatThrownBy(() -> SyncWorker.builder().provider(notify))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("reserved");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "v1;CONFIRMATION;-",
        "v2;CONFIRMATION;-;-",
        "v1;BOOKED;-;-",
        "v1;REMINDER;-;-",
        "v1;CONFIRMATION;-;2026-09-15T17:00:00Z",
        "v1;RESCHEDULE;-;yesterday",
        "v1;CONFIRMATION; ;-",
        "v1;CONFIRMATION;-;-;extra"
      })
  void aMalformedDetailIsRefusedNamingTheField(String detail) {
    assertThatThrownBy(() -> QueuedNotice.decode(detail))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("detail");
  }

  @ParameterizedTest
  @CsvSource({
    "CONFIRMATION,,",
    "CANCELLATION,calcom,",
    "NO_SHOW,calendly,",
    "RESCHEDULE,google,2026-09-15T17:00:00Z"
  })
  void aDetailReadsBackAsWritten(MessageKind kind, String origin, Instant previous) {
    QueuedNotice n = new QueuedNotice(kind, origin, previous);

    assertThat(QueuedNotice.decode(n.encode())).isEqualTo(n);
  }
}
