package dev.cita.scheduling.assistant;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Month;
import java.time.MonthDay;
import java.time.Year;
import java.time.temporal.TemporalAdjusters;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads dates, times and parts of the day out of normalized Spanish or English text. Each piece it
 * recognises is removed before the next is looked for, so "10:30" is never read as the 10th. All
 * arithmetic is {@code java.time} on local dates of the business's zone.
 *
 * <p>A date or time that is recognised but does not exist ("31 de febrero", "29 de febrero" in a
 * year without one, "25:00", "las 24:30", "13 pm") or a date before today ("ayer a las 3") is
 * reported as a {@link WhenProblem}, never dropped or replaced by another. A day and month name the
 * next such date from today (this year's, or next year's once passed), and "29 de febrero" is not
 * moved to a later leap year. Text longer than {@link #MAX_LENGTH} characters is not read (nothing
 * stated), which bounds the work per message.
 */
final class WhenReader {
  /** The longest normalized text read; longer text states nothing. */
  static final int MAX_LENGTH = RuleBasedIntentParser.MAX_TEXT_LENGTH;

  /** What the text states, and the first problem found with it, if any. */
  record Reading(When when, Optional<WhenProblem> problem) {}

  private static final String WEEKDAY =
      "(lunes|martes|miercoles|jueves|viernes|sabado|domingo|monday|tuesday"
          + "|wednesday|thursday|friday|saturday|sunday)";
  private static final String MONTH = "(" + String.join("|", Words.MONTHS.keySet()) + ")";

  private static final Pattern MORNING =
      Pattern.compile("\\b(?:(?:en|por|de|a) la manana|morning)\\b");
  private static final Pattern AFTERNOON =
      Pattern.compile("\\b(?:(?:en|por|de|a) la )?(?:tarde|afternoon)\\b");
  private static final Pattern EVENING =
      Pattern.compile("\\b(?:(?:en|por|de|a) la )?(?:noche|evening|tonight)\\b");

  private static final Pattern CLOCK = Pattern.compile("\\b(\\d{1,2}):(\\d{2})(?:\\s*(am|pm))?\\b");
  private static final Pattern HOUR_AMPM = Pattern.compile("\\b(\\d{1,2})\\s*(am|pm)\\b");
  private static final Pattern HOUR_AFTER_WORD =
      Pattern.compile(
          "\\b(?:a las|a la|para las|sobre"
              + " las|tipo|at|around|by)\\s+(\\d{1,2})(?:\\s+y\\s+(media|cuarto))?\\b");
  private static final Pattern NOON = Pattern.compile("\\b(?:mediodia|medio dia|noon|midday)\\b");

  private static final Pattern DAY_BEFORE_YESTERDAY =
      Pattern.compile("\\b(?:anteayer|antier|ante ayer|day before yesterday)\\b");
  private static final Pattern YESTERDAY = Pattern.compile("\\b(?:ayer|yesterday)\\b");
  private static final Pattern DAY_AFTER_TOMORROW =
      Pattern.compile("\\b(?:pasado manana|day after tomorrow)\\b");
  private static final Pattern TOMORROW = Pattern.compile("\\b(?:manana|tomorrow)\\b");
  private static final Pattern TODAY = Pattern.compile("\\b(?:hoy|today|tonight)\\b");
  private static final Pattern DAY_OF_MONTH =
      Pattern.compile("\\b(\\d{1,2})\\s+(?:de\\s+)?" + MONTH + "\\b");
  private static final Pattern MONTH_DAY =
      Pattern.compile("\\b" + MONTH + "\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b");
  private static final Pattern DAY_OF_MONTH_OF =
      Pattern.compile("\\b(\\d{1,2})(?:st|nd|rd|th)\\s+of\\s+" + MONTH + "\\b");
  private static final Pattern WEEKDAY_DAY =
      Pattern.compile("\\b" + WEEKDAY + "(?:\\s+(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)?)?\\b");
  private static final Pattern DAY_ONLY =
      Pattern.compile(
          "\\b(?:(?:el|the|on"
              + " the|dia|day)\\s+(\\d{1,2})(?:st|nd|rd|th)?|(\\d{1,2})(?:st|nd|rd|th))\\b");

