package dev.cita.scheduling.assistant;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.AppointmentTypeId;
import java.util.List;

/**
 * A service a customer can book (a haircut, kinesiology, a general consultation): the appointment
 * type it books, the name shown, and the words customers use for it ("corte", "kine").
 *
 * @param type the appointment type it books
 * @param name the name shown to customers
 * @param aliases other words customers use for it; may be empty
 */
public record Service(AppointmentTypeId type, String name, List<String> aliases) {
  /**
   * Checks the components and copies the aliases.
   *
   * @param type the appointment type it books
   * @param name the name shown to customers
   * @param aliases other words customers use for it
   * @throws dev.cita.scheduling.ValidationException naming the component that is invalid
   */
  public Service {
    Checks.notNull(type, "service.type");
    name = CatalogueEntry.name(name, "service.name");
    aliases = List.copyOf(Checks.notNull(aliases, "service.aliases"));
    CatalogueEntry.words(name, aliases, "service.aliases");
  }

  /**
   * A service.
   *
   * @param type the appointment type it books
   * @param name the name shown to customers
   * @param aliases other words customers use for it
   * @return the service
   */
  public static Service of(AppointmentTypeId type, String name, String... aliases) {
    return new Service(type, name, List.of(aliases));
  }

  List<String> words() {
    return CatalogueEntry.words(name, aliases, "service.aliases");
  }
}
