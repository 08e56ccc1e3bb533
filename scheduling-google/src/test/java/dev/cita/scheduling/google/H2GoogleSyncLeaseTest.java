package dev.cita.scheduling.google;

import dev.cita.scheduling.jdbc.JdbcStores;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/**
 * {@link GoogleSyncSchedulerLeaseTest} with each node on its own {@link JdbcStores} over one H2
 * database in memory.
 */
class H2GoogleSyncLeaseTest extends GoogleSyncSchedulerLeaseTest {
  private final String url = "jdbc:h2:mem:google-lease-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

  private final JdbcNodeStores nodes = new JdbcNodeStores();

  @AfterEach
  void closePools() {
    nodes.close();
  }

  @Override
  SharedStores nodeStores() {
    return nodes.node(url, null, clock);
  }
}
