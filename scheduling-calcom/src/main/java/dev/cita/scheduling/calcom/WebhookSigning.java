package dev.cita.scheduling.calcom;

import dev.cita.scheduling.internal.Checks;
import java.util.Arrays;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How a tenant's Cal.com webhooks are authenticated: with the secret set on the webhook in Cal.com
 * (the normal case), or, only when a tenant explicitly chose it, unsigned (Cal.com then sends
 * {@code X-Cal-Signature-256: no-secret-provided}). {@link #toString()} never shows the secret.
 */
public final class WebhookSigning {
  private final byte @Nullable [] secret;

  private WebhookSigning(byte @Nullable [] secret) {
    this.secret = secret;
  }

  /**
   * Webhooks signed with {@code secret} (the text entered in Cal.com, used as UTF-8 bytes).
   *
   * @param secret the webhook's secret, not blank
   * @return the signing
   */
  public static WebhookSigning secret(String secret) {
    Checks.notBlank(secret, "webhookSigning.secret");
    return new WebhookSigning(dev.cita.scheduling.webhook.HmacSignatures.utf8(secret));
  }

  /**
   * Accepts unsigned deliveries for this tenant. Anyone who knows the URL can then post bookings:
   * use it only where the endpoint is otherwise protected (a private network, a self-hosted
   * Cal.com).
   *
   * @return the signing
   */
  public static WebhookSigning unsignedAllowed() {
    return new WebhookSigning(null);
  }

  /** {@return true when unsigned deliveries are accepted} */
  public boolean allowsUnsigned() {
    return secret == null;
  }

  /** The HMAC key; secret, never log it. */
  Optional<byte[]> secretRevealingKey() {
    return secret == null ? Optional.empty() : Optional.of(secret.clone());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WebhookSigning w && Arrays.equals(secret, w.secret);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(secret);
  }

  @Override
  public String toString() {
    return secret == null
        ? "WebhookSigning{unsigned allowed}"
        : "WebhookSigning{secret=[redacted]}";
  }
}
