package dev.cita.scheduling.google;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.google.GoogleSyncSchedulerLeaseTest.SharedStores;
import dev.cita.scheduling.jdbc.JdbcStores;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Nodes' shared stores from the JDBC module, each node with a small pool of its own. */
final class JdbcNodeStores implements AutoCloseable {
  private final List<HikariDataSource> pools = new ArrayList<>();

  /** A node's stores over the database at {@code url} (and {@code schema}), migrated. */
  SharedStores node(String url, @Nullable String schema, Clock clock) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setSchema(schema);
    config.setMaximumPoolSize(2);
    HikariDataSource pool = new HikariDataSource(config);
    pools.add(pool);
    JdbcStores stores = JdbcStores.create(pool, clock).migrate();
    return new SharedStores(
        stores.leases(), stores.busyTime(), stores.pushChannels(), stores.calendarAssignments());
  }

  @Override
  public void close() {
    pools.forEach(HikariDataSource::close);
    pools.clear();
  }
}
