package dev.cita.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.memory.InMemoryCalendarProvider;
import dev.cita.scheduling.memory.InMemoryCalendarProvider.Operation;
import dev.cita.scheduling.memory.InMemoryIdempotencyStore;
import dev.cita.scheduling.memory.InMemoryScheduleStore;
import dev.cita.scheduling.memory.InMemoryWebhookInbox;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.sync.OutboxEntry;
import dev.cita.scheduling.sync.OutboxStatus;
import dev.cita.scheduling.sync.SyncAction;
import dev.cita.scheduling.sync.SyncWorker;
import dev.cita.scheduling.webhook.ParsedWebhook;
import dev.cita.scheduling.webhook.ProviderBookingEvent;
import dev.cita.scheduling.webhook.ProviderWebhooks;
import dev.cita.scheduling.webhook.WebhookHandler;
import dev.cita.scheduling.webhook.WebhookRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A collective appointment at a calendar provider (issue 21): every member sees it in its own
 * calendar. One event per covered member, created once each even across retries; moves, cancels and
 * no-shows reach every member's event; a member's copy changed at the provider changes the
 * appointment, and the other members' events follow through the outbox. A booking tool keeps one
 * booking per appointment.
 */
class CollectiveMemberEventsTest {
  static final ResourceId ANA = CollectiveBookingTest.ANA;
  static final ResourceId BEN = CollectiveBookingTest.BEN;
  static final ResourceId CARL = CollectiveBookingTest.CARL;
  static final List<ResourceId> ALL = CollectiveBookingTest.ALL;

  final TestClock clock = new TestClock(CollectiveBookingTest.NOW);
  final InMemoryAppointmentStore appointments = new InMemoryAppointmentStore();
  final InMemoryCalendarProvider google = new InMemoryCalendarProvider("google");
  final AtomicReference<ProviderBookingEvent> next = new AtomicReference<>();
  int deliveries;

  BookingService service(InMemoryCalendarProvider provider) {
    InMemoryScheduleStore schedules = new InMemoryScheduleStore();
    for (ResourceId r : ALL) {
      schedules.saveSchedule(
          CollectiveBookingTest.TENANT, r, CollectiveBookingTest.hours("08:00", "16:00"));
    }
    schedules.saveAppointmentType(CollectiveBookingTest.TENANT, CollectiveBookingTest.ENSAYO);
    return BookingService.builder()
        .clock(clock)
        .appointmentStore(appointments)
        .scheduleStore(schedules)
        .idempotencyStore(new InMemoryIdempotencyStore())
        .calendarProvider(provider)
        .build();
  }

  SyncWorker worker(BookingService service, InMemoryCalendarProvider provider) {
    return SyncWorker.builder()
        .clock(clock)
        .bookingService(service)
        .outboxStore(appointments.outbox())
        .provider(provider)
        .baseBackoff(Duration.ofSeconds(1))
        .maxBackoff(Duration.ofSeconds(1))
        .build();
  }

  /** Pushes everything due, moving the clock past every retry's wait. */
  void drain(SyncWorker worker) {
    for (int round = 0; round < 10 && pending() > 0; round++) {
      worker.runOnce();
      clock.advance(Duration.ofSeconds(2));
    }
  }

  long pending() {
    return appointments.outbox().entries(CollectiveBookingTest.TENANT).stream()
        .filter(e -> e.status() == OutboxStatus.PENDING)
        .count();
  }

  Appointment stored(Appointment a) {
    return appointments.find(CollectiveBookingTest.TENANT, a.id()).orElseThrow();
  }

  /** The fake's events of one appointment, by the calendar (resource) holding each. */
  Map<ResourceId, Appointment> eventsByCalendar() {
    Map<ResourceId, Appointment> out =
        new java.util.TreeMap<>(java.util.Comparator.comparing(ResourceId::value));
    google.events().values().forEach(e -> out.put(e.resource(), e));
    return out;
  }

