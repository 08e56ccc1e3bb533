package dev.cita.scheduling.availability;

import static dev.cita.scheduling.availability.FloatingTimes.floating;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.dmfs.rfc5545.recur.Freq;
import org.dmfs.rfc5545.recur.InvalidRecurrenceRuleException;
import org.dmfs.rfc5545.recur.RecurrenceRule;
import org.dmfs.rfc5545.recur.RecurrenceRuleIterator;
import org.jspecify.annotations.Nullable;

/**
 * Time a resource is away: either one span of instants (a vacation, a dentist visit), or a
 * recurring local-time block described by an RFC 5545 RRULE (lunch every weekday at 13:00 for one
 * hour). Recurring blocks are expanded in the resource's zone, so "13:00" stays 13:00 across DST
 * changes; the expansion is done by lib-recur.
 *
 * <p>Bounds, so that no rule costs unbounded time or memory: a rule repeats at most once a minute
 * (no {@code FREQ=SECONDLY}, at most one {@code BYSECOND} value) and a {@code COUNT} is at most
 * {@value #MAX_COUNT}; other rules are refused with a {@link ValidationException} on field {@code
 * timeOff.rrule}. A query expands a rule from the query's own span, not from the rule's first start
 * (a rule with {@code COUNT} is counted from its first start, at most {@value #MAX_COUNT} steps),
 * and a query over which one rule would repeat more than {@value #MAX_OCCURRENCES_PER_QUERY} times
 * is refused (field {@code query}: narrow the range) instead of silently blocking only part of it.
 */
public final class TimeOff {
  /** The largest COUNT a rule may have: such rules are counted from their first start. */
  public static final int MAX_COUNT = 10_000;

  /** The most occurrences of one rule a query may cover (138 days of an every-minute rule). */
  public static final int MAX_OCCURRENCES_PER_QUERY = 200_000;

  /** Occurrences tried at construction, to refuse rules lib-recur cannot iterate. */
  private static final int TRIAL_OCCURRENCES = 2_000;

  private static final Pattern DATE_ONLY_UNTIL = Pattern.compile("UNTIL=(\\d{8})(?=;|$)");

  // A span sets start and end; a recurring block sets firstStart, duration, rrule and rule.
  private final @Nullable Instant start;
  private final @Nullable Instant end;
  private final @Nullable LocalDateTime firstStart;
  private final @Nullable Duration duration;
  private final @Nullable String rrule;
  private final @Nullable RecurrenceRule rule;
  private final @Nullable String reason;
  private volatile @Nullable Expansion cached;

  private TimeOff(
      @Nullable Instant start,
      @Nullable Instant end,
      @Nullable LocalDateTime firstStart,
      @Nullable Duration duration,
      @Nullable String rrule,
      @Nullable RecurrenceRule rule,
      @Nullable String reason) {
    this.start = start;
    this.end = end;
    this.firstStart = firstStart;
    this.duration = duration;
    this.rrule = rrule;
    this.rule = rule;
    this.reason = reason;
  }

  /**
   * One span of time off, {@code [start, end)}.
   *
   * @param start the first instant away
   * @param end the first instant back; after {@code start}
   * @return the time off, without a reason
   * @throws ValidationException if either is missing or {@code end} is not after {@code start}
   */
  public static TimeOff between(Instant start, Instant end) {
    return between(start, end, null);
  }

  /**
   * One span of time off, {@code [start, end)}, with a note on why.
   *
   * @param start the first instant away
   * @param end the first instant back; after {@code start}
   * @param reason a note such as {@code "vacation"}, for people; {@code null} for none
   * @return the time off
   * @throws ValidationException if either is missing or {@code end} is not after {@code start}
   */
  public static TimeOff between(Instant start, Instant end, @Nullable String reason) {
    Checks.notNull(start, "timeOff.start");
    Checks.notNull(end, "timeOff.end");
    if (!end.isAfter(start)) {
      throw new ValidationException(
          "timeOff.end", "must be after start (" + start + "), was " + end);
    }
    return new TimeOff(start, end, null, null, null, null, reason);
  }

