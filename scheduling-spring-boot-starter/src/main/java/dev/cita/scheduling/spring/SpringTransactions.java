package dev.cita.scheduling.spring;

import dev.cita.scheduling.jdbc.JdbcTransactions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Lets Cita's JDBC stores join the Spring-managed transaction of the calling thread ({@code
 * cita.jdbc.join-spring-transactions=true}): inside a {@code @Transactional} method or a {@code
 * TransactionTemplate} whose transaction manager holds a connection of the same {@link DataSource}
 * (autocommit off), a store works on that connection (through {@link DataSourceUtils}) and its
 * writes commit or roll back with the application's; outside one, a store runs its own transaction
 * as before.
 */
public final class SpringTransactions implements JdbcTransactions {

  /** Creates it; the starter does when the property is on. */
  public SpringTransactions() {}

  @Override
  public Optional<Connection> ongoing(DataSource dataSource) throws SQLException {
    if (!TransactionSynchronizationManager.isActualTransactionActive()
        || !(TransactionSynchronizationManager.getResource(dataSource)
            instanceof ConnectionHolder holder)
        || !holder.isSynchronizedWithTransaction()) {
      return Optional.empty();
    }
    Connection c = DataSourceUtils.getConnection(dataSource);
    if (c.getAutoCommit()) {
      // bound by data access outside a transaction of this data source: nothing to join
      DataSourceUtils.releaseConnection(c, dataSource);
      return Optional.empty();
    }
    return Optional.of(c);
  }

  @Override
  public void release(Connection connection, DataSource dataSource) {
    DataSourceUtils.releaseConnection(connection, dataSource);
  }
}
