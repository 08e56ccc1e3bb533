package dev.cita.scheduling.notify;

import dev.cita.scheduling.internal.Checks;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link dev.cita.scheduling.spi.NotificationChannel} answered: accepted with the channel's
 * message id (a Twilio message SID, an e-mail Message-ID), or refused with a reason.
 */
public final class SendResult {
  private final boolean accepted;
  private final @Nullable String channelMessageId;
  private final @Nullable String reason;

  private SendResult(boolean accepted, @Nullable String channelMessageId, @Nullable String reason) {
    this.accepted = accepted;
    this.channelMessageId = channelMessageId;
    this.reason = reason;
  }

  /**
   * The channel took the message for delivery.
   *
   * @param channelMessageId the channel's id of the message; not blank
   * @return the result
   */
  public static SendResult accepted(String channelMessageId) {
    return new SendResult(true, Checks.notBlank(channelMessageId, "channelMessageId"), null);
  }

  /**
   * The channel refused the message; it is not delivered and may be tried again.
   *
   * @param reason why, for logs; not blank
   * @return the result
   */
  public static SendResult refused(String reason) {
    return new SendResult(false, null, Checks.notBlank(reason, "reason"));
  }

  /** {@return whether the channel took the message for delivery} */
  public boolean accepted() {
    return accepted;
  }

  /** {@return the channel's id of the message; present when accepted} */
  public Optional<String> channelMessageId() {
    return Optional.ofNullable(channelMessageId);
  }

  /** {@return why the channel refused; present when refused} */
  public Optional<String> reason() {
    return Optional.ofNullable(reason);
  }

  @Override
  public String toString() {
    return accepted
        ? "SendResult{accepted, " + channelMessageId + "}"
        : "SendResult{refused: " + Redaction.phones(reason) + "}";
  }
}