  /**
   * A recurring block of local time: occurrences start at the local times the RRULE produces from
   * {@code firstStart} and last {@code duration} of real time each.
   *
   * @param firstStart the local start of the first occurrence, in the resource's zone
   * @param duration how long each occurrence lasts; positive
   * @param rrule an RFC 5545 recurrence rule without the {@code RRULE:} prefix, such as {@code
   *     FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR}; an UNTIL must be a local (floating) date-time or a date,
   *     since the rule is evaluated in local time
   * @return the time off, without a reason
   * @throws ValidationException on field {@code timeOff.rrule} if the rule is invalid or unbounded
   *     (see the class comment), or if another argument is missing
   */
  public static TimeOff recurring(LocalDateTime firstStart, Duration duration, String rrule) {
    return recurring(firstStart, duration, rrule, null);
  }

  /**
   * A recurring block of local time with a note on why; see {@link #recurring(LocalDateTime,
   * Duration, String)}.
   *
   * @param firstStart the local start of the first occurrence, in the resource's zone
   * @param duration how long each occurrence lasts; positive
   * @param rrule an RFC 5545 recurrence rule, such as {@code FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR}
   * @param reason a note such as {@code "lunch"}, for people; {@code null} for none
   * @return the time off
   * @throws ValidationException on field {@code timeOff.rrule} if the rule is invalid or unbounded,
   *     or if another argument is missing
   */
  public static TimeOff recurring(
      LocalDateTime firstStart, Duration duration, String rrule, @Nullable String reason) {
    Checks.notNull(firstStart, "timeOff.firstStart");
    Checks.positive(duration, "timeOff.duration");
    Checks.notBlank(rrule, "timeOff.rrule");
    String text = rrule.startsWith("RRULE:") ? rrule.substring("RRULE:".length()) : rrule;
    // The rule runs on local date-times; a date-only UNTIL means "through that date" (RFC 5545
    // counts UNTIL inclusively), so it becomes the last second of that local day.
    String parsed = DATE_ONLY_UNTIL.matcher(text).replaceAll("UNTIL=$1T235959");
    RecurrenceRule rule;
    try {
      // Strict mode: a malformed part is an error, not silently dropped (BYDAY=XX would
      // otherwise become a plain weekly rule).
      rule = new RecurrenceRule(parsed, RecurrenceRule.RfcMode.RFC5545_STRICT);
    } catch (InvalidRecurrenceRuleException | IllegalArgumentException e) {
      throw new ValidationException(
          "timeOff.rrule", "not a valid RFC 5545 rule: " + e.getMessage());
    }
    checkBounded(rule);
    // Fail now, not at query time, on rules the library cannot iterate from this start (lib-recur
    // gives up after a thousand empty periods in a row, as in FREQ=MINUTELY;BYDAY=MO).
    try {
      RecurrenceRuleIterator it = rule.iterator(floating(firstStart));
      for (int n = 0; n < TRIAL_OCCURRENCES && it.hasNext(); n++) {
        it.nextDateTime();
      }
    } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
      throw notIterable(e);
    }
    return new TimeOff(null, null, firstStart, duration, text, rule, reason);
  }

  /** Refuses rules that repeat more than once a minute or count further than {@link #MAX_COUNT}. */
  private static void checkBounded(RecurrenceRule rule) {
    if (rule.getFreq() == Freq.SECONDLY) {
      throw new ValidationException(
          "timeOff.rrule",
          "FREQ=SECONDLY is not supported: time off repeats at most once a minute");
    }
    List<Integer> seconds = rule.getByPart(RecurrenceRule.Part.BYSECOND);
    if (seconds != null && seconds.size() > 1) {
      throw new ValidationException(
          "timeOff.rrule", "at most one BYSECOND value: time off repeats at most once a minute");
    }
    if (rule.hasPart(RecurrenceRule.Part.RSCALE)) {
      throw new ValidationException("timeOff.rrule", "RSCALE is not supported");
    }
    Integer count = rule.getCount();
    if (count != null && count > MAX_COUNT) {
      throw new ValidationException(
          "timeOff.rrule",
          "COUNT must be at most "
              + MAX_COUNT
              + ", was "
              + count
              + "; use UNTIL for a longer series");
    }
  }

  private static ValidationException notIterable(RuntimeException e) {
    return new ValidationException(
        "timeOff.rrule",
        "the rule cannot be expanded ("
            + e.getMessage()
            + "); a rule whose occurrences are more than a thousand of its periods apart needs a"
            + " coarser FREQ");
  }

  /** {@return whether this is a recurring block (an RRULE) rather than one span} */
  public boolean isRecurring() {
    return rule != null;
  }

  /** {@return for one-off time off, the start of its span; empty for recurring time off} */
  public Optional<Instant> start() {
    return Optional.ofNullable(start);
  }

  /**
   * {@return for one-off time off, the end of its span (exclusive); empty for recurring time off}
   */
  public Optional<Instant> end() {
    return Optional.ofNullable(end);
  }

  /**
   * {@return for recurring time off, the local start of the first occurrence; empty for one-off}
   */
  public Optional<LocalDateTime> firstStart() {
    return Optional.ofNullable(firstStart);
  }

  /** {@return for recurring time off, how long each occurrence lasts; empty for one-off} */
  public Optional<Duration> duration() {
    return Optional.ofNullable(duration);
  }

  /**
   * {@return for recurring time off, its RFC 5545 rule without the {@code RRULE:} prefix; empty for
   * one-off}
   */
  public Optional<String> rrule() {
    return Optional.ofNullable(rrule);
  }

  /** {@return the note on why the resource is away, or empty if none was given} */
  public Optional<String> reason() {
    return Optional.ofNullable(reason);
  }

  /**
   * Adds to {@code out} every occurrence that overlaps {@code [from, to)} (epoch seconds), with
   * recurring occurrences placed in {@code zone}: a local start in a DST gap moves forward by the
   * gap, an ambiguous one takes the earlier offset.
   */
  void expandInto(IntervalSet.Builder out, ZoneId zone, long from, long to) {
    if (start != null && end != null) {
      long s = IntervalSet.floorSeconds(start);
      long e = IntervalSet.ceilSeconds(end);
      if (s < to && e > from) {
        out.add(s, e);
      }
      return;
    }
    Expansion expansion = cached;
    if (expansion == null || !expansion.covers(zone, from, to)) {
      expansion = expand(zone, from, to);
      cached = expansion;
    }
    for (int i = 0; i < expansion.starts.length; i++) {
      if (expansion.starts[i] < to && expansion.ends[i] > from) {
        out.add(expansion.starts[i], expansion.ends[i]);
      }
    }
  }

  /**
   * The occurrences of a recurring block overlapping {@code [from, to)}, placed in {@code zone}.
   */
  private Expansion expand(ZoneId zone, long from, long to) {
    LocalDateTime firstStart = recurringPart(this.firstStart);
    Duration duration = recurringPart(this.duration);
    RecurrenceRule rule = recurringPart(this.rule);
    IntervalSet.Builder found = new IntervalSet.Builder(16);
    // Occurrences are placed at whole seconds (the recurrence library drops fractions), so a
    // fraction of a second in the first start lengthens each one: busy time never shrinks.
    Duration span = duration.plusNanos(firstStart.getNano());
    long length = span.getSeconds() + (span.getNano() > 0 ? 1 : 0);
    // Local bounds (epoch seconds of the local date-time read as UTC) with a day of slack each
    // way cover every offset a zone can have.
    long localFrom = from - length - SlotEngine.DAY;
    long localTo = to + SlotEngine.DAY;
    // One timeline for the span: each occurrence converts with a subtraction, not a ZonedDateTime.
    ZoneTimeline timeline = ZoneTimeline.of(zone, localFrom, localTo);
    LocalDateTime anchor = iterationStart(ZoneTimeline.toLocal(localFrom));
    int steps = 0;
    try {
      RecurrenceRuleIterator it = rule.iterator(floating(anchor));
      if (localFrom > anchor.toEpochSecond(ZoneOffset.UTC)) {
        it.fastForward(floating(ZoneTimeline.toLocal(localFrom)));
      }
      while (it.hasNext()) {
        // A floating rule's "millis" are its local date-time read as UTC.
        long local = Math.floorDiv(it.nextMillis(), 1000L);
        if (local >= localTo) {
          break;
        }
        if (++steps > MAX_OCCURRENCES_PER_QUERY) {
          throw new ValidationException(
              "query",
              "recurring time off "
                  + this
                  + " repeats more than "
                  + MAX_OCCURRENCES_PER_QUERY
                  + " times in the queried range; narrow the date range");
        }
        long s = timeline.instant(local);
        long e = s + length;
        if (s < to && e > from) {
          found.add(s, e);
        }
      }
    } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
      throw notIterable(e);
    }
    IntervalSet set = found.build();
    return new Expansion(
        zone,
        from,
        to,
        Arrays.copyOf(set.starts, set.size),
        Arrays.copyOf(set.ends, set.size),
        anchor,
        steps);
  }

  /**
   * Where the iteration for a query whose local span starts at {@code localFrom} begins: the first
   * start moved forward by whole periods of the rule (whole multiples of INTERVAL minutes, hours,
   * days or weeks; for monthly and yearly rules, of 400·INTERVAL years, after which the Gregorian
   * calendar repeats itself), so that a rule first started decades ago costs no more than one
   * started yesterday. The rule's occurrences from there on are the same; occurrences before it lie
   * before {@code localFrom}. A rule with COUNT must be counted from its first start.
   */
  LocalDateTime iterationStart(LocalDateTime localFrom) {
    LocalDateTime firstStart = recurringPart(this.firstStart);
    RecurrenceRule rule = recurringPart(this.rule);
    if (rule.getCount() != null || !localFrom.isAfter(firstStart)) {
      return firstStart;
    }
    long interval = rule.getInterval();
    long unit =
        switch (rule.getFreq()) {
          case MINUTELY -> 60;
          case HOURLY -> 3_600;
          case DAILY -> 86_400;
          case WEEKLY -> 7 * 86_400;
          default -> 0;
        };
    if (unit > 0) {
      long period = interval * unit;
      long elapsed = Duration.between(firstStart, localFrom).getSeconds();
      return firstStart.plusSeconds(elapsed / period * period);
    }
    long cycle = 400 * interval;
    long years = ChronoUnit.YEARS.between(firstStart, localFrom);
    return firstStart.plusYears(years / cycle * cycle);
  }

  /** A field every recurring block sets, for code that runs on recurring blocks only. */
  private static <T> T recurringPart(@Nullable T value) {
    return Objects.requireNonNull(value, "not a recurring time off");
  }

  /** The local start and the occurrences iterated by the last expansion (for tests). */
  Optional<Expansion> lastExpansion() {
    return Optional.ofNullable(cached);
  }

  /**
   * The last expansion, kept because the same block is usually expanded for the same span again and
   * again (one slot query after another); lib-recur iteration is the costly part.
   */
  record Expansion(
      ZoneId zone,
      long from,
      long to,
      long[] starts,
      long[] ends,
      LocalDateTime iterationStart,
      int steps) {
    boolean covers(ZoneId z, long f, long t) {
      return zone.equals(z) && from <= f && to >= t;
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof TimeOff)) {
      return false;
    }
    TimeOff t = (TimeOff) o;
    return Objects.equals(start, t.start)
        && Objects.equals(end, t.end)
        && Objects.equals(firstStart, t.firstStart)
        && Objects.equals(duration, t.duration)
        && Objects.equals(rrule, t.rrule)
        && Objects.equals(reason, t.reason);
  }

  @Override
  public int hashCode() {
    return Objects.hash(start, end, firstStart, duration, rrule, reason);
  }

  @Override
  public String toString() {
    return rule == null
        ? "TimeOff[" + start + ", " + end + ")"
        : "TimeOff{" + firstStart + " for " + duration + ", " + rrule + "}";
  }
}
