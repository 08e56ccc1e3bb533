package dev.cita.scheduling.jdbc;

import dev.cita.scheduling.SchedulingException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and upgrades Cita's tables. The SQL files ship in the jar under {@code
 * db/migration/postgresql/} and {@code db/migration/h2/} with Flyway-style names ({@code
 * V1__appointments.sql}), so a team with Flyway or Liquibase can run them itself; others call
 * {@link #migrate(DataSource)} once at start-up. Applied versions are kept in {@code
 * cita_schema_history}; each version runs in its own transaction, and several nodes starting at
 * once are serialized by a lock on that table.
 */
public final class JdbcMigrations {
  private static final Logger log = LoggerFactory.getLogger(JdbcMigrations.class);

  /** Every migration, in order. A new one is appended here and added to both dialect folders. */
  static final List<String> VERSIONS =
      List.of(
          "V1__appointments_and_outbox.sql",
          "V2__other_stores.sql",
          "V3__notification_preferences.sql",
          "V4__conversations_and_audit.sql",
          "V5__outbox_pending_index.sql",
          "V6__one_appointment_per_key_and_seat_numbers.sql",
          "V7__webhook_inbox_per_tenant.sql",
          "V8__push_refusals.sql",
          "V9__calendar_adapter_state.sql",
          "V10__messaging_state.sql",
          "V11__shared_busy_time_and_leases.sql",
          "V12__pending_revocations.sql",
          "V13__appointments_by_attendee.sql",
          "V14__staff_members.sql",
          "V15__outbox_detail.sql",
          "V16__operations_indexes.sql",
          "V17__closures.sql",
          "V18__collective_appointments.sql",
          "V19__appointment_series.sql",
          "V20__connect_links.sql",
          "V21__member_event_refs.sql");

  /** The database-wide advisory lock key migrations hold on PostgreSQL ("cita-mig" in ASCII). */
  private static final long MIGRATION_LOCK = 0x636974612d6d6967L;

  private JdbcMigrations() {}

  /**
   * Applies the migrations the database has not seen yet, each in its own transaction; several
   * nodes may call it at once.
   *
   * @param dataSource the database, PostgreSQL or H2
   * @return how many migrations ran; 0 when the schema is up to date
   * @throws dev.cita.scheduling.SchedulingException if a migration fails; those applied before it
   *     stay
   */
  public static int migrate(DataSource dataSource) {
    return migrate(dataSource, VERSIONS);
  }

  /**
   * Applies those of {@code versions} (a prefix of {@link #VERSIONS}) not applied yet; tests use it
   * to build older schemas.
   */
  static int migrate(DataSource dataSource, List<String> versions) {
    Dialect dialect = Dialect.of(dataSource);
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute(
            "CREATE TABLE IF NOT EXISTS cita_schema_history (version VARCHAR(200) PRIMARY KEY,"
                + " applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)");
      }
      c.commit();
      int applied = 0;
      for (String version : versions) {
        try (Statement lock = c.createStatement()) {
          // Serializes concurrent migrators (several nodes starting together). On PostgreSQL also
          // across schemas of one database: CREATE EXTENSION is database-wide, and two schemas
          // migrating at once would both try to create btree_gist.
          if (dialect == Dialect.POSTGRESQL) {
            lock.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
            lock.execute("LOCK TABLE cita_schema_history IN EXCLUSIVE MODE");
          } else {
            lock.execute("SELECT * FROM cita_schema_history FOR UPDATE");
          }
        }
        if (isApplied(c, version)) {
          c.commit();
          continue;
        }
        String sql = read(dialect.migrationFolder() + "/" + version);
        try (Statement s = c.createStatement()) {
          for (String statement : statements(sql)) {
            s.execute(statement);
          }
        }
        try (PreparedStatement p =
            c.prepareStatement("INSERT INTO cita_schema_history (version) VALUES (?)")) {
          p.setString(1, version);
          p.executeUpdate();
        }
        c.commit();
        applied++;
        log.info("applied Cita migration {} ({})", version, dialect);
      }
      return applied;
    } catch (SQLException e) {
      throw new SchedulingException("Cita migration failed: " + e.getMessage(), e);
    }
  }

  private static boolean isApplied(Connection c, String version) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement("SELECT 1 FROM cita_schema_history WHERE version = ?")) {
      p.setString(1, version);
      try (ResultSet r = p.executeQuery()) {
        return r.next();
      }
    }
  }

  private static String read(String resource) {
    try (InputStream in = JdbcMigrations.class.getResourceAsStream("/" + resource)) {
      if (in == null) {
        throw new SchedulingException("missing migration resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SchedulingException("cannot read migration " + resource, e);
    }
  }

  /** Splits a file on semicolons at line ends; the files keep one statement per such block. */
  static List<String> statements(String sql) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : sql.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("--") || trimmed.isEmpty()) {
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        String statement = current.toString().strip();
        out.add(statement.substring(0, statement.length() - 1));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      out.add(current.toString().strip());
    }
    return out;
  }
}
