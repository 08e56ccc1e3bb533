package dev.cita.scheduling.whatsapp.assistant;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import java.util.Locale;
import java.util.Optional;

/**
 * What a customer's message means to the booking assistant: its {@link Kind}, the time constraints
 * of a booking or a reschedule, the number of a choice, and the language the text was written in
 * when the parser could tell.
 *
 * @param kind what the customer wants
 * @param when the time constraints ({@link When#ANY} unless {@code BOOK} or {@code RESCHEDULE})
 * @param choice the option number, 1-based, for {@code CHOOSE}; 0 otherwise
 * @param language the language detected from the text, if any
 * @param problem why the stated date or time cannot be offered, exactly for {@code INVALID_WHEN}
 */
public record Intent(Kind kind, When when, int choice, Optional<Locale> language, Optional<WhenProblem> problem) {
  /** The kinds of messages the assistant understands. */
  public enum Kind {
    /** Wants an appointment, perhaps at a stated time. */
    BOOK,
    /** Picks option number {@link Intent#choice()} from the list offered. */
    CHOOSE,
    /** Says yes. */
    CONFIRM_YES,
    /** Says no. */
    CONFIRM_NO,
    /** Wants to cancel their appointment. */
    CANCEL,
    /** Wants to move their appointment, perhaps to a stated time. */
    RESCHEDULE,
    /** Greets or asks what the assistant can do. */
    GREETING,
    /**
     * States a date or time that does not exist or has passed ({@link Intent#problem()} says which);
     * the assistant says it is not valid instead of offering another time.
     */
    INVALID_WHEN,
    /** Anything else; the assistant lists what it can do rather than guess. */
    UNKNOWN
  }

  public Intent {
    Checks.notNull(kind, "intent.kind");
    Checks.notNull(when, "intent.when");
    Checks.notNull(language, "intent.language");
    Checks.notNull(problem, "intent.problem");
    if ((kind == Kind.CHOOSE) != (choice > 0)) {
      throw new ValidationException("intent.choice", "must be positive exactly for CHOOSE, was " + choice);
    }
    if ((kind == Kind.INVALID_WHEN) != problem.isPresent()) {
      throw new ValidationException("intent.problem", "must be present exactly for INVALID_WHEN");
    }
  }

  /** An intent without a date or time problem. */
  public Intent(Kind kind, When when, int choice, Optional<Locale> language) {
    this(kind, when, choice, language, Optional.empty());
  }

  /** An intent without time constraints or choice. */
  public static Intent of(Kind kind, Optional<Locale> language) {
    return new Intent(kind, When.ANY, 0, language);
  }

  /** A booking request. */
  public static Intent book(When when, Optional<Locale> language) {
    return new Intent(Kind.BOOK, when, 0, language);
  }

  /** A reschedule request. */
  public static Intent reschedule(When when, Optional<Locale> language) {
    return new Intent(Kind.RESCHEDULE, when, 0, language);
  }

  /** A date or time that cannot be offered, and why. */
  public static Intent invalid(WhenProblem problem, Optional<Locale> language) {
    return new Intent(Kind.INVALID_WHEN, When.ANY, 0, language, Optional.of(Checks.notNull(problem, "problem")));
  }

  /** A choice of option {@code n} (1-based). */
  public static Intent choose(int n, Optional<Locale> language) {
    return new Intent(Kind.CHOOSE, When.ANY, n, language);
  }
}
