package dev.cita.scheduling.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh, migrated database per test for the testkit's contracts, closed (and, on PostgreSQL, its
 * schema dropped) after each test: {@code @RegisterExtension final FreshDatabase db =
 * FreshDatabase.h2();} then {@code db.open()} in the contract's {@code newStore()}.
 */
final class FreshDatabase implements AfterEachCallback {
  private final Supplier<HikariDataSource> opener;
  private final Consumer<HikariDataSource> closer;
  private @Nullable HikariDataSource open;

  private FreshDatabase(Supplier<HikariDataSource> opener, Consumer<HikariDataSource> closer) {
    this.opener = opener;
    this.closer = closer;
  }

  static FreshDatabase h2() {
    return new FreshDatabase(TestDatabases::h2, HikariDataSource::close);
  }

  /** PostgreSQL at {@link TestDatabases#postgresUrl()}; the test is skipped without a server. */
  static FreshDatabase postgres() {
    return new FreshDatabase(TestDatabases::postgres, TestDatabases::dropPostgres);
  }

  /** {@return a new, empty, migrated database} Closed after the test. */
  HikariDataSource open() {
    HikariDataSource ds = opener.get();
    open = ds;
    return ds;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    HikariDataSource ds = open;
    open = null;
    if (ds != null) {
      closer.accept(ds);
    }
  }
}
