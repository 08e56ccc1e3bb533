package dev.cita.scheduling.notify;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.TenantId;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The appointment a notice is about, as a calendar event: what a channel needs to attach a calendar
 * invitation (an e-mail's iCalendar file). {@link BookingNotifier} sets it on the confirmation,
 * reschedule and cancellation messages it builds ({@link OutgoingMessage#event()}); channels that
 * send only text ignore it. Immutable.
 */
public final class CalendarEvent {
  private final TenantId tenant;
  private final AppointmentId appointmentId;
  private final long version;
  private final Instant start;
  private final Instant end;
  private final ZoneId zone;
  private final String title;
  private final @Nullable String location;
  private final boolean cancelled;

  private CalendarEvent(Appointment a, String title, @Nullable String place) {
    this.tenant = a.tenant();
    this.appointmentId = a.id();
    this.version = a.version();
    this.start = a.start();
    this.end = a.end();
    this.zone = a.displayZone();
    this.title = Checks.notBlank(title, "event.title");
    this.location = a.location().orElse(place);
    this.cancelled = a.status() == AppointmentStatus.CANCELLED;
  }

  /**
   * The event of an appointment as it is now.
   *
   * @param appointment the appointment; a cancelled one gives a cancelled event
   * @param title what the event is called, such as the service's name
   * @return the event
   * @throws dev.cita.scheduling.ValidationException if the title is blank or a value is missing
   */
  public static CalendarEvent of(Appointment appointment, String title) {
    return new CalendarEvent(Checks.notNull(appointment, "event.appointment"), title, null);
  }

  /**
   * The event of an appointment as it is now, placed at the branch the application's details name
   * when the appointment has no location of its own.
   *
   * @param appointment the appointment; a cancelled one gives a cancelled event
   * @param title what the event is called, such as the service's name
   * @param details the application's details; their branch name and address become the location
   * @return the event
   * @throws dev.cita.scheduling.ValidationException if the title is blank or a value is missing
   */
  public static CalendarEvent of(
      Appointment appointment, String title, AppointmentDetails details) {
    Checks.notNull(details, "event.details");
    return new CalendarEvent(
        Checks.notNull(appointment, "event.appointment"), title, details.place().orElse(null));
  }

  /**
   * {@return the tenant the appointment belongs to; with the appointment id, it names the event}
   */
  public TenantId tenant() {
    return tenant;
  }

  /** {@return the appointment's id} */
  public AppointmentId appointmentId() {
    return appointmentId;
  }

  /** {@return the appointment's version: it grows with every change (an iCalendar SEQUENCE)} */
  public long version() {
    return version;
  }

  /** {@return when the appointment starts} */
  public Instant start() {
    return start;
  }

  /** {@return when the appointment ends} */
  public Instant end() {
    return end;
  }

  /** {@return the business's zone, in which the times are shown} */
  public ZoneId zone() {
    return zone;
  }

  /** {@return what the event is called, such as the service's name} */
  public String title() {
    return title;
  }

  /** {@return where it takes place, or empty if none was given} */
  public Optional<String> location() {
    return Optional.ofNullable(location);
  }

  /** {@return whether the appointment is cancelled (the invitation withdraws the event)} */
  public boolean cancelled() {
    return cancelled;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof CalendarEvent)) {
      return false;
    }
    CalendarEvent e = (CalendarEvent) o;
    return tenant.equals(e.tenant)
        && appointmentId.equals(e.appointmentId)
        && version == e.version
        && start.equals(e.start)
        && end.equals(e.end)
        && zone.equals(e.zone)
        && title.equals(e.title)
        && Objects.equals(location, e.location)
        && cancelled == e.cancelled;
  }

  @Override
  public int hashCode() {
    return Objects.hash(tenant, appointmentId, version, start);
  }

  @Override
  public String toString() {
    return "CalendarEvent{"
        + tenant
        + "/"
        + appointmentId
        + " v"
        + version
        + " "
        + start
        + ".."
        + end
        + " "
        + zone
        + (cancelled ? ", cancelled" : "")
        + "}";
  }
}
