package dev.cita.scheduling;

import static dev.cita.scheduling.BookingFixture.ANA;
import static dev.cita.scheduling.BookingFixture.CONSULT;
import static dev.cita.scheduling.BookingFixture.TENANT;
import static dev.cita.scheduling.BookingFixture.TUE;
import static dev.cita.scheduling.BookingFixture.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.memory.InMemoryCalendarProvider;
import dev.cita.scheduling.memory.InMemoryIdempotencyStore;
import dev.cita.scheduling.memory.InMemoryScheduleStore;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.model.TimeSlot;
import dev.cita.scheduling.spi.BusySource;
import dev.cita.scheduling.sync.AvailabilityCache;
import org.junit.jupiter.api.Test;

/** Issue 24: the builder's in-memory stores are an explicit choice, never a silent default. */
class BookingServiceBuilderTest {
  private final BookingFixture fx = new BookingFixture();

  /** Stands for a durable store: not one of the in-memory classes. */
  private final ForwardingAppointmentStore durableAppointments =
      new ForwardingAppointmentStore(new InMemoryAppointmentStore());

  @Test
  void aDurableAppointmentStoreWithoutIdempotencyStoreFailsNamingTheMissingStore() {
    BookingService.Builder builder =
        BookingService.builder().appointmentStore(durableAppointments).scheduleStore(fx.schedules);

    assertThatThrownBy(builder::build)
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.field()).isEqualTo("idempotencyStore");
              assertThat(e.getMessage())
                  .contains("missing idempotencyStore")
                  .contains("inMemoryDefaults()")
                  .doesNotContain("appointmentStore")
                  .doesNotContain("scheduleStore");
            });
  }

  @Test
  void aBuilderMissingSeveralStoresNamesEachOfThem() {
    BookingService.Builder builder =
        BookingService.builder().idempotencyStore(new InMemoryIdempotencyStore());

    assertThatThrownBy(builder::build)
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.field()).isEqualTo("appointmentStore");
              assertThat(e.getMessage())
                  .contains("missing appointmentStore, scheduleStore:")
                  .doesNotContain("idempotencyStore");
            });
  }

  @Test
  void aBuilderGivenNothingFailsSuggestingInMemoryDefaults() {
    assertThatThrownBy(() -> BookingService.builder().build())
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.field()).isEqualTo("appointmentStore");
              assertThat(e.getMessage())
                  .contains("appointmentStore, scheduleStore, idempotencyStore")
                  .contains("inMemoryDefaults()");
            });
  }

  @Test
  void inMemoryDefaultsFillsOnlyTheStoresNotGiven() {
    BookingService service =
        BookingService.builder()
            .clock(fx.clock)
            .appointmentStore(durableAppointments)
            .inMemoryDefaults()
            .build();

    assertThat(service.appointmentStore()).isSameAs(durableAppointments);
    assertThat(service.scheduleStore()).isInstanceOf(InMemoryScheduleStore.class);
    service.scheduleStore().saveSchedule(TENANT, ANA, BookingFixture.weekdayMornings());
    service.scheduleStore().saveAppointmentType(TENANT, CONSULT);
    Appointment booked =
        service.book(
            BookingRequest.builder(
                    TENANT,
                    ANA,
                    CONSULT.id(),
                    BookingFixture.at(TUE, "10:00"),
                    BookingFixture.attendee("Rosa"))
                .idempotencyKey("k1")
                .build());
    Appointment replay =
        service.book(
            BookingRequest.builder(
                    TENANT,
                    ANA,
                    CONSULT.id(),
                    BookingFixture.at(TUE, "10:00"),
                    BookingFixture.attendee("Rosa"))
                .idempotencyKey("k1")
                .build());

    assertThat(replay.id()).isEqualTo(booked.id()); // the in-memory idempotency store is in use
    assertThat(durableAppointments.find(TENANT, booked.id())).isPresent();
  }

  @Test
  void aBusySourceMayNotTakeTheIdOfACalendarProvider() {
    InMemoryCalendarProvider google = new InMemoryCalendarProvider("google");

    assertThatThrownBy(
            () ->
                fx.serviceBuilder()
                    .calendarProvider(google)
                    .busySource(BusySource.readOnly(google)))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.field()).isEqualTo("busySource");
              assertThat(e.getMessage()).contains("'google' is already registered");
            });
  }

  @Test
  void twoBusySourcesMayNotShareAnId() {
    BusySource personal = new InMemoryCalendarProvider("personal");
    BusySource samePersonal = new InMemoryCalendarProvider("personal");
    BookingService.Builder builder = fx.serviceBuilder().busySource(BusySource.readOnly(personal));

    assertThatThrownBy(() -> builder.busySource(BusySource.readOnly(samePersonal)))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.field()).isEqualTo("busySource");
              assertThat(e.getMessage()).contains("'personal' is already registered");
            });
  }

  @Test
  void inMemoryDefaultsKeepsAppointmentsInMemoryWhenNoAppointmentStoreIsGiven() {
    BookingService service =
        BookingService.builder()
            .clock(fx.clock)
            .scheduleStore(fx.schedules)
            .idempotencyStore(fx.idempotency)
            .inMemoryDefaults()
            .build();

    Appointment booked = service.book(BookingFixture.request(at(TUE, "10:00"), "Rosa").build());

    assertThat(service.appointmentStore()).isInstanceOf(InMemoryAppointmentStore.class);
    assertThat(service.appointmentStore().find(TENANT, booked.id())).contains(booked);
  }

  @Test
  void sourcesWithDistinctIdsAreAllKept() {
    AvailabilityCache cache = new AvailabilityCache();
    InMemoryCalendarProvider personal =
        new InMemoryCalendarProvider("personal")
            .addBusy(TENANT, ANA, TimeInterval.of(at(TUE, "09:00"), at(TUE, "10:00")));
    InMemoryCalendarProvider holidays =
        new InMemoryCalendarProvider("holidays")
            .addBusy(TENANT, ANA, TimeInterval.of(at(TUE, "12:00"), at(TUE, "13:00")));
    BookingService service =
        fx.serviceBuilder()
            .calendarProvider(new InMemoryCalendarProvider("google"))
            .busySource(BusySource.readOnly(personal))
            .busySource(BusySource.readOnly(holidays))
            .availabilitySource(cache.source("calcom", (tenant, resource, type, range) -> {}))
            .availabilitySource(cache.source("calendly", (tenant, resource, type, range) -> {}))
            .build();

    // both read-only calendars block Ana's Tuesday morning
    assertThat(service.findSlots(SlotQuery.forResource(TENANT, ANA, CONSULT.id(), TUE, TUE)))
        .extracting(TimeSlot::start)
        .containsExactly(at(TUE, "10:00"), at(TUE, "10:30"), at(TUE, "11:00"), at(TUE, "11:30"));
  }

  @Test
  void everyStoreGivenNeedsNoOptIn() {
    BookingService service = fx.service();

    assertThat(service.appointmentStore()).isSameAs(fx.appointments);
    assertThat(service.scheduleStore()).isSameAs(fx.schedules);
  }
}
