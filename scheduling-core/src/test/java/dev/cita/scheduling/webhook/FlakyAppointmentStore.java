package dev.cita.scheduling.webhook;

import dev.cita.scheduling.ConcurrentUpdateException;
import dev.cita.scheduling.ForwardingAppointmentStore;
import dev.cita.scheduling.SchedulingException;
import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.spi.ConflictCheck;
import dev.cita.scheduling.sync.OutboxEntry;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory store that can be told to fail its next writes, as an outage or a lost version race.
 */
final class FlakyAppointmentStore extends ForwardingAppointmentStore {
  final InMemoryAppointmentStore delegate;
  final AtomicInteger outageWrites = new AtomicInteger();
  final AtomicInteger racedUpdates = new AtomicInteger();
  final AtomicInteger writes = new AtomicInteger();

  /** Like the JDBC store: a longer attendee name is refused with a ValidationException. */
  /** Tighter than the core's own limit, like a store whose column is narrower. */
  static final int MAX_NAME = 100;

  FlakyAppointmentStore() {
    this(new InMemoryAppointmentStore());
  }

  private FlakyAppointmentStore(InMemoryAppointmentStore delegate) {
    super(delegate);
    this.delegate = delegate;
  }

  @Override
  public Appointment insert(
      Appointment appointment, ConflictCheck check, List<OutboxEntry> outbox) {
    failIfTold();
    fits(appointment);
    writes.incrementAndGet();
    return delegate.insert(appointment, check, outbox);
  }

  @Override
  public Appointment update(
      Appointment appointment, ConflictCheck check, List<OutboxEntry> outbox) {
    failIfTold();
    fits(appointment);
    if (racedUpdates.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new ConcurrentUpdateException("test: someone else updated " + appointment.id());
    }
    writes.incrementAndGet();
    return delegate.update(appointment, check, outbox);
  }

  private static void fits(Appointment a) {
    if (a.attendee().name().length() > MAX_NAME) {
      throw new dev.cita.scheduling.ValidationException(
          "appointment.attendee.name",
          "must be at most " + MAX_NAME + " characters, was " + a.attendee().name().length());
    }
  }

  private void failIfTold() {
    if (outageWrites.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new SchedulingException("test: database unavailable");
    }
  }
}
