package dev.cita.scheduling.availability;

import static dev.cita.scheduling.availability.FloatingTimes.floating;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.dmfs.rfc5545.DateTime;
import org.dmfs.rfc5545.recur.InvalidRecurrenceRuleException;
import org.dmfs.rfc5545.recur.RecurrenceRule;
import org.dmfs.rfc5545.recur.RecurrenceRuleIterator;

/**
 * The RFC 5545 rule of a series of appointments, read by lib-recur in strict mode and bounded: it
 * has a {@code COUNT} of at most the cap it was parsed with, or an {@code UNTIL}. Its occurrences
 * are local date-times, expanded from the first one's local date-time in the resource's zone (see
 * {@link #localStarts}). Immutable.
 */
public final class SeriesRule {
  private final String text;
  private final int maxOccurrences;

  private SeriesRule(String text, int maxOccurrences) {
    this.text = text;
    this.maxOccurrences = maxOccurrences;
  }

  /**
   * Reads a rule.
   *
   * @param rrule the rule, with or without the {@code RRULE:} prefix
   * @param maxOccurrences the most occurrences the rule may produce, at least 1
   * @return the rule
   * @throws ValidationException on {@code series.rrule} if the rule is not valid RFC 5545 or has
   *     neither COUNT nor UNTIL, on {@code series.rrule.count} if its COUNT is over the cap
   */
  public static SeriesRule parse(String rrule, int maxOccurrences) {
    Checks.notBlank(rrule, "series.rrule");
    Checks.atLeast(maxOccurrences, 1, "maxOccurrences");
    String text = rrule.startsWith("RRULE:") ? rrule.substring("RRULE:".length()) : rrule;
    RecurrenceRule rule = rule(text);
    if (rule.getCount() == null && rule.getUntil() == null) {
      throw new ValidationException(
          "series.rrule", "must end: give COUNT or UNTIL (a series is never unbounded)");
    }
    if (rule.getCount() != null && rule.getCount() > maxOccurrences) {
      throw new ValidationException(
          "series.rrule.count", "must be at most " + maxOccurrences + ", was " + rule.getCount());
    }
    return new SeriesRule(text, maxOccurrences);
  }

  /** {@return the rule's text, without the {@code RRULE:} prefix} */
  public String text() {
    return text;
  }

  /**
   * The local start of every occurrence, in the rule's order, from {@code first}: lib-recur runs
   * the rule on local date-times, so a local time stays the same across DST changes. A date {@code
   * UNTIL} includes its whole local day; a UTC {@code UNTIL} is read in {@code zone}.
   *
   * @param first the first occurrence's local date-time, which must be the rule's first occurrence
   * @param zone the zone a UTC {@code UNTIL} is read in
   * @return the local starts, at least one
   * @throws ValidationException on {@code series.rrule.until} if the rule repeats more often than
   *     the cap before its UNTIL, on {@code series.rrule} if its first occurrence is not {@code
   *     first} or lib-recur cannot expand it
   */
  public List<LocalDateTime> localStarts(LocalDateTime first, ZoneId zone) {
    RecurrenceRule rule = rule(text);
    DateTime until = rule.getUntil();
    if (until != null && until.isAllDay()) {
      // A date UNTIL is that whole local day (RFC 5545 counts UNTIL inclusively).
      rule.setUntil(
          new DateTime(until.getYear(), until.getMonth(), until.getDayOfMonth(), 23, 59, 59));
    } else if (until != null && !until.isFloating()) {
      rule.setUntil(
          floating(LocalDateTime.ofInstant(Instant.ofEpochMilli(until.getTimestamp()), zone)));
    }
    List<LocalDateTime> out = new ArrayList<>();
    try {
      RecurrenceRuleIterator it = rule.iterator(floating(first));
      while (it.hasNext()) {
        if (out.size() == maxOccurrences) {
          throw new ValidationException(
              "series.rrule.until",
              "the rule repeats more than "
                  + maxOccurrences
                  + " times before UNTIL; book a shorter series");
        }
        // A floating rule's "millis" are its local date-time read as UTC.
        long local = Math.floorDiv(it.nextMillis(), 1000L);
        out.add(LocalDateTime.ofEpochSecond(local, 0, ZoneOffset.UTC));
      }
    } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
      throw new ValidationException(
          "series.rrule", "the rule cannot be expanded: " + e.getMessage());
    }
    if (out.isEmpty() || !out.get(0).equals(first.withNano(0))) {
      throw new ValidationException(
          "series.rrule",
          "its first occurrence must be the first start, "
              + first
              + (out.isEmpty() ? ", but it has none" : ", was " + out.get(0)));
    }
    return out;
  }

  /** A new parse (lib-recur's rules are mutable). */
  private static RecurrenceRule rule(String text) {
    try {
      // Strict: a malformed part is an error, not silently dropped.
      return new RecurrenceRule(text, RecurrenceRule.RfcMode.RFC5545_STRICT);
    } catch (InvalidRecurrenceRuleException | IllegalArgumentException e) {
      throw new ValidationException("series.rrule", "not a valid RFC 5545 rule: " + e.getMessage());
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SeriesRule r && r.text.equals(text) && r.maxOccurrences == maxOccurrences;
  }

  @Override
  public int hashCode() {
    return text.hashCode() * 31 + maxOccurrences;
  }

  @Override
  public String toString() {
    return text;
  }
}
