package dev.cita.scheduling.whatsapp.assistant;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.AppointmentId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the assistant remembers about one customer of one tenant: the conversation state, the
 * appointments it booked for them that may still be active, the language they write in, and a
 * counter of proposals, which keys the idempotency of each booking (a duplicated "yes" to the same
 * proposal books once). Immutable.
 *
 * @param state what the assistant is waiting for
 * @param appointments the customer's appointments booked here, oldest first
 * @param language the language of the customer's last message
 * @param proposal increases with every time proposed for confirmation; a new conversation starts it
 *     at the clock's epoch milliseconds, so one created again after being lost never reuses a key
 * @param updatedAt when the conversation last changed
 */
public record Conversation(
    ConversationState state, List<AppointmentId> appointments, Locale language, long proposal, Instant updatedAt) {
  public Conversation {
    Checks.notNull(state, "conversation.state");
    appointments = List.copyOf(Checks.notNull(appointments, "conversation.appointments"));
    Checks.notNull(language, "conversation.language");
    Checks.notNull(updatedAt, "conversation.updatedAt");
  }

  /** A new conversation with nothing pending. */
  public static Conversation start(Locale language, Instant now) {
    return new Conversation(new ConversationState.Idle(), List.of(), language, now.toEpochMilli(), now);
  }

  /** This conversation in another state. */
  public Conversation with(ConversationState newState) {
    return new Conversation(newState, appointments, language, proposal, updatedAt);
  }

  Conversation withLanguage(Locale newLanguage, Instant now) {
    return new Conversation(state, appointments, newLanguage, proposal, now);
  }

  Conversation nextProposal() {
    return new Conversation(state, appointments, language, proposal + 1, updatedAt);
  }

  Conversation withAppointments(List<AppointmentId> ids) {
    return new Conversation(state, ids, language, proposal, updatedAt);
  }

  Conversation plusAppointment(AppointmentId id) {
    List<AppointmentId> ids = new ArrayList<>(appointments);
    if (!ids.contains(id)) {
      ids.add(id);
    }
    return withAppointments(ids);
  }
}
