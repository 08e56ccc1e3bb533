package dev.cita.scheduling.assistant;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.TimeSlot;
import java.util.List;

/**
 * Where a conversation stands: what the assistant last asked and what it is waiting for. Every
 * state that offers or proposes times remembers the {@link When} the customer asked for, so that
 * when a slot is taken meanwhile the fresh options answer the same request.
 */
public sealed interface ConversationState {
  /** Nothing pending. */
  record Idle() implements ConversationState {}

  /**
   * Numbered times were offered for a new booking; waiting for a choice.
   *
   * @param slots the times offered, option 1 first
   * @param request the constraints the customer asked with
   */
  record Offered(List<TimeSlot> slots, When request) implements ConversationState {
    /**
     * Copies the list and checks that no component is null.
     *
     * @param slots the times offered, option 1 first
     * @param request the constraints the customer asked with
     */
    public Offered {
      slots = List.copyOf(Checks.notNull(slots, "offered.slots"));
      Checks.notNull(request, "offered.request");
    }
  }

  /**
   * One time was proposed for a new booking; waiting for yes or no.
   *
   * @param slot the time proposed
   * @param request the constraints the customer asked with
   */
  record AwaitingConfirmation(TimeSlot slot, When request) implements ConversationState {
    /**
     * Checks that no component is null.
     *
     * @param slot the time proposed
     * @param request the constraints the customer asked with
     */
    public AwaitingConfirmation {
      Checks.notNull(slot, "awaitingConfirmation.slot");
      Checks.notNull(request, "awaitingConfirmation.request");
    }
  }

  /**
   * Asked whether to cancel an appointment; waiting for yes or no.
   *
   * @param appointment the appointment to cancel
   */
  record AwaitingCancelConfirmation(AppointmentId appointment) implements ConversationState {
    /**
     * Checks that the appointment is not null.
     *
     * @param appointment the appointment to cancel
     */
    public AwaitingCancelConfirmation {
      Checks.notNull(appointment, "awaitingCancelConfirmation.appointment");
    }
  }

  /**
   * Numbered times were offered to move an appointment to; waiting for a choice.
   *
   * @param appointment the appointment to move
   * @param slots the times offered, option 1 first
   * @param request the constraints the customer asked with
   */
  record Rescheduling(AppointmentId appointment, List<TimeSlot> slots, When request)
      implements ConversationState {
    /**
     * Copies the list and checks that no component is null.
     *
     * @param appointment the appointment to move
     * @param slots the times offered, option 1 first
     * @param request the constraints the customer asked with
     */
    public Rescheduling {
      Checks.notNull(appointment, "rescheduling.appointment");
      slots = List.copyOf(Checks.notNull(slots, "rescheduling.slots"));
      Checks.notNull(request, "rescheduling.request");
    }
  }

  /**
   * Proposed moving an appointment to one time; waiting for yes or no.
   *
   * @param appointment the appointment to move
   * @param slot the time proposed
   * @param request the constraints the customer asked with
   */
  record AwaitingRescheduleConfirmation(AppointmentId appointment, TimeSlot slot, When request)
      implements ConversationState {
    /**
     * Checks that no component is null.
     *
     * @param appointment the appointment to move
     * @param slot the time proposed
     * @param request the constraints the customer asked with
     */
    public AwaitingRescheduleConfirmation {
      Checks.notNull(appointment, "awaitingRescheduleConfirmation.appointment");
      Checks.notNull(slot, "awaitingRescheduleConfirmation.slot");
      Checks.notNull(request, "awaitingRescheduleConfirmation.request");
    }
  }
}
