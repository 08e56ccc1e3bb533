package dev.cita.scheduling.assistant;

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
public record Intent(
    Kind kind, When when, int choice, Optional<Locale> language, Optional<WhenProblem> problem) {
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
     * States a date or time that does not exist or has passed ({@link Intent#problem()} says
     * which); the assistant says it is not valid instead of offering another time.
     */
    INVALID_WHEN,
    /** Anything else; the assistant lists what it can do rather than guess. */
    UNKNOWN
  }

  /**
   * Checks that the choice and the problem fit the kind.
   *
   * @param kind what the customer wants
   * @param when the time constraints
   * @param choice the option number, positive exactly for {@code CHOOSE}
   * @param language the language detected from the text, or empty
   * @param problem why the date or time cannot be offered, present exactly for {@code INVALID_WHEN}
   * @throws ValidationException naming the field that is null or does not fit the kind
   */
  public Intent {
    Checks.notNull(kind, "intent.kind");
    Checks.notNull(when, "intent.when");
    Checks.notNull(language, "intent.language");
    Checks.notNull(problem, "intent.problem");
    if ((kind == Kind.CHOOSE) != (choice > 0)) {
      throw new ValidationException(
          "intent.choice", "must be positive exactly for CHOOSE, was " + choice);
    }
    if ((kind == Kind.INVALID_WHEN) != problem.isPresent()) {
      throw new ValidationException("intent.problem", "must be present exactly for INVALID_WHEN");
    }
  }

  /**
   * An intent without a date or time problem.
   *
   * @param kind what the customer wants; not {@code INVALID_WHEN}
   * @param when the time constraints
   * @param choice the option number, positive exactly for {@code CHOOSE}
   * @param language the language detected from the text, or empty
   */
  public Intent(Kind kind, When when, int choice, Optional<Locale> language) {
    this(kind, when, choice, language, Optional.empty());
  }

  /**
   * An intent without time constraints or choice, such as a greeting or a yes.
   *
   * @param kind what the customer wants; not {@code CHOOSE} or {@code INVALID_WHEN}
   * @param language the language detected from the text, or empty
   * @return the intent
   */
  public static Intent of(Kind kind, Optional<Locale> language) {
    return new Intent(kind, When.ANY, 0, language);
  }

  /**
   * A booking request.
   *
   * @param when the time constraints, or {@link When#ANY}
   * @param language the language detected from the text, or empty
   * @return the intent
   */
  public static Intent book(When when, Optional<Locale> language) {
    return new Intent(Kind.BOOK, when, 0, language);
  }

  /**
   * A reschedule request.
   *
   * @param when the new time's constraints, or {@link When#ANY}
   * @param language the language detected from the text, or empty
   * @return the intent
   */
  public static Intent reschedule(When when, Optional<Locale> language) {
    return new Intent(Kind.RESCHEDULE, when, 0, language);
  }

  /**
   * A date or time that cannot be offered, and why.
   *
   * @param problem why it cannot be offered
   * @param language the language detected from the text, or empty
   * @return the intent
   */
  public static Intent invalid(WhenProblem problem, Optional<Locale> language) {
    return new Intent(
        Kind.INVALID_WHEN, When.ANY, 0, language, Optional.of(Checks.notNull(problem, "problem")));
  }

  /**
   * A choice from the options offered.
   *
   * @param n the option number, 1-based
   * @param language the language detected from the text, or empty
   * @return the intent
   * @throws ValidationException if {@code n} is not positive
   */
  public static Intent choose(int n, Optional<Locale> language) {
    return new Intent(Kind.CHOOSE, When.ANY, n, language);
  }
}
