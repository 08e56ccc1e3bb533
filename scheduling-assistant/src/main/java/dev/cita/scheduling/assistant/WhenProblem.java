package dev.cita.scheduling.assistant;

/**
 * Why a date or time a customer wrote cannot be offered: the assistant says so instead of silently
 * offering another time (see {@link Intent.Kind#INVALID_WHEN}).
 */
public enum WhenProblem {
  /**
   * The day does not exist: "31 de febrero", "February 30", "29 de febrero" in a non-leap year, "el
   * 32".
   */
  NO_SUCH_DATE,
  /** The clock time does not exist: "25:00", "las 24:30", "13 pm", "10:75". */
  NO_SUCH_TIME,
  /**
   * The date, or today's time, has already passed: "ayer a las 3", "yesterday", "hoy a las 8" at 9.
   */
  PAST
}
