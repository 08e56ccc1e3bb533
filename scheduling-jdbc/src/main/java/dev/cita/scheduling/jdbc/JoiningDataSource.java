package dev.cita.scheduling.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Optional;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The data source the stores see when they may join the application's transactions: a connection is
 * the ongoing transaction's one when {@link JdbcTransactions#ongoing} has one (a {@link Joined}
 * connection), otherwise a connection of its own from the target, as without it.
 */
final class JoiningDataSource implements DataSource {
  private final DataSource target;
  private final JdbcTransactions transactions;

  private JoiningDataSource(DataSource target, JdbcTransactions transactions) {
    this.target = target;
    this.transactions = transactions;
  }

  /** {@return {@code target} itself for {@link JdbcTransactions#own()}, else one that joins} */
  static DataSource over(DataSource target, JdbcTransactions transactions) {
    return transactions == JdbcTransactions.own()
        ? target
        : new JoiningDataSource(target, transactions);
  }

  /**
   * A connection of the application's transaction, lent to a store: its {@code close()} gives it
   * back, and {@code commit()}, {@code rollback()}, {@code setAutoCommit} and {@code
   * setTransactionIsolation} are left to the transaction's owner (they do nothing); savepoints
   * work.
   */
  interface Joined extends Connection {}

  @Override
  public Connection getConnection() throws SQLException {
    Optional<Connection> ongoing = transactions.ongoing(target);
    if (ongoing.isEmpty()) {
      return target.getConnection();
    }
    Connection c = ongoing.get();
    return (Connection)
        Proxy.newProxyInstance(
            Joined.class.getClassLoader(), new Class<?>[] {Joined.class}, new Lent(c));
  }

  private final class Lent implements InvocationHandler {
    private final Connection connection;
    private boolean released;

    Lent(Connection connection) {
      this.connection = connection;
    }

    @Override
    public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args)
        throws Throwable {
      String name = method.getName();
      int arity = method.getParameterCount();
      switch (name) {
        case "close":
          if (!released) {
            released = true;
            transactions.release(connection, target);
          }
          return null;
        case "isClosed":
          return released || connection.isClosed();
        case "commit", "setAutoCommit", "setTransactionIsolation":
          return null;
        case "rollback":
          if (arity == 0) {
            return null;
          }
          break;
        case "equals":
          return args != null && proxy == args[0];
        case "hashCode":
          return System.identityHashCode(proxy);
        case "toString":
          return "joined " + connection;
        default:
          break;
      }
      if (released) {
        throw new SQLException("connection already given back to the application's transaction");
      }
      try {
        return method.invoke(connection, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return target.getConnection(username, password);
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return target.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    target.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    target.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return target.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return target.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    return target.unwrap(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return target.isWrapperFor(type);
  }
}
