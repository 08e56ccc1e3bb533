package dev.cita.benchmarks;

import java.io.PrintStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;

/**
 * Where a booking's time goes on the client side: a {@link DataSource} that times every statement
 * execution, commit and rollback (each one round trip with the PostgreSQL driver), grouped by the
 * statement's first words. Only for the harness's diagnostic run ({@code -Dcita.bench.statements}):
 * the proxies cost time themselves.
 */
final class StatementTimes {
  private final Map<String, LongAdder[]> byStatement = new ConcurrentHashMap<>();

  /** {@code target}, with every statement execution, commit and rollback timed. */
  DataSource wrap(DataSource target) {
    return proxy(
        DataSource.class,
        (self, method, args) -> {
          Object result = call(target, method, args);
          return result instanceof Connection c ? connection(c) : result;
        });
  }

  private Connection connection(Connection target) {
    return proxy(
        Connection.class,
        (self, method, args) -> {
          String name = method.getName();
          if (name.equals("commit") || name.equals("rollback")) {
            return timed(name.toUpperCase(Locale.ROOT), () -> call(target, method, args));
          }
          Object result = call(target, method, args);
          if (result instanceof Statement s) {
            String sql = args != null && args.length > 0 && args[0] instanceof String q ? q : null;
            return statement(s, method.getReturnType().asSubclass(Statement.class), sql);
          }
          return result;
        });
  }

  private Statement statement(
      Statement target, Class<? extends Statement> type, String preparedSql) {
    return proxy(
        type,
        (self, method, args) -> {
          if (!method.getName().startsWith("execute")) {
            return call(target, method, args);
          }
          String sql =
              preparedSql != null ? preparedSql : args != null ? String.valueOf(args[0]) : "?";
          return timed(label(sql), () -> call(target, method, args));
        });
  }

  /** The first words of a statement, enough to tell the booking path's statements apart. */
  static String label(String sql) {
    String flat = sql.replaceAll("\\s+", " ").strip();
    return flat.length() <= 48 ? flat : flat.substring(0, 48) + "…";
  }

  private interface Call {
    Object run() throws Throwable;
  }

  private Object timed(String label, Call call) throws Throwable {
    long start = System.nanoTime();
    try {
      return call.run();
    } finally {
      LongAdder[] figures =
          byStatement.computeIfAbsent(
              label, k -> new LongAdder[] {new LongAdder(), new LongAdder()});
      figures[0].increment();
      figures[1].add(System.nanoTime() - start);
    }
  }

  /** Forgets what was timed so far (the warm-up). */
  void clear() {
    byStatement.clear();
  }

  /** Prints, per statement, the executions and milliseconds per booking, and the mean time. */
  void print(PrintStream out, long bookings) {
    out.printf(Locale.ROOT, "per booking (%d bookings), client-side:%n", bookings);
    double calls = 0;
    for (Map.Entry<String, LongAdder[]> e : new TreeMap<>(byStatement).entrySet()) {
      long n = e.getValue()[0].sum();
      double ms = e.getValue()[1].sum() / 1e6;
      calls += n;
      out.printf(
          Locale.ROOT,
          "  %6.2f calls %7.3f ms (mean %.3f ms)  %s%n",
          (double) n / bookings,
          ms / bookings,
          ms / n,
          e.getKey());
    }
    out.printf(Locale.ROOT, "  %6.2f round trips per booking in all%n", calls / bookings);
  }

  private static Object call(Object target, java.lang.reflect.Method method, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static <T> T proxy(Class<T> type, InvocationHandler handler) {
    return type.cast(
        Proxy.newProxyInstance(
            StatementTimes.class.getClassLoader(), new Class<?>[] {type}, handler));
  }
}
