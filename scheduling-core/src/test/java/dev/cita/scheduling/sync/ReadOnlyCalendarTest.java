package dev.cita.scheduling.sync;

import static dev.cita.scheduling.sync.SyncFixture.ANA;
import static dev.cita.scheduling.sync.SyncFixture.CONSULT;
import static dev.cita.scheduling.sync.SyncFixture.SANTIAGO;
import static dev.cita.scheduling.sync.SyncFixture.TENANT;
import static dev.cita.scheduling.sync.SyncFixture.TUE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.BookingRequest;
import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.SlotQuery;
import dev.cita.scheduling.SlotUnavailableException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.memory.InMemoryCalendarProvider;
import dev.cita.scheduling.memory.InMemoryCalendarProvider.Operation;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.model.TimeSlot;
import dev.cita.scheduling.spi.BusySource;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A resource that reads two calendars, one of them only read, and writes to one. */
class ReadOnlyCalendarTest {
  private final SyncFixture fx = new SyncFixture();

  /** The professional's personal calendar: read, never written to. */
  private final InMemoryCalendarProvider personal = new InMemoryCalendarProvider("google-personal");

  /** A holiday feed kept in a busy cache the app fills. */
  private final ExternalBusyCache feed = new ExternalBusyCache();

  private final BookingService service =
      BookingService.builder()
          .inMemoryDefaults()
          .clock(fx.clock)
          .appointmentStore(fx.appointments)
          .scheduleStore(fx.schedules)
          .calendarProvider(fx.google)
          .busySource(BusySource.readOnly(personal))
          .busySource(feed.source("holidays"))
          .build();

  private static Instant at(String time) {
    return ZonedDateTime.of(TUE, LocalTime.parse(time), SANTIAGO).toInstant();
  }

  @Test
  void busyTimeComesFromEveryCalendarAndPushesGoToTheOneItBooksInto() {
    fx.google.addBusy(TENANT, ANA, TimeInterval.of(at("09:00"), Duration.ofMinutes(30)));
    personal.addBusy(TENANT, ANA, TimeInterval.of(at("10:00"), Duration.ofMinutes(30)));
    feed.replaceWindow(
        TENANT,
        ANA,
        TimeInterval.of(at("00:00"), Duration.ofDays(1)),
        Map.of("feed-1", TimeInterval.of(at("11:00"), Duration.ofMinutes(30))),
        fx.clock.instant());

    List<Instant> free =
        service.findSlots(SlotQuery.forResource(TENANT, ANA, CONSULT.id(), TUE, TUE)).stream()
            .map(TimeSlot::start)
            .toList();

    assertThat(free)
        .doesNotContain(at("09:00"), at("10:00"), at("11:00"))
        .contains(at("09:30"), at("10:30"));
    assertThatThrownBy(() -> book("10:00"))
        .as("re-checked when booking too")
        .isInstanceOf(SlotUnavailableException.class);

    Appointment booked = book("12:00");
    fx.runUntilSettled(fx.worker("w1"), 10);
    service.cancel(TENANT, booked.id());
    fx.runUntilSettled(fx.worker("w1"), 10);

    assertThat(fx.entriesOf(booked)).extracting(OutboxEntry::provider).containsOnly("google");
    assertThat(personal.calls()).as("the read-only calendar is never written to").isEmpty();
    assertThat(fx.google.calls())
        .extracting(InMemoryCalendarProvider.Call::operation)
        .containsExactly(Operation.CREATE, Operation.CANCEL);
  }

  @Test
  void aProviderPassedAsABusySourceIsRefusedUnlessWrappedReadOnly() {
    assertThatThrownBy(() -> BookingService.builder().busySource(personal))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("busySource")
        .hasMessageContaining("BusySource.readOnly");
    assertThatThrownBy(
            () ->
                BookingService.builder()
                    .calendarProvider(fx.google)
                    .busySource(BusySource.readOnly(fx.google)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("already registered");
  }

  private Appointment book(String time) {
    return service.book(
        BookingRequest.builder(
                TENANT, ANA, CONSULT.id(), at(time), Attendee.builder("Camila Rojas").build())
            .build());
  }
}
