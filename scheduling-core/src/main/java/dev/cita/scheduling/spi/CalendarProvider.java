package dev.cita.scheduling.spi;

import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import java.util.List;
import java.util.Optional;

/**
 * A calendar or booking tool a resource is connected to (Google Calendar, Cal.com, Calendly): a
 * {@link BusySource} that also receives Cita's bookings. {@code BookingService} reads busy time
 * from it; the sync worker pushes appointments to it. A calendar that must only be read is a plain
 * {@link BusySource}.
 *
 * <p>{@link #busy} is called while answering slot queries, so an adapter should answer from a cache
 * kept fresh by sync and push notifications, not with a network call per query.
 */
public interface CalendarProvider extends BusySource {
  /**
   * {@return a short stable name such as {@code "google"}} It is the key of {@link
   * Appointment#externalRefs()}.
   */
  @Override
  String id();

  /**
   * Busy time of a resource's connected calendar within {@code range}, in any order.
   *
   * @param tenant the tenant
   * @param resource the resource whose calendar is read
   * @param range the span the caller needs
   * @return the busy intervals; empty if none or the resource is not connected
   */
  @Override
  List<TimeInterval> busy(TenantId tenant, ResourceId resource, TimeInterval range);

  /**
   * Creates the appointment remotely, in the calendar of its {@link Appointment#resource()}. Must
   * be idempotent per appointment and calendar: called again for the same appointment and resource
   * (a retry after a lost response), it returns the same event instead of making a second one,
   * while the members of a collective appointment, each handed over as that member sees it, get one
   * event each in their own calendars.
   *
   * @param appointment the appointment to create remotely
   * @return the provider's id of the event
   * @throws dev.cita.scheduling.ProviderException if the provider or the network fails
   */
  String createEvent(Appointment appointment);

  /**
   * Whether this provider keeps the calendar of this tenant's resource. {@code BookingService}
   * queues pushes only to providers that do, so a tenant connected to one provider never collects
   * dead entries for the others. By default every resource is covered.
   *
   * @param tenant the tenant
   * @param resource the resource
   * @return whether changes to the resource's appointments should be pushed here
   */
  @Override
  default boolean covers(TenantId tenant, ResourceId resource) {
    return true;
  }

  /**
   * Whether this provider decides which bookings exist, as a booking tool does (Cal.com, Calendly):
   * when it permanently refuses to create an appointment (the slot was taken meanwhile, the event
   * type is gone, the data is invalid), there is no booking at the branch, so the sync worker
   * cancels the appointment in Cita, with the reason, and the customer is told. A calendar that
   * only records what Cita booked (Google Calendar) answers false, the default: its refusal leaves
   * the appointment booked and the outbox entry dead for an operator.
   *
   * @return true for a booking tool whose refusal means there is no booking; false by default
   */
  default boolean decidesBookings() {
    return false;
  }

  /**
   * Moves or edits the remote event.
   *
   * @param appointment the appointment as it is now
   * @param externalId the provider's id of the event
   * @throws dev.cita.scheduling.ProviderException if the provider or the network fails
   */
  void updateEvent(Appointment appointment, String externalId);

  /**
   * Moves the remote event to the appointment's time and returns the provider's new id when the
   * move gave the booking a new one (a provider that reschedules by booking anew), so the sync
   * worker records it; empty when the id stays. By default this is {@link #updateEvent}.
   *
   * @param appointment the appointment at its new time
   * @param externalId the provider's id of the event
   * @return the new id, or empty if it did not change
   * @throws dev.cita.scheduling.ProviderException if the provider or the network fails
   */
  default Optional<String> moveEvent(Appointment appointment, String externalId) {
    updateEvent(appointment, externalId);
    return Optional.empty();
  }

  /**
   * Cancels the remote event; cancelling one that is already gone is not an error.
   *
   * @param appointment the cancelled appointment
   * @param externalId the provider's id of the event
   * @throws dev.cita.scheduling.ProviderException if the provider or the network fails
   */
  void cancelEvent(Appointment appointment, String externalId);

  /**
   * Records remotely that the attendee did not come. By default the event is updated like any other
   * change; adapters whose provider has a no-show call override this.
   *
   * @param appointment the appointment marked as a no-show
   * @param externalId the provider's id of the event
   * @throws dev.cita.scheduling.ProviderException if the provider or the network fails
   */
  default void markNoShow(Appointment appointment, String externalId) {
    updateEvent(appointment, externalId);
  }
}
