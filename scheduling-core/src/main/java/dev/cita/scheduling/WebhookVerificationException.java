package dev.cita.scheduling;

/**
 * An inbound webhook failed its provider's authenticity check (missing or wrong signature, stale
 * timestamp). The app answers 401 and writes nothing. The message never contains the signature,
 * the signing key or the body.
 */
public class WebhookVerificationException extends SchedulingException {
  private static final long serialVersionUID = 1L;
  private final String provider;

  public WebhookVerificationException(String provider, String reason) {
    super("webhook from " + provider + " rejected: " + reason);
    this.provider = provider;
  }

  /** The provider whose webhook was rejected. */
  public String provider() {
    return provider;
  }
}
