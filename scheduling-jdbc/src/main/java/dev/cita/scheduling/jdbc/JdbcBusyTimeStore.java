package dev.cita.scheduling.jdbc;

import static dev.cita.scheduling.jdbc.Jdbc.fits;

import dev.cita.scheduling.SchedulingException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.spi.BusyTimeStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A {@link BusyTimeStore} in tables {@code cita_busy_calendar} (one row per source, tenant,
 * resource and scope: version, read time, unavailable reason, read spans) and {@code
 * cita_busy_event} (its events). A load is one statement (so one consistent snapshot); a
 * compare-and-set updates the header row only at the expected version, which also locks it against
 * concurrent writers, and then writes only the events that changed.
 */
public final class JdbcBusyTimeStore implements BusyTimeStore {
  static final int SOURCE_LENGTH = 100;
  static final int EVENT_ID_LENGTH = 1024;
  static final int UNAVAILABLE_LENGTH = 2000;

  private static final String KEY =
      "source = ? AND tenant_id = ? AND resource_id = ? AND scope = ?";

  /** One resource's header and events, in one statement. */
  static final String LOAD_SQL =
      "SELECT c.version, c.refreshed_at, c.unavailable, c.known_spans, e.event_id, e.start_at,"
          + " e.end_at FROM cita_busy_calendar c LEFT JOIN cita_busy_event e ON e.source ="
          + " c.source AND e.tenant_id = c.tenant_id AND e.resource_id = c.resource_id AND"
          + " e.scope = c.scope WHERE c.source = ? AND c.tenant_id = ? AND c.resource_id = ? AND"
          + " c.scope = ?";

  /** The compare-and-set of an existing header. */
  static final String UPDATE_SQL =
      "UPDATE cita_busy_calendar SET version = version + 1, refreshed_at = ?, unavailable = ?,"
          + " known_spans = ? WHERE "
          + KEY
          + " AND version = ?";

  /** The events a compare-and-set compares the new snapshot with. */
  static final String EVENTS_SQL =
      "SELECT event_id, start_at, end_at FROM cita_busy_event WHERE " + KEY;

  /** Pruning one source's ended events. */
  static final String PRUNE_SQL = "DELETE FROM cita_busy_event WHERE source = ? AND end_at <= ?";

  private final DataSource dataSource;
  private final Dialect dialect;

  /**
   * A store over {@code dataSource}, whose schema {@link JdbcMigrations} created.
   *
   * @param dataSource the database; its dialect is read from it once, here
   */
  public JdbcBusyTimeStore(DataSource dataSource) {
    this.dataSource = Checks.notNull(dataSource, "dataSource");
    this.dialect = Dialect.of(dataSource);
  }

  @Override
  public Optional<Versioned> load(Key key) {
    Checks.notNull(key, "key");
    return Jdbc.inTransaction(
        dataSource,
        "loading busy time",
        c -> {
          try (PreparedStatement p = c.prepareStatement(LOAD_SQL)) {
            setKey(p, 1, key);
            try (ResultSet r = p.executeQuery()) {
              if (!r.next()) {
                return Optional.<Versioned>empty();
              }
              long version = r.getLong("version");
              Instant refreshedAt = Jdbc.getNullableInstant(r, "refreshed_at");
              String unavailable = r.getString("unavailable");
              List<ReadSpan> known = decode(key, r.getString("known_spans"));
              Map<String, TimeInterval> events = new HashMap<>();
              do {
                String id = r.getString("event_id");
                if (id != null) {
                  events.put(id, interval(r));
                }
              } while (r.next());
              return Optional.of(
                  new Versioned(new Snapshot(events, known, refreshedAt, unavailable), version));
            }
          }
        });
  }

  @Override
  public boolean compareAndSet(Key key, long expectedVersion, Snapshot next) {
    Checks.notNull(key, "key");
    Checks.notNull(next, "next");
    fits(key.source(), SOURCE_LENGTH, "key.source");
    fits(key.scope(), Jdbc.ID_LENGTH, "key.scope");
    fits(next.unavailable(), UNAVAILABLE_LENGTH, "next.unavailable");
    next.events().keySet().forEach(id -> fits(id, EVENT_ID_LENGTH, "next.events.eventId"));
    String spans = encode(next.known());
    return Jdbc.inReadCommitted(
        dataSource,
        dialect,
        "writing busy time",
        c -> {
          boolean won =
              expectedVersion == 0
                  ? insertHeader(c, key, next, spans)
                  : updateHeader(c, key, expectedVersion, next, spans);
          if (won) {
            writeEvents(c, key, next.events());
          }
          return won;
        });
  }

