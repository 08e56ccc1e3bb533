package dev.cita.scheduling.calendly;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.token.ConnectionKey;
import java.util.Optional;

/**
 * A tenant's connected Calendly account: the user URI (the connection's account id), the
 * organization when known, and how it was connected. Holds no token.
 */
public record CalendlyConnection(TenantId tenant, String userUri, Optional<String> organizationUri, Method method) {
  /** How a tenant connected its account. */
  public enum Method {
    /** OAuth authorization code with PKCE; tokens are refreshed by the credential manager. */
    OAUTH,
    /** A personal access token the tenant pasted; never refreshed. */
    PERSONAL_TOKEN
  }

  public CalendlyConnection {
    Checks.notNull(tenant, "tenant");
    Checks.notBlank(userUri, "userUri");
    Checks.notNull(organizationUri, "organizationUri");
    Checks.notNull(method, "method");
  }

  /** The key its credential is stored under. */
  public ConnectionKey key() {
    return ConnectionKey.of(tenant, CalendlyClient.PROVIDER, userUri);
  }
}
