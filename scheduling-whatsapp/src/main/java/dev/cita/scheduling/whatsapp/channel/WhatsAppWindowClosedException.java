package dev.cita.scheduling.whatsapp.channel;

import dev.cita.scheduling.ProviderException;
import org.jspecify.annotations.Nullable;

/**
 * A WhatsApp message could not be sent as free text because the customer has not written in the
 * last 24 hours, and no approved template stood in for it. Thrown in two cases, told apart by
 * {@link #httpStatus()}:
 *
 * <ul>
 *   <li>before any request, when the customer's window is closed and {@link TwilioConfig} maps no
 *       {@code ContentSid} to the message's template key (no HTTP status, no provider code);
 *   <li>when Twilio refuses the message with error {@value #TWILIO_CODE} (provider code {@code
 *       "63016"}, with Twilio's HTTP status and request id): the window closed although the {@link
 *       CustomerWindow} thought it open.
 * </ul>
 *
 * The fix is the same for both: map an approved template to {@link #templateKey()}. Never
 * retryable; sending the same free text again fails the same way until the customer writes.
 */
public class WhatsAppWindowClosedException extends ProviderException {
  /** Twilio's error code for free text outside the allowed window. */
  public static final String TWILIO_CODE = "63016";

  private static final long serialVersionUID = 1L;

  /** The message template key that needs an approved template. */
  private final String templateKey;

  private WhatsAppWindowClosedException(
      int httpStatus,
      @Nullable String providerCode,
      @Nullable String requestId,
      String templateKey,
      String message,
      @Nullable Throwable cause) {
    super("twilio", httpStatus, providerCode, requestId, false, message, cause);
    this.templateKey = templateKey;
  }

  /** Closed window and no template for {@code templateKey}: nothing was sent. */
  static WhatsAppWindowClosedException noTemplate(String templateKey, String maskedTo) {
    return new WhatsAppWindowClosedException(
        0,
        null,
        null,
        templateKey,
        "WhatsApp to "
            + maskedTo
            + " is outside the 24-hour window and no approved template "
            + "(ContentSid) is configured for template key '"
            + templateKey
            + "'; map one with TwilioConfig.Builder.template(...)",
        null);
  }

  /** Twilio answered 63016 to free text for {@code templateKey}. */
  static WhatsAppWindowClosedException rejected(
      ProviderException twilio, String templateKey, String maskedTo) {
    return new WhatsAppWindowClosedException(
        twilio.httpStatus().orElse(0),
        TWILIO_CODE,
        twilio.requestId().orElse(null),
        templateKey,
        "Twilio refused free-form WhatsApp to "
            + maskedTo
            + ": outside the 24-hour window, an "
            + "approved template is required for template key '"
            + templateKey
            + "'",
        twilio);
  }

  /**
   * {@return the message template key that needs an approved template, such as {@code
   * reminder_customer}}
   */
  public String templateKey() {
    return templateKey;
  }

  /**
   * {@return true when Twilio refused the message (error 63016); false when the channel did not
   * send it}
   */
  public boolean rejectedByTwilio() {
    return httpStatus().isPresent();
  }
}
