package dev.cita.scheduling.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that stands still until a test moves it ({@link #set}, {@link #advance}); it
 * never reads the system clock. Hand it to every Cita builder that takes a clock to test
 * time-dependent behaviour (expiry, reminders, backoff, DST) without sleeping. Thread-safe.
 */
public final class TestClock extends Clock {
  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  /**
   * Creates a clock that reads {@code start} until it is moved; its zone is UTC.
   *
   * @param start the instant the clock shows first
   */
  public TestClock(Instant start) {
    this(new AtomicReference<>(start), ZoneOffset.UTC);
  }

  private TestClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /**
   * Moves the clock to {@code instant}, forwards or backwards.
   *
   * @param instant what the clock shows from now on
   */
  public void set(Instant instant) {
    now.set(instant);
  }

  /**
   * Moves the clock forwards by {@code by} (backwards if it is negative).
   *
   * @param by how far to move
   */
  public void advance(Duration by) {
    now.updateAndGet(t -> t.plus(by));
  }

  @Override
  public Instant instant() {
    return Objects.requireNonNull(now.get(), "now");
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return new TestClock(now, zone);
  }
}
