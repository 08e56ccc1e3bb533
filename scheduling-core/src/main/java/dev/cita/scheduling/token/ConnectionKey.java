package dev.cita.scheduling.token;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.internal.LogSafe;
import dev.cita.scheduling.model.TenantId;

/**
 * Identifies one OAuth connection: a tenant's account at a provider, such as
 * {@code (clinica-norte, google, agenda@clinica.cl)}. Every stored credential and status is keyed
 * by it, and encryption binds each ciphertext to it.
 */
public record ConnectionKey(TenantId tenant, String provider, String account) {
  public ConnectionKey {
    Checks.notNull(tenant, "connection.tenant");
    Checks.notBlank(provider, "connection.provider");
    Checks.notBlank(account, "connection.account");
  }

  public static ConnectionKey of(TenantId tenant, String provider, String account) {
    return new ConnectionKey(tenant, provider, account);
  }

  @Override
  public String toString() {
    return tenant + "/" + LogSafe.escape(provider) + "/" + LogSafe.escape(account); // account comes from the provider
  }
}
