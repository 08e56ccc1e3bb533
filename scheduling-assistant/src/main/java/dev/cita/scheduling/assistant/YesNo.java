package dev.cita.scheduling.assistant;

import dev.cita.scheduling.internal.Checks;

/**
 * The assistant's deterministic yes/no reading, for other front ends of the same gate (such as the
 * tools a language model calls): a reply is a yes only when it has an affirmation and nothing but
 * affirmations and politeness ("sí", "dale 👍", "ok, gracias"); "no", "sí, pero no", questions,
 * hedges and anything longer than 200 characters are not.
 */
public final class YesNo {
  private YesNo() {}

  /**
   * Whether the customer's whole reply is a clear yes.
   *
   * @param reply the customer's message as received
   * @return true only for a clear yes
   * @throws dev.cita.scheduling.ValidationException naming {@code reply} if it is null
   */
  public static boolean isYes(String reply) {
    return YesNoReader.read(Checks.notNull(reply, "reply")) == YesNoReader.Answer.YES;
  }
}