  private final LocalDate today;
  private String text;
  private @Nullable PartOfDay part;
  private @Nullable LocalTime time;
  private @Nullable LocalDate date;
  private @Nullable WhenProblem problem;

  private WhenReader(String normalized, LocalDate today) {
    this.text = " " + normalized + " ";
    this.today = today;
  }

  /**
   * The constraints stated in {@code normalized} (see {@link Words#normalize}), relative to {@code
   * today}.
   */
  static Reading read(String normalized, LocalDate today) {
    if (normalized.length() > MAX_LENGTH) {
      return new Reading(When.ANY, Optional.empty());
    }
    WhenReader r = new WhenReader(normalized, today);
    r.readPartOfDay();
    r.readTime();
    r.readDate();
    if (r.problem == null && r.date != null && r.date.isBefore(today)) {
      r.problem = WhenProblem.PAST;
    }
    if (r.problem != null) {
      return new Reading(When.ANY, Optional.of(r.problem));
    }
    return new Reading(
        new When(
            Optional.ofNullable(r.date), Optional.ofNullable(r.time), Optional.ofNullable(r.part)),
        Optional.empty());
  }

  /** Records the first problem found; returns null, for "no such value". */
  private <T> @Nullable T invalid(WhenProblem p) {
    if (problem == null) {
      problem = p;
    }
    return null;
  }

  private void readPartOfDay() {
    if (text.contains("tonight")) {
      date = today;
    }
    if (take(MORNING) != null) {
      part = PartOfDay.MORNING;
    } else if (take(AFTERNOON) != null) {
      part = PartOfDay.AFTERNOON;
    } else if (take(EVENING) != null) {
      part = PartOfDay.EVENING;
    }
  }

