package dev.cita.scheduling.availability;

import dev.cita.scheduling.model.TimeInterval;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns windows given as instants (a provider's open times) into local hours per date, read back by
 * the slot engine exactly as it reads any schedule's hours. A window is never widened: one the
 * engine would read differently (it starts in the second pass of an hour a DST change repeats) is
 * left out, and one longer than its local hours can say is split at local midnights.
 */
final class OpenWindowHours {
  private OpenWindowHours() {}

  /** The hours of {@code windows} in {@code zone}, by the local date each part starts on. */
  static Map<LocalDate, List<LocalTimeRange>> byDate(
      Collection<TimeInterval> windows, ZoneId zone) {
    Map<LocalDate, List<LocalTimeRange>> out = new TreeMap<>();
    for (TimeInterval w : windows) {
      add(out, w.start(), w.end(), zone);
    }
    return out;
  }

  private static void add(
      Map<LocalDate, List<LocalTimeRange>> out, Instant start, Instant end, ZoneId zone) {
    LocalDateTime s = LocalDateTime.ofInstant(start, zone);
    LocalDate date = s.toLocalDate();
    LocalDateTime e = LocalDateTime.ofInstant(end, zone);
    // An end at the very start of a date (00:00, or the first time a DST gap leaves) is 24:00 of
    // the date before.
    boolean atDayStart = end.equals(e.toLocalDate().atStartOfDay(zone).toInstant());
    LocalDate endDay = atDayStart ? e.toLocalDate().minusDays(1) : e.toLocalDate();
    LocalTime endTime = atDayStart ? LocalTime.MIDNIGHT : e.toLocalTime();
    boolean fits =
        endDay.equals(date)
            ? atDayStart || endTime.isAfter(s.toLocalTime())
            : endDay.equals(date.plusDays(1)) && !atDayStart && endTime.isBefore(s.toLocalTime());
    if (!fits && endDay.isAfter(date)) {
      // Longer than one local range can say (about a day or more): split at the next local
      // midnight.
      Instant midnight = date.plusDays(1).atStartOfDay(zone).toInstant();
      add(out, start, midnight, zone);
      add(out, midnight, end, zone);
      return;
    }
    if (!fits) {
      return; // ends at or before its start's wall time on the same date: only a DST overlap does
      // that
    }
    LocalTimeRange range = LocalTimeRange.of(s.toLocalTime(), endTime);
    // Read back as the engine reads hours: an ambiguous local time takes the earlier offset, a
    // time in a gap moves forward by the gap.
    Instant readStart = ZonedDateTime.ofLocal(range.startOn(date), zone, null).toInstant();
    Instant readEnd = ZonedDateTime.ofLocal(range.endOn(date), zone, null).toInstant();
    if (readStart.equals(start) && readEnd.isAfter(readStart) && !readEnd.isAfter(end)) {
      out.computeIfAbsent(date, d -> new ArrayList<>()).add(range);
    }
  }
}
