package dev.cita.scheduling.token;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TenantId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A one-time onboarding link that lets whoever opens it connect one provider account to one tenant,
 * such as a link a business owner receives by WhatsApp. It is stored under {@link #id()}, a digest
 * of the link's secret token, never the token itself.
 *
 * @param id the digest of the link's token (for example SHA-256, hex); not blank
 * @param tenant the tenant the account will be connected to
 * @param provider the provider id, such as {@code "google"}
 * @param expiresAt from when the link is refused
 * @param usedAt when the link was used, or null while it is unused
 */
public record ConnectLink(
    String id, TenantId tenant, String provider, Instant expiresAt, @Nullable Instant usedAt) {
  /**
   * Checks the components.
   *
   * @param id the digest of the token; not blank
   * @param tenant the tenant
   * @param provider the provider id; not blank
   * @param expiresAt from when the link is refused
   * @param usedAt when it was used, or null
   * @throws dev.cita.scheduling.ValidationException naming the component that is missing or blank
   */
  public ConnectLink {
    Checks.notBlank(id, "connectLink.id");
    Checks.notNull(tenant, "connectLink.tenant");
    Checks.notBlank(provider, "connectLink.provider");
    Checks.notNull(expiresAt, "connectLink.expiresAt");
  }

  /** {@return whether the link was used} */
  public boolean used() {
    return usedAt != null;
  }

  /**
   * {@return whether the link has expired at {@code now}}
   *
   * @param now the current time
   */
  public boolean expiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }
}
