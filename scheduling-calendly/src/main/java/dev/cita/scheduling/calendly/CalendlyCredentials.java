package dev.cita.scheduling.calendly;

import dev.cita.scheduling.model.TenantId;
import java.util.Optional;

/**
 * Where {@link CalendlyClient} gets the bearer token for a tenant's calls: normally {@link
 * CalendlyConnections} (OAuth, refreshed as needed, or a personal access token).
 */
@FunctionalInterface
public interface CalendlyCredentials {
  /**
   * A working access token for the tenant's Calendly connection.
   *
   * @param tenant the tenant about to call
   * @return the bearer token
   * @throws dev.cita.scheduling.ReauthorizationRequiredException if the tenant must connect again
   * @throws dev.cita.scheduling.NotFoundException if the tenant has no Calendly connection
   */
  String accessToken(TenantId tenant);

  /**
   * Called when Calendly answered 401 to {@code rejectedAccessToken} before it expired: returns the
   * token to send the call once more with, or empty when there is none and the 401 stands. An
   * implementation may record that the connection no longer works. By default: empty.
   *
   * @param tenant the tenant whose call was refused
   * @param rejectedAccessToken the token Calendly refused
   * @return the token to try once more, or empty
   * @throws dev.cita.scheduling.ReauthorizationRequiredException if the tenant must connect again
   */
  default Optional<String> rejected(TenantId tenant, String rejectedAccessToken) {
    return Optional.empty();
  }

  /**
   * Whether the tenant has a Calendly connection (one that needs re-authorization still counts, so
   * changes queued meanwhile are pushed once it is renewed). By default every tenant has one.
   *
   * @param tenant a tenant
   * @return true if it has a Calendly connection
   */
  default boolean isConnected(TenantId tenant) {
    return true;
  }
}