  private void readTime() {
    MatchResult m;
    if ((m = take(CLOCK)) != null) {
      time = time(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3));
    } else if ((m = take(HOUR_AMPM)) != null) {
      time = time(Integer.parseInt(m.group(1)), 0, m.group(2));
    } else if ((m = take(HOUR_AFTER_WORD)) != null) {
      int minute = m.group(2) == null ? 0 : m.group(2).equals("media") ? 30 : 15;
      time = time(Integer.parseInt(m.group(1)), minute, null);
    } else if (take(NOON) != null) {
      time = LocalTime.NOON;
    }
  }

  /**
   * A clock time. Without am/pm, an hour from 1 to 7 means the afternoon (nobody books at 3 in the
   * night over WhatsApp), as does any hour before 12 said with "de la tarde" or "evening".
   */
  private @Nullable LocalTime time(int hour, int minute, @Nullable String amPm) {
    if (minute > 59 || hour > 23) {
      return invalid(WhenProblem.NO_SUCH_TIME);
    }
    if (amPm != null) {
      if (hour < 1 || hour > 12) {
        return invalid(WhenProblem.NO_SUCH_TIME);
      }
      hour = amPm.equals("pm") ? hour % 12 + 12 : hour % 12;
    } else if (hour < 12 && (part == PartOfDay.AFTERNOON || part == PartOfDay.EVENING)) {
      hour += 12;
    } else if (hour >= 1 && hour <= 7 && part != PartOfDay.MORNING) {
      hour += 12;
    }
    return LocalTime.of(hour, minute);
  }

  private void readDate() {
    MatchResult m;
    if (take(DAY_BEFORE_YESTERDAY) != null) {
      date = today.minusDays(2);
    } else if (take(YESTERDAY) != null) {
      date = today.minusDays(1);
    } else if (take(DAY_AFTER_TOMORROW) != null) {
      date = today.plusDays(2);
    } else if (take(TOMORROW) != null) {
      date = today.plusDays(1);
    } else if (take(TODAY) != null) {
      date = today;
    } else if ((m = take(DAY_OF_MONTH)) != null) {
      date = dayOfMonth(Integer.parseInt(m.group(1)), month(m.group(2)));
    } else if ((m = take(DAY_OF_MONTH_OF)) != null) {
      date = dayOfMonth(Integer.parseInt(m.group(1)), month(m.group(2)));
    } else if ((m = take(MONTH_DAY)) != null) {
      date = dayOfMonth(Integer.parseInt(m.group(2)), month(m.group(1)));
    } else if ((m = take(WEEKDAY_DAY)) != null) {
      DayOfWeek day = weekday(m.group(1));
      date =
          m.group(2) == null ? nextWeekday(day) : weekdayAndDay(day, Integer.parseInt(m.group(2)));
    } else if ((m = take(DAY_ONLY)) != null) {
      date = nextDayOfMonth(Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(2)));
    }
  }

  /** The month a {@code MONTH} group matched: the pattern is made of these names. */
  private static Month month(String name) {
    return Objects.requireNonNull(Words.MONTHS.get(name), name);
  }

  /** The weekday a {@code WEEKDAY} group matched: the pattern is made of these names. */
  private static DayOfWeek weekday(String name) {
    return Objects.requireNonNull(Words.WEEKDAYS.get(name), name);
  }

  /** The next such weekday after today ("el martes" said on a Tuesday means next week's). */
  private LocalDate nextWeekday(DayOfWeek day) {
    return today.with(TemporalAdjusters.next(day));
  }

  /** "martes 15": the first date from today that is both; if none within a year, the 15th. */
  private LocalDate weekdayAndDay(DayOfWeek day, int dayOfMonth) {
    LocalDate candidate = nextDayOfMonth(dayOfMonth);
    for (int i = 0; candidate != null && i < 24; i++) {
      if (candidate.getDayOfWeek() == day) {
        return candidate;
      }
      candidate = nextDayOfMonthAfter(candidate, dayOfMonth);
    }
    LocalDate byNumber = nextDayOfMonth(dayOfMonth);
    return byNumber != null ? byNumber : nextWeekday(day);
  }

  /**
   * The next date, from today on, with this day of the month; null (a problem) if there is no such
   * day.
   */
  private @Nullable LocalDate nextDayOfMonth(int dayOfMonth) {
    if (dayOfMonth < 1 || dayOfMonth > 31) {
      return invalid(WhenProblem.NO_SUCH_DATE);
    }
    return dayOfMonth >= today.getDayOfMonth() && dayOfMonth <= today.lengthOfMonth()
        ? today.withDayOfMonth(dayOfMonth)
        : nextDayOfMonthAfter(today, dayOfMonth);
  }

  private static @Nullable LocalDate nextDayOfMonthAfter(LocalDate from, int dayOfMonth) {
    LocalDate month = from.withDayOfMonth(1).plusMonths(1);
    for (int i = 0; i < 12; i++, month = month.plusMonths(1)) {
      if (dayOfMonth <= month.lengthOfMonth()) {
        return month.withDayOfMonth(dayOfMonth);
      }
    }
    return null;
  }

  /**
   * "15 de abril": this year's, or next year's once it has passed; null (a problem) if that year
   * has no such day ("30 de febrero"; "29 de febrero" in a year without one).
   */
  private @Nullable LocalDate dayOfMonth(int dayOfMonth, Month month) {
    if (dayOfMonth < 1 || dayOfMonth > month.maxLength()) {
      return invalid(WhenProblem.NO_SUCH_DATE);
    }
    int year =
        MonthDay.of(month, dayOfMonth).isBefore(MonthDay.from(today))
            ? today.getYear() + 1
            : today.getYear();
    if (dayOfMonth > month.length(Year.isLeap(year))) {
      return invalid(WhenProblem.NO_SUCH_DATE);
    }
    return LocalDate.of(year, month, dayOfMonth);
  }

  /** Finds the pattern, removes the match from the text and returns it, if found. */
  private @Nullable MatchResult take(Pattern pattern) {
    Matcher m = pattern.matcher(text);
    if (!m.find()) {
      return null;
    }
    MatchResult result = m.toMatchResult();
    text = text.substring(0, m.start()) + " " + text.substring(m.end());
    return result;
  }
}
