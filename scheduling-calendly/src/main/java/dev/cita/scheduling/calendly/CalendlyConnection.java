package dev.cita.scheduling.calendly;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.token.ConnectionKey;
import java.util.Optional;

/**
 * A tenant's connected Calendly account: the user URI (the connection's account id), the
 * organization when known, and how it was connected. Holds no token.
 *
 * @param tenant the tenant that connected
 * @param userUri the Calendly user's URI, the connection's account id
 * @param organizationUri the user's organization URI, or empty when not known
 * @param method how it was connected
 */
public record CalendlyConnection(
    TenantId tenant, String userUri, Optional<String> organizationUri, Method method) {
  /** How a tenant connected its account. */
  public enum Method {
    /** OAuth authorization code with PKCE; tokens are refreshed by the credential manager. */
    OAUTH,
    /** A personal access token the tenant pasted; never refreshed. */
    PERSONAL_TOKEN
  }

  /**
   * Checks that no component is null or blank.
   *
   * @param tenant the tenant that connected
   * @param userUri the Calendly user's URI, not blank
   * @param organizationUri the user's organization URI, or empty
   * @param method how it was connected
   * @throws dev.cita.scheduling.ValidationException naming the component that is null or blank
   */
  public CalendlyConnection {
    Checks.notNull(tenant, "tenant");
    Checks.notBlank(userUri, "userUri");
    Checks.notNull(organizationUri, "organizationUri");
    Checks.notNull(method, "method");
  }

  /** {@return the key its credential is stored under} */
  public ConnectionKey key() {
    return ConnectionKey.of(tenant, CalendlyClient.PROVIDER, userUri);
  }
}
