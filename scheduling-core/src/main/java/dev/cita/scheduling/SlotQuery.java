package dev.cita.scheduling;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A request for free slots: one resource, or a team in {@link TeamMode#ANY_OF} (round robin) or
 * {@link TeamMode#ALL_OF} (collective) mode, for one appointment type, over local dates {@code
 * from}–{@code to} inclusive (read in each resource's own zone).
 *
 * @param tenant the tenant that owns the resources and the type
 * @param resources the resource, or the team's members in order, without duplicates; never empty
 * @param mode how the members combine; {@link TeamMode#ANY_OF} for a single resource
 * @param type the appointment type to find slots for
 * @param from the first local date, inclusive
 * @param to the last local date, inclusive; not before {@code from}
 */
public record SlotQuery(
    TenantId tenant,
    List<ResourceId> resources,
    TeamMode mode,
    AppointmentTypeId type,
    LocalDate from,
    LocalDate to) {

  /** How a team's members combine into one slot list. */
  public enum TeamMode {
    /** A start is offered when any member is free at it (round robin). */
    ANY_OF,
    /** A start is offered only when every member is free at it (collective). */
    ALL_OF
  }

  /**
   * Checks the components and drops repeated resources, keeping the first.
   *
   * @param tenant the tenant
   * @param resources the resource or the team's members, at least one
   * @param mode how the members combine
   * @param type the appointment type
   * @param from the first local date, inclusive
   * @param to the last local date, inclusive
   * @throws ValidationException if a component is missing, the list is empty or {@code to} is
   *     before {@code from}
   */
  public SlotQuery {
    Checks.notNull(tenant, "query.tenant");
    Checks.notNull(resources, "query.resources");
    resources.forEach(r -> Checks.notNull(r, "query.resources[]"));
    resources = List.copyOf(new LinkedHashSet<>(resources));
    if (resources.isEmpty()) {
      throw new ValidationException("query.resources", "must name at least one resource");
    }
    Checks.notNull(mode, "query.mode");
    Checks.notNull(type, "query.type");
    Checks.notNull(from, "query.from");
    Checks.notNull(to, "query.to");
    if (to.isBefore(from)) {
      throw new ValidationException(
          "query.to", "must not be before from (" + from + "), was " + to);
    }
  }

  /**
   * Slots of one resource.
   *
   * @param tenant the tenant
   * @param resource the resource
   * @param type the appointment type
   * @param from the first local date, inclusive, in the resource's zone
   * @param to the last local date, inclusive
   * @return the query
   * @throws ValidationException if an argument is missing or {@code to} is before {@code from}
   */
  public static SlotQuery forResource(
      TenantId tenant, ResourceId resource, AppointmentTypeId type, LocalDate from, LocalDate to) {
    return new SlotQuery(
        tenant,
        List.of(Checks.notNull(resource, "query.resource")),
        TeamMode.ANY_OF,
        type,
        from,
        to);
  }

  /**
   * Round robin: starts at which any of the members is free.
   *
   * @param tenant the tenant
   * @param members the team's members, at least one
   * @param type the appointment type
   * @param from the first local date, inclusive, in each member's zone
   * @param to the last local date, inclusive
   * @return the query
   * @throws ValidationException if an argument is missing or {@code to} is before {@code from}
   */
  public static SlotQuery anyOf(
      TenantId tenant,
      List<ResourceId> members,
      AppointmentTypeId type,
      LocalDate from,
      LocalDate to) {
    return new SlotQuery(tenant, members, TeamMode.ANY_OF, type, from, to);
  }

  /**
   * Collective: starts at which all of the members are free.
   *
   * @param tenant the tenant
   * @param members the team's members, at least one
   * @param type the appointment type
   * @param from the first local date, inclusive, in each member's zone
   * @param to the last local date, inclusive
   * @return the query
   * @throws ValidationException if an argument is missing or {@code to} is before {@code from}
   */
  public static SlotQuery allOf(
      TenantId tenant,
      List<ResourceId> members,
      AppointmentTypeId type,
      LocalDate from,
      LocalDate to) {
    return new SlotQuery(tenant, members, TeamMode.ALL_OF, type, from, to);
  }
}
