package dev.cita.scheduling.calcom;

import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.token.CredentialManager;

/** A tenant's Cal.com configuration and the access its calls use, or a typed "not connected". */
final class CalComAccounts {
  private final CalComTenants tenants;
  private final CredentialManager credentials;

  CalComAccounts(CalComTenants tenants, CredentialManager credentials) {
    this.tenants = tenants;
    this.credentials = credentials;
  }

  CalComTenants tenants() {
    return tenants;
  }

  CalComTenant config(TenantId tenant) {
    Checks.notNull(tenant, "tenant");
    return tenants
        .find(tenant)
        .orElseThrow(
            () ->
                new ProviderException(
                    CalComClient.PROVIDER,
                    0,
                    "not_connected",
                    null,
                    false,
                    "tenant " + tenant + " has not connected Cal.com",
                    null));
  }

  CalComAccess access(CalComTenant config) {
    return CalComAccess.of(
        config.tenant(),
        config.baseUrl(),
        config.baseUrlPolicy(),
        credentials,
        config.connection());
  }

  CalComAccess access(TenantId tenant) {
    return access(config(tenant));
  }
}
