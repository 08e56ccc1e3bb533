package dev.cita.scheduling.spi;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TenantId;
import java.time.Instant;
import java.util.Optional;

/**
 * Remembers which webhook deliveries were already handled, so a provider's retries and replays are
 * applied once. A delivery is recorded only after it was applied, or after it was found to be one
 * that can never be applied (recorded as rejected, with the reason): if applying fails for a reason
 * that may pass, nothing is recorded and the provider's retry is applied again (applying is
 * idempotent, so two racing copies of one delivery are safe).
 *
 * <p>Deliveries are keyed by tenant, provider and key: two tenants that share one provider account
 * receive the same signed body, and each must apply it.
 */
public interface WebhookInbox {
  /** The longest rejection reason an inbox must keep; longer ones are cut by the caller. */
  int MAX_REASON = 500;

  /**
   * Which delivery: the tenant it is for (absent for providers whose delivery ids are unique across
   * every account and that name no tenant, such as Twilio's message ids), the provider and the
   * de-duplication key.
   */
  record Delivery(Optional<TenantId> tenant, String provider, String key) {
    public Delivery {
      Checks.notNull(tenant, "delivery.tenant");
      Checks.notBlank(provider, "delivery.provider");
      Checks.notBlank(key, "delivery.key");
    }

    /** A delivery for one tenant. */
    public static Delivery of(TenantId tenant, String provider, String key) {
      return new Delivery(Optional.of(Checks.notNull(tenant, "delivery.tenant")), provider, key);
    }

    /** A delivery that names no tenant. */
    public static Delivery untenanted(String provider, String key) {
      return new Delivery(Optional.empty(), provider, key);
    }
  }

  /** What the inbox holds about a delivery: when it was recorded, and why it was rejected if it was. */
  record Recorded(Instant at, Optional<String> rejection) {
    public Recorded {
      Checks.notNull(at, "recorded.at");
      Checks.notNull(rejection, "recorded.rejection");
    }

    /** True when the delivery was recorded as one that can never be applied. */
    public boolean rejected() {
      return rejection.isPresent();
    }
  }

  /** What was recorded about this delivery, if anything. */
  Optional<Recorded> find(Delivery delivery);

  /** True if this delivery was recorded, handled or rejected. */
  default boolean seen(Delivery delivery) {
    return find(delivery).isPresent();
  }

  /** Records the delivery as handled at {@code at}; recording a delivery twice keeps the first record. */
  void record(Delivery delivery, Instant at);

  /**
   * Records the delivery as one that can never be applied (at most {@link #MAX_REASON} characters
   * of reason, which names no secret); recording a delivery twice keeps the first record.
   */
  void recordRejected(Delivery delivery, Instant at, String reason);
}
