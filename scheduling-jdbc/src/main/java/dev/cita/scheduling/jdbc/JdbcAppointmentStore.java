package dev.cita.scheduling.jdbc;

import dev.cita.scheduling.AppointmentPage;
import dev.cita.scheduling.AttendeeQuery;
import dev.cita.scheduling.ConcurrentUpdateException;
import dev.cita.scheduling.DuplicateAppointmentException;
import dev.cita.scheduling.NotFoundException;
import dev.cita.scheduling.PlacementsRefusedException;
import dev.cita.scheduling.SchedulingException;
import dev.cita.scheduling.SlotUnavailableException;
import dev.cita.scheduling.SlotUnavailableException.Reason;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.SeriesId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.spi.AppointmentStore;
import dev.cita.scheduling.spi.ConflictCheck;
import dev.cita.scheduling.spi.MemberChoice;
import dev.cita.scheduling.spi.Placement;
import dev.cita.scheduling.status.AppointmentLifecycle;
import dev.cita.scheduling.sync.OutboxEntry;
import dev.cita.scheduling.sync.OutboxStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * An {@link AppointmentStore} on a JDBC {@link DataSource} (PostgreSQL or H2, detected), over the
 * tables of {@code V1__appointments_and_outbox.sql}; run {@link JdbcMigrations#migrate} first.
 *
 * <p>Every write is one transaction that takes the per-(tenant, resource) lock ({@code
 * pg_advisory_xact_lock} on PostgreSQL, a {@code SELECT ... FOR UPDATE} on a {@code
 * cita_resource_lock} row on H2), checks the id, loads the time-holding rows the {@link
 * ConflictCheck} asks for, runs it, and writes the appointment, its external references and its
 * outbox entries. On PostgreSQL an exclusion constraint also refuses overlapping time-holding rows
 * of one resource (except the seats of one slot: same type, start and end) whatever the check said;
 * such a refusal (SQLSTATE 23P01) is reported as {@link SlotUnavailableException}. On both
 * databases every time-holding row takes a seat number of its slot (unique, below the check's
 * {@link ConflictCheck#seatsPerSlot()}), so no write can over-fill a slot, and an idempotency key
 * names at most one appointment of a tenant (a unique index; a second insert is a {@link
 * DuplicateAppointmentException} naming the holder). Writes run at READ COMMITTED whatever the
 * pool's default isolation, and a connection lost mid-write is an {@link
 * dev.cita.scheduling.OutcomeUnknownException}; see the module README.
 *
 * <p>Instants are stored as {@code TIMESTAMP WITH TIME ZONE}: PostgreSQL keeps microseconds, so
 * sub-microsecond parts of instants are cut on PostgreSQL; H2 keeps nanoseconds. Text fields have
 * the length limits of the {@code MAX_*} constants; a longer value is refused with a {@link
 * ValidationException} naming the field before anything is written.
 */
public final class JdbcAppointmentStore implements AppointmentStore {
  /** Longest id (tenant, appointment, resource, type), in characters: the core's limit. */
  public static final int MAX_ID = TenantId.MAX_LENGTH;

  /** Longest attendee name: the core's limit. */
  public static final int MAX_NAME = Attendee.MAX_NAME_LENGTH;

  /** Longest attendee e-mail: the core's limit. */
  public static final int MAX_EMAIL = Attendee.MAX_EMAIL_LENGTH;

  /** Longest location: the core's limit. */
  public static final int MAX_LOCATION = Appointment.MAX_LOCATION_LENGTH;

  /** Longest notes: the core's limit. */
  public static final int MAX_NOTES = Appointment.MAX_NOTES_LENGTH;

  /** Longest idempotency key: the core's limit. */
  public static final int MAX_IDEMPOTENCY_KEY = Appointment.MAX_IDEMPOTENCY_KEY_LENGTH;

  /** Longest provider id of an external reference or outbox entry. */
  public static final int MAX_PROVIDER = 100;

  /** Longest external id. */
  public static final int MAX_EXTERNAL_ID = 500;

  // The hot reads, named so the query-plan test explains exactly these statements.
  /**
   * Time-holding rows of one resource that overlap a range {@code [?, ?)} (the conflict check and
   * the slot engine's busy time). On PostgreSQL it is a range overlap, so it is answered by the
   * exclusion constraint's GiST index whatever the resource's history; a plain {@code start_at <
   * :to} on the btree index would read every earlier appointment of the resource.
   */
  static String timeHoldingSql(Dialect dialect) {
    return "SELECT "
        + AppointmentRows.READ_COLUMNS
        + " FROM cita_appointment"
        + " WHERE tenant_id = ? AND resource_id = ? AND holds_time AND "
        + overlap(dialect, "")
        + " AND id <> ?"
        // A collective appointment holds its participants' time too (V18).
        + " UNION ALL SELECT "
        + AppointmentRows.prefixed("a")
        + " FROM cita_appointment_participant p JOIN cita_appointment a ON a.tenant_id ="
        + " p.tenant_id AND a.id = p.appointment_id WHERE p.tenant_id = ? AND p.resource_id = ?"
        + " AND p.holds_time AND "
        + overlap(dialect, "p.")
        + " AND p.appointment_id <> ? ORDER BY start_at, id";
  }

  private static String overlap(Dialect dialect, String alias) {
    return dialect == Dialect.POSTGRESQL
        ? "tstzrange(" + alias + "start_at, " + alias + "end_at, '[)') && tstzrange(?, ?, '[)')"
        : alias + "end_at > ? AND " + alias + "start_at < ?";
  }

  /** The appointment a provider's event id refers to (every webhook). */
  static final String FIND_BY_EXTERNAL_REF_SQL =
      "SELECT "
          + AppointmentRows.prefixed("a")
          + " FROM cita_appointment_ref r JOIN cita_appointment a ON a.tenant_id = r.tenant_id AND"
          + " a.id = r.appointment_id WHERE r.tenant_id = ? AND r.provider = ? AND r.external_id ="
          + " ?";

  /** A tenant's time-holding appointments starting in a range (the reminder scheduler). */
  static final String STARTING_BETWEEN_SQL =
      "SELECT "
          + AppointmentRows.READ_COLUMNS
          + " FROM cita_appointment WHERE tenant_id = ? AND start_at >= ? AND start_at < ? AND"
          + " holds_time ORDER BY start_at, id";

  private static final String CHECK_VIOLATION = "23514";

  /** The taken seats of one slot (a booking into a slot that already has rows). */
  static final String TAKEN_SEATS_SQL =
      "SELECT seat_no FROM cita_appointment WHERE tenant_id = ? AND resource_id = ? AND slot_key ="
          + " ? AND seat_no IS NOT NULL AND id <> ?";

  /** The appointment holding an idempotency key (after a unique violation). */
  static final String KEY_HOLDER_SQL =
      "SELECT id FROM cita_appointment WHERE tenant_id = ? AND idempotency_key = ?";

  private final DataSource dataSource;
  private final Dialect dialect;
  private final JdbcOutboxStore outbox;
  private final String timeHoldingSql;

  private JdbcAppointmentStore(DataSource dataSource) {
    this.dataSource = Checks.notNull(dataSource, "dataSource");
    this.dialect = Dialect.of(dataSource);
    this.timeHoldingSql = timeHoldingSql(dialect);
    this.outbox = new JdbcOutboxStore(dataSource, dialect);
  }

  /**
   * A store on {@code dataSource}, whose dialect is read from the database.
   *
   * @param dataSource the database, whose schema {@link JdbcMigrations} created
   * @return the store
   */
  public static JdbcAppointmentStore create(DataSource dataSource) {
    return new JdbcAppointmentStore(dataSource);
  }

  /** {@return the outbox this store writes entries into, on the same data source} */
  public JdbcOutboxStore outbox() {
    return outbox;
  }

  /** {@return the database dialect in use, read when the store was created} */
  public Dialect dialect() {
    return dialect;
  }

  @Override
  public Appointment insert(
      Appointment appointment, ConflictCheck check, List<OutboxEntry> entries) {
    Checks.notNull(appointment, "appointment");
    Checks.notNull(check, "check");
    AppointmentRows.validate(appointment);
    List<OutboxEntry> written = checkedOutbox(appointment, entries, appointment.version());
    ensureLockRows(appointment.tenant(), appointment.resources());
    try {
      return Jdbc.inWriteTransaction(
          dataSource,
          dialect,
          c -> {
            if (dialect == Dialect.POSTGRESQL) {
              return insertInTwoRoundTrips(c, appointment, check, written);
            }
            lock(c, appointment.tenant(), appointment.resources());
            if (exists(c, appointment.tenant(), appointment.id())) {
              throw new DuplicateAppointmentException(appointment.id());
            }
            return insertLocked(c, appointment, check, written);
          });
    } catch (SQLException e) {
      throw insertFailure(appointment, e);
    }
  }

  /**
   * PostgreSQL: the checks and writes of {@link #insertLocked}, in two round trips. The first sends
   * the {@code SET TRANSACTION}, the advisory locks, the id checks (appointment and outbox entries)
   * and the reads the check asks for, as separate statements executed in order, so each read takes
   * its snapshot after the locks are held and sees what their previous holder committed. The second
   * writes the row and its outbox entries and commits ({@link #write}).
   */
  private Appointment insertInTwoRoundTrips(
      Connection c, Appointment a, ConflictCheck check, List<OutboxEntry> written)
      throws SQLException {
    List<String> locked = sortedIds(a.resources());
    Optional<TimeInterval> range = check.lookupRange();
    List<ResourceId> read = range.isPresent() ? a.resources() : List.of();
    StringBuilder sql = new StringBuilder(pgLockSql(locked.size())).append("; ").append(EXISTS_SQL);
    if (!written.isEmpty()) {
      sql.append("; ").append(JdbcOutboxStore.TAKEN_IDS_SQL);
    }
    read.forEach(r -> sql.append("; ").append(timeHoldingSql));
    boolean exists;
    Set<String> takenOutboxIds = new HashSet<>();
    Map<ResourceId, List<Appointment>> rows = new LinkedHashMap<>();
    try (PreparedStatement p = c.prepareStatement(sql.toString())) {
      int n = bindLocks(p, a.tenant(), locked);
      p.setString(++n, a.tenant().value());
      p.setString(++n, a.id().value());
      if (!written.isEmpty()) {
        String[] ids = written.stream().map(OutboxEntry::id).toArray(String[]::new);
        p.setArray(++n, c.createArrayOf("varchar", ids));
      }
      for (ResourceId r : read) {
        n = bindTimeHolding(p, n, a.tenant(), r, range.orElseThrow(), a.id());
      }
      p.execute(); // positioned on the SET TRANSACTION's result; then one per lock
      for (int i = 0; i < locked.size(); i++) {
        nextResultSet(p);
      }
      exists = nextResultSet(p).next();
      if (!written.isEmpty()) {
        ResultSet taken = nextResultSet(p);
        while (taken.next()) {
          takenOutboxIds.add(taken.getString(1));
        }
      }
      for (ResourceId r : read) {
        rows.put(r, readAll(nextResultSet(p)));
      }
    }
    if (exists) {
      throw new DuplicateAppointmentException(a.id());
    }
    Seat seat = checkedSeat(c, a, check, rows);
    JdbcOutboxStore.refuseTaken(written, takenOutboxIds);
    write(c, a, seat, written, Jdbc.ownsTransaction(c)); // never the application's COMMIT
    return a;
  }

  /** The next result set of a multi-statement execution, past the results of other statements. */
  private static ResultSet nextResultSet(Statement s) throws SQLException {
    while (!s.getMoreResults()) {
      if (s.getUpdateCount() == -1) {
        throw new SQLException("the statement returned fewer results than expected");
      }
    }
    return s.getResultSet();
  }

  /**
   * Inserts the member {@code choice} prefers among those whose check passes, in one transaction
   * holding the advisory locks (PostgreSQL) or lock rows (H2) of every member, taken in the same
   * fixed order as every other write; the choice reads the members' rows in that transaction.
   */
  @Override
  public Appointment insertAnyOf(List<Placement> placements, MemberChoice choice) {
    List<Placement> team = Placement.checkTeam(placements);
    Checks.notNull(choice, "choice");
    Map<ResourceId, Placement> byMember = new LinkedHashMap<>();
    Map<ResourceId, List<OutboxEntry>> written = new HashMap<>();
    for (Placement p : team) {
      AppointmentRows.validate(p.appointment());
      byMember.put(p.appointment().resource(), p);
      written.put(
          p.appointment().resource(),
          checkedOutbox(p.appointment(), p.outbox(), p.appointment().version()));
    }
    Appointment first = team.get(0).appointment();
    TenantId tenant = first.tenant();
    List<ResourceId> members = List.copyOf(byMember.keySet());
    ensureLockRows(tenant, members);
    try {
      return Jdbc.inWriteTransaction(
          dataSource,
          dialect,
          c -> {
            lock(c, tenant, members);
            if (exists(c, tenant, first.id())) {
              throw new DuplicateAppointmentException(first.id());
            }
            List<ResourceId> order =
                choice.order(
                    members,
                    (member, from, to) -> {
                      try {
                        return overlapping(c, tenant, member, new TimeInterval(from, to), null);
                      } catch (SQLException e) {
                        throw new UncheckedSqlException(e);
                      }
                    });
            @Nullable SlotUnavailableException refused = null;
            for (ResourceId member : order) {
              Placement p = byMember.get(member);
              if (p == null) {
                continue;
              }
              try {
                return insertLocked(
                    c, p.appointment(), p.check(), written.getOrDefault(member, List.of()));
              } catch (SlotUnavailableException e) {
                refused = refused == null ? e : refused; // refused before any write: next member
              }
            }
            if (refused != null) {
              throw refused;
            }
            throw new SlotUnavailableException(
                Reason.UNSPECIFIED, "the member choice named no member");
          });
    } catch (UncheckedSqlException e) {
      throw insertFailure(first, e.sql);
    } catch (SQLException e) {
      throw insertFailure(first, e);
    }
  }

  /** A SQL failure of a member choice's read, carried out of the lambda. */
  private static final class UncheckedSqlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient SQLException sql;

    UncheckedSqlException(SQLException cause) {
      super(cause);
      this.sql = cause;
    }
  }

  /** The checks and writes of an insert, under the resource's lock and after the id check. */
  private Appointment insertLocked(
      Connection c, Appointment appointment, ConflictCheck check, List<OutboxEntry> written)
      throws SQLException {
    Seat seat = checkedSeat(c, appointment, check, rowsToCheck(c, appointment, check));
    outbox.checkIdsAreNew(c, written);
    write(c, appointment, seat, written, false);
    return appointment;
  }

  /**
   * Runs the check for the candidate (a new appointment) against the rows read for it and returns
   * its seat.
   */
  private Seat checkedSeat(
      Connection c,
      Appointment candidate,
      ConflictCheck check,
      Map<ResourceId, List<Appointment>> rows)
      throws SQLException {
    List<Appointment> existing = verify(candidate, check, rows);
    return AppointmentLifecycle.holdsTime(candidate.status())
        ? seat(c, candidate, check, existing)
        : Seat.NONE;
  }

  /**
   * Writes a new appointment's row, participant rows, external references and outbox entries. On
   * PostgreSQL an appointment with no participants and no references is one round trip, which with
   * {@code commit} also commits the transaction (the later {@code Connection.commit()} then has
   * nothing to do).
   */
  private void write(
      Connection c, Appointment a, Seat seat, List<OutboxEntry> written, boolean commit)
      throws SQLException {
    if (dialect == Dialect.POSTGRESQL
        && a.participants().isEmpty()
        && a.externalRefs().isEmpty()
        && a.memberRefs().isEmpty()) {
      StringBuilder sql = new StringBuilder(INSERT_SQL);
      written.forEach(e -> sql.append("; ").append(JdbcOutboxStore.INSERT_SQL));
      sql.append(commit ? "; COMMIT" : "");
      try (PreparedStatement p = c.prepareStatement(sql.toString())) {
        int n = bindTail(p, AppointmentRows.bind(p, a), a, seat);
        for (OutboxEntry e : written) {
          n = JdbcOutboxStore.bindInsert(p, n, e); // in list order, so write_seq follows it
        }
        p.execute();
      }
      return;
    }
    insertRow(c, a, seat);
    writeParticipants(c, a, false);
    writeRefs(c, a, false);
    outbox.append(c, written);
  }

  /** What a failed insert transaction means to the caller. */
  private RuntimeException insertFailure(Appointment appointment, SQLException e) {
    String state = Jdbc.sqlState(e);
    if ("23P01".equals(state)) {
      return overlaps(appointment);
    }
    if (Jdbc.UNIQUE_VIOLATION.equals(state)) {
      // Inserted meanwhile for another resource (whose lock we did not hold), or the key is held.
      if (existsQuietly(appointment.tenant(), appointment.id())) {
        return new DuplicateAppointmentException(appointment.id());
      }
      Optional<AppointmentId> holder =
          appointment.idempotencyKey().flatMap(k -> keyHolderQuietly(appointment.tenant(), k));
      if (holder.isPresent()) {
        return new DuplicateAppointmentException(holder.get());
      }
      return full(appointment);
    }
    if (CHECK_VIOLATION.equals(state)) {
      return full(appointment);
    }
    return Jdbc.writeFailure("inserting an appointment", e);
  }

  @Override
  public Appointment update(
      Appointment appointment, ConflictCheck check, List<OutboxEntry> entries) {
    Checks.notNull(appointment, "appointment");
    Checks.notNull(check, "check");
    AppointmentRows.validate(appointment);
    List<OutboxEntry> written = checkedOutbox(appointment, entries, appointment.version() + 1);
    while (true) {
      Optional<Appointment> seen = find(appointment.tenant(), appointment.id());
      if (seen.isEmpty()) {
        throw new NotFoundException("appointment", appointment.id());
      }
      // Lock every resource the appointment holds now and every one it goes to, in a fixed order.
      Set<ResourceId> held = new LinkedHashSet<>(seen.get().resources());
      held.addAll(appointment.resources());
      List<ResourceId> resources = List.copyOf(held);
      ensureLockRows(appointment.tenant(), resources);
      try {
        Optional<Appointment> stored =
            Jdbc.inWriteTransaction(
                dataSource,
                dialect,
                c -> {
                  lock(c, appointment.tenant(), resources);
                  Current current = current(c, appointment.tenant(), appointment.id());
                  if (current == null) {
                    throw new NotFoundException("appointment", appointment.id());
                  }
                  if (!current.resource.equals(seen.get().resource().value())
                      || !Objects.equals(
                          current.participants, AppointmentRows.participantsToJson(seen.get()))) {
                    return Optional.empty(); // moved meanwhile: take the locks of where it is now
                  }
                  if (current.version != appointment.version()) {
                    throw new ConcurrentUpdateException(
                        "appointment "
                            + appointment.id()
                            + " is at version "
                            + current.version
                            + ", the update was based on version "
                            + appointment.version());
                  }
                  return Optional.of(updateLocked(c, appointment, check, written, current));
                });
        if (stored.isPresent()) {
          return stored.get();
        }
      } catch (SQLException e) {
        throw updateFailure(appointment, e);
      }
    }
  }

  /** The checks and writes of an update, under the locks and after the version check. */
  private Appointment updateLocked(
      Connection c,
      Appointment appointment,
      ConflictCheck check,
      List<OutboxEntry> written,
      Current current)
      throws SQLException {
    List<Appointment> existing = verify(appointment, check, rowsToCheck(c, appointment, check));
    Seat seat;
    if (!AppointmentLifecycle.holdsTime(appointment.status())) {
      seat = Seat.NONE;
    } else if (current.seat.number != null
        && current.resource.equals(appointment.resource().value())
        && current.slotKey.equals(AppointmentRows.slotKey(appointment))) {
      seat = current.seat; // same slot, still holding time: keeps its seat
    } else {
      seat = seat(c, appointment, check, existing);
    }
    outbox.checkIdsAreNew(c, written);
    Appointment next = appointment.toBuilder().version(appointment.version() + 1).build();
    if (updateRow(c, next, seat, appointment.version()) != 1) {
      throw new ConcurrentUpdateException("appointment " + appointment.id() + " changed meanwhile");
    }
    writeParticipants(c, next, true);
    writeRefs(c, next, true);
    outbox.append(c, written);
    return next;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Here: one transaction holding the locks of every resource (sorted, as every write takes
   * them); each placement is checked and inserted in turn, so a later check sees the earlier rows,
   * and a refusal rolls the whole transaction back.
   */
  @Override
  public List<Appointment> insertAll(List<Placement> placements) {
    List<Placement> batch = Placement.checkBatch(placements);
    List<List<OutboxEntry>> written = new ArrayList<>();
    for (Placement p : batch) {
      AppointmentRows.validate(p.appointment());
      written.add(checkedOutbox(p.appointment(), p.outbox(), 0));
    }
    TenantId tenant = batch.get(0).appointment().tenant();
    return inBatch(
        batch,
        resources(batch, List.of()),
        c -> {
          for (Placement p : batch) {
            if (exists(c, tenant, p.appointment().id())) {
              throw new DuplicateAppointmentException(p.appointment().id());
            }
          }
        },
        (c, p, i) -> insertLocked(c, p.appointment(), p.check(), written.get(i)),
        this::insertFailure);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Here: one transaction holding the locks of every resource the appointments are at and go to
   * (sorted); each placement is version-checked, checked and written in turn, and a refusal rolls
   * the whole transaction back.
   */
  @Override
  public List<Appointment> updateAll(List<Placement> placements) {
    List<Placement> batch = Placement.checkBatch(placements);
    List<List<OutboxEntry>> written = new ArrayList<>();
    List<Appointment> seen = new ArrayList<>();
    for (Placement p : batch) {
      Appointment a = p.appointment();
      AppointmentRows.validate(a);
      written.add(checkedOutbox(a, p.outbox(), a.version() + 1));
      Appointment stored =
          find(a.tenant(), a.id()).orElseThrow(() -> new NotFoundException("appointment", a.id()));
      if (!stored.participants().isEmpty()) {
        throw new ValidationException(
            "placements", "appointment " + a.id() + " is collective: update it alone");
      }
      seen.add(stored);
    }
    List<Current> currents = new ArrayList<>();
    return inBatch(
        batch,
        resources(batch, seen.stream().flatMap(a -> a.resources().stream()).toList()),
        c -> {
          for (int i = 0; i < batch.size(); i++) {
            Appointment a = batch.get(i).appointment();
            Current current = current(c, a.tenant(), a.id());
            if (current == null) {
              throw new NotFoundException("appointment", a.id());
            }
            // Where it was when its locks were chosen (its resource and participants), else stale.
            if (current.version != a.version()
                || !current.resource.equals(seen.get(i).resource().value())
                || !Objects.equals(
                    current.participants, AppointmentRows.participantsToJson(seen.get(i)))) {
              throw new ConcurrentUpdateException(
                  "appointment " + a.id() + " changed meanwhile (version " + current.version + ")");
            }
            currents.add(current);
          }
        },
        (c, p, i) -> updateLocked(c, p.appointment(), p.check(), written.get(i), currents.get(i)),
        this::updateFailure);
  }

  /** What a failed update transaction means to the caller. */
  private RuntimeException updateFailure(Appointment appointment, SQLException e) {
    String state = Jdbc.sqlState(e);
    if ("23P01".equals(state)) {
      return overlaps(appointment);
    }
    if (Jdbc.UNIQUE_VIOLATION.equals(state) || CHECK_VIOLATION.equals(state)) {
      return full(appointment);
    }
    return Jdbc.writeFailure("updating appointment " + appointment.id(), e);
  }

  /** Checks a batch may be written, under its transaction's locks. */
  @FunctionalInterface
  private interface BatchCheck {
    void run(Connection c) throws SQLException;
  }

  /**
   * Writes a batch in one transaction under the locks of {@code resources}: {@code check} first,
   * then {@code write} for each placement; a refused one is not written and the others are still
   * tried, then every refusal is thrown together (rolling the transaction back). A SQL failure is
   * mapped by {@code failure} for the placement being written; a refusal the database raised is the
   * batch's refusal too.
   */
  private List<Appointment> inBatch(
      List<Placement> batch,
      List<ResourceId> resources,
      BatchCheck check,
      BatchWrite write,
      java.util.function.BiFunction<Appointment, SQLException, RuntimeException> failure) {
    TenantId tenant = batch.get(0).appointment().tenant();
    ensureLockRows(tenant, resources);
    List<Appointment> attempted = new ArrayList<>();
    try {
      return Jdbc.inWriteTransaction(
          dataSource,
          dialect,
          c -> {
            lock(c, tenant, resources);
            check.run(c);
            Map<AppointmentId, SlotUnavailableException> refused = new LinkedHashMap<>();
            List<Appointment> out = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
              attempted.add(batch.get(i).appointment());
              try {
                out.add(write.write(c, batch.get(i), i));
              } catch (SlotUnavailableException e) {
                refused.put(batch.get(i).appointment().id(), e);
              }
            }
            if (!refused.isEmpty()) {
              throw new PlacementsRefusedException(refused);
            }
            return out;
          });
    } catch (SQLException e) {
      Appointment last =
          attempted.isEmpty() ? batch.get(0).appointment() : attempted.get(attempted.size() - 1);
      RuntimeException mapped = failure.apply(last, e);
      if (mapped instanceof SlotUnavailableException refusal) {
        throw new PlacementsRefusedException(Map.of(last.id(), refusal));
      }
      throw mapped;
    }
  }

  /** One write of a batch, under its transaction's locks. */
  @FunctionalInterface
  private interface BatchWrite {
    Appointment write(Connection c, Placement p, int index) throws SQLException;
  }

  /** The distinct resources of the placements and of {@code also}, sorted. */
  private static List<ResourceId> resources(List<Placement> batch, List<ResourceId> also) {
    Set<ResourceId> all = new TreeSet<>(java.util.Comparator.comparing(ResourceId::value));
    batch.forEach(p -> all.addAll(p.appointment().resources()));
    all.addAll(also);
    return List.copyOf(all);
  }

  @Override
  public List<Appointment> findSeries(TenantId tenant, SeriesId series) {
    Checks.notNull(tenant, "tenant");
    Checks.notNull(series, "series");
    return query(
        "SELECT "
            + AppointmentRows.READ_COLUMNS
            + " FROM cita_appointment WHERE tenant_id = ? AND series_id = ?"
            + " ORDER BY occurrence_start, id",
        tenant.value(),
        series.value());
  }

  private static SlotUnavailableException overlaps(Appointment a) {
    return new SlotUnavailableException(
        Reason.OTHER_APPOINTMENT,
        "appointment "
            + a.id()
            + " overlaps a time-holding appointment of resource "
            + a.resource());
  }

  private static SlotUnavailableException full(Appointment a) {
    return new SlotUnavailableException(
        Reason.SEATS_TAKEN,
        "every seat of the slot of resource " + a.resource() + " at " + a.start() + " is taken");
  }

  /**
   * A time-holding row's seat in its slot and the cap it was taken under; both null for other rows.
   */
  private record Seat(@Nullable Integer number, @Nullable Integer seats) {
    static final Seat NONE = new Seat(null, null);
  }

  /**
   * The lowest free seat of the candidate's slot, under the resource lock. When the check loaded
   * the slot's rows and there are none, it is seat 0 without another query (the common case);
   * otherwise the taken seat numbers are read. A number at or past the check's cap refuses the
   * write (the database's CHECK would too).
   */
  private Seat seat(
      Connection c, Appointment candidate, ConflictCheck check, List<Appointment> existing)
      throws SQLException {
    OptionalInt cap = check.seatsPerSlot();
    Integer seats = cap.isPresent() ? cap.getAsInt() : null;
    String slotKey = AppointmentRows.slotKey(candidate);
    boolean loadedTheSlot =
        check
            .lookupRange()
            .filter(
                r -> !r.start().isAfter(candidate.start()) && !r.end().isBefore(candidate.end()))
            .isPresent();
    if (loadedTheSlot
        && existing.stream().noneMatch(a -> AppointmentRows.slotKey(a).equals(slotKey))) {
      return new Seat(0, seats);
    }
    Set<Integer> taken = new TreeSet<>();
    try (PreparedStatement p = c.prepareStatement(TAKEN_SEATS_SQL)) {
      p.setString(1, candidate.tenant().value());
      p.setString(2, candidate.resource().value());
      p.setString(3, slotKey);
      p.setString(4, candidate.id().value());
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          taken.add(r.getInt(1));
        }
      }
    }
    int number = 0;
    while (taken.contains(number)) {
      number++;
    }
    if (seats != null && number >= seats) {
      throw full(candidate);
    }
    return new Seat(number, seats);
  }

  @Override
  public Optional<Appointment> find(TenantId tenant, AppointmentId id) {
    Checks.notNull(tenant, "tenant");
    Checks.notNull(id, "appointmentId");
    return query(
            "SELECT "
                + AppointmentRows.READ_COLUMNS
                + " FROM cita_appointment WHERE tenant_id = ? AND id = ?",
            tenant.value(),
            id.value())
        .stream()
        .findFirst();
  }

  @Override
  public Optional<Appointment> findByExternalRef(
      TenantId tenant, String provider, String externalId) {
    Checks.notNull(tenant, "tenant");
    Checks.notBlank(provider, "provider");
    Checks.notBlank(externalId, "externalId");
    return query(FIND_BY_EXTERNAL_REF_SQL, tenant.value(), provider, externalId).stream()
        .filter(a -> a.holdsEvent(provider, externalId))
        .findFirst();
  }

  @Override
  public List<Appointment> findTimeHolding(
      TenantId tenant, ResourceId resource, Instant from, Instant to) {
    Checks.notNull(tenant, "tenant");
    Checks.notNull(resource, "resource");
    TimeInterval range = new TimeInterval(from, to);
    try (Connection c = dataSource.getConnection()) {
      return overlapping(c, tenant, resource, range, null);
    } catch (SQLException e) {
      throw Jdbc.failure("reading appointments", e);
    }
  }

  @Override
  public List<Appointment> findStartingBetween(TenantId tenant, Instant from, Instant to) {
    Checks.notNull(tenant, "tenant");
    TimeInterval range = new TimeInterval(from, to);
    return query(STARTING_BETWEEN_SQL, tenant.value(), range.start(), range.end());
  }

  /**
   * {@inheritDoc}
   *
   * <p>Served by the indexes on (tenant, phone, start) and (tenant, lower(e-mail), start) on
   * PostgreSQL; e-mails are compared in lower case.
   */
  @Override
  public AppointmentPage findByAttendee(AttendeeQuery query) {
    Checks.notNull(query, "query");
    SqlWithArgs statement = byAttendee(query);
    return AppointmentPage.of(query, query(statement.sql(), statement.args().toArray()));
  }

  /** A statement and its arguments in order (Strings, Instants, Integers). */
  record SqlWithArgs(String sql, List<Object> args) {}

  /** The SELECT for {@link #findByAttendee}: only the filters the query sets, then a page. */
  static SqlWithArgs byAttendee(AttendeeQuery query) {
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(AppointmentRows.READ_COLUMNS)
            .append(" FROM cita_appointment WHERE tenant_id = ?");
    List<Object> args = new ArrayList<>();
    args.add(query.tenant().value());
    if (query.phone().isPresent()) {
      sql.append(" AND attendee_phone = ?");
      args.add(query.phone().get());
    } else {
      sql.append(" AND lower(attendee_email) = ?");
      args.add(query.email().orElseThrow());
    }
    if (!query.statuses().isEmpty()) {
      sql.append(" AND status IN (")
          .append(String.join(", ", Collections.nCopies(query.statuses().size(), "?")))
          .append(')');
      query.statuses().stream().map(Enum::name).sorted().forEach(args::add);
    }
    query.type().ifPresent(t -> sql.append(" AND type_id = ?"));
    query.type().ifPresent(t -> args.add(t.value()));
    query.resource().ifPresent(r -> sql.append(" AND resource_id = ?"));
    query.resource().ifPresent(r -> args.add(r.value()));
    query.startingFrom().ifPresent(f -> sql.append(" AND start_at >= ?"));
    query.startingFrom().ifPresent(args::add);
    query.startingBefore().ifPresent(b -> sql.append(" AND start_at < ?"));
    query.startingBefore().ifPresent(args::add);
    query
        .after()
        .ifPresent(
            c -> {
              sql.append(" AND (start_at > ? OR (start_at = ? AND id > ?))");
              args.add(c.start());
              args.add(c.start());
              args.add(c.id());
            });
    sql.append(" ORDER BY start_at, id LIMIT ?");
    args.add(query.limit());
    return new SqlWithArgs(sql.toString(), List.copyOf(args));
  }

  // --- writes ------------------------------------------------------------------------------------

  /** Checks, before anything is written, that every entry describes this write. */
  private static List<OutboxEntry> checkedOutbox(
      Appointment a, List<OutboxEntry> entries, long sequence) {
    Checks.notNull(entries, "outbox");
    List<OutboxEntry> copy = List.copyOf(entries);
    for (int i = 0; i < copy.size(); i++) {
      OutboxEntry e = copy.get(i);
      String field = "outbox[" + i + "]";
      if (!e.tenant().equals(a.tenant()) || !e.appointmentId().equals(a.id())) {
        throw new ValidationException(
            field, "belongs to another appointment: " + e.appointmentId());
      }
      if (e.sequence() != sequence) {
        throw new ValidationException(
            field + ".sequence", "must be " + sequence + ", was " + e.sequence());
      }
      if (e.status() != OutboxStatus.PENDING || e.claimOwner().isPresent()) {
        throw new ValidationException(field + ".status", "must be PENDING and unclaimed");
      }
      Jdbc.fits(e.id(), MAX_ID, field + ".id");
      Jdbc.fits(e.provider(), MAX_PROVIDER, field + ".provider");
      for (int j = 0; j < i; j++) {
        if (copy.get(j).id().equals(e.id())) {
          throw new ValidationException(field + ".id", "appears twice: " + e.id());
        }
      }
    }
    return copy;
  }

  /**
   * H2 only: makes sure the lock rows exist (in their own transactions), so FOR UPDATE finds them.
   */
  private void ensureLockRows(TenantId tenant, List<ResourceId> resources) {
    if (dialect != Dialect.H2) {
      return;
    }
    for (ResourceId r : resources) {
      try (Connection c = dataSource.getConnection();
          PreparedStatement p =
              c.prepareStatement(
                  "INSERT INTO cita_resource_lock (tenant_id, resource_id) SELECT ?, ? WHERE NOT"
                      + " EXISTS (SELECT 1 FROM cita_resource_lock WHERE tenant_id = ? AND"
                      + " resource_id = ?)")) {
        c.setAutoCommit(true);
        p.setString(1, tenant.value());
        p.setString(2, r.value());
        p.setString(3, tenant.value());
        p.setString(4, r.value());
        p.executeUpdate();
      } catch (SQLException e) {
        if (!"23505".equals(Jdbc.sqlState(e))) { // created by a concurrent writer: fine
          throw Jdbc.failure("creating the lock row of resource " + r, e);
        }
      }
    }
  }

  /**
   * Takes the transaction-scoped locks of {@code resources}, in a fixed order; the first statement
   * of every write transaction. On PostgreSQL the transaction's {@code SET TRANSACTION} and the
   * advisory locks go in one round trip ({@link #pgLockSql}).
   */
  private void lock(Connection c, TenantId tenant, List<ResourceId> resources) throws SQLException {
    List<String> sorted = sortedIds(resources);
    if (dialect == Dialect.POSTGRESQL) {
      try (PreparedStatement p = c.prepareStatement(pgLockSql(sorted.size()))) {
        bindLocks(p, tenant, sorted);
        p.execute();
      }
      return;
    }
    for (String resource : sorted) {
      try (PreparedStatement p =
          c.prepareStatement(
              "SELECT tenant_id FROM cita_resource_lock WHERE tenant_id = ? AND resource_id = ? FOR"
                  + " UPDATE")) {
        p.setString(1, tenant.value());
        p.setString(2, resource);
        try (ResultSet r = p.executeQuery()) {
          if (!r.next()) {
            throw new SchedulingException("lock row of resource " + resource + " is missing");
          }
        }
      }
    }
  }

  /** The ids of {@code resources}, distinct, in the order every write locks them. */
  private static List<String> sortedIds(List<ResourceId> resources) {
    return resources.stream().map(ResourceId::value).sorted().distinct().toList();
  }

  /**
   * PostgreSQL: the {@code SET TRANSACTION} a write transaction starts with, then the advisory lock
   * of each of {@code resources} resources (parameters bound by {@link #bindLocks}).
   */
  private static String pgLockSql(int resources) {
    StringBuilder sql = new StringBuilder(Jdbc.READ_COMMITTED_FIRST);
    for (int i = 0; i < resources; i++) {
      sql.append("; SELECT pg_advisory_xact_lock(hashtext(?), hashtext(?))");
    }
    return sql.toString();
  }

  /** Binds the parameters of {@link #pgLockSql}; returns the number bound. */
  private static int bindLocks(PreparedStatement p, TenantId tenant, List<String> sorted)
      throws SQLException {
    int n = 0;
    for (String resource : sorted) {
      p.setString(++n, tenant.value());
      p.setString(++n, resource);
    }
    return n;
  }

  /**
   * The rows the check asks for, for every resource the candidate holds (host and participant
   * rows): none when it asks for none.
   */
  private Map<ResourceId, List<Appointment>> rowsToCheck(
      Connection c, Appointment candidate, ConflictCheck check) throws SQLException {
    Optional<TimeInterval> range = check.lookupRange();
    Map<ResourceId, List<Appointment>> rows = new LinkedHashMap<>();
    if (range.isPresent()) {
      for (ResourceId r : candidate.resources()) {
        rows.put(r, overlapping(c, candidate.tenant(), r, range.get(), candidate.id()));
      }
    }
    return rows;
  }

  /**
   * Runs the check for every resource the candidate holds against that resource's rows; returns the
   * rows of the candidate's own resource.
   */
  private static List<Appointment> verify(
      Appointment candidate, ConflictCheck check, Map<ResourceId, List<Appointment>> rows) {
    for (ResourceId r : candidate.resources()) {
      check.verify(r, candidate, rows.getOrDefault(r, List.of()));
    }
    return rows.getOrDefault(candidate.resource(), List.of());
  }

  /** Whether an appointment id is taken in a tenant. */
  private static final String EXISTS_SQL =
      "SELECT 1 FROM cita_appointment WHERE tenant_id = ? AND id = ?";

  private static boolean exists(Connection c, TenantId tenant, AppointmentId id)
      throws SQLException {
    try (PreparedStatement p = c.prepareStatement(EXISTS_SQL)) {
      p.setString(1, tenant.value());
      p.setString(2, id.value());
      try (ResultSet r = p.executeQuery()) {
        return r.next();
      }
    }
  }

  private boolean existsQuietly(TenantId tenant, AppointmentId id) {
    try (Connection c = dataSource.getConnection()) {
      return exists(c, tenant, id);
    } catch (SQLException e) {
      return false;
    }
  }

  private record Current(
      String resource, long version, String slotKey, Seat seat, @Nullable String participants) {}

  private static @Nullable Current current(Connection c, TenantId tenant, AppointmentId id)
      throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT resource_id, version, slot_key, seat_no, seats, participants"
                + " FROM cita_appointment WHERE tenant_id = ? AND id = ? FOR UPDATE")) {
      p.setString(1, tenant.value());
      p.setString(2, id.value());
      try (ResultSet r = p.executeQuery()) {
        return r.next()
            ? new Current(
                r.getString(1),
                r.getLong(2),
                r.getString(3),
                new Seat(r.getObject(4, Integer.class), r.getObject(5, Integer.class)),
                r.getString(6))
            : null;
      }
    }
  }

  private Optional<AppointmentId> keyHolderQuietly(TenantId tenant, String key) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement p = c.prepareStatement(KEY_HOLDER_SQL)) {
      p.setString(1, tenant.value());
      p.setString(2, key);
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? Optional.of(AppointmentId.of(r.getString(1))) : Optional.empty();
      }
    } catch (SQLException e) {
      return Optional.empty();
    }
  }

  /** Inserts an appointment's row: {@link AppointmentRows#bind}, then {@link #bindTail}. */
  private static final String INSERT_SQL =
      "INSERT INTO cita_appointment ("
          + AppointmentRows.COLUMNS
          + ", seat_no, seats, status_reason, series_id, occurrence_start, participants,"
          + " member_refs) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
          + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private static void insertRow(Connection c, Appointment a, Seat seat) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(INSERT_SQL)) {
      int n = AppointmentRows.bind(p, a);
      bindTail(p, n, a, seat);
      p.executeUpdate();
    }
  }

  private static int updateRow(Connection c, Appointment next, Seat seat, long expectedVersion)
      throws SQLException {
    StringBuilder sql = new StringBuilder("UPDATE cita_appointment SET ");
    String[] columns = AppointmentRows.COLUMNS.split(",\\s*");
    for (int i = 0; i < columns.length; i++) {
      sql.append(i == 0 ? "" : ", ").append(columns[i].strip()).append(" = ?");
    }
    sql.append(
        ", seat_no = ?, seats = ?, status_reason = ?, series_id = ?, occurrence_start = ?,"
            + " participants = ?, member_refs = ? WHERE tenant_id = ? AND id = ? AND version = ?");
    try (PreparedStatement p = c.prepareStatement(sql.toString())) {
      int n = AppointmentRows.bind(p, next);
      n = bindTail(p, n, next, seat);
      p.setString(n + 1, next.tenant().value());
      p.setString(n + 2, next.id().value());
      p.setLong(n + 3, expectedVersion);
      return p.executeUpdate();
    }
  }

  /**
   * Binds the columns written after {@link AppointmentRows#COLUMNS}: the seat, the status reason,
   * the series, the participants and the members' event ids.
   */
  private static int bindTail(PreparedStatement p, int bound, Appointment a, Seat seat)
      throws SQLException {
    p.setObject(bound + 1, seat.number(), java.sql.Types.INTEGER);
    p.setObject(bound + 2, seat.seats(), java.sql.Types.INTEGER);
    p.setString(bound + 3, a.statusReason().orElse(null));
    p.setString(bound + 4, a.seriesId().map(SeriesId::value).orElse(null));
    Jdbc.setInstant(p, bound + 5, a.occurrenceStart().orElse(null));
    p.setString(bound + 6, AppointmentRows.participantsToJson(a));
    p.setString(bound + 7, AppointmentRows.memberRefsToJson(a));
    return bound + 7;
  }

  /**
   * Writes the appointment's participant rows (V18), with its time and whether it holds time; on an
   * update, the old rows go first. On PostgreSQL the participant table's exclusion constraint
   * refuses a participant row overlapping another of the same resource whatever the check said.
   */
  private static void writeParticipants(Connection c, Appointment a, boolean replace)
      throws SQLException {
    if (replace) {
      try (PreparedStatement p =
          c.prepareStatement(
              "DELETE FROM cita_appointment_participant WHERE tenant_id = ? AND appointment_id ="
                  + " ?")) {
        p.setString(1, a.tenant().value());
        p.setString(2, a.id().value());
        p.executeUpdate();
      }
    }
    if (a.participants().isEmpty()) {
      return;
    }
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO cita_appointment_participant (tenant_id, appointment_id, resource_id,"
                + " start_at, end_at, holds_time) VALUES (?, ?, ?, ?, ?, ?)")) {
      for (ResourceId r : a.participants()) {
        p.setString(1, a.tenant().value());
        p.setString(2, a.id().value());
        p.setString(3, r.value());
        Jdbc.setInstant(p, 4, a.start());
        Jdbc.setInstant(p, 5, a.end());
        p.setBoolean(6, AppointmentLifecycle.holdsTime(a.status()));
        p.addBatch();
      }
      p.executeBatch();
    }
  }

  /**
   * Writes this appointment's rows in the lookup table of external references; with {@code replace}
   * (an update) the old rows go first. A new appointment has none: appointments are never deleted,
   * so no row names an id that was free.
   */
  private void writeRefs(Connection c, Appointment a, boolean replace) throws SQLException {
    if (replace) {
      try (PreparedStatement p =
          c.prepareStatement(
              "DELETE FROM cita_appointment_ref WHERE tenant_id = ? AND appointment_id = ?")) {
        p.setString(1, a.tenant().value());
        p.setString(2, a.id().value());
        p.executeUpdate();
      }
    }
    // The primary events and every member's (issue 21), each pair once: Google gives the members'
    // copies the primary's id (event ids are unique per calendar).
    Set<Map.Entry<String, String>> refs = new LinkedHashSet<>(a.externalRefs().entrySet());
    a.memberRefs()
        .forEach(
            (provider, events) -> events.values().forEach(id -> refs.add(Map.entry(provider, id))));
    if (refs.isEmpty()) {
      return;
    }
    // The latest writer of a reference owns it (as in the in-memory store); reads check the
    // appointment's own map as well.
    String sql =
        dialect == Dialect.POSTGRESQL
            ? "INSERT INTO cita_appointment_ref (tenant_id, provider, external_id, appointment_id)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT (tenant_id, provider, external_id) DO UPDATE"
                + " SET appointment_id = EXCLUDED.appointment_id"
            : "MERGE INTO cita_appointment_ref (tenant_id, provider, external_id, appointment_id)"
                + " KEY (tenant_id, provider, external_id) VALUES (?, ?, ?, ?)";
    try (PreparedStatement p = c.prepareStatement(sql)) {
      for (Map.Entry<String, String> ref : refs) {
        p.setString(1, a.tenant().value());
        p.setString(2, ref.getKey());
        p.setString(3, ref.getValue());
        p.setString(4, a.id().value());
        p.addBatch();
      }
      p.executeBatch();
    }
  }

  // --- reads -------------------------------------------------------------------------------------

  private List<Appointment> overlapping(
      Connection c,
      TenantId tenant,
      ResourceId resource,
      TimeInterval range,
      @Nullable AppointmentId except)
      throws SQLException {
    try (PreparedStatement p = c.prepareStatement(timeHoldingSql)) {
      bindTimeHolding(p, 0, tenant, resource, range, except);
      return read(p);
    }
  }

  /**
   * Binds the parameters of {@link #timeHoldingSql} that follow the first {@code bound}; returns
   * the number bound in all.
   */
  private static int bindTimeHolding(
      PreparedStatement p,
      int bound,
      TenantId tenant,
      ResourceId resource,
      TimeInterval range,
      @Nullable AppointmentId except)
      throws SQLException {
    for (int part = 0; part < 2; part++) { // the host rows, then the participant rows
      int n = bound + part * 5;
      p.setString(n + 1, tenant.value());
      p.setString(n + 2, resource.value());
      Jdbc.setInstant(p, n + 3, range.start());
      Jdbc.setInstant(p, n + 4, range.end());
      p.setString(n + 5, except == null ? "" : except.value());
    }
    return bound + 10;
  }

  private List<Appointment> query(String sql, Object... args) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement p = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        if (args[i] instanceof Instant t) {
          Jdbc.setInstant(p, i + 1, t);
        } else if (args[i] instanceof Integer n) {
          p.setInt(i + 1, n);
        } else {
          p.setString(i + 1, (String) args[i]);
        }
      }
      return read(p);
    } catch (SQLException e) {
      throw Jdbc.failure("reading appointments", e);
    }
  }

  private static List<Appointment> read(PreparedStatement p) throws SQLException {
    try (ResultSet r = p.executeQuery()) {
      return readAll(r);
    }
  }

  private static List<Appointment> readAll(ResultSet r) throws SQLException {
    List<Appointment> out = new ArrayList<>();
    while (r.next()) {
      out.add(AppointmentRows.map(r));
    }
    return out;
  }
}
