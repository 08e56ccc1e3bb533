package dev.cita.scheduling;

/**
 * An inbound webhook failed its provider's authenticity check (missing or wrong signature, stale
 * timestamp). The app answers 401 and writes nothing. The message never contains the signature, the
 * signing key or the body.
 */
public class WebhookVerificationException extends SchedulingException {
  private static final long serialVersionUID = 1L;

  /** The provider whose webhook was rejected. */
  private final String provider;

  /**
   * Creates the exception for a webhook that failed its authenticity check.
   *
   * @param provider the provider id, e.g. {@code "calendly"}
   * @param reason what failed (e.g. {@code "signature mismatch"}); never the signature or the body
   */
  public WebhookVerificationException(String provider, String reason) {
    super("webhook from " + provider + " rejected: " + reason);
    this.provider = provider;
  }

  /** {@return the provider whose webhook was rejected} */
  public String provider() {
    return provider;
  }
}
