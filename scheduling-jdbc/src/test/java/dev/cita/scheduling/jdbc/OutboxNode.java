package dev.cita.scheduling.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.sync.SyncWorker;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A second node for {@link CrossProcessOutboxTest}: connects to {@code args[0]} / schema {@code
 * args[1]}, prints READY, waits for {@code GO <start millis>}, drains the outbox with its own
 * worker from that moment, and prints {@code PUSHED <appointment id>} per remote create.
 */
public final class OutboxNode {
  private OutboxNode() {}

  public static void main(String[] args) throws Exception {
    try (HikariDataSource ds = TestDatabases.postgres(args[0], args[1])) {
      JdbcAppointmentStore store = JdbcAppointmentStore.create(ds);
      RecordingProvider provider = new RecordingProvider();
      BookingNode.warmUp(ds, 4);
      System.out.println("READY");
      System.out.flush();
      String go =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      drain(store, provider, "child", Long.parseLong(go.substring("GO ".length())));
      provider.created.forEach(id -> System.out.println("PUSHED " + id));
      System.out.println("DONE");
      System.out.flush();
    }
  }

  /** From {@code startAtMillis}, pushes small batches until two runs in a row find nothing due. */
  static void drain(
      JdbcAppointmentStore store, RecordingProvider provider, String worker, long startAtMillis)
      throws InterruptedException {
    Thread.sleep(Math.max(0, startAtMillis - System.currentTimeMillis()));
    SyncWorker sync =
        SyncWorker.builder()
            .appointmentStore(store)
            .outboxStore(store.outbox())
            .provider(provider)
            .workerId(worker)
            .batchSize(2)
            .build();
    int idle = 0;
    while (idle < 2) {
      idle = sync.runOnce() == 0 ? idle + 1 : 0;
    }
  }
}
