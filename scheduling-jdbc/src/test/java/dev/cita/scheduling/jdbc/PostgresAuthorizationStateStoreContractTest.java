package dev.cita.scheduling.jdbc;

import dev.cita.scheduling.spi.AuthorizationStateStore;
import dev.cita.scheduling.testkit.AuthorizationStateStoreContract;
import java.time.Clock;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs the testkit's {@link AuthorizationStateStoreContract} against {@link
 * JdbcAuthorizationStateStore} on PostgreSQL, in a new schema.
 */
class PostgresAuthorizationStateStoreContractTest extends AuthorizationStateStoreContract {
  @RegisterExtension final FreshDatabase db = FreshDatabase.postgres();

  @Override
  protected AuthorizationStateStore newStore(Clock clock) {
    return new JdbcAuthorizationStateStore(db.open(), clock);
  }
}
