package dev.cita.scheduling.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/**
 * Runs several calls at once: every thread is started and waiting before any call begins, so the
 * calls really overlap. A call that has not returned after a minute fails the test (a deadlock)
 * instead of hanging the build.
 */
final class Race {
  static final int THREADS = 16;
  private static final long TIMEOUT_SECONDS = 60;

  private Race() {}

  /** What one racing call did: returned a value, or threw. */
  record Outcome<T>(@Nullable T value, @Nullable Throwable error) {
    boolean succeeded() {
      return error == null;
    }

    /** The value the call returned, for a call known to return one. */
    T returned() {
      return Objects.requireNonNull(value, () -> "the call returned nothing; it threw " + error);
    }
  }

  static <T> List<Outcome<T>> run(int threads, IntFunction<Callable<T>> calls)
      throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch ready = new CountDownLatch(threads);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        Callable<T> call = calls.apply(i);
        futures.add(
            pool.submit(
                () -> {
                  ready.countDown();
                  go.await();
                  return call.call();
                }));
      }
      assertThat(ready.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("all threads started").isTrue();
      go.countDown();
      List<Outcome<T>> outcomes = new ArrayList<>();
      for (int i = 0; i < futures.size(); i++) {
        try {
          outcomes.add(new Outcome<>(futures.get(i).get(TIMEOUT_SECONDS, TimeUnit.SECONDS), null));
        } catch (ExecutionException e) {
          outcomes.add(new Outcome<>(null, e.getCause()));
        } catch (TimeoutException e) {
          fail(
              "call %d of %d did not return within %d s; is the store deadlocked?",
              i, threads, TIMEOUT_SECONDS);
        }
      }
      return outcomes;
    } finally {
      pool.shutdownNow();
    }
  }

  /** One racing thread's attempt in one round; true if it won. */
  @FunctionalInterface
  interface Attempt {
    boolean won(int thread, int round) throws Exception;
  }

  /**
   * Races {@link #THREADS} threads through {@code rounds} rounds, all meeting at a barrier before
   * each round so that the races stay tight, and fails the test if any attempt threw.
   *
   * @return for each round, the threads whose attempt won, in thread order
   */
  static List<List<Integer>> rounds(int rounds, Attempt attempt) throws InterruptedException {
    CyclicBarrier together = new CyclicBarrier(THREADS);
    List<Outcome<List<Boolean>>> outcomes =
        run(
            THREADS,
            i ->
                () -> {
                  List<Boolean> won = new ArrayList<>();
                  for (int round = 0; round < rounds; round++) {
                    together.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    won.add(attempt.won(i, round));
                  }
                  return won;
                });
    assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).as("error").isNull());
    List<List<Integer>> winners = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      List<Integer> won = new ArrayList<>();
      for (int thread = 0; thread < outcomes.size(); thread++) {
        if (outcomes.get(thread).returned().get(round)) {
          won.add(thread);
        }
      }
      winners.add(won);
    }
    return winners;
  }

  /**
   * Sleeps a little, to widen the window in which a store that is not atomic lets a second write
   * in.
   */
  static void pause() {
    try {
      Thread.sleep(5);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
