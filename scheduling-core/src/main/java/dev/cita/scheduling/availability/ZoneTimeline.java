package dev.cita.scheduling.availability;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;

/**
 * Local-to-instant conversion for one zone over a bounded span, with the zone's transitions looked
 * up once. Away from a transition a local time converts with one subtraction; only local times
 * inside a gap or an overlap (or outside the span) take java.time's general path. Times are epoch
 * seconds; a "local" second is the local date-time read as if it were UTC.
 */
final class ZoneTimeline {
  /** Marks a local time that has no single offset (gap or overlap) or lies outside the span. */
  static final int NO_OFFSET = Integer.MIN_VALUE;

  private final ZoneId zone;
  private final long spanStart;
  private final long spanEnd;
  private final int initialOffset;

  /** Per transition: the local seconds it makes non-existent or ambiguous, {@code [low, high)}. */
  private final long[] low;

  private final long[] high;
  private final int[] offsetAfter;

  private ZoneTimeline(
      ZoneId zone,
      long spanStart,
      long spanEnd,
      int initialOffset,
      long[] low,
      long[] high,
      int[] offsetAfter) {
    this.zone = zone;
    this.spanStart = spanStart;
    this.spanEnd = spanEnd;
    this.initialOffset = initialOffset;
    this.low = low;
    this.high = high;
    this.offsetAfter = offsetAfter;
  }

  /** A timeline good for local times between {@code localFrom} and {@code localTo}. */
  static ZoneTimeline of(ZoneId zone, long localFrom, long localTo) {
    ZoneRules rules = zone.getRules();
    // Offsets never exceed 18 hours, so this instant span covers every local time asked for.
    long from = localFrom - 86_400;
    long to = localTo + 86_400;
    int initial = rules.getOffset(Instant.ofEpochSecond(from)).getTotalSeconds();
    List<ZoneOffsetTransition> transitions = new ArrayList<>();
    if (!rules.isFixedOffset()) {
      ZoneOffsetTransition t = rules.nextTransition(Instant.ofEpochSecond(from));
      while (t != null && t.toEpochSecond() <= to) {
        transitions.add(t);
        t = rules.nextTransition(t.getInstant());
      }
    }
    int n = transitions.size();
    long[] low = new long[n];
    long[] high = new long[n];
    int[] after = new int[n];
    for (int i = 0; i < n; i++) {
      ZoneOffsetTransition t = transitions.get(i);
      long before = t.toEpochSecond() + t.getOffsetBefore().getTotalSeconds();
      long afterLocal = t.toEpochSecond() + t.getOffsetAfter().getTotalSeconds();
      low[i] = Math.min(before, afterLocal);
      high[i] = Math.max(before, afterLocal);
      after[i] = t.getOffsetAfter().getTotalSeconds();
    }
    return new ZoneTimeline(zone, localFrom, localTo, initial, low, high, after);
  }

  /**
   * The one offset of {@code local}, or {@link #NO_OFFSET} in a gap, an overlap or off the span.
   */
  int offset(long local) {
    if (local < spanStart || local > spanEnd) {
      return NO_OFFSET;
    }
    int offset = initialOffset;
    for (int i = 0; i < low.length; i++) {
      if (local < low[i]) {
        return offset;
      }
      if (local < high[i]) {
        return NO_OFFSET;
      }
      offset = offsetAfter[i];
    }
    return offset;
  }

  /** True when every local time in {@code [localFrom, localTo]} has the same single offset. */
  boolean constantOver(long localFrom, long localTo) {
    if (offset(localFrom) == NO_OFFSET || localTo > spanEnd) {
      return false;
    }
    for (int i = 0; i < low.length; i++) {
      if (localTo >= low[i] && localFrom < high[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * A window's start or end: in a gap it moves forward by the gap; in an overlap it takes the
   * earlier offset, so a window closes the first time the clock shows its end (DESIGN, "Slot
   * semantics" 1) and no grid time at or after the end's wall time lies inside it.
   */
  long instant(long local) {
    int offset = offset(local);
    return offset != NO_OFFSET
        ? local - offset
        : ZonedDateTime.ofLocal(toLocal(local), zone, null).toEpochSecond();
  }

  /** {@return the zone's rules, for times that need java.time's general path} */
  ZoneRules rules() {
    return zone.getRules();
  }

  static LocalDateTime toLocal(long local) {
    return LocalDateTime.ofEpochSecond(local, 0, ZoneOffset.UTC);
  }
}
