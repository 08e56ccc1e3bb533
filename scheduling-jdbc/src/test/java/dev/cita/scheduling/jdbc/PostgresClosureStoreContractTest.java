package dev.cita.scheduling.jdbc;

import dev.cita.scheduling.spi.ClosureStore;
import dev.cita.scheduling.testkit.ClosureStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Runs the testkit's {@link ClosureStoreContract} against {@link JdbcClosureStore} on Postgres. */
class PostgresClosureStoreContractTest extends ClosureStoreContract {
  @RegisterExtension final FreshDatabase db = FreshDatabase.postgres();

  @Override
  protected ClosureStore newStore() {
    return new JdbcClosureStore(db.open());
  }
}
