package dev.cita.scheduling.availability;

import java.time.LocalDateTime;
import org.dmfs.rfc5545.DateTime;

/** Local date-times as lib-recur's floating {@link DateTime}s, for rules expanded in local time. */
final class FloatingTimes {
  private FloatingTimes() {}

  /** The floating (zone-less) lib-recur date-time of a local date-time, to the second. */
  static DateTime floating(LocalDateTime t) {
    return new DateTime(
        t.getYear(),
        t.getMonthValue() - 1,
        t.getDayOfMonth(),
        t.getHour(),
        t.getMinute(),
        t.getSecond());
  }
}
