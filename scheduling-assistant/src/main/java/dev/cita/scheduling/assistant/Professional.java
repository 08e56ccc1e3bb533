package dev.cita.scheduling.assistant;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.ResourceId;
import java.util.List;

/**
 * A person whose time is booked (a stylist, a kinesiologist, an agent): the resource that holds
 * their calendar, the name shown, and the nicknames customers use ("la Vale").
 *
 * @param resource the resource whose time is booked
 * @param name the name shown to customers
 * @param nicknames other names customers use; may be empty
 */
public record Professional(ResourceId resource, String name, List<String> nicknames) {
  /**
   * Checks the components and copies the nicknames.
   *
   * @param resource the resource whose time is booked
   * @param name the name shown to customers
   * @param nicknames other names customers use
   * @throws dev.cita.scheduling.ValidationException naming the component that is invalid
   */
  public Professional {
    Checks.notNull(resource, "professional.resource");
    name = CatalogueEntry.name(name, "professional.name");
    nicknames = List.copyOf(Checks.notNull(nicknames, "professional.nicknames"));
    CatalogueEntry.words(name, nicknames, "professional.nicknames");
  }

  /**
   * A professional.
   *
   * @param resource the resource whose time is booked
   * @param name the name shown to customers
   * @param nicknames other names customers use
   * @return the professional
   */
  public static Professional of(ResourceId resource, String name, String... nicknames) {
    return new Professional(resource, name, List.of(nicknames));
  }

  List<String> words() {
    return CatalogueEntry.words(name, nicknames, "professional.nicknames");
  }
}
