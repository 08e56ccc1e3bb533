package dev.cita.scheduling.token;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.internal.LogSafe;
import dev.cita.scheduling.model.TenantId;

/**
 * Identifies one OAuth connection: a tenant's account at a provider, such as {@code (clinica-norte,
 * google, agenda@clinica.cl)}. Every stored credential and status is keyed by it, and encryption
 * binds each ciphertext to it.
 *
 * @param tenant the tenant
 * @param provider the provider id, e.g. {@code "google"}
 * @param account the account at the provider, as the provider names it
 */
public record ConnectionKey(TenantId tenant, String provider, String account) {
  /**
   * Checks the components.
   *
   * @param tenant the tenant
   * @param provider the provider id; not blank
   * @param account the account at the provider; not blank
   * @throws dev.cita.scheduling.ValidationException if a component is missing or blank
   */
  public ConnectionKey {
    Checks.notNull(tenant, "connection.tenant");
    Checks.notBlank(provider, "connection.provider");
    Checks.notBlank(account, "connection.account");
  }

  /**
   * The key of a tenant's account at a provider.
   *
   * @param tenant the tenant
   * @param provider the provider id, e.g. {@code "google"}
   * @param account the account at the provider, e.g. {@code "agenda@clinica.cl"}
   * @return the key
   * @throws dev.cita.scheduling.ValidationException if an argument is missing or blank
   */
  public static ConnectionKey of(TenantId tenant, String provider, String account) {
    return new ConnectionKey(tenant, provider, account);
  }

  @Override
  public String toString() {
    return tenant
        + "/"
        + LogSafe.escape(provider)
        + "/"
        + LogSafe.escape(account); // account comes from the provider
  }
}
