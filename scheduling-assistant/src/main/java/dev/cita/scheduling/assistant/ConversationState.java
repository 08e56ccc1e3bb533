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

  /** What a {@link Choosing} question asks for. */
  enum Dimension {
    /** Which service. */
    SERVICE,
    /** Which branch. */
    BRANCH,
    /** Which professional; {@link Choosing#ANYONE} is any free one. */
    PROFESSIONAL
  }

  /**
   * Asked the customer to pick a service, branch or professional from a numbered list of the
   * catalogue; waiting for a number or a name.
   *
   * @param dimension what is asked for
   * @param options the ids offered, option 1 first: branch ids, appointment type ids or resource
   *     ids, and {@link #ANYONE} for any professional
   * @param request the time constraints the customer asked with
   */
  record Choosing(Dimension dimension, List<String> options, When request)
      implements ConversationState {
    /** The option that stands for any free professional. */
    public static final String ANYONE = "*";

    /**
     * Copies the list and checks that no component is null.
     *
     * @param dimension what is asked for
     * @param options the ids offered, option 1 first
     * @param request the time constraints the customer asked with
     */
    public Choosing {
      Checks.notNull(dimension, "choosing.dimension");
      options = List.copyOf(Checks.notNull(options, "choosing.options"));
      Checks.notNull(request, "choosing.request");
    }
  }

  /** What the customer wants done with the appointment they pick from a {@link Picking} list. */
  enum Action {
    /** Only listed ("mis citas"); a later "cancélala" or "cámbiala" refers to the list. */
    LIST,
    /** Cancel it. */
    CANCEL,
    /** Move it. */
    MOVE
  }

  /**
   * Listed the customer's appointments, numbered, or asked which one they mean; waiting for a
   * number (or a cancel or move that refers to the list).
   *
   * @param action what to do with the one picked
   * @param appointments the appointments listed, option 1 first
   * @param request for a move, the new time's constraints
   */
  record Picking(Action action, List<AppointmentId> appointments, When request)
      implements ConversationState {
    /**
     * Copies the list and checks that no component is null.
     *
     * @param action what to do with the one picked
     * @param appointments the appointments listed, option 1 first
     * @param request for a move, the new time's constraints
     */
    public Picking {
      Checks.notNull(action, "picking.action");
      appointments = List.copyOf(Checks.notNull(appointments, "picking.appointments"));
      Checks.notNull(request, "picking.request");
    }
  }
}
