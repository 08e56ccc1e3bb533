package dev.cita.scheduling.google;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TenantId;
import java.net.URI;
import java.time.Instant;

/**
 * Where to send a tenant to connect Google Calendar: the consent page URL, the one-time {@code
 * state} it carries (already remembered for the callback) and until when the callback is accepted.
 * {@link #toString()} hides the URL and the state.
 *
 * @param tenant the tenant that connects
 * @param url Google's consent page, with every parameter; send the tenant's browser there
 * @param state the one-time state the callback must bring back
 * @param expiresAt the latest time the callback is accepted
 */
public record GoogleAuthorizationUrl(TenantId tenant, URI url, String state, Instant expiresAt) {
  /**
   * Checks that no component is null or blank.
   *
   * @param tenant the tenant that connects
   * @param url Google's consent page, with every parameter
   * @param state the one-time state the callback must bring back
   * @param expiresAt the latest time the callback is accepted
   * @throws dev.cita.scheduling.ValidationException naming the component that is null or blank
   */
  public GoogleAuthorizationUrl {
    Checks.notNull(tenant, "authorization.tenant");
    Checks.notNull(url, "authorization.url");
    Checks.notBlank(state, "authorization.state");
    Checks.notNull(expiresAt, "authorization.expiresAt");
  }

  @Override
  public String toString() {
    return "GoogleAuthorizationUrl{tenant="
        + tenant
        + ", url=[redacted], state=[redacted], expiresAt="
        + expiresAt
        + "}";
  }
}
