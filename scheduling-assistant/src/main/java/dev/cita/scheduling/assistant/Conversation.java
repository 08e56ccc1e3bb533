package dev.cita.scheduling.assistant;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.AppointmentId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * What the assistant remembers about one customer of one tenant: the conversation state, the
 * appointments it booked for them that may still be active, the language they write in, and the id
 * of the current proposal, which keys the idempotency of its booking: a duplicated "yes" to the
 * same proposal books once, and no other proposal, of this or any later conversation, shares its
 * key. Immutable.
 *
 * @param state what the assistant is waiting for
 * @param appointments the customer's appointments booked here, oldest first
 * @param language the language of the customer's last message
 * @param proposal a random id (128 bits, hex), new for every time proposed for confirmation and for
 *     every new conversation, so a conversation started again after being lost, even in the same
 *     millisecond, never reuses a key (earlier versions stored a counter here; it is read as text)
 * @param updatedAt when the conversation last changed
 * @param selection the branch, service and professional chosen so far for a booking
 */
public record Conversation(
    ConversationState state,
    List<AppointmentId> appointments,
    Locale language,
    String proposal,
    Instant updatedAt,
    Selection selection) {
  /**
   * Copies the list and checks the components.
   *
   * @param state what the assistant is waiting for
   * @param appointments the customer's appointments booked here, oldest first
   * @param language the language of the customer's last message
   * @param proposal the id of the current proposal, not blank
   * @param updatedAt when the conversation last changed
   * @param selection the branch, service and professional chosen so far
   * @throws dev.cita.scheduling.ValidationException naming the component that is null or blank
   */
  public Conversation {
    Checks.notNull(selection, "conversation.selection");
    Checks.notNull(state, "conversation.state");
    Checks.notBlank(proposal, "conversation.proposal");
    appointments = List.copyOf(Checks.notNull(appointments, "conversation.appointments"));
    Checks.notNull(language, "conversation.language");
    Checks.notNull(updatedAt, "conversation.updatedAt");
  }

  /**
   * A conversation with nothing chosen from a catalogue.
   *
   * @param state what the assistant is waiting for
   * @param appointments the customer's appointments booked here, oldest first
   * @param language the language of the customer's last message
   * @param proposal the id of the current proposal, not blank
   * @param updatedAt when the conversation last changed
   */
  public Conversation(
      ConversationState state,
      List<AppointmentId> appointments,
      Locale language,
      String proposal,
      Instant updatedAt) {
    this(state, appointments, language, proposal, updatedAt, Selection.NONE);
  }

  /**
   * A new conversation with nothing pending and a new proposal id.
   *
   * @param language the language the customer writes in
   * @param now when it starts
   * @return the conversation
   */
  public static Conversation start(Locale language, Instant now) {
    return new Conversation(new ConversationState.Idle(), List.of(), language, newProposal(), now);
  }

  /**
   * This conversation in another state; {@link #updatedAt()} is unchanged.
   *
   * @param newState what the assistant waits for next
   * @return the changed copy
   */
  public Conversation with(ConversationState newState) {
    return new Conversation(newState, appointments, language, proposal, updatedAt, selection);
  }

  Conversation withLanguage(Locale newLanguage, Instant now) {
    return new Conversation(state, appointments, newLanguage, proposal, now, selection);
  }

  Conversation nextProposal() {
    return new Conversation(state, appointments, language, newProposal(), updatedAt, selection);
  }

  private static String newProposal() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  Conversation withAppointments(List<AppointmentId> ids) {
    return new Conversation(state, ids, language, proposal, updatedAt, selection);
  }

  Conversation withSelection(Selection chosen) {
    return new Conversation(state, appointments, language, proposal, updatedAt, chosen);
  }

  Conversation plusAppointment(AppointmentId id) {
    List<AppointmentId> ids = new ArrayList<>(appointments);
    if (!ids.contains(id)) {
      ids.add(id);
    }
    return withAppointments(ids);
  }
}
