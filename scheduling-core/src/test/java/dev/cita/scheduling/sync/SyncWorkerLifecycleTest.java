package dev.cita.scheduling.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.memory.InMemoryCalendarProvider.Call;
import dev.cita.scheduling.memory.InMemoryCalendarProvider.Operation;
import dev.cita.scheduling.model.Appointment;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** start/stop/drain, and several workers sharing one outbox. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SyncWorkerLifecycleTest {
  private final SyncFixture fx = new SyncFixture();

  /** Sixteen appointments over two days, each with one CREATE entry. */
  private List<Appointment> bookSixteen() {
    List<Appointment> booked = new ArrayList<>();
    for (LocalDate day : List.of(SyncFixture.TUE, SyncFixture.TUE.plusDays(1))) {
      for (String time :
          List.of("09:00", "09:30", "10:00", "10:30", "11:00", "11:30", "12:00", "12:30")) {
        booked.add(fx.book(day, time));
      }
    }
    return booked;
  }

  @RepeatedTest(5)
  void workersRunningConcurrentlyNeverPushTheSameEntryTwice() throws Exception {
    List<Appointment> booked = bookSixteen();
    fx.google.slowDown(Duration.ofMillis(1), d -> Thread.yield());
    int threads = 4;
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<Integer>> runs = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      SyncWorker worker = fx.worker("w" + t, fx.google).batchSize(3).build();
      runs.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
                int processed = 0;
                for (int n; (n = worker.runOnce()) > 0; ) {
                  processed += n;
                }
                return processed;
              }));
    }
    go.countDown();
    int processed = 0;
    for (CompletableFuture<Integer> run : runs) {
      processed += run.get(10, TimeUnit.SECONDS);
    }

    assertThat(processed).as("claims over all workers").isEqualTo(16);
    assertThat(fx.google.writeAttempts()).isEqualTo(16);
    assertThat(fx.google.calls())
        .extracting(Call::appointmentId)
        .containsExactlyInAnyOrderElementsOf(booked.stream().map(Appointment::id).toList());
    assertThat(fx.entries())
        .hasSize(16)
        .extracting(OutboxEntry::status)
        .containsOnly(OutboxStatus.DONE);
  }

  @Test
  void startedWorkerPushesByItselfAndAStoppedOneClaimsNothingUntilDrained() throws Exception {
    Appointment first = fx.book("10:00");
    SyncWorker worker = fx.worker("w1", fx.google).pollInterval(Duration.ofMillis(5)).build();

    worker.start();
    assertThat(worker.isRunning()).isTrue();
    awaitDone(first);
    worker.stop();

    assertThat(worker.isRunning()).isFalse();
    Appointment second = fx.book("11:00");
    assertThat(fx.only(second).status())
        .as("a stopped worker claims nothing")
        .isEqualTo(OutboxStatus.PENDING);
    assertThat(worker.drain(Duration.ofSeconds(5))).isTrue();
    assertThat(fx.only(second).status()).isEqualTo(OutboxStatus.DONE);
    assertThat(fx.google.calls())
        .extracting(Call::operation)
        .containsExactly(Operation.CREATE, Operation.CREATE);
  }

  @Test
  void stopLetsTheEntryInFlightFinish() throws Exception {
    Appointment booked = fx.book("10:00");
    CountDownLatch inProvider = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    fx.google.slowDown(
        Duration.ofMillis(1),
        d -> {
          inProvider.countDown();
          release.await();
        });
    SyncWorker worker = fx.worker("w1", fx.google).pollInterval(Duration.ofMillis(5)).build();
    worker.start();
    assertThat(inProvider.await(5, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Void> stopping = CompletableFuture.runAsync(worker::stop);
    try {
      stopping.get(100, TimeUnit.MILLISECONDS);
      throw new AssertionError("stop() returned while an entry was in flight");
    } catch (TimeoutException expected) {
      // still waiting for the push
    }
    release.countDown();
    stopping.get(5, TimeUnit.SECONDS);

    assertThat(fx.only(booked).status()).isEqualTo(OutboxStatus.DONE);
    assertThat(fx.current(booked).externalRef("google")).isPresent();
  }

  @Test
  void drainStopsAtItsTimeoutAndReportsIt() {
    fx.book("10:00");
    fx.book("11:00");
    SyncWorker worker = fx.worker("w1", fx.google).batchSize(1).build();

    assertThat(worker.drain(Duration.ZERO)).as("one batch, then out of time").isFalse();
    assertThat(fx.entries()).extracting(OutboxEntry::status).containsOnlyOnce(OutboxStatus.DONE);
    assertThat(worker.drain(Duration.ofSeconds(5))).isTrue();
    assertThat(fx.entries()).extracting(OutboxEntry::status).containsOnly(OutboxStatus.DONE);
  }

  private void awaitDone(Appointment a) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (fx.only(a).status() != OutboxStatus.DONE) {
      assertThat(System.nanoTime()).as("pushed within 5 s").isLessThan(deadline);
      Thread.sleep(5);
    }
  }
}
