package dev.cita.scheduling.calendly;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.calendly.model.CreateInviteeRequest;
import dev.cita.scheduling.calendly.model.EventType;
import dev.cita.scheduling.calendly.model.Location;
import dev.cita.scheduling.model.Appointment;
import java.util.Optional;

/**
 * Fills what an event type's booking form demands into a {@code POST /invitees} request: the
 * location (the event type's first one; a phone call needs the invitee's phone, an "ask the
 * invitee" location the appointment's location) and answers to its required questions. Cita answers
 * a required phone-number question with the attendee's phone; any other required question, or a
 * location Cita cannot fill, fails with a {@link ValidationException} naming it, which the sync
 * worker dead-letters instead of sending a booking Calendly can only refuse.
 */
final class BookingForm {
  private BookingForm() {}

  static void fill(EventType type, Appointment a, CreateInviteeRequest.Builder request) {
    if (!type.locations().isEmpty()) {
      request.location(location(type.locations().get(0), a));
    }
    for (EventType.CustomQuestion q : type.customQuestions()) {
      if (!q.demanded()) {
        continue;
      }
      if ("phone_number".equals(q.type()) && a.attendee().phone().isPresent()) {
        request.answer(q.name(), a.attendee().phone().get(), q.position());
      } else {
        throw new ValidationException(
            "bookingQuestions",
            "Calendly event type "
                + type.uri()
                + " requires an answer to '"
                + q.name()
                + "' ("
                + q.type()
                + "), which Cita has no value for;"
                + " make the question optional in Calendly");
      }
    }
  }

  private static Location location(Location configured, Appointment a) {
    String kind = configured.kind();
    if (kind == null) {
      return new Location(null, null, null, null);
    }
    return switch (kind) {
      case "outbound_call" ->
          Location.of(kind, required(a.attendee().phone(), "attendee.phone", kind));
      case "ask_invitee" -> Location.of(kind, required(a.location(), "location", kind));
      default -> Location.of(kind, null);
    };
  }

  private static String required(Optional<String> value, String field, String kind) {
    return value
        .filter(v -> !v.isBlank())
        .orElseThrow(
            () ->
                new ValidationException(
                    field,
                    "the Calendly event type's location '"
                        + kind
                        + "' needs it and the appointment has none"));
  }
}
