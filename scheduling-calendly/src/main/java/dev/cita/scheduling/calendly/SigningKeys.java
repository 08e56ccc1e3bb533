package dev.cita.scheduling.calendly;

import dev.cita.scheduling.model.TenantId;
import java.util.List;

/**
 * The webhook signing keys of a tenant's Calendly subscriptions, for {@link
 * CalendlyWebhookVerifier}: a delivery is authentic when it verifies under any of them (several
 * during a key rotation).
 */
@FunctionalInterface
public interface SigningKeys {
  /**
   * The tenant's signing keys.
   *
   * @param tenant the tenant a delivery names
   * @return its keys; empty when it has none (its deliveries are then refused)
   */
  List<String> signingKeys(TenantId tenant);
}
