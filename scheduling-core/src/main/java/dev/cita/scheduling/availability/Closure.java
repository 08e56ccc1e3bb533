package dev.cita.scheduling.availability;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.Ids;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Time a whole tenant (a business or one of its branches) is closed, for every resource it has: a
 * span of instants, whole local days ({@code "cerrado por inventario"} on 2026-12-10, a public
 * holiday), or a recurring local-time block described by an RFC 5545 RRULE (read and bounded
 * exactly as {@link TimeOff#recurring}). Days and recurring blocks are read in each resource's own
 * zone. The slot engine treats a closure as busy time of its own, without buffers: no slot whose
 * buffered span overlaps it is offered or booked.
 *
 * <pre>{@code
 * Closure inventory = Closure.days("inventario-2026", LocalDate.of(2026, 12, 10),
 *     LocalDate.of(2026, 12, 10), "cerrado por inventario");
 * }</pre>
 */
public final class Closure {
  private final String id;
  private final @Nullable TimeOff span;
  private final @Nullable LocalDate firstDay;
  private final @Nullable LocalDate lastDay;
  private final @Nullable String reason;

  private Closure(
      String id,
      @Nullable TimeOff span,
      @Nullable LocalDate firstDay,
      @Nullable LocalDate lastDay,
      @Nullable String reason) {
    this.id = Ids.check(id, "closure.id");
    this.span = span;
    this.firstDay = firstDay;
    this.lastDay = lastDay;
    this.reason = reason == null ? null : Checks.noControlCharacters(reason, "closure.reason");
  }

  /**
   * A closure over one span of instants, {@code [start, end)}.
   *
   * @param id the closure's id within its tenant, following the {@link Ids} rule
   * @param start the first instant closed
   * @param end the first instant open again; after {@code start}
   * @param reason a note for people, such as {@code "corte de luz"}; {@code null} for none
   * @return the closure
   * @throws ValidationException naming the field ({@code closure.*}) that is missing or invalid
   */
  public static Closure between(String id, Instant start, Instant end, @Nullable String reason) {
    return new Closure(id, renamed(() -> TimeOff.between(start, end, reason)), null, null, reason);
  }

  /**
   * A closure over whole local days, {@code firstDay} to {@code lastDay} inclusive, from the start
   * of the first day to the start of the day after the last, in each resource's zone (a day whose
   * midnight a DST change skips starts when the clock jumps).
   *
   * @param id the closure's id within its tenant, following the {@link Ids} rule
   * @param firstDay the first local date closed
   * @param lastDay the last local date closed; not before {@code firstDay}
   * @param reason a note for people, such as {@code "Fiestas Patrias"}; {@code null} for none
   * @return the closure
   * @throws ValidationException naming the field ({@code closure.*}) that is missing or invalid
   */
  public static Closure days(
      String id, LocalDate firstDay, LocalDate lastDay, @Nullable String reason) {
    Checks.notNull(firstDay, "closure.firstDay");
    Checks.notNull(lastDay, "closure.lastDay");
    if (lastDay.isBefore(firstDay)) {
      throw new ValidationException(
          "closure.lastDay", "must not be before firstDay (" + firstDay + "), was " + lastDay);
    }
    return new Closure(id, null, firstDay, lastDay, reason);
  }

  /**
   * A recurring closure: occurrences start at the local times the RRULE produces from {@code
   * firstStart}, in each resource's zone, and last {@code duration} of real time each (the rules
   * and bounds of {@link TimeOff#recurring(LocalDateTime, Duration, String)}).
   *
   * @param id the closure's id within its tenant, following the {@link Ids} rule
   * @param firstStart the local start of the first occurrence
   * @param duration how long each occurrence lasts; positive
   * @param rrule an RFC 5545 recurrence rule, such as {@code FREQ=WEEKLY;BYDAY=SU}
   * @param reason a note for people; {@code null} for none
   * @return the closure
   * @throws ValidationException naming the field ({@code closure.*}) that is missing or invalid
   */
  public static Closure recurring(
      String id,
      LocalDateTime firstStart,
      Duration duration,
      String rrule,
      @Nullable String reason) {
    return new Closure(
        id,
        renamed(() -> TimeOff.recurring(firstStart, duration, rrule, reason)),
        null,
        null,
        reason);
  }

  /** Time off's own checks, reported on the closure's fields. */
  private static TimeOff renamed(Supplier<TimeOff> build) {
    try {
      return build.get();
    } catch (ValidationException e) {
      String field = e.field().replaceFirst("^timeOff\\.", "closure.");
      String problem = e.getMessage().substring(e.field().length() + 2);
      throw new ValidationException(field, problem);
    }
  }

  /** {@return the closure's id within its tenant} */
  public String id() {
    return id;
  }

  /** {@return the note on why, or empty if none was given} */
  public Optional<String> reason() {
    return Optional.ofNullable(reason);
  }

  /** {@return for a closure of whole days, the first local date closed; else empty} */
  public Optional<LocalDate> firstDay() {
    return Optional.ofNullable(firstDay);
  }

  /** {@return for a closure of whole days, the last local date closed (inclusive); else empty} */
  public Optional<LocalDate> lastDay() {
    return Optional.ofNullable(lastDay);
  }

  /**
   * {@return for a span or a recurring closure, its time as time off (its start and end, or its
   * first start, duration and rule); empty for a closure of whole days}
   */
  public Optional<TimeOff> time() {
    return Optional.ofNullable(span);
  }

  /** Adds the closed time overlapping {@code [from, to)} (epoch seconds) read in {@code zone}. */
  void expandInto(IntervalSet.Builder out, ZoneId zone, long from, long to) {
    if (span != null) {
      span.expandInto(out, zone, from, to);
      return;
    }
    long s = Objects.requireNonNull(firstDay).atStartOfDay(zone).toEpochSecond();
    long e = Objects.requireNonNull(lastDay).plusDays(1).atStartOfDay(zone).toEpochSecond();
    if (s < to && e > from) {
      out.add(s, e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Closure c
        && id.equals(c.id)
        && Objects.equals(span, c.span)
        && Objects.equals(firstDay, c.firstDay)
        && Objects.equals(lastDay, c.lastDay)
        && Objects.equals(reason, c.reason);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, span, firstDay, lastDay, reason);
  }

  @Override
  public String toString() {
    return "Closure{"
        + id
        + ", "
        + (span != null ? span : firstDay + ".." + lastDay)
        + (reason == null ? "" : ", " + reason)
        + "}";
  }
}
