package dev.cita.examples.readme;

import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.jdbc.JdbcStores;
import dev.cita.scheduling.spi.CalendarProvider;
import dev.cita.scheduling.sync.SyncWorker;
import java.time.Duration;
import javax.sql.DataSource;

/** Every store in PostgreSQL: several nodes of the app share one agenda, never double-booked. */
public class PostgresBooking implements AutoCloseable {
  private final BookingService service;
  private final SyncWorker worker;

  /** {@code dataSource}: your pool over the PostgreSQL driver; {@code google}: an adapter. */
  public PostgresBooking(DataSource dataSource, CalendarProvider google) {
    JdbcStores stores = JdbcStores.create(dataSource).migrate(); // migrate() creates the tables
    service =
        stores
            .configure(BookingService.builder()) // durable appointments, schedules, keys
            .calendarProvider(google)
            .build();
    worker =
        SyncWorker.builder()
            .appointmentStore(stores.appointments())
            .outboxStore(stores.outbox())
            .provider(google)
            .build();
    worker.start();
  }

  public BookingService service() {
    return service;
  }

  @Override
  public void close() {
    worker.stop();
    worker.drain(Duration.ofSeconds(10));
  }
}
