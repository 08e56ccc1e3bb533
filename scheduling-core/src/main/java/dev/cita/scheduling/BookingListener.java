package dev.cita.scheduling;

import dev.cita.scheduling.model.Appointment;

/**
 * Hears about booking changes after they are stored. Every method has a no-op default, so new
 * events never break an implementation; {@link #NONE} hears nothing. A listener that throws is
 * logged and does not undo the change.
 */
public interface BookingListener {
  /** Hears nothing. */
  BookingListener NONE = new BookingListener() {};

  /**
   * A new appointment was stored.
   *
   * @param appointment the appointment as stored
   */
  default void booked(Appointment appointment) {}

  /**
   * An appointment moved to a new time.
   *
   * @param before the appointment at its old time
   * @param after the appointment as stored at its new time
   */
  default void rescheduled(Appointment before, Appointment after) {}

  /**
   * An appointment's status changed (confirmed, cancelled, completed, no-show, approved).
   *
   * @param before the appointment with its old status
   * @param after the appointment as stored with its new status
   */
  default void statusChanged(Appointment before, Appointment after) {}

  /**
   * A provider that decides bookings (the branch's Cal.com or Calendly) refused to create the
   * appointment, which was therefore cancelled; {@link Appointment#statusReason()} says why. Heard
   * right after the {@link #statusChanged} of that cancel, so an app can tell staff or offer the
   * customer another time.
   *
   * @param cancelled the appointment as cancelled
   * @param provider the refusing provider's id
   */
  default void refusedByProvider(Appointment cancelled, String provider) {}
}
