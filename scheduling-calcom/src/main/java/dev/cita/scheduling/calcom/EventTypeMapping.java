package dev.cita.scheduling.calcom;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.ResourceId;

/**
 * One line of a branch's mapping between Cal.com and Cita: bookings of Cal.com event type
 * {@code eventTypeId} are appointments of Cita type {@code type} with resource {@code resource},
 * and Cita appointments of that resource and type are pushed to that event type.
 *
 * @param eventTypeId the Cal.com event type id
 * @param resource the Cita resource (agent, room) whose time it books
 * @param type the Cita appointment type
 */
public record EventTypeMapping(long eventTypeId, ResourceId resource, AppointmentTypeId type) {
  public EventTypeMapping {
    if (eventTypeId <= 0) {
      throw new dev.cita.scheduling.ValidationException("eventTypeMapping.eventTypeId",
          "must be positive, was " + eventTypeId);
    }
    Checks.notNull(resource, "eventTypeMapping.resource");
    Checks.notNull(type, "eventTypeMapping.type");
  }

  public static EventTypeMapping of(long eventTypeId, ResourceId resource, AppointmentTypeId type) {
    return new EventTypeMapping(eventTypeId, resource, type);
  }
}
