package dev.cita.scheduling.assistant;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.ResourceId;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * What the assistant books for one tenant: the appointment type, the resource or round-robin team
 * whose time is offered (any member free at a time makes it bookable; the first free one gets it),
 * and the business's zone, in which the customer's "mañana a las 10" is read and times are shown.
 *
 * @param resources one resource, or the members of an any-of team
 * @param type the appointment type booked
 * @param zone the business's zone
 */
public record TenantBookingConfig(List<ResourceId> resources, AppointmentTypeId type, ZoneId zone) {
  /**
   * Copies the resources, dropping repeats, and checks the components.
   *
   * @param resources one resource, or the members of an any-of team; at least one
   * @param type the appointment type booked
   * @param zone the business's zone
   * @throws ValidationException naming the component that is null or empty
   */
  public TenantBookingConfig {
    Checks.notNull(resources, "tenantConfig.resources");
    resources.forEach(r -> Checks.notNull(r, "tenantConfig.resources[]"));
    resources = List.copyOf(new LinkedHashSet<>(resources));
    if (resources.isEmpty()) {
      throw new ValidationException("tenantConfig.resources", "must name at least one resource");
    }
    Checks.notNull(type, "tenantConfig.type");
    Checks.notNull(zone, "tenantConfig.zone");
  }

  /**
   * Books one resource's time.
   *
   * @param resource the resource whose time is offered
   * @param type the appointment type booked
   * @param zone the business's zone
   * @return the configuration
   */
  public static TenantBookingConfig forResource(
      ResourceId resource, AppointmentTypeId type, ZoneId zone) {
    return new TenantBookingConfig(
        List.of(Checks.notNull(resource, "tenantConfig.resource")), type, zone);
  }

  /**
   * Books a round-robin team's time: a start is offered when any member is free.
   *
   * @param members the team, at least one
   * @param type the appointment type booked
   * @param zone the business's zone
   * @return the configuration
   */
  public static TenantBookingConfig anyOf(
      List<ResourceId> members, AppointmentTypeId type, ZoneId zone) {
    return new TenantBookingConfig(members, type, zone);
  }
}
