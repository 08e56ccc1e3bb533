package dev.cita.scheduling;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.Appointment;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One page of an {@link AttendeeQuery}'s appointments, ordered by start then id, with the cursor to
 * the next page when there may be one.
 */
public final class AppointmentPage {
  private final List<Appointment> appointments;
  private final @Nullable String next;

  private AppointmentPage(List<Appointment> appointments, @Nullable String next) {
    this.appointments = appointments;
    this.next = next;
  }

  /**
   * The page a store found for {@code query}: a cursor to a next page is given when the page is
   * full ({@code query.limit()} appointments).
   *
   * @param query the query answered
   * @param appointments what it found, in order, at most {@code query.limit()}
   * @return the page
   * @throws ValidationException if the list is longer than the limit
   */
  public static AppointmentPage of(AttendeeQuery query, List<Appointment> appointments) {
    List<Appointment> copy = List.copyOf(Checks.notNull(appointments, "appointments"));
    if (copy.size() > query.limit()) {
      throw new ValidationException(
          "appointments", "holds " + copy.size() + ", more than the limit " + query.limit());
    }
    String next =
        copy.size() == query.limit() && !copy.isEmpty()
            ? AttendeeQuery.Cursor.of(copy.get(copy.size() - 1)).encode()
            : null;
    return new AppointmentPage(copy, next);
  }

  /** {@return the appointments of this page, ordered by start then id} */
  public List<Appointment> appointments() {
    return appointments;
  }

  /** {@return the cursor for the next page, to pass to {@link AttendeeQuery.Builder#after}} */
  public Optional<String> next() {
    return Optional.ofNullable(next);
  }

  @Override
  public String toString() {
    return "AppointmentPage{"
        + appointments.size()
        + " appointment(s), more="
        + (next != null)
        + "}";
  }
}
