package dev.cita.scheduling.jdbc;

import dev.cita.scheduling.ConcurrentUpdateException;
import dev.cita.scheduling.OutcomeUnknownException;
import dev.cita.scheduling.SchedulingException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.internal.Contract;
import dev.cita.scheduling.model.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/** Small JDBC helpers shared by the stores of this package. */
final class Jdbc {
  private Jdbc() {}

  /** Work done on one connection inside one transaction. */
  interface TxWork<T> {
    T run(Connection c) throws SQLException;
  }

  /** Runs {@code work} in one transaction; rolls back on any exception. */
  static <T> T inTransaction(DataSource ds, TxWork<T> work) throws SQLException {
    try (Connection c = ds.getConnection()) {
      return inTransaction(c, work);
    }
  }

  private static <T> T inTransaction(Connection c, TxWork<T> work) throws SQLException {
    if (!ownsTransaction(c)) {
      return underSavepoint(c, work);
    }
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      T result = work.run(c);
      c.commit();
      return result;
    } catch (SQLException | RuntimeException | Error e) {
      try {
        c.rollback();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    } finally {
      try {
        c.setAutoCommit(auto);
      } catch (SQLException ignored) {
        // the pool resets or discards the connection
      }
    }
  }

  /**
   * Whether the store owns {@code c}'s transaction and may end it; false for a connection of the
   * application's transaction ({@link JdbcTransactions}), which only the application commits.
   */
  static boolean ownsTransaction(Connection c) {
    return !(c instanceof JoiningDataSource.Joined);
  }

