package dev.cita.scheduling.jdbc;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.OutboxStore;
import dev.cita.scheduling.sync.OutboxBacklog;
import dev.cita.scheduling.sync.OutboxEntry;
import dev.cita.scheduling.sync.OutboxStatus;
import dev.cita.scheduling.sync.SyncAction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * An {@link OutboxStore} over the {@code cita_outbox} table. Entries are written by {@link
 * JdbcAppointmentStore} in the transaction of the appointment change; get this store from {@link
 * JdbcAppointmentStore#outbox()} or {@link #create(DataSource)}.
 *
 * <p>{@link #claimDue} selects the due entries that are first in line for their (tenant,
 * appointment, provider) with {@code FOR UPDATE SKIP LOCKED}, so several workers on several nodes
 * claim disjoint entries without waiting for each other (the provider filter is one more condition
 * on the same {@code cita_outbox_pending} index); the settling calls update a row only while it is
 * PENDING and claimed by the calling worker.
 */
public final class JdbcOutboxStore implements OutboxStore {
  private static final String COLUMNS =
      "id, tenant_id, appointment_id, provider, action, sequence, status, attempts, claims,"
          + " next_attempt_at, last_error, created_at, claim_owner, lease_until, possibly_sent,"
          + " detail";

  /** The changes of one appointment a provider has not been told about yet. */
  static final String UNFINISHED_SQL =
      "SELECT "
          + COLUMNS
          + " FROM cita_outbox WHERE tenant_id = ?"
          + " AND appointment_id = ? AND provider = ? AND status <> 'DONE' ORDER BY sequence";

  /**
   * The claim: due entries that are first in line, where no other entry of the stream that is not
   * DONE comes before it (by sequence, then creation, then write order), locked with SKIP LOCKED.
   */
  static final String CLAIM_SQL = claimSql(0);

  /** Pending entries per provider (partial index {@code cita_outbox_pending}). */
  static final String PENDING_BACKLOG_SQL =
      "SELECT provider, COUNT(*) AS n, MIN(created_at) AS oldest FROM cita_outbox"
          + " WHERE status = 'PENDING' GROUP BY provider";

  /** Dead letters per provider (partial index {@code cita_outbox_dead}, migration V16). */
  static final String DEAD_BACKLOG_SQL =
      "SELECT provider, COUNT(*) AS n FROM cita_outbox WHERE status = 'DEAD' GROUP BY provider";

  /**
   * The claim restricted to {@code providers} providers ({@code o.provider IN (?, ...)}, bound
   * after the two instants); 0 is the unfiltered {@link #CLAIM_SQL}.
   */
  static String claimSql(int providers) {
    String filter =
        providers == 0
            ? ""
            : " o.provider IN (" + String.join(", ", Collections.nCopies(providers, "?")) + ") AND";
    return "SELECT "
        + COLUMNS
        + " FROM cita_outbox o WHERE o.status = 'PENDING' AND o.next_attempt_at <= ? AND"
        + " (o.lease_until IS NULL OR o.lease_until <= ?) AND"
        + filter
        + " NOT EXISTS (SELECT 1 FROM"
        + " cita_outbox p WHERE p.tenant_id = o.tenant_id AND p.appointment_id = o.appointment_id"
        + " AND p.provider = o.provider AND p.status <> 'DONE' AND (p.sequence < o.sequence OR"
        + " (p.sequence = o.sequence AND (p.created_at < o.created_at OR (p.created_at ="
        + " o.created_at AND p.write_seq < o.write_seq))))) ORDER BY o.next_attempt_at,"
        + " o.created_at, o.write_seq FETCH FIRST ? ROWS ONLY FOR UPDATE SKIP LOCKED";
  }

  /** Settling an entry the worker holds (complete; retry and dead letter have the same WHERE). */
  static final String COMPLETE_SQL =
      "UPDATE cita_outbox SET status = 'DONE', claim_owner = NULL, lease_until = NULL"
          + " WHERE id = ? AND status = 'PENDING' AND claim_owner = ?";

  private final DataSource dataSource;
  private final Dialect dialect;

  JdbcOutboxStore(DataSource dataSource, Dialect dialect) {
    this.dataSource = dataSource;
    this.dialect = dialect;
  }

  /**
   * An outbox store on {@code dataSource}, whose dialect is read from the database.
   *
   * @param dataSource the database, whose schema {@link JdbcMigrations} created
   * @return the store
   */
  public static JdbcOutboxStore create(DataSource dataSource) {
    Checks.notNull(dataSource, "dataSource");
    return new JdbcOutboxStore(dataSource, Dialect.of(dataSource));
  }

  /** Refuses entries whose id exists already; called inside the appointment's transaction. */
  void checkIdsAreNew(Connection c, List<OutboxEntry> entries) throws SQLException {
    Set<String> taken = new HashSet<>();
    try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM cita_outbox WHERE id = ?")) {
      for (OutboxEntry e : entries) {
        p.setString(1, e.id());
        try (ResultSet r = p.executeQuery()) {
          if (r.next()) {
            taken.add(e.id());
          }
        }
      }
    }
    refuseTaken(entries, taken);
  }

  /** Inserts one entry; the parameters are bound by {@link #bindInsert}. */
  static final String INSERT_SQL =
      "INSERT INTO cita_outbox ("
          + COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /** Refused ids among {@code ids}; the appointment store reads it with its lock on PostgreSQL. */
  static final String TAKEN_IDS_SQL = "SELECT id FROM cita_outbox WHERE id = ANY (?)";

  /**
   * The id of each entry that is taken, as {@link #checkIdsAreNew} refuses it, read from the rows
   * of {@link #TAKEN_IDS_SQL}.
   */
  static void refuseTaken(List<OutboxEntry> entries, Set<String> taken) {
    for (int i = 0; i < entries.size(); i++) {
      if (taken.contains(entries.get(i).id())) {
        throw new ValidationException(
            "outbox[" + i + "].id", "exists already: " + entries.get(i).id());
      }
    }
  }

  /**
   * Binds {@code e} to the parameters of {@link #INSERT_SQL} that follow the first {@code bound};
   * returns the number bound in all.
   */
  static int bindInsert(PreparedStatement p, int bound, OutboxEntry e) throws SQLException {
    p.setString(bound + 1, e.id());
    p.setString(bound + 2, e.tenant().value());
    p.setString(bound + 3, e.appointmentId().value());
    p.setString(bound + 4, e.provider());
    p.setString(bound + 5, e.action().name());
    p.setLong(bound + 6, e.sequence());
    p.setString(bound + 7, e.status().name());
    p.setInt(bound + 8, e.attempts());
    p.setInt(bound + 9, e.claims());
    Jdbc.setInstant(p, bound + 10, e.nextAttemptAt());
    p.setString(bound + 11, e.lastError().orElse(null));
    Jdbc.setInstant(p, bound + 12, e.createdAt());
    p.setString(bound + 13, e.claimOwner().orElse(null));
    Jdbc.setInstant(p, bound + 14, e.leaseUntil().orElse(null));
    p.setBoolean(bound + 15, e.possiblySent());
    p.setString(bound + 16, e.detail().orElse(null));
    return bound + 16;
  }

  /** Writes entries inside the appointment's transaction. */
  void append(Connection c, List<OutboxEntry> entries) throws SQLException {
    if (entries.isEmpty()) {
      return;
    }
    try (PreparedStatement p = c.prepareStatement(INSERT_SQL)) {
      for (OutboxEntry e : entries) {
        bindInsert(p, 0, e);
        p.executeUpdate(); // one by one, so write_seq follows the list order
      }
    }
  }

  @Override
  public List<OutboxEntry> claimDue(Instant now, int limit, String worker, Duration lease) {
    return claim(now, limit, worker, lease, null);
  }

  @Override
  public List<OutboxEntry> claimDue(
      Instant now, int limit, String worker, Duration lease, Set<String> providers) {
    Checks.notNull(providers, "providers");
    return claim(now, limit, worker, lease, providers);
  }

  /** The claim; null {@code providers} means every provider. */
  private List<OutboxEntry> claim(
      Instant now, int limit, String worker, Duration lease, @Nullable Set<String> only) {
    Checks.notNull(now, "now");
    Checks.atLeast(limit, 1, "limit");
    Checks.notBlank(worker, "worker");
    Checks.positive(lease, "lease");
    List<String> providers = only == null ? List.of() : Checks.nonEmptyIds(only, "providers");
    Instant until = now.plus(lease);
    String sql = claimSql(providers.size());
    try {
      return Jdbc.inTransaction(
          dataSource,
          c -> {
            List<OutboxEntry> due = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(sql)) {
              Jdbc.setInstant(p, 1, now);
              Jdbc.setInstant(p, 2, now);
              for (int i = 0; i < providers.size(); i++) {
                p.setString(3 + i, providers.get(i));
              }
              p.setInt(3 + providers.size(), limit);
              try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                  due.add(map(r));
                }
              }
            }
            List<OutboxEntry> claimed = new ArrayList<>();
            try (PreparedStatement p =
                c.prepareStatement(
                    "UPDATE cita_outbox SET claim_owner = ?, lease_until = ?, claims = claims + 1"
                        + " WHERE id = ?")) {
              for (OutboxEntry e : due) {
                p.setString(1, worker);
                Jdbc.setInstant(p, 2, until);
                p.setString(3, e.id());
                p.executeUpdate();
                claimed.add(e.toBuilder().claim(worker, until).claims(e.claims() + 1).build());
              }
            }
            return claimed;
          });
    } catch (SQLException e) {
      throw Jdbc.failure("claiming outbox entries", e);
    }
  }

  @Override
  public boolean complete(String entryId, String worker) {
    Checks.notBlank(entryId, "entryId");
    Checks.notBlank(worker, "worker");
    return update(COMPLETE_SQL, entryId, worker);
  }

  @Override
  public boolean retryLater(
      String entryId,
      String worker,
      int attempts,
      Instant nextAttemptAt,
      String lastError,
      boolean possiblySent) {
    Checks.notBlank(entryId, "entryId");
    Checks.notBlank(worker, "worker");
    Checks.atLeast(attempts, 0, "attempts");
    Checks.notNull(nextAttemptAt, "nextAttemptAt");
    return update(
        "UPDATE cita_outbox SET attempts = ?, next_attempt_at = ?, last_error = ?, claim_owner ="
            + " NULL, lease_until = NULL, possibly_sent = possibly_sent OR ? WHERE id = ? AND"
            + " status = 'PENDING' AND claim_owner = ?",
        attempts,
        nextAttemptAt,
        truncate(lastError),
        possiblySent,
        entryId,
        worker);
  }

  @Override
  public boolean deadLetter(
      String entryId, String worker, int attempts, String lastError, boolean possiblySent) {
    Checks.notBlank(entryId, "entryId");
    Checks.notBlank(worker, "worker");
    Checks.atLeast(attempts, 0, "attempts");
    return update(
        "UPDATE cita_outbox SET status = 'DEAD', attempts = ?, last_error = ?, claim_owner = NULL,"
            + " lease_until = NULL, possibly_sent = possibly_sent OR ? WHERE id = ? AND status ="
            + " 'PENDING' AND claim_owner = ?",
        attempts,
        truncate(lastError),
        possiblySent,
        entryId,
        worker);
  }

  @Override
  public boolean requeue(String entryId) {
    Checks.notBlank(entryId, "entryId");
    return update(
        "UPDATE cita_outbox SET status = 'PENDING', attempts = 0, claims = 0"
            + " WHERE id = ? AND status = 'DEAD'",
        entryId);
  }

  @Override
  public List<OutboxBacklog> backlog() {
    return Jdbc.inTransaction(
        dataSource,
        "reading the outbox backlog",
        c -> {
          Map<String, long[]> counts = new TreeMap<>(); // provider -> {pending, dead}
          Map<String, Instant> oldest = new HashMap<>();
          try (PreparedStatement p = c.prepareStatement(PENDING_BACKLOG_SQL);
              ResultSet r = p.executeQuery()) {
            while (r.next()) {
              String provider = r.getString("provider");
              counts.computeIfAbsent(provider, k -> new long[2])[0] = r.getLong("n");
              oldest.put(provider, Jdbc.getInstant(r, "oldest"));
            }
          }
          try (PreparedStatement p = c.prepareStatement(DEAD_BACKLOG_SQL);
              ResultSet r = p.executeQuery()) {
            while (r.next()) {
              counts.computeIfAbsent(r.getString("provider"), k -> new long[2])[1] = r.getLong("n");
            }
          }
          List<OutboxBacklog> lines = new ArrayList<>();
          counts.forEach(
              (provider, n) ->
                  lines.add(
                      new OutboxBacklog(
                          provider, n[0], Optional.ofNullable(oldest.get(provider)), n[1])));
          return lines;
        });
  }

  @Override
  public Optional<OutboxEntry> find(String entryId) {
    Checks.notBlank(entryId, "entryId");
    return query("SELECT " + COLUMNS + " FROM cita_outbox WHERE id = ?", entryId).stream()
        .findFirst();
  }

  @Override
  public List<OutboxEntry> entries(TenantId tenant) {
    Checks.notNull(tenant, "tenant");
    return query(
        "SELECT " + COLUMNS + " FROM cita_outbox WHERE tenant_id = ? ORDER BY write_seq",
        tenant.value());
  }

  /** Answered from the {@code cita_outbox_stream} index. */
  @Override
  public List<OutboxEntry> unfinished(TenantId tenant, AppointmentId appointment, String provider) {
    Checks.notNull(tenant, "tenant");
    Checks.notNull(appointment, "appointment");
    Checks.notBlank(provider, "provider");
    return query(UNFINISHED_SQL, tenant.value(), appointment.value(), provider);
  }

  private static String truncate(String text) {
    if (text == null || text.length() <= OutboxEntry.MAX_ERROR_LENGTH) {
      return text;
    }
    return text.substring(0, OutboxEntry.MAX_ERROR_LENGTH - 1) + "…";
  }

  private boolean update(String sql, Object... args) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement p = c.prepareStatement(sql)) {
      bind(p, args);
      return p.executeUpdate() == 1;
    } catch (SQLException e) {
      throw Jdbc.failure("updating the outbox", e);
    }
  }

  private List<OutboxEntry> query(String sql, Object... args) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement p = c.prepareStatement(sql)) {
      bind(p, args);
      List<OutboxEntry> out = new ArrayList<>();
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(map(r));
        }
      }
      return out;
    } catch (SQLException e) {
      throw Jdbc.failure("reading the outbox", e);
    }
  }

  private static void bind(PreparedStatement p, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      Object a = args[i];
      if (a instanceof Instant t) {
        Jdbc.setInstant(p, i + 1, t);
      } else if (a instanceof Integer n) {
        p.setInt(i + 1, n);
      } else if (a instanceof Boolean flag) {
        p.setBoolean(i + 1, flag);
      } else {
        p.setString(i + 1, (String) a);
      }
    }
  }

  private static OutboxEntry map(ResultSet r) throws SQLException {
    return OutboxEntry.builder()
        .id(r.getString("id"))
        .tenant(TenantId.of(r.getString("tenant_id")))
        .appointmentId(AppointmentId.of(r.getString("appointment_id")))
        .provider(r.getString("provider"))
        .action(SyncAction.valueOf(r.getString("action")))
        .sequence(r.getLong("sequence"))
        .status(OutboxStatus.valueOf(r.getString("status")))
        .attempts(r.getInt("attempts"))
        .claims(r.getInt("claims"))
        .possiblySent(r.getBoolean("possibly_sent"))
        .nextAttemptAt(Jdbc.getInstant(r, "next_attempt_at"))
        .lastError(r.getString("last_error"))
        .createdAt(Jdbc.getInstant(r, "created_at"))
        .claim(r.getString("claim_owner"), Jdbc.getNullableInstant(r, "lease_until"))
        .detail(r.getString("detail"))
        .build();
  }
}
