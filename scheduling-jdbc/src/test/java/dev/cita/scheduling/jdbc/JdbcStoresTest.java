package dev.cita.scheduling.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.BookingRequest;
import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.availability.WeeklyHours;
import dev.cita.scheduling.memory.InMemoryCalendarProvider;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.WebhookInbox;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.ConnectionState;
import dev.cita.scheduling.token.ConnectionStatus;
import dev.cita.scheduling.token.CredentialManager;
import dev.cita.scheduling.token.CredentialStore;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 24: one entry point builds every JDBC store from a DataSource, and wires a BookingService.
 */
class JdbcStoresTest {
  private static final TenantId TENANT = TenantId.of("clinica-norte");
  private static final ResourceId ANA = ResourceId.of("ana");
  private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
  private static final AppointmentType CONSULT =
      AppointmentType.builder("consulta", "Consulta", Duration.ofMinutes(30))
          .horizon(Duration.ofDays(30))
          .build();

  private HikariDataSource dataSource;

  @AfterEach
  void close() {
    if (dataSource != null && dataSource.getSchema() != null) {
      TestDatabases.dropPostgres(dataSource);
    } else if (dataSource != null) {
      dataSource.close();
    }
  }

  /**
   * An empty H2 database (not migrated: JdbcStores.migrate() must do it), or a PostgreSQL schema.
   */
  private JdbcStores stores(String database) {
    if (database.equals("h2")) {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl("jdbc:h2:mem:cita-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
      dataSource = new HikariDataSource(config);
    } else {
      dataSource = TestDatabases.postgres();
    }
    return JdbcStores.create(dataSource, Clock.fixed(NOW, ZoneOffset.UTC)).migrate();
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void configureGivesABookingServiceEveryDurableStoreWithoutInMemoryDefaults(String database) {
    JdbcStores stores = stores(database);
    stores.schedules().saveAppointmentType(TENANT, CONSULT);
    stores
        .schedules()
        .saveSchedule(
            TENANT,
            ANA,
            Schedule.builder("America/Santiago")
                .weeklyHours(
                    WeeklyHours.builder()
                        .add(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), "09:00", "18:00")
                        .build())
                .build());
    InMemoryCalendarProvider google = new InMemoryCalendarProvider("google");

    BookingService service =
        stores
            .configure(BookingService.builder())
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .calendarProvider(google)
            .build();
    BookingRequest request =
        BookingRequest.builder(
                TENANT,
                ANA,
                CONSULT.id(),
                Instant.parse("2026-03-03T13:00:00Z"),
                Attendee.builder("Rosa").build())
            .idempotencyKey("wa-1")
            .build();
    Appointment booked = service.book(request);

    assertThat(service.appointmentStore()).isSameAs(stores.appointments());
    assertThat(service.scheduleStore()).isSameAs(stores.schedules());
    assertThat(stores.appointments().find(TENANT, booked.id())).isPresent();
    assertThat(stores.idempotency().find(TENANT, "wa-1"))
        .hasValueSatisfying(r -> assertThat(r.appointmentId()).isEqualTo(booked.id()));
    assertThat(stores.outbox().entries(TENANT))
        .singleElement()
        .satisfies(e -> assertThat(e.appointmentId()).isEqualTo(booked.id()));
    // A second service on the same stores (another node, or after a restart) honours the key.
    BookingService again =
        stores.configure(BookingService.builder()).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    assertThat(again.book(request).id()).isEqualTo(booked.id());
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void everyStoreWorksOnTheMigratedSchemaAndIsTheSameInstanceEachTime(String database) {
    JdbcStores stores = stores(database);
    ConnectionKey key = ConnectionKey.of(TENANT, "google", "agenda@clinica.cl");

    stores.tokens().save(key, "sealed".getBytes(StandardCharsets.UTF_8));
    stores
        .connectionStatuses()
        .save(key, new ConnectionState(ConnectionStatus.CONNECTED, NOW, "connected"));
    stores.webhookInbox().record(WebhookInbox.Delivery.of(TENANT, "calcom", "d-1"), NOW);

    assertThat(stores.tokens().load(key))
        .hasValueSatisfying(
            b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("sealed"));
    assertThat(stores.connectionStatuses().load(key)).isPresent();
    assertThat(stores.webhookInbox().seen(WebhookInbox.Delivery.of(TENANT, "calcom", "d-1")))
        .isTrue();
    assertThat(stores.reminders()).isSameAs(stores.reminders());
    assertThat(stores.outbox()).isSameAs(stores.appointments().outbox());
    assertThat(stores.auditLog()).isSameAs(stores.auditLog());
    assertThat(stores.conversations()).isSameAs(stores.conversations());
    assertThat(stores.authorizationStates()).isSameAs(stores.authorizationStates());
    assertThat(stores.notificationPreferences()).isSameAs(stores.notificationPreferences());
    assertThat(stores.migrate()).as("migrating again is a no-op").isSameAs(stores);
  }

  @Test
  void configureGivesACredentialManagerTheDurableStatusStore() {
    JdbcStores stores = stores("h2");
    // markRevoked never reads or writes credentials: a store that refuses every call will do.
    CredentialStore credentials =
        (CredentialStore)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {CredentialStore.class},
                (proxy, method, args) -> {
                  throw new AssertionError(
                      "credential store not expected to be used: " + method.getName());
                });
    ConnectionKey key = ConnectionKey.of(TENANT, "google", "agenda@clinica.cl");

    CredentialManager manager =
        stores
            .configure(CredentialManager.builder())
            .credentialStore(credentials)
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .build();
    manager.markRevoked(key, "revoked by the owner");

    assertThat(stores.connectionStatuses().load(key))
        .hasValueSatisfying(s -> assertThat(s.status()).isEqualTo(ConnectionStatus.REVOKED));
  }
}