  @Override
  public int pruneEndedBefore(String source, Instant cutoff) {
    Checks.notBlank(source, "source");
    Checks.notNull(cutoff, "cutoff");
    return Jdbc.inTransaction(
        dataSource,
        "pruning busy time",
        c -> {
          try (PreparedStatement p = c.prepareStatement(PRUNE_SQL)) {
            p.setString(1, source);
            Jdbc.setInstant(p, 2, cutoff);
            return p.executeUpdate();
          }
        });
  }

  private boolean insertHeader(Connection c, Key key, Snapshot next, String spans)
      throws SQLException {
    return Jdbc.insertIfAbsent(
        c,
        dialect,
        "INSERT INTO cita_busy_calendar (source, tenant_id, resource_id, scope, version,"
            + " refreshed_at, unavailable, known_spans) VALUES (?, ?, ?, ?, 1, ?, ?, ?)",
        p -> {
          setKey(p, 1, key);
          Jdbc.setInstant(p, 5, next.refreshedAt());
          p.setString(6, next.unavailable());
          p.setString(7, spans);
        });
  }

  private static boolean updateHeader(
      Connection c, Key key, long expectedVersion, Snapshot next, String spans)
      throws SQLException {
    try (PreparedStatement p = c.prepareStatement(UPDATE_SQL)) {
      Jdbc.setInstant(p, 1, next.refreshedAt());
      p.setString(2, next.unavailable());
      p.setString(3, spans);
      setKey(p, 4, key);
      p.setLong(8, expectedVersion);
      return p.executeUpdate() == 1;
    }
  }

  /** Makes the stored events {@code events}, writing only those that changed. */
  private static void writeEvents(Connection c, Key key, Map<String, TimeInterval> events)
      throws SQLException {
    Map<String, TimeInterval> stored = new HashMap<>();
    try (PreparedStatement p = c.prepareStatement(EVENTS_SQL)) {
      setKey(p, 1, key);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          stored.put(r.getString("event_id"), interval(r));
        }
      }
    }
    List<String> gone = new ArrayList<>();
    stored.forEach(
        (id, interval) -> {
          if (!interval.equals(events.get(id))) {
            gone.add(id);
          }
        });
    if (!gone.isEmpty()) {
      try (PreparedStatement p =
          c.prepareStatement("DELETE FROM cita_busy_event WHERE " + KEY + " AND event_id = ?")) {
        for (String id : gone) {
          setKey(p, 1, key);
          p.setString(5, id);
          p.addBatch();
        }
        p.executeBatch();
      }
    }
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO cita_busy_event (source, tenant_id, resource_id, scope, event_id,"
                + " start_at, end_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      int batched = 0;
      for (Map.Entry<String, TimeInterval> e : events.entrySet()) {
        if (e.getValue().equals(stored.get(e.getKey()))) {
          continue;
        }
        setKey(p, 1, key);
        p.setString(5, e.getKey());
        Jdbc.setInstant(p, 6, e.getValue().start());
        Jdbc.setInstant(p, 7, e.getValue().end());
        p.addBatch();
        batched++;
      }
      if (batched > 0) {
        p.executeBatch();
      }
    }
  }

  private static void setKey(PreparedStatement p, int first, Key key) throws SQLException {
    p.setString(first, key.source());
    p.setString(first + 1, key.tenant().value());
    p.setString(first + 2, key.resource().value());
    p.setString(first + 3, key.scope());
  }

  private static TimeInterval interval(ResultSet r) throws SQLException {
    return TimeInterval.of(Jdbc.getInstant(r, "start_at"), Jdbc.getInstant(r, "end_at"));
  }

  /** One read span a line: start, end and read time, as ISO-8601 instants. */
  static String encode(List<ReadSpan> spans) {
    StringBuilder out = new StringBuilder();
    for (ReadSpan s : spans) {
      out.append(s.span().start())
          .append(' ')
          .append(s.span().end())
          .append(' ')
          .append(s.readAt())
          .append('\n');
    }
    return out.toString();
  }

  private static List<ReadSpan> decode(Key key, String text) {
    List<ReadSpan> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      String[] parts = line.split(" ");
      try {
        if (parts.length != 3) {
          throw new DateTimeParseException("expected start, end and read time", line, 0);
        }
        out.add(
            new ReadSpan(
                TimeInterval.of(Instant.parse(parts[0]), Instant.parse(parts[1])),
                Instant.parse(parts[2])));
      } catch (DateTimeParseException | dev.cita.scheduling.ValidationException e) {
        throw new SchedulingException(
            "stored row of cita_busy_calendar (" + key + ") has unreadable known_spans", e);
      }
    }
    return out;
  }
}