  long calls(Operation operation) {
    return google.calls().stream().filter(c -> c.operation() == operation).count();
  }

  @Test
  void eachCoveredMemberGetsOneEventInItsOwnCalendarAndAnyOfThemFindsTheAppointment() {
    BookingService service = service(google);
    Appointment a = service.bookAllOf(CollectiveBookingTest.request(BEN, 9, 0), ALL);

    drain(worker(service, google));

    for (ResourceId r : ALL) {
      assertThat(google.eventsCreatedIn(r)).as("events in " + r + "'s calendar").isEqualTo(1);
    }
    assertThat(eventsByCalendar().keySet()).containsExactly(ANA, BEN, CARL);
    assertThat(eventsByCalendar().get(ANA).participants())
        .as("a member's copy is the appointment as that member sees it")
        .isEmpty();
    Appointment stored = stored(a);
    assertThat(stored.memberRefs().get("google")).containsOnlyKeys(ANA, BEN, CARL);
    assertThat(stored.externalRef("google"))
        .as("the primary event is the host's")
        .isEqualTo(stored.externalRef("google", BEN));
    for (ResourceId r : ALL) {
      String event = stored.externalRef("google", r).orElseThrow();
      assertThat(google.events().get(event).resource()).isEqualTo(r);
      assertThat(appointments.findByExternalRef(CollectiveBookingTest.TENANT, "google", event))
          .map(Appointment::id)
          .contains(a.id());
    }
  }

  @Test
  void onlyThePrimaryEventInvitesTheCustomerSoTheyGetOneInvitationNotOnePerMember() {
    BookingService service = service(google);
    BookingRequest request =
        BookingRequest.builder(
                CollectiveBookingTest.TENANT,
                BEN,
                CollectiveBookingTest.ENSAYO.id(),
                CollectiveBookingTest.at(9, 0, 30).start(),
                Attendee.builder("Coro").email("coro@example.com").build())
            .build();
    Appointment a = service.bookAllOf(request, ALL);

    drain(worker(service, google));
    service.reschedule(
        CollectiveBookingTest.TENANT, a.id(), CollectiveBookingTest.at(10, 0, 30).start());
    drain(worker(service, google));

    Map<ResourceId, Appointment> events = eventsByCalendar();
    assertThat(events.get(BEN).attendee().email()).contains("coro@example.com");
    assertThat(events.get(ANA).attendee().email()).as("a member's copy invites no one").isEmpty();
    assertThat(events.get(CARL).attendee().email()).isEmpty();
    assertThat(events.get(CARL).attendee().name()).isEqualTo("Coro");
    assertThat(stored(a).attendee().email())
        .as("the appointment itself keeps the customer's e-mail")
        .contains("coro@example.com");
  }

  @Test
  void aFailureAtTheSecondMemberIsRetriedWithoutCreatingTheFirstAgain() {
    BookingService service = service(google);
    Appointment a = service.bookAllOf(CollectiveBookingTest.request(ANA, 9, 0), ALL);
    google.failNextWritesTo(BEN, 1);
    SyncWorker worker = worker(service, google);

    worker.runOnce();

    assertThat(stored(a).memberRefs().get("google"))
        .as("the first member's event is recorded as soon as it is made")
        .containsOnlyKeys(ANA);
    assertThat(pending()).isEqualTo(1);
    drain(worker);

    for (ResourceId r : ALL) {
      assertThat(google.eventsCreatedIn(r)).as("events in " + r + "'s calendar").isEqualTo(1);
    }
    assertThat(calls(Operation.CREATE)).as("one successful create per member").isEqualTo(3);
    assertThat(google.writeAttempts()).as("ANA once, BEN twice, CARL once").isEqualTo(4);
    assertThat(stored(a).memberRefs().get("google")).containsOnlyKeys(ANA, BEN, CARL);
  }

