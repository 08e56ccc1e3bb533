package dev.cita.scheduling.health;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a set of {@link HealthCheck}s, each on a thread of its own with a timeout, and reports the
 * worst status; for a health endpoint or a load balancer's probe:
 *
 * <pre>{@code
 * HealthChecks health = HealthChecks.builder()
 *     .add(JdbcStores.healthCheck(dataSource, Duration.ofSeconds(2)))
 *     .add(OutboxHealthCheck.builder(outbox).build())
 *     .add(reminderCheck)
 *     .build();
 * HealthReport report = health.check();   // answer 503 when report.status() is DOWN
 * }</pre>
 *
 * <p>A check that throws is DOWN with the exception's class name (never its message, which may hold
 * connection details). A check that takes longer than the {@linkplain Builder#timeout timeout} (2
 * seconds by default) is DOWN at the timeout: the caller never waits longer, whatever the check
 * waits for (a database that accepts connections and never answers, a pool with no free
 * connection). Its thread is left to finish, and until it does the same check is answered DOWN at
 * once ("previous probe still running") instead of starting another, so a hung store never piles up
 * threads. Thread-safe.
 */
public final class HealthChecks {
  private static final Logger log = LoggerFactory.getLogger(HealthChecks.class);
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final List<HealthCheck> checks;
  private final Duration timeout;
  private final ExecutorService threads;
  private final Map<String, Future<Health>> running = new LinkedHashMap<>();

  private HealthChecks(Builder b) {
    this.checks = List.copyOf(b.checks);
    this.timeout = b.timeout;
    int pool = POOLS.incrementAndGet();
    AtomicInteger n = new AtomicInteger();
    this.threads =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "cita-health-" + pool + "-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** {@return a builder with no checks and a 2-second timeout} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs every check, in parallel, each bounded by the timeout.
   *
   * @return each check's health and the worst status
   */
  public HealthReport check() {
    List<Optional<Future<Health>>> started = new ArrayList<>(checks.size());
    for (HealthCheck c : checks) {
      started.add(start(c));
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Health> results = new LinkedHashMap<>();
    Health.Status worst = Health.Status.UP;
    for (int i = 0; i < checks.size(); i++) {
      HealthCheck c = checks.get(i);
      Health h =
          started
              .get(i)
              .map(f -> await(c, f, deadline))
              .orElseGet(() -> down("previous probe still running"));
      results.put(c.name(), h);
      worst = worst.worst(h.status());
    }
    return new HealthReport(worst, results);
  }

  /** Starts {@code c} unless its previous run is still going; empty when it is. */
  private synchronized Optional<Future<Health>> start(HealthCheck c) {
    Future<Health> previous = running.get(c.name());
    if (previous != null && !previous.isDone()) {
      return Optional.empty();
    }
    Future<Health> f = threads.submit(c::check);
    running.put(c.name(), f);
    return Optional.of(f);
  }

  private Health await(HealthCheck c, Future<Health> f, long deadline) {
    try {
      Health h = f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      return h == null ? down("the check returned nothing") : h;
    } catch (TimeoutException e) {
      log.warn("health check {} did not answer within {}", c.name(), timeout);
      return down("timed out after " + timeout);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      log.warn("health check {} failed", c.name(), cause);
      return Health.down(Map.of("error", cause.getClass().getSimpleName()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return down("interrupted");
    }
  }

  private static Health down(String reason) {
    return Health.down(Map.of("error", reason));
  }

  /** Collects the checks of a {@link HealthChecks}. */
  public static final class Builder {
    private final List<HealthCheck> checks = new ArrayList<>();
    private Duration timeout = Duration.ofSeconds(2);

    private Builder() {}

    /**
     * Adds a check.
     *
     * @param check the check; its name must be unique in this set
     * @return this builder
     * @throws ValidationException if a check with the same name was added
     */
    public Builder add(HealthCheck check) {
      Checks.notNull(check, "check");
      String name = Checks.notBlank(check.name(), "check.name");
      if (checks.stream().anyMatch(c -> c.name().equals(name))) {
        throw new ValidationException("check", "a check named '" + name + "' was added already");
      }
      checks.add(check);
      return this;
    }

    /**
     * How long {@link HealthChecks#check()} waits for all checks at most; 2 seconds by default.
     * Keep it below the probe timeout of whatever calls it (a load balancer, Kubernetes).
     *
     * @param timeout positive, at most one minute
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      Checks.positive(timeout, "timeout");
      this.timeout = Checks.atMost(timeout, Duration.ofMinutes(1), "timeout");
      return this;
    }

    /** {@return the checks, ready to run} */
    public HealthChecks build() {
      return new HealthChecks(this);
    }
  }
}