  /**
   * Runs {@code work} in the application's transaction that {@code c} belongs to: a failure rolls
   * back to a savepoint taken first, so it undoes the store's own writes only and leaves that
   * transaction usable (on PostgreSQL a failed statement would otherwise abort all of it).
   */
  private static <T> T underSavepoint(Connection c, TxWork<T> work) throws SQLException {
    Savepoint savepoint = c.setSavepoint();
    try {
      T result = work.run(c);
      c.releaseSavepoint(savepoint);
      return result;
    } catch (SQLException | RuntimeException | Error e) {
      try {
        c.rollback(savepoint);
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /**
   * Like {@link #inTransaction(DataSource, TxWork)}, at READ COMMITTED whatever isolation the pool
   * hands out. The writes of the appointment store rely on it: their conflict check must see what
   * the previous holder of the resource lock committed, and under REPEATABLE READ or SERIALIZABLE
   * the snapshot would be taken by the statement that waits for the lock, before that commit. On
   * PostgreSQL {@code work}'s first statement must begin with {@link #READ_COMMITTED_FIRST} (a
   * {@code SET TRANSACTION}, which ends with the transaction, so the pooled connection keeps its
   * own level); the appointment store sends it in one round trip with its lock. On H2 the
   * connection's level is set and put back. In a joined transaction ({@link JdbcTransactions}) the
   * level is the application's: READ COMMITTED, or a {@link TransactionIsolationException} before
   * anything is written (on PostgreSQL the {@code SET TRANSACTION} to the same level is a no-op).
   */
  static <T> T inWriteTransaction(DataSource ds, Dialect dialect, TxWork<T> work)
      throws SQLException {
    try (Connection c = ds.getConnection()) {
      if (!ownsTransaction(c)) {
        requireReadCommitted(c);
        return inTransaction(c, work);
      }
      if (dialect == Dialect.POSTGRESQL) {
        return inTransaction(c, work);
      }
      int level = c.getTransactionIsolation();
      if (level == Connection.TRANSACTION_READ_COMMITTED) {
        return inTransaction(c, work);
      }
      c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      try {
        return inTransaction(c, work);
      } finally {
        c.setTransactionIsolation(level);
      }
    }
  }

  /**
   * Like {@link #inWriteTransaction}, sending {@link #READ_COMMITTED_FIRST} itself first on
   * PostgreSQL, so that a conditional {@code UPDATE} that waited for a concurrent writer re-checks
   * its condition on the committed row; a failure is {@link #writeFailure} saying {@code what}.
   */
  static <T> T inReadCommitted(DataSource ds, Dialect dialect, String what, TxWork<T> work) {
    try {
      return inWriteTransaction(
          ds,
          dialect,
          c -> {
            if (dialect == Dialect.POSTGRESQL) {
              try (java.sql.Statement s = c.createStatement()) {
                s.execute(READ_COMMITTED_FIRST);
              }
            }
            return work.run(c);
          });
    } catch (SQLException e) {
      throw writeFailure(what, e);
    }
  }

  private static void requireReadCommitted(Connection c) throws SQLException {
    int level = c.getTransactionIsolation();
    if (level != Connection.TRANSACTION_READ_COMMITTED) {
      throw new TransactionIsolationException(
          "the application's transaction runs at "
              + isolationName(level)
              + "; a store write joins only a READ COMMITTED transaction (its conflict check must"
              + " see rows committed while it waited for the resource lock); nothing was written");
    }
  }

  private static String isolationName(int level) {
    return switch (level) {
      case Connection.TRANSACTION_READ_UNCOMMITTED -> "READ UNCOMMITTED";
      case Connection.TRANSACTION_REPEATABLE_READ -> "REPEATABLE READ";
      case Connection.TRANSACTION_SERIALIZABLE -> "SERIALIZABLE";
      default -> "isolation level " + level;
    };
  }

  /** Sets the parameters of a statement. */
  interface Binder {
    void bind(PreparedStatement p) throws SQLException;
  }

  /**
   * Runs {@code insertSql}, an INSERT of one row, unless the row's key is taken: true if inserted,
   * false (and nothing written, the transaction still usable) if another writer has the key.
   */
  static boolean insertIfAbsent(Connection c, Dialect dialect, String insertSql, Binder binder)
      throws SQLException {
    String sql = dialect == Dialect.POSTGRESQL ? insertSql + " ON CONFLICT DO NOTHING" : insertSql;
    try (PreparedStatement p = c.prepareStatement(sql)) {
      binder.bind(p);
      return p.executeUpdate() == 1;
    } catch (SQLException e) {
      if (isUniqueViolation(e)) {
        return false; // H2 has no ON CONFLICT; its failed statement leaves the transaction usable
      }
      throw e;
    }
  }

  /** The statement a PostgreSQL write transaction of {@link #inWriteTransaction} starts with. */
  static final String READ_COMMITTED_FIRST = "SET TRANSACTION ISOLATION LEVEL READ COMMITTED";

  /**
   * A failed write, by SQLSTATE: a serialization failure (40001) or deadlock (40P01) rolled
   * everything back and is a {@link ConcurrentUpdateException} (try again); a connection that was
   * lost or terminated (class 08, 57P01–57P03) leaves the outcome unknown, an {@link
   * OutcomeUnknownException}; anything else a {@link SchedulingException} saying what failed.
   */
  static SchedulingException writeFailure(String what, SQLException e) {
    String state = sqlState(e);
    if ("40001".equals(state) || "40P01".equals(state)) {
      return new ConcurrentUpdateException(
          what
              + " was rolled back by a concurrent write (SQLSTATE "
              + state
              + "); nothing was written, try again");
    }
    if (state.startsWith("08")
        || "57P01".equals(state)
        || "57P02".equals(state)
        || "57P03".equals(state)) {
      return new OutcomeUnknownException(
          "the outcome of "
              + what
              + " is unknown: the connection to the database was lost (SQLSTATE "
              + state
              + ") before it confirmed the write, which may or may not have been made. Read it"
              + " again before acting; sending a booking again with the same idempotency key is"
              + " safe",
          e);
    }
    return failure(what, e);
  }

  static void setInstant(PreparedStatement p, int index, @Nullable Instant instant)
      throws SQLException {
    if (instant == null) {
      p.setObject(index, null);
    } else {
      p.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
    }
  }

  /** A timestamp column declared NOT NULL. */
  static Instant getInstant(ResultSet r, String column) throws SQLException {
    Instant at = getNullableInstant(r, column);
    if (at == null) {
      throw new SQLException("column " + column + " is null");
    }
    return at;
  }

  static @Nullable Instant getNullableInstant(ResultSet r, String column) throws SQLException {
    OffsetDateTime t = r.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  static SchedulingException failure(String what, SQLException e) {
    return new SchedulingException(
        what + " failed (SQLSTATE " + e.getSQLState() + "): " + e.getMessage(), e);
  }

  /**
   * A failure whose message and cause keep the SQLSTATE, vendor code and stack trace but not the
   * driver's message, which can repeat a row's values (PostgreSQL's "Key (…)=(…)" detail): for
   * tables keyed by personal data such as a customer's phone number.
   */
  static SchedulingException failureWithoutValues(String what, SQLException e) {
    SQLException withheld =
        new SQLException(
            e.getClass().getName() + " (message withheld: it may repeat row values)",
            e.getSQLState(),
            e.getErrorCode());
    withheld.setStackTrace(e.getStackTrace());
    return new SchedulingException(what + " failed (SQLSTATE " + e.getSQLState() + ")", withheld);
  }

  /** The SQLSTATE of {@code e} or of the first chained exception that has one. */
  static String sqlState(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null) {
        return s.getSQLState();
      }
    }
    return "";
  }

  static final String UNIQUE_VIOLATION = "23505";

  /**
   * The length of id columns: tenant, resource, type, appointment and worker ids (the core's
   * limit).
   */
  static final int ID_LENGTH = TenantId.MAX_LENGTH;

  /**
   * Runs {@code work} in one transaction and turns a database failure into a {@link
   * SchedulingException} saying what failed.
   */
  static <T> T inTransaction(DataSource ds, String what, TxWork<T> work) {
    try {
      return inTransaction(ds, work);
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  /**
   * Like {@link #inTransaction(DataSource, String, TxWork)}, but a failure keeps the driver's
   * message out ({@link #failureWithoutValues}): for tables keyed by personal data.
   */
  static <T> T inTransactionWithoutValues(DataSource ds, String what, TxWork<T> work) {
    try {
      return inTransaction(ds, work);
    } catch (SQLException e) {
      throw failureWithoutValues(what, e);
    }
  }

  /**
   * Runs {@code insert} in its own transaction: true when it wrote, false when a row with its key
   * exists (a unique violation); any other failure as {@link #failureWithoutValues}.
   */
  static boolean insertUnlessPresent(DataSource ds, String what, TxWork<?> insert) {
    try {
      inTransaction(ds, insert);
      return true;
    } catch (SQLException e) {
      if (isUniqueViolation(e)) {
        return false;
      }
      throw failureWithoutValues(what, e);
    }
  }

  /**
   * Runs a {@code DELETE} whose one parameter is {@code cutoff}.
   *
   * @return how many rows it removed
   */
  static int purgeBefore(DataSource ds, String deleteSql, Instant cutoff, String what) {
    Checks.notNull(cutoff, "cutoff");
    return inTransactionWithoutValues(
        ds,
        what,
        c -> {
          try (PreparedStatement p = c.prepareStatement(deleteSql)) {
            setInstant(p, 1, cutoff);
            return p.executeUpdate();
          }
        });
  }

  /** True if {@code e}, or an exception it wraps, is a unique violation. */
  static boolean isUniqueViolation(Throwable e) {
    return UNIQUE_VIOLATION.equals(sqlState(e));
  }

  /** Refuses a text longer than its column, naming the field, before anything is written. */
  @Contract("!null, _, _ -> !null")
  static @Nullable String fits(@Nullable String value, int max, String field) {
    if (value != null && value.length() > max) {
      throw new ValidationException(
          field, "must be at most " + max + " characters, was " + value.length());
    }
    return value;
  }

  /** Reads one row of a result set into a value. */
  interface RowReader<T> {
    T read(ResultSet r) throws SQLException;
  }

  /**
   * Runs a query whose parameters are all texts and reads every row, turning a database failure
   * into a {@link SchedulingException} saying what failed.
   */
  static <T> List<T> queryAll(
      DataSource ds, String what, String sql, RowReader<T> reader, String... parameters) {
    return inTransaction(
        ds,
        what,
        c -> {
          try (PreparedStatement p = texts(c.prepareStatement(sql), parameters)) {
            List<T> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
              while (r.next()) {
                out.add(reader.read(r));
              }
            }
            return out;
          }
        });
  }

  private static PreparedStatement texts(PreparedStatement p, String... parameters)
      throws SQLException {
    for (int i = 0; i < parameters.length; i++) {
      p.setString(i + 1, parameters[i]);
    }
    return p;
  }

  /** Runs one update whose parameters are all texts; returns the rows it changed. */
  static int updateTexts(DataSource ds, String what, String sql, String... parameters) {
    return inTransaction(
        ds,
        what,
        c -> {
          try (PreparedStatement p = texts(c.prepareStatement(sql), parameters)) {
            return p.executeUpdate();
          }
        });
  }
}
