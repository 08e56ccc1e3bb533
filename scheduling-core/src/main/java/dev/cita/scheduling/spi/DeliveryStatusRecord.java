package dev.cita.scheduling.spi;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import java.time.Instant;
import java.util.Optional;

/**
 * The stored delivery status of one sent message, as a {@link DeliveryStatusStore} returns it.
 *
 * @param messageId the provider's message id (Twilio's message SID)
 * @param status the channel's name of the status, such as {@code "delivered"}
 * @param errorCode the provider's error code, when one was reported
 * @param updatedAt when that status was reported
 * @param version 1 for a new record, one more with every write; what {@link
 *     DeliveryStatusStore#replace} compares
 */
public record DeliveryStatusRecord(
    String messageId, String status, Optional<String> errorCode, Instant updatedAt, long version) {
  /**
   * Checks that no component is missing.
   *
   * @param messageId the provider's message id
   * @param status the channel's name of the status
   * @param errorCode the provider's error code, or empty
   * @param updatedAt when that status was reported
   * @param version at least 1
   * @throws ValidationException if a component is missing or the version is below 1
   */
  public DeliveryStatusRecord {
    Checks.notBlank(messageId, "messageId");
    Checks.notBlank(status, "status");
    Checks.notNull(errorCode, "errorCode");
    Checks.notNull(updatedAt, "updatedAt");
    if (version < 1) {
      throw new ValidationException("version", "must be at least 1, was " + version);
    }
  }
}
