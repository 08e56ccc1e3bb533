package dev.cita.scheduling.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Whose transaction the JDBC stores work in: their own (the default, {@link #own()}), or one the
 * application has open on the same data source, which they then join. A joining store does its work
 * on the application's connection under a savepoint: it never commits, rolls back the whole
 * transaction, closes the connection or changes its autocommit mode or isolation; a failure rolls
 * back to the savepoint (the store's own writes only) and the application's transaction stays
 * usable. Its writes, with their outbox entries, commit or roll back with the application's
 * transaction; the locks they take (PostgreSQL's {@code pg_advisory_xact_lock}, H2's lock rows) are
 * held until that transaction ends. A write of the appointment store in a joined transaction whose
 * isolation is above READ COMMITTED fails with {@link TransactionIsolationException} before it
 * writes anything. Set it with {@link JdbcStores.Builder#transactions}; the Spring Boot starter
 * implements it over Spring's transaction synchronization.
 */
public interface JdbcTransactions {
  /**
   * The connection of the caller's ongoing transaction on {@code dataSource}, for the store to
   * join; empty when the store should run its own transaction on a connection of its own.
   *
   * @param dataSource the stores' data source
   * @return the ongoing transaction's connection (autocommit off), or empty
   * @throws SQLException if the connection cannot be obtained
   */
  Optional<Connection> ongoing(DataSource dataSource) throws SQLException;

  /**
   * Gives back a connection that {@link #ongoing} returned, when the store is done with it; the
   * transaction goes on.
   *
   * @param connection the connection {@link #ongoing} returned
   * @param dataSource the stores' data source
   */
  void release(Connection connection, DataSource dataSource);

  /** {@return the default: every unit of work in its own transaction on its own connection} */
  static JdbcTransactions own() {
    return OwnTransactions.INSTANCE;
  }
}
