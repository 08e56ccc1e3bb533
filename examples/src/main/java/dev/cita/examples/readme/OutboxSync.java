package dev.cita.examples.readme;

import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.spi.CalendarProvider;
import dev.cita.scheduling.spi.ScheduleStore;
import dev.cita.scheduling.sync.SyncWorker;
import java.time.Duration;

/** Bookings made here, pushed to the clinic's Google calendar in the background. */
public class OutboxSync implements AutoCloseable {
  private final BookingService service;
  private final SyncWorker worker;

  /** {@code google}: the GoogleCalendarProvider (see scheduling-google/README.md). */
  public OutboxSync(ScheduleStore schedules, CalendarProvider google) {
    InMemoryAppointmentStore appointments = new InMemoryAppointmentStore(); // or the JDBC store
    service =
        BookingService.builder()
            .inMemoryDefaults()
            .appointmentStore(appointments)
            .scheduleStore(schedules)
            .calendarProvider(google)
            .build();
    worker =
        SyncWorker.builder()
            .appointmentStore(appointments)
            .outboxStore(appointments.outbox())
            .provider(google)
            .build();
    worker.start(); // polls in the background
  }

  public BookingService service() {
    return service;
  }

  /** On shutdown: stop polling, then push what is due now. */
  @Override
  public void close() {
    worker.stop();
    worker.drain(Duration.ofSeconds(10));
  }
}
