package dev.cita.scheduling.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.NotFoundException;
import dev.cita.scheduling.SchedulingException;
import dev.cita.scheduling.SlotUnavailableException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.memory.InMemoryCalendarProvider;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.ConflictCheck;
import dev.cita.scheduling.sync.OutboxEntry;
import dev.cita.scheduling.sync.OutboxStatus;
import dev.cita.scheduling.sync.SyncAction;
import dev.cita.scheduling.sync.SyncWorker;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the JDBC store adds to the contract: limits, bad rows, restarts, the outbox with a worker,
 * the database invariant.
 */
class JdbcAppointmentStoreTest {
  private static final TenantId OTHER = TenantId.of("clinica-sur");
  private HikariDataSource dataSource;

  @AfterEach
  void close() {
    if (dataSource != null && dataSource.getJdbcUrl().startsWith("jdbc:postgresql")) {
      TestDatabases.dropPostgres(dataSource);
    } else if (dataSource != null) {
      dataSource.close();
    }
  }

  private JdbcAppointmentStore h2() {
    dataSource = TestDatabases.h2();
    return JdbcAppointmentStore.create(dataSource);
  }

  private JdbcAppointmentStore postgres() {
    dataSource = TestDatabases.postgres();
    return JdbcAppointmentStore.create(dataSource);
  }

