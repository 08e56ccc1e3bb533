package dev.cita.scheduling.health;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.ConnectionStatusStore;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.ConnectionStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Health {@code "connections"}: how many businesses must connect a provider account again ({@link
 * ConnectionStatus#NEEDS_REAUTHORIZATION}: the provider refused the refresh token), per provider,
 * from {@link ConnectionStatusStore#countByProvider} (one indexed query). DEGRADED when a provider
 * has {@code degradedAt} (1 by default) or more; never DOWN (every other tenant works). Details:
 * the count per provider, never a tenant or an account; {@link #tenants} lists the tenants on an
 * operator's request.
 */
public final class ReauthorizationCheck implements HealthCheck {
  private final ConnectionStatusStore statuses;
  private final long degradedAt;

  private ReauthorizationCheck(ConnectionStatusStore statuses, long degradedAt) {
    this.statuses = statuses;
    this.degradedAt = degradedAt;
  }

  /**
   * {@return a check that is DEGRADED from the first connection needing re-authorization}
   *
   * @param statuses the credential manager's status store; it must implement {@link
   *     ConnectionStatusStore#countByProvider} and {@link ConnectionStatusStore#withStatus}
   */
  public static ReauthorizationCheck of(ConnectionStatusStore statuses) {
    return of(statuses, 1);
  }

  /**
   * {@return a check that is DEGRADED when a provider has {@code degradedAt} or more connections
   * needing re-authorization}
   *
   * @param statuses the credential manager's status store
   * @param degradedAt at least 1
   */
  public static ReauthorizationCheck of(ConnectionStatusStore statuses, long degradedAt) {
    return new ReauthorizationCheck(
        Checks.notNull(statuses, "statuses"), Checks.atLeast(degradedAt, 1L, "degradedAt"));
  }

  @Override
  public String name() {
    return "connections";
  }

  @Override
  public Health check() {
    SortedMap<String, Long> counts =
        statuses.countByProvider(ConnectionStatus.NEEDS_REAUTHORIZATION);
    Health.Status status = Health.Status.UP;
    Map<String, String> details = new LinkedHashMap<>();
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      details.put(e.getKey() + ".needsReauthorization", Long.toString(e.getValue()));
      if (e.getValue() >= degradedAt) {
        status = Health.Status.DEGRADED;
      }
    }
    return new Health(status, details);
  }

  /**
   * The tenants whose connection to {@code provider} needs re-authorization, for an operator (not
   * part of the health details, which anyone probing may see).
   *
   * @param provider the provider id
   * @param limit the most connections to read, at least 1
   * @return the tenants, in order, each once
   */
  public List<TenantId> tenants(String provider, int limit) {
    return statuses.withStatus(ConnectionStatus.NEEDS_REAUTHORIZATION, provider, limit).stream()
        .map(ConnectionKey::tenant)
        .distinct()
        .toList();
  }
}
