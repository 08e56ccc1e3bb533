package dev.cita.scheduling.internal;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.ProviderMapping;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The checks every {@code ProviderMappingStore.replace} makes before it writes, so that the
 * in-memory and the JDBC stores refuse the same input. Not public API.
 */
public final class MappingLines {
  /** Orders lines by kind, then external id: the order {@code list} returns them in. */
  public static final Comparator<ProviderMapping> ORDER =
      Comparator.comparing(ProviderMapping::kind).thenComparing(ProviderMapping::externalId);

  private MappingLines() {}

  /**
   * Checks the arguments of a replace.
   *
   * @param tenant the tenant whose lines are replaced
   * @param provider the provider
   * @param mappings the new lines
   * @return the lines, ordered by kind and external id
   * @throws ValidationException naming what is wrong
   */
  public static List<ProviderMapping> checked(
      TenantId tenant, String provider, List<ProviderMapping> mappings) {
    Checks.notNull(tenant, "tenant");
    Checks.notBlank(provider, "provider");
    Checks.notNull(mappings, "mappings");
    Set<String> seen = new HashSet<>();
    for (ProviderMapping m : mappings) {
      Checks.notNull(m, "mappings[]");
      if (!m.tenant().equals(tenant) || !m.provider().equals(provider)) {
        throw new ValidationException(
            "mappings", "a line of " + m.tenant() + "/" + m.provider() + " is not of " + tenant);
      }
      if (!seen.add(m.kind() + "\u0000" + m.externalId())) {
        throw new ValidationException(
            "mappings", m.kind() + " " + LogSafe.escape(m.externalId()) + " is mapped twice");
      }
    }
    return mappings.stream().sorted(ORDER).toList();
  }
}
