package dev.cita.scheduling.assistant;

import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;

/** What the assistant says in English. */
final class EnglishPhrases extends Phrases {
  private static final List<String> DAYS =
      List.of("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday");
  private static final List<String> MONTHS =
      List.of(
          "January",
          "February",
          "March",
          "April",
          "May",
          "June",
          "July",
          "August",
          "September",
          "October",
          "November",
          "December");

  EnglishPhrases(LocalDate today) {
    super(today);
  }

  @Override
  Locale language() {
    return Locale.ENGLISH;
  }

  @Override
  String when(ZonedDateTime t, boolean withMonth) {
    int hour12 = t.getHour() % 12 == 0 ? 12 : t.getHour() % 12;
    return DAYS.get(t.getDayOfWeek().getValue() - 1)
        + " "
        + t.getDayOfMonth()
        + (withMonth ? " " + MONTHS.get(t.getMonthValue() - 1) : "")
        + " at "
        + String.format(
            Locale.ROOT, "%d:%02d %s", hour12, t.getMinute(), t.getHour() < 12 ? "AM" : "PM");
  }

  @Override
  String greeting(String name) {
    return "Hi"
        + (name.isEmpty() ? "" : " " + name)
        + "! I can book, move or cancel your appointment. "
        + "Write, for example, \"tomorrow at 10\" or \"Tuesday afternoon\".";
  }

  @Override
  String didNotUnderstand() {
    return "Sorry, I didn't understand. You can write:\n"
        + "- \"book tomorrow at 10\"\n"
        + "- \"reschedule my appointment\"\n"
        + "- \"cancel my appointment\"";
  }

  @Override
  String offerHeader(SlotFinder.Kind kind) {
    return switch (kind) {
      case NEAREST_SAME_DAY -> "That time is not available. The nearest ones that day are:";
      case OTHER_DAYS -> "There are no times left that day. The nearest are:";
      default -> "These are the available times:";
    };
  }

  @Override
  String pickNumber() {
    return "Reply with the number of the one you prefer.";
  }

  @Override
  String noSlots() {
    return "Sorry, there are no available times in the coming days.";
  }

  @Override
  String exactAvailable(String when) {
    return when + " is available. Shall I book it? Reply \"yes\" or \"no\".";
  }

  @Override
  String confirmBooking(String when) {
    return "Shall I book " + when + " for you? Reply \"yes\" or \"no\".";
  }

  @Override
  String booked(String when) {
    return "Done! Your appointment is booked for " + when + ".";
  }

  @Override
  String taken() {
    return "Sorry, that time was just taken.";
  }

  @Override
  String notBooked() {
    return "Sorry, I could not book that time.";
  }

  @Override
  String declined() {
    return "All right, I didn't book anything. Would you like another day or time?";
  }

  @Override
  String chooseBetween(int count) {
    return "Please choose a number from 1 to " + count + ":";
  }

  @Override
  String noAppointment() {
    return "You have no upcoming appointments. Would you like to book one?";
  }

  @Override
  String askCancel(String when) {
    return "Do you want to cancel your appointment on " + when + "? Reply \"yes\" or \"no\".";
  }

  @Override
  String cancelled(String when) {
    return "Your appointment on " + when + " has been cancelled.";
  }

  @Override
  String kept(String when) {
    return "All right, your appointment on " + when + " stays as it is.";
  }

  @Override
  String moveHeader(String from) {
    return "Which time would you like to move your appointment on " + from + " to? I have:";
  }

  @Override
  String confirmMove(String from, String to) {
    return "Shall I move your appointment from "
        + from
        + " to "
        + to
        + "? Reply \"yes\" or \"no\".";
  }

  @Override
  String moved(String to) {
    return "Done! Your appointment is now on " + to + ".";
  }

  @Override
  String moveNoLongerPossible() {
    return "Sorry, I could not move your appointment: it is no longer active (it was cancelled or"
        + " changed).";
  }

  @Override
  String nothingPending() {
    return "There is nothing waiting for confirmation. You can write \"book\", \"reschedule\" or"
        + " \"cancel\".";
  }

  @Override
  String notUnderstoodPick() {
    return "Sorry, I didn't understand. Reply with the number of the time you prefer:";
  }

  @Override
  String notUnderstoodConfirm(String when) {
    return "Sorry, I didn't understand. Reply \"yes\" to confirm "
        + when
        + " or \"no\" to pick another.";
  }

  @Override
  String notUnderstoodYesNo() {
    return "Sorry, I didn't understand. Reply \"yes\" or \"no\".";
  }

  @Override
  String invalidWhen(WhenProblem problem) {
    return switch (problem) {
      case NO_SUCH_DATE ->
          "The date you gave is not valid: that day does not exist. Write another one, for example "
              + "\"Tuesday the 15th\" or \"tomorrow at 10\".";
      case NO_SUCH_TIME ->
          "The time you gave is not valid: use a time from 00:00 to 23:59, for example \"at 10:30\""
              + " or \"at 3 PM\".";
      case PAST ->
          "The date or time you gave is not valid: it has already passed. Write one from now on,"
              + " for example \"tomorrow at 10\".";
    };
  }

  @Override
  String defaultName() {
    return "WhatsApp customer";
  }

  @Override
  String with() {
    return "with";
  }

  @Override
  String ask(ConversationState.Dimension dimension) {
    return switch (dimension) {
      case SERVICE -> "Which service would you like? We have:";
      case BRANCH -> "At which branch? We have:";
      case PROFESSIONAL -> "Who would you like to see?";
    };
  }

  @Override
  String anyone() {
    return "Anyone (the first one available)";
  }

  @Override
  String notOffered() {
    return "We don't offer that combination.";
  }

  @Override
  String yourAppointments() {
    return "These are your appointments:";
  }

  @Override
  String listFooter() {
    return "To change or cancel one, write for example \"cancel 1\" or \"change 1\".";
  }

  @Override
  String whichAppointment() {
    return "You have more than one appointment. Which one?";
  }

  @Override
  String moveOrCancel(String when) {
    return "What would you like to do with your appointment on "
        + when
        + "? Write \"change\" or \"cancel\".";
  }

  @Override
  String noAppointmentThatDay() {
    return "You have no appointment that day.";
  }

  @Override
  String pickOption() {
    return "Reply with the number or the name.";
  }
}
