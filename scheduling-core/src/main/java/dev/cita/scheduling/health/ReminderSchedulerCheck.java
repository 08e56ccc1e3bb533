package dev.cita.scheduling.health;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.notify.ReminderScheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Health {@code "reminders"}: whether the reminder scheduler is still running, from the end of its
 * last run ({@link ReminderScheduler#lastRun()}). DEGRADED when the last run ended {@code
 * degradedAfter} ago or more (5 minutes by default: five poll intervals), DOWN from {@code
 * downAfter} (30 minutes): reminders due meanwhile go out late or, past their grace, not at all.
 * Before the first run, the age counts from when the check was made. Details: the age in seconds.
 */
public final class ReminderSchedulerCheck implements HealthCheck {
  private final Supplier<Optional<Instant>> lastRun;
  private final Clock clock;
  private final Instant createdAt;
  private final Duration degradedAfter;
  private final Duration downAfter;

  private ReminderSchedulerCheck(
      Supplier<Optional<Instant>> lastRun,
      Clock clock,
      Duration degradedAfter,
      Duration downAfter) {
    this.lastRun = lastRun;
    this.clock = clock;
    this.createdAt = clock.instant();
    this.degradedAfter = degradedAfter;
    this.downAfter = downAfter;
  }

  /**
   * {@return a check of {@code scheduler} with the default thresholds (5 and 30 minutes)}
   *
   * @param scheduler the scheduler
   * @param clock the scheduler's clock
   */
  public static ReminderSchedulerCheck of(ReminderScheduler scheduler, Clock clock) {
    Checks.notNull(scheduler, "scheduler");
    return of(scheduler::lastRun, clock, Duration.ofMinutes(5), Duration.ofMinutes(30));
  }

  /**
   * {@return a check of a scheduler's last run with these thresholds}
   *
   * @param lastRun when the last run ended, empty before the first
   * @param clock the scheduler's clock
   * @param degradedAfter positive: set it to a few poll intervals
   * @param downAfter not less than {@code degradedAfter}
   */
  public static ReminderSchedulerCheck of(
      Supplier<Optional<Instant>> lastRun,
      Clock clock,
      Duration degradedAfter,
      Duration downAfter) {
    Checks.notNull(lastRun, "lastRun");
    Checks.notNull(clock, "clock");
    Checks.positive(degradedAfter, "degradedAfter");
    Checks.atLeast(downAfter, degradedAfter, "downAfter");
    return new ReminderSchedulerCheck(lastRun, clock, degradedAfter, downAfter);
  }

  @Override
  public String name() {
    return "reminders";
  }

  @Override
  public Health check() {
    Duration age = Duration.between(lastRun.get().orElse(createdAt), clock.instant());
    if (age.isNegative()) {
      age = Duration.ZERO;
    }
    Health.Status status =
        age.compareTo(downAfter) >= 0
            ? Health.Status.DOWN
            : age.compareTo(degradedAfter) >= 0 ? Health.Status.DEGRADED : Health.Status.UP;
    return new Health(status, Map.of("lastRunAgeSeconds", Long.toString(age.toSeconds())));
  }
}
