package dev.cita.scheduling.jdbc;

import dev.cita.scheduling.SchedulingException;
import dev.cita.scheduling.ValidationException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;

/**
 * The few things every JDBC store here needs: a transaction around a unit of work, SQLSTATE
 * checks, length checks that fail before anything is written, and instant columns.
 */
final class JdbcSupport {
  /** SQLSTATE of a unique or primary-key violation, the same in PostgreSQL and H2. */
  static final String UNIQUE_VIOLATION = "23505";
  /** The length of id columns: tenant, resource, type, appointment and worker ids. */
  static final int ID_LENGTH = 200;

  private JdbcSupport() {}

  /** A unit of work on one connection. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
  static <T> T inTransaction(DataSource dataSource, String what, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new SchedulingException(what + " failed (SQLSTATE " + e.getSQLState() + "): " + e.getMessage(), e);
    }
  }

  /** True if {@code e}, or an exception it wraps, is a unique violation. */
  static boolean isUniqueViolation(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && UNIQUE_VIOLATION.equals(s.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  /** True if {@code e} is a failure of {@link #inTransaction} caused by a unique violation. */
  static boolean isUniqueViolation(SchedulingException e) {
    return e.getCause() instanceof SQLException s && isUniqueViolation(s);
  }

  /** Refuses a text longer than its column, naming the field, before anything is written. */
  static String fits(String value, int max, String field) {
    if (value != null && value.length() > max) {
      throw new ValidationException(field, "must be at most " + max + " characters, was " + value.length());
    }
    return value;
  }

  static void setInstant(PreparedStatement p, int index, Instant value) throws SQLException {
    p.setObject(index, value == null ? null : OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
  }

  static Instant getInstant(ResultSet r, String column) throws SQLException {
    OffsetDateTime value = r.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
