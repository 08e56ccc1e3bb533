package dev.cita.scheduling.assistant;

import dev.cita.scheduling.model.TimeSlot;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;

/**
 * Everything the assistant says, in one language. Times are shown in the zone of the branch they
 * are at (the caller passes it), converting the slot's instant, so a day with a DST change shows
 * true wall-clock times.
 */
abstract class Phrases {
  private final LocalDate today;

  Phrases(LocalDate today) {
    this.today = today;
  }

  /** Spanish unless the language is English. */
  static Phrases of(Locale language, LocalDate today) {
    return language.getLanguage().equals("en")
        ? new EnglishPhrases(today)
        : new SpanishPhrases(today);
  }

  abstract Locale language();

  /**
   * "martes 15 a las 14:00" / "Tuesday 15 at 2:00 PM"; the month is named when it is not this one.
   */
  final String when(java.time.Instant start, ZoneId zone) {
    ZonedDateTime local = start.atZone(zone);
    boolean otherMonth =
        local.getMonthValue() != today.getMonthValue() || local.getYear() != today.getYear();
    return when(local, otherMonth);
  }

  abstract String when(ZonedDateTime local, boolean withMonth);

  /** The numbered list "1) …" of the slots, one per line. */
  final String list(List<TimeSlot> slots, ZoneId zone) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < slots.size(); i++) {
      b.append('\n').append(i + 1).append(") ").append(when(slots.get(i).start(), zone));
    }
    return b.toString();
  }

  /** The header, list and "pick a number" footer of an offer. */
  final String offer(SlotFinder.Kind kind, List<TimeSlot> slots, ZoneId zone) {
    return offerHeader(kind) + list(slots, zone) + "\n" + pickNumber();
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

  /** " (Corte de pelo con Valentina Soto, Centro)"; any part may be empty. */
  final String detail(String service, String professional, String branch) {
    StringBuilder b = new StringBuilder(service);
    if (!professional.isEmpty()) {
      b.append(b.length() == 0 ? "" : " ").append(with()).append(' ').append(professional);
    }
    if (!branch.isEmpty()) {
      b.append(b.length() == 0 ? "" : ", ").append(branch);
    }
    return b.length() == 0 ? "" : " (" + b + ")";
  }

  /** A numbered list of names, one per line. */
  static String names(List<String> names) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < names.size(); i++) {
      b.append('\n').append(i + 1).append(") ").append(names.get(i));
    }
    return b.toString();
  }

  /** "con" / "with". */
  abstract String with();

  /** The question for a service, branch or professional; the numbered names follow. */
  abstract String ask(ConversationState.Dimension dimension);

  /** The option for any free professional. */
  abstract String anyone();

  /** What the customer chose is not offered together; a question follows. */
  abstract String notOffered();

  /** The header of the customer's appointments; the numbered list follows. */
  abstract String yourAppointments();

  /** The footer of the customer's appointments. */
  abstract String listFooter();

  /** Asks which of several appointments; the numbered list follows. */
  abstract String whichAppointment();

  /** Asks whether to move or cancel the one picked. */
  abstract String moveOrCancel(String when);

  /** No appointment on the day the customer named. */
  abstract String noAppointmentThatDay();

  /** The footer of a question about the catalogue. */
  abstract String pickOption();
}
