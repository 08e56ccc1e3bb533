package dev.cita.scheduling.spi;

import java.time.Instant;

/**
 * Remembers which webhook deliveries were already handled, so a provider's retries and replays are
 * applied once. A delivery is recorded only after it was applied: if applying fails, the provider's
 * retry is applied again (applying is idempotent, so two racing copies of one delivery are safe).
 */
public interface WebhookInbox {
  /** True if the delivery with this de-duplication key was recorded for this provider. */
  boolean seen(String provider, String key);

  /** Records the delivery as handled at {@code at}; recording a key twice keeps the first time. */
  void record(String provider, String key, Instant at);
}
