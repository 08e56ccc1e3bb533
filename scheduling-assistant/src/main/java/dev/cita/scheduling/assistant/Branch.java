package dev.cita.scheduling.assistant;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TenantId;
import java.time.ZoneId;
import java.util.List;

/**
 * One branch of a business (Providencia, Ñuñoa): the tenant that owns its resources and
 * appointments, the zone its times are read and shown in, and the words customers use for it. Each
 * branch of a chain may be a tenant of its own (as a Cal.com connection per branch is).
 *
 * @param id the branch's id in the catalogue, such as {@code "nunoa"}
 * @param name the name shown to customers
 * @param tenant the tenant whose appointments and resources it has
 * @param zone the branch's zone
 * @param aliases other words customers use for it; may be empty
 */
public record Branch(String id, String name, TenantId tenant, ZoneId zone, List<String> aliases) {
  /**
   * Checks the components and copies the aliases.
   *
   * @param id the branch's id in the catalogue
   * @param name the name shown to customers
   * @param tenant the tenant whose appointments and resources it has
   * @param zone the branch's zone
   * @param aliases other words customers use for it
   * @throws dev.cita.scheduling.ValidationException naming the component that is invalid
   */
  public Branch {
    Checks.notBlank(id, "branch.id");
    name = CatalogueEntry.name(name, "branch.name");
    Checks.notNull(tenant, "branch.tenant");
    Checks.notNull(zone, "branch.zone");
    aliases = List.copyOf(Checks.notNull(aliases, "branch.aliases"));
    CatalogueEntry.words(name, aliases, "branch.aliases");
  }

  /**
   * A branch.
   *
   * @param id the branch's id in the catalogue
   * @param name the name shown to customers
   * @param tenant the tenant whose appointments and resources it has
   * @param zone the branch's zone
   * @param aliases other words customers use for it
   * @return the branch
   */
  public static Branch of(String id, String name, TenantId tenant, ZoneId zone, String... aliases) {
    return new Branch(id, name, tenant, zone, List.of(aliases));
  }

  List<String> words() {
    return CatalogueEntry.words(name, aliases, "branch.aliases");
  }
}
