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
   *
   * @param tenant the tenant it is for, or empty for providers whose ids are unique across accounts
   * @param provider the provider id, e.g. {@code "calendly"}
   * @param key the de-duplication key, such as the provider's delivery or event id
   */
  record Delivery(Optional<TenantId> tenant, String provider, String key) {
    /**
     * Checks the components.
     *
     * @param tenant the tenant it is for, or empty
     * @param provider the provider id, not blank
     * @param key the de-duplication key, not blank
     * @throws dev.cita.scheduling.ValidationException if a component is missing or blank
     */
    public Delivery {
      Checks.notNull(tenant, "delivery.tenant");
      Checks.notBlank(provider, "delivery.provider");
      Checks.notBlank(key, "delivery.key");
    }

    /**
     * A delivery for one tenant.
     *
     * @param tenant the tenant
     * @param provider the provider id
     * @param key the de-duplication key
     * @return the delivery
     */
    public static Delivery of(TenantId tenant, String provider, String key) {
      return new Delivery(Optional.of(Checks.notNull(tenant, "delivery.tenant")), provider, key);
    }

    /**
     * A delivery that names no tenant.
     *
     * @param provider the provider id
     * @param key a de-duplication key unique across the provider's accounts
     * @return the delivery
     */
    public static Delivery untenanted(String provider, String key) {
      return new Delivery(Optional.empty(), provider, key);
    }
  }

  /**
   * What the inbox holds about a delivery: when it was recorded, and why it was rejected if it was.
   *
   * @param at when the delivery was recorded
   * @param rejection why it was rejected; empty if it was handled
   */
  record Recorded(Instant at, Optional<String> rejection) {
    /**
     * Checks the components.
     *
     * @param at when the delivery was recorded
     * @param rejection why it was rejected, or empty
     * @throws dev.cita.scheduling.ValidationException if a component is missing
     */
    public Recorded {
      Checks.notNull(at, "recorded.at");
      Checks.notNull(rejection, "recorded.rejection");
    }

    /** {@return true when the delivery was recorded as one that can never be applied} */
    public boolean rejected() {
      return rejection.isPresent();
    }
  }

  /**
   * What was recorded about this delivery, if anything.
   *
   * @param delivery the delivery
   * @return the record, or empty if the delivery was never recorded
   */
  Optional<Recorded> find(Delivery delivery);

  /**
   * True if this delivery was recorded, handled or rejected.
   *
   * @param delivery the delivery
   * @return whether it was recorded
   */
  default boolean seen(Delivery delivery) {
    return find(delivery).isPresent();
  }

  /**
   * Records the delivery as handled at {@code at}; recording a delivery twice keeps the first
   * record.
   *
   * @param delivery the delivery
   * @param at when it was handled
   */
  void record(Delivery delivery, Instant at);

  /**
   * Records the delivery as one that can never be applied (at most {@link #MAX_REASON} characters
   * of reason, which names no secret); recording a delivery twice keeps the first record.
   *
   * @param delivery the delivery
   * @param at when it was rejected
   * @param reason why, without secrets
   */
  void recordRejected(Delivery delivery, Instant at, String reason);
}