  private long count(String table) throws Exception {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        var r = s.executeQuery("SELECT count(*) FROM " + table)) {
      r.next();
      return r.getLong(1);
    }
  }

  @Test
  void anOversizedFieldIsRefusedNamingItAndNothingIsWritten() throws Exception {
    JdbcAppointmentStore store = h2();
    Appointment a = Seats.booking("a", 1);
    // The core's limits are the columns' (JdbcFieldLimitsTest): an oversized value cannot even be
    // built.
    assertThatThrownBy(
            () -> a.toBuilder().attendee(Attendee.builder("x".repeat(201)).build()).build())
        .isInstanceOf(ValidationException.class)
        .extracting(e -> ((ValidationException) e).field())
        .isEqualTo("attendee.name");
    assertThatThrownBy(() -> a.toBuilder().notes("n".repeat(2001)).build())
        .isInstanceOf(ValidationException.class)
        .extracting(e -> ((ValidationException) e).field())
        .isEqualTo("appointment.notes");

    assertThat(count("cita_appointment")).isZero();
    assertThat(count("cita_outbox")).isZero();
    Appointment exactlyAtLimit =
        a.toBuilder()
            .attendee(Attendee.builder("x".repeat(200)).build())
            .notes("n".repeat(2000))
            .build();
    assertThat(store.insert(exactlyAtLimit, ConflictCheck.none())).isEqualTo(exactlyAtLimit);
    assertThat(store.find(a.tenant(), a.id())).contains(exactlyAtLimit);
  }

  @Test
  void anotherTenantsIdIsNotFoundAndCannotBeUpdated() {
    JdbcAppointmentStore store = h2();
    Appointment mine = store.insert(Seats.booking("a", 1), ConflictCheck.none());
    Appointment asOther = Seats.booking("a", 1).toBuilder().tenant(OTHER).build();

    assertThat(store.find(OTHER, mine.id())).isEmpty();
    assertThatThrownBy(() -> store.update(asOther, ConflictCheck.none()))
        .isInstanceOf(NotFoundException.class);
    assertThat(store.find(mine.tenant(), mine.id())).contains(mine);
  }

  @Test
  void aRowWithAnInvalidZoneIsReportedNamingTheRow() throws Exception {
    JdbcAppointmentStore store = h2();
    Appointment a = store.insert(Seats.booking("broken-zone", 1), ConflictCheck.none());
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE cita_appointment SET display_zone = 'Mars/Olympus_Mons'");
    }

    assertThatThrownBy(() -> store.find(a.tenant(), a.id()))
        .isExactlyInstanceOf(SchedulingException.class)
        .hasMessageContaining("broken-zone")
        .hasMessageContaining(a.tenant().value());
  }

  @Test
  void theSyncWorkerPushesAnEntryOnceThroughTheJdbcOutbox() {
    JdbcAppointmentStore store = h2();
    Appointment a = Seats.booking("a", 1);
    OutboxEntry create =
        OutboxEntry.pending(a.tenant(), a.id(), "google", SyncAction.CREATE, 0, Seats.T0);
    store.insert(a, ConflictCheck.none(), List.of(create));
    InMemoryCalendarProvider google = new InMemoryCalendarProvider("google");
    SyncWorker worker =
        SyncWorker.builder()
            .clock(Clock.fixed(Seats.T0.plusSeconds(1), ZoneOffset.UTC))
            .appointmentStore(store)
            .outboxStore(store.outbox())
            .provider(google)
            .workerId("w1")
            .build();

    assertThat(worker.runOnce()).isEqualTo(1);
    assertThat(worker.runOnce()).as("nothing left").isZero();

    assertThat(google.eventsCreated()).isEqualTo(1);
    assertThat(store.outbox().find(create.id()))
        .get()
        .extracting(OutboxEntry::status)
        .isEqualTo(OutboxStatus.DONE);
    assertThat(store.find(a.tenant(), a.id()).orElseThrow().externalRef("google")).isPresent();
    assertThat(
            store.findByExternalRef(
                a.tenant(),
                "google",
                store.find(a.tenant(), a.id()).orElseThrow().externalRef("google").orElseThrow()))
        .isPresent();
  }

  @Test
  void onlyTheFirstEntryOfAStreamIsClaimedAndOnlyItsHolderSettlesIt() {
    JdbcAppointmentStore store = h2();
    Appointment v0 = Seats.booking("a", 1);
    OutboxEntry create =
        OutboxEntry.pending(v0.tenant(), v0.id(), "google", SyncAction.CREATE, 0, Seats.T0);
    store.insert(v0, ConflictCheck.none(), List.of(create));
    OutboxEntry cancel =
        OutboxEntry.pending(v0.tenant(), v0.id(), "google", SyncAction.CANCEL, 1, Seats.T0);
    store.update(
        v0.toBuilder().status(AppointmentStatus.CANCELLED).build(),
        ConflictCheck.none(),
        List.of(cancel));
    JdbcOutboxStore outbox = store.outbox();

    List<OutboxEntry> first = outbox.claimDue(Seats.T0, 10, "w1", Duration.ofMinutes(1));
    assertThat(first).extracting(OutboxEntry::id).containsExactly(create.id());
    assertThat(first.get(0).claims()).isEqualTo(1);
    assertThat(outbox.claimDue(Seats.T0, 10, "w2", Duration.ofMinutes(1)))
        .as("leased, and cancel waits")
        .isEmpty();
    assertThat(outbox.complete(create.id(), "w2")).as("not w2's claim").isFalse();
    assertThat(outbox.complete(create.id(), "w1")).isTrue();
    assertThat(outbox.claimDue(Seats.T0, 10, "w2", Duration.ofMinutes(1)))
        .extracting(OutboxEntry::id)
        .containsExactly(cancel.id());
    assertThat(outbox.retryLater(cancel.id(), "w2", 1, Seats.T0, "no answer", true)).isTrue();
    assertThat(outbox.claimDue(Seats.T0, 10, "w2", Duration.ofMinutes(1))).hasSize(1);
    assertThat(outbox.deadLetter(cancel.id(), "w2", 3, "gone", false)).isTrue();
    assertThat(outbox.find(cancel.id()))
        .get()
        .extracting(OutboxEntry::possiblySent)
        .as("a later failure known not to be sent does not clear the mark")
        .isEqualTo(true);
    assertThat(outbox.requeue(cancel.id())).isTrue();
    assertThat(outbox.find(cancel.id()))
        .get()
        .extracting(OutboxEntry::status)
        .isEqualTo(OutboxStatus.PENDING);
    assertThat(outbox.find(cancel.id()))
        .get()
        .extracting(OutboxEntry::possiblySent)
        .isEqualTo(true);
    assertThat(outbox.find(create.id()))
        .get()
        .extracting(OutboxEntry::possiblySent)
        .isEqualTo(false);
    assertThat(outbox.entries(v0.tenant()))
        .extracting(OutboxEntry::id)
        .containsExactly(create.id(), cancel.id());
  }

  @Test
  void postgresItselfRefusesAnOverlapTheApplicationLetThrough() {
    JdbcAppointmentStore store = postgres();
    store.insert(Seats.booking("first", 1), ConflictCheck.none());
    Appointment overlapping =
        Seats.booking("second", 1).toBuilder()
            .start(Seats.booking("x", 1).start().plusSeconds(600))
            .end(Seats.booking("x", 2).end())
            .build();
    OutboxEntry create =
        OutboxEntry.pending(
            overlapping.tenant(), overlapping.id(), "google", SyncAction.CREATE, 0, Seats.T0);

    assertThatThrownBy(() -> store.insert(overlapping, ConflictCheck.none(), List.of(create)))
        .isInstanceOf(SlotUnavailableException.class);
    assertThat(store.find(overlapping.tenant(), overlapping.id())).isEmpty();
    assertThat(store.outbox().entries(overlapping.tenant())).isEmpty();
    // A seat of the same slot shares the time; a cancelled row holds none.
    assertThat(store.insert(Seats.booking("seat-2", 1), ConflictCheck.none()).id().value())
        .isEqualTo("seat-2");
    Appointment cancelled =
        overlapping.toBuilder()
            .id(AppointmentId.of("cancelled"))
            .status(AppointmentStatus.CANCELLED)
            .build();
    assertThat(store.insert(cancelled, ConflictCheck.none())).isEqualTo(cancelled);
  }

  @Test
  void appointmentsAndOutboxEntriesSurviveARestartOnPostgres() {
    JdbcAppointmentStore store = postgres();
    String url = TestDatabases.postgresUrl();
    String schema = dataSource.getSchema();
    Appointment a = Seats.booking("a", 1).toBuilder().externalRef("google", "evt-1").build();
    OutboxEntry create =
        OutboxEntry.pending(a.tenant(), a.id(), "google", SyncAction.CREATE, 0, Seats.T0);
    store.insert(a, ConflictCheck.none(), List.of(create));
    dataSource.close();

    dataSource = TestDatabases.postgres(url, schema);
    JdbcAppointmentStore reopened = JdbcAppointmentStore.create(dataSource);

    assertThat(reopened.find(a.tenant(), a.id())).contains(a);
    assertThat(reopened.findByExternalRef(a.tenant(), "google", "evt-1")).contains(a);
    assertThat(reopened.outbox().entries(a.tenant())).containsExactly(create);
  }
}
