package dev.cita.scheduling.assistant;

import dev.cita.scheduling.model.TimeSlot;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;

/**
 * Everything the assistant says, in one language. Times are always shown in the business's zone by
 * converting the slot's instant, so a day with a DST change shows true wall-clock times.
 */
abstract class Phrases {
  private final ZoneId zone;
  private final LocalDate today;

  Phrases(ZoneId zone, LocalDate today) {
    this.zone = zone;
    this.today = today;
  }

  /** Spanish unless the language is English. */
  static Phrases of(Locale language, ZoneId zone, LocalDate today) {
    return language.getLanguage().equals("en")
        ? new EnglishPhrases(zone, today)
        : new SpanishPhrases(zone, today);
  }

  abstract Locale language();

  /**
   * "martes 15 a las 14:00" / "Tuesday 15 at 2:00 PM"; the month is named when it is not this one.
   */
  final String when(java.time.Instant start) {
    ZonedDateTime local = start.atZone(zone);
    boolean otherMonth =
        local.getMonthValue() != today.getMonthValue() || local.getYear() != today.getYear();
    return when(local, otherMonth);
  }

  abstract String when(ZonedDateTime local, boolean withMonth);

  /** The numbered list "1) …" of the slots, one per line. */
  final String list(List<TimeSlot> slots) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < slots.size(); i++) {
      b.append('\n').append(i + 1).append(") ").append(when(slots.get(i).start()));
    }
    return b.toString();
  }

  /** The header, list and "pick a number" footer of an offer. */
  final String offer(SlotFinder.Kind kind, List<TimeSlot> slots) {
    return offerHeader(kind) + list(slots) + "\n" + pickNumber();
  }

  abstract String greeting(String name);

  abstract String didNotUnderstand();

  abstract String offerHeader(SlotFinder.Kind kind);

  abstract String pickNumber();

  abstract String noSlots();

  abstract String exactAvailable(String when);

  abstract String confirmBooking(String when);

  abstract String booked(String when);

  abstract String taken();

  /** A booking came back not holding its time (cancelled since); fresh times follow. */
  abstract String notBooked();

  abstract String declined();

  abstract String chooseBetween(int count);

  abstract String noAppointment();

  abstract String askCancel(String when);

  abstract String cancelled(String when);

  abstract String kept(String when);

  abstract String moveHeader(String from);

  abstract String confirmMove(String from, String to);

  abstract String moved(String to);

  /**
   * A confirmed move found the appointment cancelled or changed since; fresh times to book follow.
   */
  abstract String moveNoLongerPossible();

  abstract String nothingPending();

  abstract String notUnderstoodPick();

  abstract String notUnderstoodConfirm(String when);

  abstract String notUnderstoodYesNo();

  /** The date or time the customer gave is not valid, and why. */
  abstract String invalidWhen(WhenProblem problem);

  abstract String defaultName();
}
