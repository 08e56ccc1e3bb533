package dev.cita.scheduling.calcom;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.ResourceId;

/**
 * One line of a branch's mapping between Cal.com and Cita: bookings of Cal.com event type {@code
 * eventTypeId} are appointments of Cita type {@code type} with resource {@code resource}, and Cita
 * appointments of that resource and type are pushed to that event type.
 *
 * <p>Cal.com takes a booking's {@code lengthInMinutes} only for event types with several allowed
 * lengths ("multiple durations") and refuses it with a 400 for fixed-length ones. So the
 * appointment's own duration is sent only for mappings made with {@link #multipleLengths}; a
 * fixed-length event type books its own length, which should equal the Cita type's duration.
 *
 * @param eventTypeId the Cal.com event type id
 * @param resource the Cita resource (agent, room) whose time it books
 * @param type the Cita appointment type
 * @param multipleLengths whether the event type allows several lengths, so creates send {@code
 *     lengthInMinutes} (the appointment's duration, which must be one of them)
 */
public record EventTypeMapping(
    long eventTypeId, ResourceId resource, AppointmentTypeId type, boolean multipleLengths) {
  /**
   * Checks the components.
   *
   * @param eventTypeId the Cal.com event type id, positive
   * @param resource the Cita resource whose time it books
   * @param type the Cita appointment type
   * @param multipleLengths whether the event type allows several lengths
   * @throws ValidationException if the id is not positive or a component is null
   */
  public EventTypeMapping {
    if (eventTypeId <= 0) {
      throw new ValidationException(
          "eventTypeMapping.eventTypeId", "must be positive, was " + eventTypeId);
    }
    Checks.notNull(resource, "eventTypeMapping.resource");
    Checks.notNull(type, "eventTypeMapping.type");
  }

  /**
   * A mapping to a fixed-length event type (Cal.com's default).
   *
   * @param eventTypeId the Cal.com event type id
   * @param resource the Cita resource whose time it books
   * @param type the Cita appointment type
   * @return the mapping
   */
  public static EventTypeMapping of(long eventTypeId, ResourceId resource, AppointmentTypeId type) {
    return new EventTypeMapping(eventTypeId, resource, type, false);
  }

  /**
   * A mapping to an event type with several allowed lengths: each create sends the appointment's
   * own duration as {@code lengthInMinutes}.
   *
   * @param eventTypeId the Cal.com event type id
   * @param resource the Cita resource whose time it books
   * @param type the Cita appointment type
   * @return the mapping
   */
  public static EventTypeMapping multipleLengths(
      long eventTypeId, ResourceId resource, AppointmentTypeId type) {
    return new EventTypeMapping(eventTypeId, resource, type, true);
  }
}
