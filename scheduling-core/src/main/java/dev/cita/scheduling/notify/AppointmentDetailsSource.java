package dev.cita.scheduling.notify;

import dev.cita.scheduling.model.Appointment;

/**
 * The application's answer to "where and with whom is this appointment, and where can the customer
 * change it": the branch, its address, the professional and a manage link, for the texts of
 * confirmations, moves, cancellations and reminders. Called once per notice or reminder; a source
 * that throws is logged and the message goes out without the details.
 *
 * <pre>{@code
 * AppointmentDetailsSource details = a -> AppointmentDetails.builder()
 *     .branchName(branches.nameOf(a.resource()))
 *     .professionalName(staff.nameOf(a.resource()))
 *     .manageLink(links.forAppointment(a.tenant(), a.id()))
 *     .build();
 * }</pre>
 */
@FunctionalInterface
public interface AppointmentDetailsSource {
  /**
   * The details of one appointment.
   *
   * @param appointment the appointment the message is about, as stored now
   * @return its details; {@link AppointmentDetails#none()} when there is nothing to add
   */
  AppointmentDetails detailsOf(Appointment appointment);

  /** {@return a source that adds nothing (the default)} */
  static AppointmentDetailsSource none() {
    return a -> AppointmentDetails.none();
  }
}
