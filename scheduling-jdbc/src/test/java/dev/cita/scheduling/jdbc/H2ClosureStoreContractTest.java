package dev.cita.scheduling.jdbc;

import dev.cita.scheduling.spi.ClosureStore;
import dev.cita.scheduling.testkit.ClosureStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Runs the testkit's {@link ClosureStoreContract} against {@link JdbcClosureStore} on H2. */
class H2ClosureStoreContractTest extends ClosureStoreContract {
  @RegisterExtension final FreshDatabase db = FreshDatabase.h2();

  @Override
  protected ClosureStore newStore() {
    return new JdbcClosureStore(db.open());
  }
}
