package dev.cita.scheduling.jdbc;

import java.sql.Connection;
import java.util.Optional;
import javax.sql.DataSource;

/** The default {@link JdbcTransactions}: never joins, so every store runs its own transactions. */
enum OwnTransactions implements JdbcTransactions {
  INSTANCE;

  @Override
  public Optional<Connection> ongoing(DataSource dataSource) {
    return Optional.empty();
  }

  @Override
  public void release(Connection connection, DataSource dataSource) {
    throw new IllegalStateException("no connection was handed out to release");
  }
}
