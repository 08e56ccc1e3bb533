package dev.cita.scheduling.availability;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.dmfs.rfc5545.DateTime;
import org.dmfs.rfc5545.recur.InvalidRecurrenceRuleException;
import org.dmfs.rfc5545.recur.RecurrenceRule;
import org.dmfs.rfc5545.recur.RecurrenceRuleIterator;

/**
 * Time a resource is away: either one span of instants (a vacation, a dentist visit), or a
 * recurring local-time block described by an RFC 5545 RRULE (lunch every weekday at 13:00 for one
 * hour). Recurring blocks are expanded in the resource's zone, so "13:00" stays 13:00 across DST
 * changes; the expansion is done by lib-recur.
 */
public final class TimeOff {
  /** Guards against rules such as FREQ=SECONDLY that would expand into millions of blocks. */
  static final int MAX_OCCURRENCES_PER_EXPANSION = 100_000;
  private static final Pattern DATE_ONLY_UNTIL = Pattern.compile("UNTIL=(\\d{8})(?=;|$)");

  private final Instant start;
  private final Instant end;
  private final LocalDateTime firstStart;
  private final Duration duration;
  private final String rrule;
  private final RecurrenceRule rule;
  private final String reason;
  private volatile Expansion cached;

  private TimeOff(Instant start, Instant end, LocalDateTime firstStart, Duration duration,
      String rrule, RecurrenceRule rule, String reason) {
    this.start = start;
    this.end = end;
    this.firstStart = firstStart;
    this.duration = duration;
    this.rrule = rrule;
    this.rule = rule;
    this.reason = reason;
  }

  /** One span of time off, {@code [start, end)}. */
  public static TimeOff between(Instant start, Instant end) {
    return between(start, end, null);
  }

  public static TimeOff between(Instant start, Instant end, String reason) {
    Checks.notNull(start, "timeOff.start");
    Checks.notNull(end, "timeOff.end");
    if (!end.isAfter(start)) {
      throw new ValidationException("timeOff.end", "must be after start (" + start + "), was " + end);
    }
    return new TimeOff(start, end, null, null, null, null, reason);
  }

  /**
   * A recurring block of local time: occurrences start at the local times the RRULE produces from
   * {@code firstStart} and last {@code duration} of real time each.
   *
   * @param rrule an RFC 5545 recurrence rule without the {@code RRULE:} prefix, such as
   *     {@code FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR}; an UNTIL must be a local (floating) date-time
   *     or a date, since the rule is evaluated in local time
   */
  public static TimeOff recurring(LocalDateTime firstStart, Duration duration, String rrule) {
    return recurring(firstStart, duration, rrule, null);
  }

  public static TimeOff recurring(LocalDateTime firstStart, Duration duration, String rrule, String reason) {
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
      // Fail now, not at query time, on rules the library cannot iterate from this start.
      RecurrenceRuleIterator it = rule.iterator(floating(firstStart));
      it.hasNext();
    } catch (InvalidRecurrenceRuleException | IllegalArgumentException e) {
      throw new ValidationException("timeOff.rrule", "not a valid RFC 5545 rule: " + e.getMessage());
    }
    return new TimeOff(null, null, firstStart, duration, text, rule, reason);
  }

  public boolean isRecurring() {
    return rule != null;
  }

  /** For one-off time off, its span. */
  public Optional<Instant> start() {
    return Optional.ofNullable(start);
  }

  public Optional<Instant> end() {
    return Optional.ofNullable(end);
  }

  /** For recurring time off, the local start of the first occurrence. */
  public Optional<LocalDateTime> firstStart() {
    return Optional.ofNullable(firstStart);
  }

  public Optional<Duration> duration() {
    return Optional.ofNullable(duration);
  }

  public Optional<String> rrule() {
    return Optional.ofNullable(rrule);
  }

  public Optional<String> reason() {
    return Optional.ofNullable(reason);
  }

  /**
   * Adds to {@code out} every occurrence that overlaps {@code [from, to)} (epoch seconds), with
   * recurring occurrences placed in {@code zone}: a local start in a DST gap moves forward by the
   * gap, an ambiguous one takes the earlier offset.
   */
  void expandInto(IntervalSet.Builder out, ZoneId zone, long from, long to) {
    if (rule == null) {
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

  /** The occurrences of a recurring block overlapping {@code [from, to)}, placed in {@code zone}. */
  private Expansion expand(ZoneId zone, long from, long to) {
    IntervalSet.Builder found = new IntervalSet.Builder(16);
    // Occurrences are placed at whole seconds (the recurrence library drops fractions), so a
    // fraction of a second in the first start lengthens each one: busy time never shrinks.
    Duration span = duration.plusNanos(firstStart.getNano());
    long length = span.getSeconds() + (span.getNano() > 0 ? 1 : 0);
    // Local bounds with a day of slack each way cover every offset a zone can have.
    LocalDateTime localFrom = LocalDateTime.ofEpochSecond(from - length, 0, java.time.ZoneOffset.UTC)
        .minusDays(1);
    LocalDateTime localTo = LocalDateTime.ofEpochSecond(to, 0, java.time.ZoneOffset.UTC).plusDays(1);
    RecurrenceRuleIterator it = rule.iterator(floating(firstStart));
    if (localFrom.isAfter(firstStart)) {
      it.fastForward(floating(localFrom));
    }
    for (int n = 0; it.hasNext() && n < MAX_OCCURRENCES_PER_EXPANSION; n++) {
      DateTime next = it.nextDateTime();
      LocalDateTime local = LocalDateTime.of(next.getYear(), next.getMonth() + 1,
          next.getDayOfMonth(), next.getHours(), next.getMinutes(), next.getSeconds());
      if (!local.isBefore(localTo)) {
        break;
      }
      long s = ZonedDateTime.ofLocal(local, zone, null).toEpochSecond();
      long e = s + length;
      if (s < to && e > from) {
        found.add(s, e);
      }
    }
    IntervalSet set = found.build();
    return new Expansion(zone, from, to, Arrays.copyOf(set.starts, set.size), Arrays.copyOf(set.ends, set.size));
  }

  /**
   * The last expansion, kept because the same block is usually expanded for the same span again
   * and again (one slot query after another); lib-recur iteration is the costly part.
   */
  private record Expansion(ZoneId zone, long from, long to, long[] starts, long[] ends) {
    boolean covers(ZoneId z, long f, long t) {
      return zone.equals(z) && from <= f && to >= t;
    }
  }

  private static DateTime floating(LocalDateTime t) {
    return new DateTime(t.getYear(), t.getMonthValue() - 1, t.getDayOfMonth(), t.getHour(),
        t.getMinute(), t.getSecond());
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof TimeOff)) {
      return false;
    }
    TimeOff t = (TimeOff) o;
    return Objects.equals(start, t.start) && Objects.equals(end, t.end)
        && Objects.equals(firstStart, t.firstStart) && Objects.equals(duration, t.duration)
        && Objects.equals(rrule, t.rrule) && Objects.equals(reason, t.reason);
  }

  @Override
  public int hashCode() {
    return Objects.hash(start, end, firstStart, duration, rrule, reason);
  }

  @Override
  public String toString() {
    return rule == null ? "TimeOff[" + start + ", " + end + ")"
        : "TimeOff{" + firstStart + " for " + duration + ", " + rrule + "}";
  }
}
