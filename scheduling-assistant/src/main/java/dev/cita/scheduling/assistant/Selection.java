package dev.cita.scheduling.assistant;

import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.ResourceId;
import org.jspecify.annotations.Nullable;

/**
 * What a customer has chosen so far for a booking from a {@link Catalogue}: a branch, a service, a
 * professional or "anyone"; a null component is not chosen yet. Immutable.
 *
 * @param branch the branch's id, or null
 * @param service the service's appointment type, or null
 * @param professional the professional's resource, or null (any or not chosen)
 * @param anyone whether the customer said any professional will do
 */
public record Selection(
    @Nullable String branch,
    @Nullable AppointmentTypeId service,
    @Nullable ResourceId professional,
    boolean anyone) {
  /** Nothing chosen. */
  public static final Selection NONE = new Selection(null, null, null, false);

  Selection withBranch(@Nullable String id) {
    return new Selection(id, service, professional, anyone);
  }

  Selection withService(@Nullable AppointmentTypeId type) {
    return new Selection(branch, type, professional, anyone);
  }

  Selection withProfessional(@Nullable ResourceId resource) {
    return new Selection(branch, service, resource, false);
  }

  Selection withAnyone() {
    return new Selection(branch, service, null, true);
  }
}
