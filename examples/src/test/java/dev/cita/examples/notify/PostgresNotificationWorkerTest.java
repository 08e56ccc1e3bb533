package dev.cita.examples.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.jdbc.JdbcStores;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.notify.AddressKind;
import dev.cita.scheduling.notify.NotificationQueue;
import dev.cita.scheduling.notify.NotificationWorker;
import dev.cita.scheduling.notify.OutgoingMessage;
import dev.cita.scheduling.notify.SendResult;
import dev.cita.scheduling.spi.ConflictCheck;
import dev.cita.scheduling.spi.NotificationChannel;
import dev.cita.scheduling.sync.OutboxEntry;
import dev.cita.scheduling.sync.OutboxStatus;
import dev.cita.scheduling.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * NotificationWorkers sharing one PostgreSQL (JdbcStores): every delivery exactly once with two
 * workers racing, and after a worker died holding a claim. Skipped, saying why, without a server.
 */
class PostgresNotificationWorkerTest {
  static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
  static final TenantId CENTRO = TenantId.of("sucursal-centro");
  static final Duration LEASE = Duration.ofSeconds(30);

  /** An e-mail channel that counts every message it accepted, by idempotency key. */
  static final class CountingChannel implements NotificationChannel {
    final Map<String, AtomicInteger> sent = new ConcurrentHashMap<>();

    @Override
    public String id() {
      return "email";
    }

    @Override
    public AddressKind addressKind() {
      return AddressKind.EMAIL;
    }

    @Override
    public SendResult send(OutgoingMessage message) {
      sent.computeIfAbsent(message.idempotencyKey(), k -> new AtomicInteger()).incrementAndGet();
      return SendResult.accepted("m-" + message.idempotencyKey().hashCode());
    }
  }

  final TestClock clock = new TestClock(NOW);

  static Appointment queueBooking(JdbcStores stores, int i) {
    Instant start = NOW.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(30L * i));
    Appointment a =
        Appointment.builder()
            .id(AppointmentId.of("appt-" + i))
            .tenant(CENTRO)
            .resource(ResourceId.of("dra-ana"))
            .type(AppointmentTypeId.of("consulta"))
            .attendee(
                Attendee.builder("Cliente " + i).email("cliente" + i + "@example.com").build())
            .start(start)
            .end(start.plus(Duration.ofMinutes(30)))
            .displayZone(ZoneId.of("America/Santiago"))
            .createdAt(NOW)
            .updatedAt(NOW)
            .build();
    OutboxEntry notice = NotificationQueue.entryFor(null, a, "calcom", NOW).orElseThrow();
    return stores.appointments().insert(a, ConflictCheck.none(), List.of(notice));
  }

  NotificationWorker worker(JdbcStores stores, String id, CountingChannel channel) {
    return NotificationWorker.builder()
        .clock(clock)
        .workerId(id)
        .lease(LEASE)
        .batchSize(7)
        .appointmentStore(stores.appointments())
        .outboxStore(stores.outbox())
        .sendAttempts(stores.sendAttempts())
        .preferences(stores.notificationPreferences())
        .staff(stores.staff())
        .channel(channel)
        .build();
  }

  @Test
  void twoWorkersDraining200NoticesSendEveryDeliveryExactlyOnce() throws Exception {
    try (PostgresSchema pg = PostgresSchema.createOrSkip()) {
      JdbcStores one = JdbcStores.create(pg.dataSource(), clock).migrate();
      JdbcStores two = JdbcStores.create(pg.dataSource(), clock);
      for (int i = 0; i < 200; i++) {
        queueBooking(one, i);
      }
      CountingChannel channel = new CountingChannel();
      List<NotificationWorker> workers =
          List.of(worker(one, "node-1", channel), worker(two, "node-2", channel));

      long started = System.nanoTime();
      ExecutorService pool = Executors.newFixedThreadPool(2);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Boolean>> done = new ArrayList<>();
      for (NotificationWorker w : workers) {
        done.add(
            pool.submit(
                () -> {
                  go.await();
                  return w.drain(Duration.ofMinutes(4));
                }));
      }
      go.countDown();
      for (Future<Boolean> f : done) {
        assertThat(f.get(5, TimeUnit.MINUTES)).as("drained in time").isTrue();
      }
      pool.shutdown();
      System.out.printf(
          "two workers sent 200 notices in %d ms%n", (System.nanoTime() - started) / 1_000_000);

      assertThat(channel.sent).hasSize(200);
      assertThat(channel.sent.values()).allSatisfy(n -> assertThat(n).hasValue(1));
      assertThat(one.outbox().entries(CENTRO))
          .extracting(OutboxEntry::status)
          .hasSize(200)
          .containsOnly(OutboxStatus.DONE);
    }
  }

  @Test
  void aWorkerThatDiedAfterClaimingIsReplacedOnceItsLeaseEnds() throws Exception {
    try (PostgresSchema pg = PostgresSchema.createOrSkip()) {
      JdbcStores stores = JdbcStores.create(pg.dataSource(), clock).migrate();
      queueBooking(stores, 0);
      assertThat(
              stores
                  .outbox()
                  .claimDue(NOW, 10, "dead-node", LEASE, Set.of(NotificationQueue.PROVIDER)))
          .as("claimed, then its node died")
          .hasSize(1);
      CountingChannel channel = new CountingChannel();
      NotificationWorker survivor = worker(stores, "node-2", channel);

      assertThat(survivor.runOnce()).as("the dead node's lease still holds").isZero();
      clock.set(NOW.plus(LEASE).plusSeconds(1));
      assertThat(survivor.runOnce()).isEqualTo(1);
      clock.set(NOW.plus(LEASE.multipliedBy(3)));
      survivor.runOnce();

      assertThat(channel.sent).hasSize(1);
      assertThat(channel.sent.values()).allSatisfy(n -> assertThat(n).hasValue(1));
    }
  }
}
