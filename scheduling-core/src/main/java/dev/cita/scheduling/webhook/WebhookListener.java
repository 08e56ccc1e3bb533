package dev.cita.scheduling.webhook;

import dev.cita.scheduling.model.Appointment;
import java.util.Optional;

/**
 * Hears what provider webhooks did to local appointments, after the delivery was recorded. Every
 * method has a no-op default, so new events never break an implementation; {@link #NONE} hears
 * nothing. A listener that throws is logged and does not undo anything.
 */
public interface WebhookListener {
  /** Hears nothing. */
  WebhookListener NONE = new WebhookListener() {};

  /**
   * An event created ({@code before} empty) or changed an appointment.
   *
   * @param event the provider's event
   * @param before the appointment before, or empty if the event created it
   * @param after the appointment as stored
   */
  default void applied(
      ProviderBookingEvent event, Optional<Appointment> before, Appointment after) {}

  /**
   * An event changed nothing: stale, a status move the lifecycle forbids, or too little data to
   * create.
   *
   * @param event the provider's event
   * @param reason why it changed nothing
   */
  default void ignored(ProviderBookingEvent event, String reason) {}

  /**
   * A delivery with a trigger the provider's adapter does not map was acknowledged and ignored.
   *
   * @param provider the provider id
   * @param trigger the trigger name the adapter does not map
   */
  default void triggerIgnored(String provider, String trigger) {}
}
