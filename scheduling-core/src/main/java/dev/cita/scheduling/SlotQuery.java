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
 * {@link TeamMode#ALL_OF} (collective) mode, for one appointment type, over local dates
 * {@code from}–{@code to} inclusive (read in each resource's own zone).
 */
public record SlotQuery(
    TenantId tenant, List<ResourceId> resources, TeamMode mode, AppointmentTypeId type,
    LocalDate from, LocalDate to) {

  /** How a team's members combine into one slot list. */
  public enum TeamMode {
    /** A start is offered when any member is free at it (round robin). */
    ANY_OF,
    /** A start is offered only when every member is free at it (collective). */
    ALL_OF
  }

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
      throw new ValidationException("query.to", "must not be before from (" + from + "), was " + to);
    }
  }

  /** Slots of one resource. */
  public static SlotQuery forResource(TenantId tenant, ResourceId resource, AppointmentTypeId type,
      LocalDate from, LocalDate to) {
    return new SlotQuery(tenant, List.of(Checks.notNull(resource, "query.resource")), TeamMode.ANY_OF,
        type, from, to);
  }

  /** Round robin: starts at which any of the members is free. */
  public static SlotQuery anyOf(TenantId tenant, List<ResourceId> members, AppointmentTypeId type,
      LocalDate from, LocalDate to) {
    return new SlotQuery(tenant, members, TeamMode.ANY_OF, type, from, to);
  }

  /** Collective: starts at which all of the members are free. */
  public static SlotQuery allOf(TenantId tenant, List<ResourceId> members, AppointmentTypeId type,
      LocalDate from, LocalDate to) {
    return new SlotQuery(tenant, members, TeamMode.ALL_OF, type, from, to);
  }
}
