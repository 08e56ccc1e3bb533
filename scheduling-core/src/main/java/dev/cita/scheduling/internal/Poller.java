package dev.cita.scheduling.internal;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one task every interval on a daemon thread of its own, for the background workers (the sync
 * worker, the reminder scheduler): a run that throws is logged and polling goes on; stopping waits
 * a bounded time for the run in flight. Not public API.
 */
public final class Poller {
  private static final Logger log = LoggerFactory.getLogger(Poller.class);

  private final String name;
  private final Duration interval;
  private final Duration stopWait;
  private final Runnable round;
  private @Nullable ScheduledExecutorService executor;
  private volatile boolean running;

  /**
   * @param name the thread's name, also used in log lines
   * @param stopWait how long {@link #stop()} waits for the run in flight
   * @param round one polling round; it should check {@link #isRunning()} between units of work
   */
  public Poller(String name, Duration interval, Duration stopWait, Runnable round) {
    this.name = Checks.notBlank(name, "poller.name");
    this.interval = Checks.positive(interval, "poller.interval");
    this.stopWait = Checks.notNegative(stopWait, "poller.stopWait");
    this.round = Checks.notNull(round, "poller.round");
  }

  /** Starts polling; starting a running poller does nothing. */
  public synchronized void start() {
    if (executor != null) {
      return;
    }
    running = true;
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
    executor.scheduleWithFixedDelay(this::poll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Stops polling and waits at most the stop wait for the run in flight; it may be started again.
   */
  public synchronized void stop() {
    running = false;
    if (executor == null) {
      return;
    }
    executor.shutdown();
    try {
      if (!executor.awaitTermination(stopWait.toMillis(), TimeUnit.MILLISECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
    executor = null;
  }

  /** True between {@link #start()} and {@link #stop()}. */
  public boolean isRunning() {
    return running;
  }

  private void poll() {
    try {
      if (running) {
        round.run();
      }
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      // Keep polling: a scheduled task that throws is never run again.
      log.error("{} failed a run; polling continues", name, e);
    }
  }
}
