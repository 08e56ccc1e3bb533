package dev.cita.scheduling.spring;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts a Cita worker with the application context and stops it with it: on shutdown the worker
 * stops claiming, then drains what is due for at most the drain timeout.
 */
public final class WorkerLifecycle implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(WorkerLifecycle.class);

  private final String name;
  private final Runnable start;
  private final Runnable stop;
  private final BooleanSupplier running;
  private final Predicate<Duration> drain;
  private final Duration drainTimeout;

  /**
   * Creates the adapter.
   *
   * @param name the worker's name, for the log
   * @param start starts the worker
   * @param stop stops the worker from claiming more work
   * @param running whether the worker runs
   * @param drain runs what is due for at most the given time; true if nothing was left
   * @param drainTimeout how long to drain on shutdown
   */
  public WorkerLifecycle(
      String name,
      Runnable start,
      Runnable stop,
      BooleanSupplier running,
      Predicate<Duration> drain,
      Duration drainTimeout) {
    this.name = name;
    this.start = start;
    this.stop = stop;
    this.running = running;
    this.drain = drain;
    this.drainTimeout = drainTimeout;
  }

  @Override
  public void start() {
    start.run();
    log.info("Cita {} started", name);
  }

  @Override
  public void stop() {
    stop.run();
    if (!drainTimeout.isZero() && !drain.test(drainTimeout)) {
      log.warn("Cita {} stopped with work still due after draining for {}", name, drainTimeout);
    } else {
      log.info("Cita {} stopped", name);
    }
  }

  @Override
  public boolean isRunning() {
    return running.getAsBoolean();
  }
}
