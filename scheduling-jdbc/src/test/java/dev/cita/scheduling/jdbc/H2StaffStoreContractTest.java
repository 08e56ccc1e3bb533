package dev.cita.scheduling.jdbc;

import dev.cita.scheduling.spi.StaffStore;
import dev.cita.scheduling.testkit.StaffStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Runs the testkit's {@link StaffStoreContract} against {@link JdbcStaffStore} on H2. */
class H2StaffStoreContractTest extends StaffStoreContract {
  @RegisterExtension final FreshDatabase db = FreshDatabase.h2();

  @Override
  protected StaffStore newStore() {
    return new JdbcStaffStore(db.open());
  }
}
