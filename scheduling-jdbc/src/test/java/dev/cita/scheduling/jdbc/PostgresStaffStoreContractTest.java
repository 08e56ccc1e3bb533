package dev.cita.scheduling.jdbc;

import dev.cita.scheduling.spi.StaffStore;
import dev.cita.scheduling.testkit.StaffStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Runs the testkit's {@link StaffStoreContract} against {@link JdbcStaffStore} on Postgres. */
class PostgresStaffStoreContractTest extends StaffStoreContract {
  @RegisterExtension final FreshDatabase db = FreshDatabase.postgres();

  @Override
  protected StaffStore newStore() {
    return new JdbcStaffStore(db.open());
  }
}
