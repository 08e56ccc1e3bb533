package dev.cita.scheduling.jdbc;

import dev.cita.scheduling.spi.AuthorizationStateStore;
import dev.cita.scheduling.testkit.AuthorizationStateStoreContract;
import java.time.Clock;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs the testkit's {@link AuthorizationStateStoreContract} against {@link
 * JdbcAuthorizationStateStore} on a fresh H2 database.
 */
class H2AuthorizationStateStoreContractTest extends AuthorizationStateStoreContract {
  @RegisterExtension final FreshDatabase db = FreshDatabase.h2();

  @Override
  protected AuthorizationStateStore newStore(Clock clock) {
    return new JdbcAuthorizationStateStore(db.open(), clock);
  }
}
