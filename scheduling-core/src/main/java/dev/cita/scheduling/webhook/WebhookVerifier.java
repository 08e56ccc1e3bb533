package dev.cita.scheduling.webhook;

import dev.cita.scheduling.WebhookVerificationException;

/**
 * Checks that a request really comes from the provider (its signature over the raw body, and its
 * timestamp where the provider sends one). Implementations compare in constant time and never log
 * signatures or keys.
 */
@FunctionalInterface
public interface WebhookVerifier {
  /**
   * Returns normally if the request is authentic.
   *
   * @param request the request as received
   * @throws WebhookVerificationException if it is not
   */
  void verify(WebhookRequest request);
}
