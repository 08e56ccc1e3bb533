package dev.cita.scheduling.whatsapp.channel;

import dev.cita.scheduling.internal.Checks;
import java.time.Instant;
import java.util.Optional;

/**
 * The latest known status of one sent message.
 *
 * @param messageSid Twilio's message SID ({@code SM…})
 * @param status the furthest status reached
 * @param errorCode Twilio's error code, kept from the first callback that carried one ({@code
 *     63016}: outside the 24-hour window)
 * @param updatedAt when that status was reported
 */
public record MessageStatusRecord(
    String messageSid, MessageStatus status, Optional<String> errorCode, Instant updatedAt) {
  /**
   * Checks that no component is null.
   *
   * @param messageSid Twilio's message SID ({@code SM…})
   * @param status the furthest status reached
   * @param errorCode Twilio's error code, or empty
   * @param updatedAt when that status was reported
   * @throws NullPointerException if a component is null
   */
  public MessageStatusRecord {
    Checks.notNull(messageSid, "messageSid");
    Checks.notNull(status, "status");
    Checks.notNull(errorCode, "errorCode");
    Checks.notNull(updatedAt, "updatedAt");
  }
}