  @Test
  void rescheduleCancelAndNoShowByCitaReachEveryMembersEvent() {
    BookingService service = service(google);
    Appointment a = service.bookAllOf(CollectiveBookingTest.request(ANA, 9, 0), ALL);
    SyncWorker worker = worker(service, google);
    drain(worker);

    TimeInterval later = CollectiveBookingTest.at(10, 0, 30);
    service.reschedule(CollectiveBookingTest.TENANT, a.id(), later.start());
    drain(worker);

    assertThat(calls(Operation.UPDATE)).isEqualTo(3);
    assertThat(eventsByCalendar().values())
        .hasSize(3)
        .allSatisfy(e -> assertThat(e.interval()).isEqualTo(later));

    service.cancel(CollectiveBookingTest.TENANT, a.id());
    drain(worker);

    assertThat(calls(Operation.CANCEL)).isEqualTo(3);
    assertThat(google.events()).as("every member's event is gone").isEmpty();
    assertThat(
            google.eventsCreatedIn(ANA)
                + google.eventsCreatedIn(BEN)
                + google.eventsCreatedIn(CARL))
        .isEqualTo(3);
  }

  @Test
  void aBookingToolKeepsOneBookingPerAppointment() {
    InMemoryCalendarProvider tool = new InMemoryCalendarProvider("calcom").asBookingTool();
    BookingService service = service(tool);
    Appointment a = service.bookAllOf(CollectiveBookingTest.request(ANA, 9, 0), ALL);

    drain(worker(service, tool));

    assertThat(tool.eventsCreated()).isEqualTo(1);
    assertThat(tool.eventsCreatedIn(ANA)).as("the host's booking").isEqualTo(1);
    assertThat(stored(a).externalRef("calcom")).isPresent();
    assertThat(stored(a).memberRefs()).isEmpty();
  }

  // --- a member's copy changed at the provider ------------------------------------------------

  /** A webhook plugin for the fake's provider id that hands over {@link #next}. */
  final ProviderWebhooks plugin =
      new ProviderWebhooks() {
        @Override
        public String provider() {
          return "google";
        }

        @Override
        public void verify(WebhookRequest request) {}

        @Override
        public ParsedWebhook parse(WebhookRequest request) {
          return ParsedWebhook.of("sync", next.get());
        }
      };

  WebhookHandler webhooks() {
    return WebhookHandler.builder()
        .clock(clock)
        .appointmentStore(appointments)
        .inbox(new InMemoryWebhookInbox())
        .outboxStore(appointments.outbox())
        .provider(plugin)
        .build();
  }

  void deliver(WebhookHandler handler, ProviderBookingEvent event) {
    next.set(event);
    handler.handle(
        "google",
        WebhookRequest.builder("POST", "https://app.example/webhooks/google")
            .body("{\"delivery\":" + ++deliveries + "}")
            .build());
  }

  ProviderBookingEvent.Builder eventOf(Appointment a, ResourceId member, AppointmentStatus status) {
    clock.advance(Duration.ofSeconds(1));
    return ProviderBookingEvent.builder(
        "google",
        CollectiveBookingTest.TENANT,
        stored(a).externalRef("google", member).orElseThrow(),
        status,
        clock.instant());
  }

  /** A collective appointment booked and pushed to every member's calendar. */
  Appointment pushed(BookingService service, SyncWorker worker) {
    Appointment a = service.bookAllOf(CollectiveBookingTest.request(ANA, 9, 0), ALL);
    drain(worker);
    assertThat(google.events()).hasSize(3);
    return stored(a);
  }

  @Test
  void theEchoOfAMembersEventChangesNothing() {
    BookingService service = service(google);
    SyncWorker worker = worker(service, google);
    Appointment a = pushed(service, worker);
    WebhookHandler handler = webhooks();

    for (ResourceId r : ALL) {
      deliver(handler, eventOf(a, r, AppointmentStatus.SCHEDULED).time(a.start(), a.end()).build());
    }

    Appointment after = stored(a);
    assertThat(after.status()).isEqualTo(AppointmentStatus.SCHEDULED);
    assertThat(after.interval()).isEqualTo(a.interval());
    assertThat(after.externalRefs()).isEqualTo(a.externalRefs());
    assertThat(after.memberRefs()).isEqualTo(a.memberRefs());
    assertThat(pending()).as("nothing to push").isZero();
  }

