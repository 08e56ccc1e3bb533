package dev.cita.scheduling.assistant;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.ResourceId;

/**
 * That a professional offers a service at a branch: the only combinations the assistant (and a
 * language model through its tools) can book.
 *
 * @param branch the branch's id
 * @param service the service's appointment type
 * @param professional the professional's resource
 */
public record Offering(String branch, AppointmentTypeId service, ResourceId professional) {
  /**
   * Checks the components.
   *
   * @param branch the branch's id
   * @param service the service's appointment type
   * @param professional the professional's resource
   * @throws dev.cita.scheduling.ValidationException naming the component that is missing
   */
  public Offering {
    Checks.notBlank(branch, "offering.branch");
    Checks.notNull(service, "offering.service");
    Checks.notNull(professional, "offering.professional");
  }
}
