package dev.cita.scheduling.whatsapp;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.internal.LogSafe;
import java.util.Locale;
import java.util.Optional;

/**
 * Twilio's report on a message the business sent: {@code queued, sending, sent, delivered, read,
 * failed, undelivered} (and {@code accepted, scheduled, canceled} with a messaging service).
 *
 * @param messageSid the message the report is about
 * @param messageStatus its status, lower case, as Twilio spells it
 * @param errorCode Twilio's error code for failed or undelivered messages (for example {@code
 *     63016}: outside the 24-hour window, a template is required)
 */
public record StatusCallback(String messageSid, String messageStatus, Optional<String> errorCode) {
  /**
   * Checks the fields and lower-cases the status.
   *
   * @param messageSid the message the report is about, not blank
   * @param messageStatus its status as Twilio spells it, not blank
   * @param errorCode Twilio's error code, or empty
   * @throws dev.cita.scheduling.ValidationException naming the field that is null or blank
   */
  public StatusCallback {
    Checks.notBlank(messageSid, "statusCallback.messageSid");
    messageStatus =
        Checks.notBlank(messageStatus, "statusCallback.messageStatus").toLowerCase(Locale.ROOT);
    Checks.notNull(errorCode, "statusCallback.errorCode");
  }

  /**
   * {@return true for {@code failed} and {@code undelivered}: the customer did not get the message}
   */
  public boolean isFailure() {
    return messageStatus.equals("failed") || messageStatus.equals("undelivered");
  }

  /** Every field comes from the request: escaped, since this text is logged. */
  @Override
  public String toString() {
    return "StatusCallback{"
        + LogSafe.escape(messageSid)
        + ", "
        + LogSafe.escape(messageStatus)
        + errorCode.map(c -> ", error " + LogSafe.escape(c)).orElse("")
        + "}";
  }
}