  @Test
  void aMembersCopyDeletedAtTheProviderCancelsTheAppointmentAndTheOtherCopies() {
    BookingService service = service(google);
    SyncWorker worker = worker(service, google);
    Appointment a = pushed(service, worker);

    deliver(webhooks(), eventOf(a, CARL, AppointmentStatus.CANCELLED).build());

    assertThat(stored(a).status()).isEqualTo(AppointmentStatus.CANCELLED);
    assertThat(appointments.outbox().entries(CollectiveBookingTest.TENANT))
        .filteredOn(e -> e.status() == OutboxStatus.PENDING)
        .extracting(OutboxEntry::provider, OutboxEntry::action)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("google", SyncAction.CANCEL));
    drain(worker);
    assertThat(google.events()).as("every member's copy is cancelled").isEmpty();
    assertThat(calls(Operation.CANCEL)).isEqualTo(3);
  }

  @Test
  void aMoveOfOneMembersCopyReschedulesTheAppointmentAndTheOthersFollow() {
    BookingService service = service(google);
    SyncWorker worker = worker(service, google);
    Appointment a = pushed(service, worker);
    TimeInterval later = CollectiveBookingTest.at(11, 0, 30);

    deliver(
        webhooks(),
        eventOf(a, BEN, AppointmentStatus.SCHEDULED).time(later.start(), later.end()).build());

    Appointment moved = stored(a);
    assertThat(moved.status()).isEqualTo(AppointmentStatus.RESCHEDULED);
    assertThat(moved.interval()).isEqualTo(later);
    assertThat(moved.externalRef("google"))
        .as("the primary event stays the host's")
        .isEqualTo(a.externalRef("google"));
    for (ResourceId r : ALL) {
      assertThat(
              appointments.findTimeHolding(
                  CollectiveBookingTest.TENANT, r, later.start(), later.end()))
          .extracting(Appointment::id)
          .containsExactly(a.id());
    }
    drain(worker);
    assertThat(eventsByCalendar().values())
        .hasSize(3)
        .allSatisfy(e -> assertThat(e.interval()).isEqualTo(later));
  }

  // --- the typed mapping ----------------------------------------------------------------------

  @Test
  void memberEventIdsAreValidatedNamingTheField() {
    Appointment a =
        appointments
            .find(
                CollectiveBookingTest.TENANT,
                service(google).bookAllOf(CollectiveBookingTest.request(ANA, 9, 0), ALL).id())
            .orElseThrow();

    assertValidation(
        () -> a.toBuilder().externalRef("google", BEN, " ").build(),
        "appointment.memberRefs[google][ben]");
    assertValidation(
        () -> a.toBuilder().externalRef("google", ResourceId.of("zoe"), "e-1").build(),
        "appointment.memberRefs[google][zoe]");
    assertValidation(
        () -> a.toBuilder().externalRef(" ", BEN, "e-1").build(),
        "appointment.memberRefs.provider");
    Appointment withRef = a.toBuilder().externalRef("google", BEN, "e-1").build();
    assertThat(withRef).isNotEqualTo(a);
    assertThat(withRef.toBuilder().build()).isEqualTo(withRef);
    assertThat(withRef.externalRef("google", BEN)).contains("e-1");
    assertThat(withRef.holdsEvent("google", "e-1")).isTrue();
    assertThat(withRef.externalRef("google")).as("the primary event is another map").isEmpty();
    assertThatThrownBy(() -> withRef.memberRefs().put("x", Map.of()))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> withRef.memberRefs().get("google").put(ANA, "e-2"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  private static void assertValidation(Runnable r, String field) {
    assertThatThrownBy(r::run)
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo(field));
  }
}
