package dev.cita.scheduling.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cita.scheduling.ConcurrentUpdateException;
import dev.cita.scheduling.DuplicateAppointmentException;
import dev.cita.scheduling.NotFoundException;
import dev.cita.scheduling.SchedulingException;
import dev.cita.scheduling.SlotUnavailableException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.spi.AppointmentStore;
import dev.cita.scheduling.spi.ConflictCheck;
import dev.cita.scheduling.status.AppointmentLifecycle;
import dev.cita.scheduling.sync.OutboxEntry;
import dev.cita.scheduling.sync.OutboxStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * An {@link AppointmentStore} on a JDBC {@link DataSource} (PostgreSQL or H2, detected), over the
 * tables of {@code V1__appointments_and_outbox.sql}; run {@link JdbcMigrations#migrate} first.
 *
 * <p>Every write is one transaction that takes the per-(tenant, resource) lock
 * ({@code pg_advisory_xact_lock} on PostgreSQL, a {@code SELECT ... FOR UPDATE} on a
 * {@code cita_resource_lock} row on H2), checks the id, loads the time-holding rows the
 * {@link ConflictCheck} asks for, runs it, and writes the appointment, its external references and
 * its outbox entries. On PostgreSQL an exclusion constraint also refuses overlapping time-holding
 * rows of one resource (except the seats of one slot: same type, start and end) whatever the
 * check said; such a refusal (SQLSTATE 23P01) is reported as {@link SlotUnavailableException}.
 *
 * <p>Instants are stored as {@code TIMESTAMP WITH TIME ZONE}: PostgreSQL keeps microseconds, so
 * sub-microsecond parts of instants are cut on PostgreSQL; H2 keeps nanoseconds. Text fields have
 * the length limits of the {@code MAX_*} constants; a longer value is refused with a
 * {@link ValidationException} naming the field before anything is written.
 */
public final class JdbcAppointmentStore implements AppointmentStore {
  /** Longest id (tenant, appointment, resource, type, idempotency key), in characters. */
  public static final int MAX_ID = 200;
  /** Longest attendee name. */
  public static final int MAX_NAME = 200;
  /** Longest attendee e-mail. */
  public static final int MAX_EMAIL = 320;
  /** Longest location. */
  public static final int MAX_LOCATION = 500;
  /** Longest notes. */
  public static final int MAX_NOTES = 2000;
  /** Longest provider id of an external reference or outbox entry. */
  public static final int MAX_PROVIDER = 100;
  /** Longest external id. */
  public static final int MAX_EXTERNAL_ID = 500;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<TreeMap<String, String>> REFS = new TypeReference<>() {};
  private static final String COLUMNS = "tenant_id, id, resource_id, type_id, attendee_name, attendee_email,"
      + " attendee_phone, attendee_locale, attendee_zone, start_at, end_at, buffer_before_seconds,"
      + " buffer_after_seconds, display_zone, status, holds_time, slot_key, location, notes, external_refs,"
      + " idempotency_key, provider_event_at, version, created_at, updated_at";

  private final DataSource dataSource;
  private final Dialect dialect;
  private final JdbcOutboxStore outbox;

  private JdbcAppointmentStore(DataSource dataSource) {
    this.dataSource = Checks.notNull(dataSource, "dataSource");
    this.dialect = Dialect.of(dataSource);
    this.outbox = new JdbcOutboxStore(dataSource, dialect);
  }

  /** A store on {@code dataSource}, whose dialect is read from the database. */
  public static JdbcAppointmentStore create(DataSource dataSource) {
    return new JdbcAppointmentStore(dataSource);
  }

  /** The outbox this store writes entries into, on the same data source. */
  public JdbcOutboxStore outbox() {
    return outbox;
  }

  /** The database dialect in use. */
  public Dialect dialect() {
    return dialect;
  }

  @Override
  public Appointment insert(Appointment appointment, ConflictCheck check, List<OutboxEntry> entries) {
    Checks.notNull(appointment, "appointment");
    Checks.notNull(check, "check");
    validate(appointment);
    List<OutboxEntry> written = checkedOutbox(appointment, entries, appointment.version());
    ensureLockRows(appointment.tenant(), List.of(appointment.resource()));
    try {
      return Jdbc.inTransaction(dataSource, c -> {
        lock(c, appointment.tenant(), List.of(appointment.resource()));
        if (exists(c, appointment.tenant(), appointment.id())) {
          throw new DuplicateAppointmentException(appointment.id());
        }
        verify(c, appointment, check);
        outbox.checkIdsAreNew(c, written);
        insertRow(c, appointment);
        writeRefs(c, appointment);
        outbox.append(c, written);
        return appointment;
      });
    } catch (SQLException e) {
      String state = Jdbc.sqlState(e);
      if ("23P01".equals(state)) {
        throw new SlotUnavailableException("appointment " + appointment.id()
            + " overlaps a time-holding appointment of resource " + appointment.resource());
      }
      if ("23505".equals(state) && existsQuietly(appointment.tenant(), appointment.id())) {
        // Inserted meanwhile for another resource (whose lock we did not hold).
        throw new DuplicateAppointmentException(appointment.id());
      }
      throw Jdbc.failure("inserting appointment " + appointment.id(), e);
    }
  }

  @Override
  public Appointment update(Appointment appointment, ConflictCheck check, List<OutboxEntry> entries) {
    Checks.notNull(appointment, "appointment");
    Checks.notNull(check, "check");
    validate(appointment);
    List<OutboxEntry> written = checkedOutbox(appointment, entries, appointment.version() + 1);
    while (true) {
      Optional<ResourceId> seen = currentResource(appointment.tenant(), appointment.id());
      if (seen.isEmpty()) {
        throw new NotFoundException("appointment", appointment.id());
      }
      // Lock where the appointment is now and where it goes, in a fixed order.
      List<ResourceId> resources = seen.get().equals(appointment.resource())
          ? List.of(appointment.resource())
          : List.of(seen.get(), appointment.resource());
      ensureLockRows(appointment.tenant(), resources);
      try {
        Appointment stored = Jdbc.inTransaction(dataSource, c -> {
          lock(c, appointment.tenant(), resources);
          Current current = current(c, appointment.tenant(), appointment.id());
          if (current == null) {
            throw new NotFoundException("appointment", appointment.id());
          }
          if (!current.resource.equals(seen.get().value())) {
            return null; // moved meanwhile: take the locks of where it is now
          }
          if (current.version != appointment.version()) {
            throw new ConcurrentUpdateException("appointment " + appointment.id() + " is at version "
                + current.version + ", the update was based on version " + appointment.version());
          }
          verify(c, appointment, check);
          outbox.checkIdsAreNew(c, written);
          Appointment next = appointment.toBuilder().version(appointment.version() + 1).build();
          if (updateRow(c, next, appointment.version()) != 1) {
            throw new ConcurrentUpdateException("appointment " + appointment.id() + " changed meanwhile");
          }
          writeRefs(c, next);
          outbox.append(c, written);
          return next;
        });
        if (stored != null) {
          return stored;
        }
      } catch (SQLException e) {
        if ("23P01".equals(Jdbc.sqlState(e))) {
          throw new SlotUnavailableException("appointment " + appointment.id()
              + " overlaps a time-holding appointment of resource " + appointment.resource());
        }
        throw Jdbc.failure("updating appointment " + appointment.id(), e);
      }
    }
  }

  @Override
  public Optional<Appointment> find(TenantId tenant, AppointmentId id) {
    Checks.notNull(tenant, "tenant");
    Checks.notNull(id, "appointmentId");
    return query("SELECT " + COLUMNS + " FROM cita_appointment WHERE tenant_id = ? AND id = ?",
        tenant.value(), id.value()).stream().findFirst();
  }

  @Override
  public Optional<Appointment> findByExternalRef(TenantId tenant, String provider, String externalId) {
    Checks.notNull(tenant, "tenant");
    Checks.notBlank(provider, "provider");
    Checks.notBlank(externalId, "externalId");
    return query("SELECT " + prefixed("a") + " FROM cita_appointment_ref r JOIN cita_appointment a"
        + " ON a.tenant_id = r.tenant_id AND a.id = r.appointment_id"
        + " WHERE r.tenant_id = ? AND r.provider = ? AND r.external_id = ?",
        tenant.value(), provider, externalId).stream()
        .filter(a -> a.externalRef(provider).filter(externalId::equals).isPresent())
        .findFirst();
  }

  @Override
  public List<Appointment> findTimeHolding(TenantId tenant, ResourceId resource, Instant from, Instant to) {
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
    return query("SELECT " + COLUMNS + " FROM cita_appointment WHERE tenant_id = ? AND start_at >= ?"
        + " AND start_at < ? AND holds_time ORDER BY start_at, id", tenant.value(), range.start(), range.end());
  }

  // --- writes ------------------------------------------------------------------------------------

  /** Refuses values the columns cannot hold, naming the field, before anything is written. */
  static void validate(Appointment a) {
    maxLength(a.tenant().value(), MAX_ID, "appointment.tenant");
    maxLength(a.id().value(), MAX_ID, "appointment.id");
    maxLength(a.resource().value(), MAX_ID, "appointment.resource");
    maxLength(a.type().value(), MAX_ID, "appointment.type");
    maxLength(a.attendee().name(), MAX_NAME, "attendee.name");
    maxLength(a.attendee().email().orElse(null), MAX_EMAIL, "attendee.email");
    maxLength(a.attendee().locale().toLanguageTag(), 100, "attendee.locale");
    maxLength(a.location().orElse(null), MAX_LOCATION, "appointment.location");
    maxLength(a.notes().orElse(null), MAX_NOTES, "appointment.notes");
    maxLength(a.idempotencyKey().orElse(null), MAX_ID, "appointment.idempotencyKey");
    a.externalRefs().forEach((provider, externalId) -> {
      maxLength(provider, MAX_PROVIDER, "appointment.externalRefs.provider");
      maxLength(externalId, MAX_EXTERNAL_ID, "appointment.externalRefs[" + provider + "]");
    });
  }

  private static void maxLength(String value, int max, String field) {
    if (value != null && value.length() > max) {
      throw new ValidationException(field, "must be at most " + max + " characters, was " + value.length());
    }
  }

  /** Checks, before anything is written, that every entry describes this write. */
  private static List<OutboxEntry> checkedOutbox(Appointment a, List<OutboxEntry> entries, long sequence) {
    Checks.notNull(entries, "outbox");
    List<OutboxEntry> copy = List.copyOf(entries);
    for (int i = 0; i < copy.size(); i++) {
      OutboxEntry e = copy.get(i);
      String field = "outbox[" + i + "]";
      if (!e.tenant().equals(a.tenant()) || !e.appointmentId().equals(a.id())) {
        throw new ValidationException(field, "belongs to another appointment: " + e.appointmentId());
      }
      if (e.sequence() != sequence) {
        throw new ValidationException(field + ".sequence", "must be " + sequence + ", was " + e.sequence());
      }
      if (e.status() != OutboxStatus.PENDING || e.claimOwner().isPresent()) {
        throw new ValidationException(field + ".status", "must be PENDING and unclaimed");
      }
      maxLength(e.id(), MAX_ID, field + ".id");
      maxLength(e.provider(), MAX_PROVIDER, field + ".provider");
      for (int j = 0; j < i; j++) {
        if (copy.get(j).id().equals(e.id())) {
          throw new ValidationException(field + ".id", "appears twice: " + e.id());
        }
      }
    }
    return copy;
  }

  /** H2 only: makes sure the lock rows exist (in their own transactions), so FOR UPDATE finds them. */
  private void ensureLockRows(TenantId tenant, List<ResourceId> resources) {
    if (dialect != Dialect.H2) {
      return;
    }
    for (ResourceId r : resources) {
      try (Connection c = dataSource.getConnection();
          PreparedStatement p = c.prepareStatement("INSERT INTO cita_resource_lock (tenant_id, resource_id)"
              + " SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM cita_resource_lock WHERE tenant_id = ? AND resource_id = ?)")) {
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

  /** Takes the transaction-scoped locks of {@code resources}, in a fixed order. */
  private void lock(Connection c, TenantId tenant, List<ResourceId> resources) throws SQLException {
    List<String> sorted = resources.stream().map(ResourceId::value).sorted().distinct().toList();
    for (String resource : sorted) {
      String sql = dialect == Dialect.POSTGRESQL
          ? "SELECT pg_advisory_xact_lock(hashtext(?), hashtext(?))"
          : "SELECT tenant_id FROM cita_resource_lock WHERE tenant_id = ? AND resource_id = ? FOR UPDATE";
      try (PreparedStatement p = c.prepareStatement(sql)) {
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

  private void verify(Connection c, Appointment candidate, ConflictCheck check) throws SQLException {
    Optional<TimeInterval> range = check.lookupRange();
    List<Appointment> existing = range.isPresent()
        ? overlapping(c, candidate.tenant(), candidate.resource(), range.get(), candidate.id())
        : List.of();
    check.verify(candidate, existing);
  }

  private static boolean exists(Connection c, TenantId tenant, AppointmentId id) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM cita_appointment WHERE tenant_id = ? AND id = ?")) {
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

  private record Current(String resource, long version) {}

  private static Current current(Connection c, TenantId tenant, AppointmentId id) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(
        "SELECT resource_id, version FROM cita_appointment WHERE tenant_id = ? AND id = ? FOR UPDATE")) {
      p.setString(1, tenant.value());
      p.setString(2, id.value());
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? new Current(r.getString(1), r.getLong(2)) : null;
      }
    }
  }

  private Optional<ResourceId> currentResource(TenantId tenant, AppointmentId id) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement p = c.prepareStatement("SELECT resource_id FROM cita_appointment WHERE tenant_id = ? AND id = ?")) {
      p.setString(1, tenant.value());
      p.setString(2, id.value());
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? Optional.of(ResourceId.of(r.getString(1))) : Optional.empty();
      }
    } catch (SQLException e) {
      throw Jdbc.failure("reading appointment " + id, e);
    }
  }

  private static void insertRow(Connection c, Appointment a) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("INSERT INTO cita_appointment (" + COLUMNS
        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      bindRow(p, a);
      p.executeUpdate();
    }
  }

  private static int updateRow(Connection c, Appointment next, long expectedVersion) throws SQLException {
    StringBuilder sql = new StringBuilder("UPDATE cita_appointment SET ");
    String[] columns = COLUMNS.split(",\\s*");
    for (int i = 0; i < columns.length; i++) {
      sql.append(i == 0 ? "" : ", ").append(columns[i].strip()).append(" = ?");
    }
    sql.append(" WHERE tenant_id = ? AND id = ? AND version = ?");
    try (PreparedStatement p = c.prepareStatement(sql.toString())) {
      int n = bindRow(p, next);
      p.setString(n + 1, next.tenant().value());
      p.setString(n + 2, next.id().value());
      p.setLong(n + 3, expectedVersion);
      return p.executeUpdate();
    }
  }

  /** Binds every column of {@link #COLUMNS}; returns the number bound. */
  private static int bindRow(PreparedStatement p, Appointment a) throws SQLException {
    Attendee who = a.attendee();
    int i = 0;
    p.setString(++i, a.tenant().value());
    p.setString(++i, a.id().value());
    p.setString(++i, a.resource().value());
    p.setString(++i, a.type().value());
    p.setString(++i, who.name());
    p.setString(++i, who.email().orElse(null));
    p.setString(++i, who.phone().orElse(null));
    p.setString(++i, who.locale().toLanguageTag());
    p.setString(++i, who.zone().map(ZoneId::getId).orElse(null));
    Jdbc.setInstant(p, ++i, a.start());
    Jdbc.setInstant(p, ++i, a.end());
    p.setLong(++i, a.bufferBefore().getSeconds());
    p.setLong(++i, a.bufferAfter().getSeconds());
    p.setString(++i, a.displayZone().getId());
    p.setString(++i, a.status().name());
    p.setBoolean(++i, AppointmentLifecycle.holdsTime(a.status()));
    p.setString(++i, slotKey(a));
    p.setString(++i, a.location().orElse(null));
    p.setString(++i, a.notes().orElse(null));
    p.setString(++i, toJson(a.externalRefs()));
    p.setString(++i, a.idempotencyKey().orElse(null));
    Jdbc.setInstant(p, ++i, a.providerEventAt().orElse(null));
    p.setLong(++i, a.version());
    Jdbc.setInstant(p, ++i, a.createdAt());
    Jdbc.setInstant(p, ++i, a.updatedAt());
    return i;
  }

  /**
   * The seat group of a time-holding appointment: rows with the same key (same type, start and
   * end) are seats of one slot and may share their time; the exclusion constraint refuses every
   * other overlap.
   */
  static String slotKey(Appointment a) {
    return a.type().value() + '|' + a.start().truncatedTo(ChronoUnit.MICROS) + '|'
        + a.end().truncatedTo(ChronoUnit.MICROS);
  }

  /** Replaces this appointment's rows in the lookup table of external references. */
  private void writeRefs(Connection c, Appointment a) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(
        "DELETE FROM cita_appointment_ref WHERE tenant_id = ? AND appointment_id = ?")) {
      p.setString(1, a.tenant().value());
      p.setString(2, a.id().value());
      p.executeUpdate();
    }
    if (a.externalRefs().isEmpty()) {
      return;
    }
    // The latest writer of a reference owns it (as in the in-memory store); reads check the
    // appointment's own map as well.
    String sql = dialect == Dialect.POSTGRESQL
        ? "INSERT INTO cita_appointment_ref (tenant_id, provider, external_id, appointment_id) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (tenant_id, provider, external_id) DO UPDATE SET appointment_id = EXCLUDED.appointment_id"
        : "MERGE INTO cita_appointment_ref (tenant_id, provider, external_id, appointment_id)"
            + " KEY (tenant_id, provider, external_id) VALUES (?, ?, ?, ?)";
    try (PreparedStatement p = c.prepareStatement(sql)) {
      for (Map.Entry<String, String> ref : a.externalRefs().entrySet()) {
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

  private List<Appointment> overlapping(Connection c, TenantId tenant, ResourceId resource, TimeInterval range,
      AppointmentId except) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM cita_appointment"
        + " WHERE tenant_id = ? AND resource_id = ? AND holds_time AND start_at < ? AND end_at > ?"
        + " AND id <> ? ORDER BY start_at, id")) {
      p.setString(1, tenant.value());
      p.setString(2, resource.value());
      Jdbc.setInstant(p, 3, range.end());
      Jdbc.setInstant(p, 4, range.start());
      p.setString(5, except == null ? "" : except.value());
      return read(p);
    }
  }

  private List<Appointment> query(String sql, Object... args) {
    try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        if (args[i] instanceof Instant t) {
          Jdbc.setInstant(p, i + 1, t);
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
    List<Appointment> out = new ArrayList<>();
    try (ResultSet r = p.executeQuery()) {
      while (r.next()) {
        out.add(map(r));
      }
    }
    return out;
  }

  private static String prefixed(String alias) {
    StringBuilder sb = new StringBuilder();
    for (String column : COLUMNS.split(",\\s*")) {
      sb.append(sb.length() == 0 ? "" : ", ").append(alias).append('.').append(column.strip());
    }
    return sb.toString();
  }

  /** Maps one row; a row that no longer makes a valid appointment is reported naming the row. */
  private static Appointment map(ResultSet r) throws SQLException {
    String tenant = r.getString("tenant_id");
    String id = r.getString("id");
    try {
      String zone = r.getString("attendee_zone");
      Attendee.Builder who = Attendee.builder(r.getString("attendee_name"))
          .email(r.getString("attendee_email"))
          .phone(r.getString("attendee_phone"))
          .locale(Locale.forLanguageTag(r.getString("attendee_locale")))
          .zone(zone == null ? null : ZoneId.of(zone));
      return Appointment.builder()
          .tenant(TenantId.of(tenant))
          .id(AppointmentId.of(id))
          .resource(ResourceId.of(r.getString("resource_id")))
          .type(AppointmentTypeId.of(r.getString("type_id")))
          .attendee(who.build())
          .start(Jdbc.getInstant(r, "start_at"))
          .end(Jdbc.getInstant(r, "end_at"))
          .bufferBefore(Duration.ofSeconds(r.getLong("buffer_before_seconds")))
          .bufferAfter(Duration.ofSeconds(r.getLong("buffer_after_seconds")))
          .displayZone(ZoneId.of(r.getString("display_zone")))
          .status(AppointmentStatus.valueOf(r.getString("status")))
          .location(r.getString("location"))
          .notes(r.getString("notes"))
          .externalRefs(fromJson(r.getString("external_refs")))
          .idempotencyKey(r.getString("idempotency_key"))
          .providerEventAt(Jdbc.getInstant(r, "provider_event_at"))
          .version(r.getLong("version"))
          .createdAt(Jdbc.getInstant(r, "created_at"))
          .updatedAt(Jdbc.getInstant(r, "updated_at"))
          .build();
    } catch (DateTimeException | IllegalArgumentException | SchedulingException e) {
      throw new SchedulingException("stored appointment " + id + " of tenant " + tenant
          + " in cita_appointment is not valid: " + e.getMessage(), e);
    }
  }

  private static String toJson(Map<String, String> refs) {
    try {
      return JSON.writeValueAsString(new TreeMap<>(refs));
    } catch (JsonProcessingException e) {
      throw new SchedulingException("cannot write external references", e);
    }
  }

  private static Map<String, String> fromJson(String json) {
    try {
      return JSON.readValue(json, REFS);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("external_refs is not a JSON object of strings", e);
    }
  }
}
