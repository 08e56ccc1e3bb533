package dev.cita.scheduling.spi;

import dev.cita.scheduling.AppointmentPage;
import dev.cita.scheduling.AttendeeQuery;
import dev.cita.scheduling.ConcurrentUpdateException;
import dev.cita.scheduling.DuplicateAppointmentException;
import dev.cita.scheduling.NotFoundException;
import dev.cita.scheduling.PlacementsRefusedException;
import dev.cita.scheduling.SlotUnavailableException;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.SeriesId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.sync.OutboxEntry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where appointments live. Implement it for your database, or use the in-memory or JDBC one.
 *
 * <p>The writes are atomic per tenant and resource: between loading the appointments a {@link
 * ConflictCheck} looks at and writing, no other write for the same resource may happen (a lock, a
 * serializable transaction, or {@code pg_advisory_xact_lock}). That is what makes double booking
 * impossible when several threads or nodes book the same slot. Every call is scoped to a tenant; no
 * call returns another tenant's rows.
 *
 * <p>Transactional outbox: the writes take the {@link OutboxEntry outbox entries} that describe the
 * change to calendar providers and store them in the same atomic step as the appointment, only if
 * the appointment is written (a refused or stale write stores none). A store that supports
 * providers exposes the entries through an {@link OutboxStore}.
 */
public interface AppointmentStore {
  /**
   * Inserts a new appointment (version 0 as given) if {@code check} accepts it. The id is checked
   * before the conflict check, so that a retried insert of the same appointment reports {@link
   * DuplicateAppointmentException}, which {@code BookingService} turns into "return the first
   * result".
   *
   * @param appointment the new appointment, version 0
   * @param check the booking rules to run inside the write; {@link ConflictCheck#none()} for none
   * @return the stored appointment
   * @throws SlotUnavailableException if the check refuses it; nothing is written
   * @throws DuplicateAppointmentException if the id exists already, or another appointment of the
   *     tenant holds the same {@link Appointment#idempotencyKey()} (the exception names it): one
   *     key never names two appointments; nothing is written
   * @throws dev.cita.scheduling.OutcomeUnknownException if the store lost its connection and cannot
   *     tell whether the write committed
   */
  default Appointment insert(Appointment appointment, ConflictCheck check) {
    return insert(appointment, check, List.of());
  }

  /**
   * Inserts one appointment for whichever member of an any-of (round-robin) team {@code choice}
   * prefers among those free, in one atomic write: the store takes the write locks of every
   * placement's resource (in its fixed order, so it never deadlocks with other writes), calls
   * {@link MemberChoice#order} with a {@link MemberChoice.History} that reads under those locks,
   * then for each member in that order runs its placement's check as {@link #insert(Appointment,
   * ConflictCheck, List)} does, and writes the first placement that passes (with its outbox
   * entries). Concurrent any-of inserts over the same members are thus serialized, and each choice
   * sees every earlier one.
   *
   * <p>The default throws: a store must implement this before {@code BookingService.bookAnyOf} runs
   * on it.
   *
   * @param placements one placement per member, all of one tenant and appointment id, distinct
   *     resources, at least one
   * @param choice orders the members, most preferred first
   * @return the stored appointment (the chosen member's placement)
   * @throws SlotUnavailableException if no member's check passes (the first member's refusal in the
   *     chosen order); nothing is written
   * @throws DuplicateAppointmentException if the id or idempotency key is already stored
   * @throws UnsupportedOperationException if the store does not implement it
   */
  default Appointment insertAnyOf(List<Placement> placements, MemberChoice choice) {
    throw new UnsupportedOperationException(
        getClass().getName() + " does not insert any-of bookings");
  }

  /**
   * Inserts several new appointments (a series booked all or none) in one atomic write: the store
   * takes the write locks of every resource involved, in its one fixed (sorted) order, then runs
   * each placement's check in the given order, each seeing the time-holding appointments as the
   * earlier placements of the list would leave them, and writes every appointment with its outbox
   * entries only if every check passed. A check that refuses does not stop the others from being
   * asked, so the exception names every refused placement.
   *
   * <p>The default throws: a store must implement this before {@code BookingService.series()} books
   * all or none on it.
   *
   * @param placements the appointments (version 0, of one tenant, distinct ids, none collective:
   *     see {@link Placement#checkBatch}), their checks and outbox entries (sequence 0); at least
   *     one
   * @return the stored appointments, in the given order
   * @throws PlacementsRefusedException if any check refuses; nothing is written
   * @throws DuplicateAppointmentException if an id or idempotency key is taken; nothing is written
   * @throws UnsupportedOperationException if the store does not implement it
   */
  default List<Appointment> insertAll(List<Placement> placements) {
    throw new UnsupportedOperationException(
        getClass().getName() + " does not insert several appointments at once");
  }

  /**
   * Replaces several appointments (the rest of a series moved at once) in one atomic write, each as
   * {@link #update(Appointment, ConflictCheck, List)} would: the store takes the write locks of
   * every resource involved in its fixed order, then for each placement in the given order checks
   * its version and runs its check, each seeing the appointments as the earlier placements of the
   * list would leave them, and writes every one (each with version + 1 and its outbox entries,
   * sequence version + 1) only if every check passed.
   *
   * <p>The default throws: a store must implement this before {@code BookingService.series()} moves
   * the rest of a series on it.
   *
   * @param placements the changed appointments (each carrying the version it was read with, of one
   *     tenant, distinct ids, on the resource they are stored at, none collective as given or as
   *     stored), their checks and outbox entries; at least one
   * @return the stored appointments with their new versions, in the given order
   * @throws PlacementsRefusedException if any check refuses; nothing is written
   * @throws ConcurrentUpdateException if a stored version differs; nothing is written
   * @throws NotFoundException if an appointment does not exist; nothing is written
   * @throws dev.cita.scheduling.ValidationException naming {@code placements} if one is collective
   *     as stored; nothing is written
   * @throws UnsupportedOperationException if the store does not implement it
   */
  default List<Appointment> updateAll(List<Placement> placements) {
    throw new UnsupportedOperationException(
        getClass().getName() + " does not update several appointments at once");
  }

  /**
   * Every appointment of a series, whatever its status, ordered by {@link
   * Appointment#occurrenceStart()} then id. It should be served by an index on (tenant, series).
   *
   * <p>The default throws: a store must implement this before a series is changed through {@code
   * BookingService.series()}.
   *
   * @param tenant the tenant to look in
   * @param series the series
   * @return the occurrences; empty if none
   * @throws UnsupportedOperationException if the store does not implement it
   */
  default List<Appointment> findSeries(TenantId tenant, SeriesId series) {
    throw new UnsupportedOperationException(getClass().getName() + " does not find series");
  }

  /**
   * Like {@link #insert(Appointment, ConflictCheck)}, and stores {@code outbox} in the same atomic
   * step. Each entry must be of this appointment (tenant and id) with sequence 0.
   *
   * @param appointment the new appointment, version 0
   * @param check the booking rules to run inside the write
   * @param outbox the entries for calendar providers; empty for none
   * @return the stored appointment
   * @throws dev.cita.scheduling.ValidationException if an entry does not belong to this write;
   *     nothing is written
   * @throws SlotUnavailableException if the check refuses it; nothing is written
   * @throws DuplicateAppointmentException if the id or the idempotency key is taken; nothing is
   *     written
   */
  Appointment insert(Appointment appointment, ConflictCheck check, List<OutboxEntry> outbox);

  /**
   * Replaces an appointment if its stored version equals {@code appointment.version()} and {@code
   * check} accepts it; the stored copy gets version + 1.
   *
   * @param appointment the changed appointment, carrying the version it was read with
   * @param check the booking rules to run inside the write; {@link ConflictCheck#none()} for none
   * @return the stored appointment, with its new version
   * @throws ConcurrentUpdateException if the stored version differs
   * @throws NotFoundException if there is no such appointment
   * @throws SlotUnavailableException if the check refuses it; nothing is written
   */
  default Appointment update(Appointment appointment, ConflictCheck check) {
    return update(appointment, check, List.of());
  }

  /**
   * Like {@link #update(Appointment, ConflictCheck)}, and stores {@code outbox} in the same atomic
   * step. Each entry must be of this appointment with the sequence of the new version ({@code
   * appointment.version() + 1}).
   *
   * @param appointment the changed appointment, carrying the version it was read with
   * @param check the booking rules to run inside the write
   * @param outbox the entries for calendar providers; empty for none
   * @return the stored appointment, with its new version
   * @throws dev.cita.scheduling.ValidationException if an entry does not belong to this write;
   *     nothing is written
   * @throws ConcurrentUpdateException if the stored version differs
   * @throws NotFoundException if there is no such appointment
   * @throws SlotUnavailableException if the check refuses it; nothing is written
   */
  Appointment update(Appointment appointment, ConflictCheck check, List<OutboxEntry> outbox);

  /**
   * Looks up one appointment of a tenant, whatever its status.
   *
   * @param tenant the tenant to look in
   * @param id the appointment's id
   * @return the appointment, or empty if the tenant has none with this id
   */
  Optional<Appointment> find(TenantId tenant, AppointmentId id);

  /**
   * The tenant's appointment whose {@link Appointment#externalRefs()} maps {@code provider} to
   * {@code externalId}, or whose {@link Appointment#memberRefs()} hold that event in any member's
   * calendar, whatever its status (webhooks find the appointment a provider event is about).
   *
   * @param tenant the tenant to look in
   * @param provider the provider id, e.g. {@code "calcom"}
   * @param externalId the provider's id for the appointment
   * @return the appointment, or empty if none is linked to that id
   */
  Optional<Appointment> findByExternalRef(TenantId tenant, String provider, String externalId);

  /**
   * Time-holding appointments of one resource that overlap {@code [from, to)}, sorted by start.
   *
   * @param tenant the tenant
   * @param resource the resource
   * @param from the start of the span, inclusive
   * @param to the end of the span, exclusive
   * @return the appointments without their buffers considered; empty if none
   */
  List<Appointment> findTimeHolding(TenantId tenant, ResourceId resource, Instant from, Instant to);

  /**
   * Time-holding appointments of the tenant, of every resource, whose <em>start</em> lies in {@code
   * [from, to)}, sorted by start (then id). The reminder scheduler asks this for narrow windows
   * every minute or so, so it should be served by an index on (tenant, start), not a scan.
   *
   * @param tenant the tenant
   * @param from the earliest start, inclusive
   * @param to the latest start, exclusive
   * @return the appointments; empty if none
   */
  List<Appointment> findStartingBetween(TenantId tenant, Instant from, Instant to);

  /**
   * One page of a customer's appointments: those of {@code query.tenant()} whose attendee has the
   * query's phone (exactly, E.164) or e-mail (without case), whatever their origin and status, kept
   * by the query's filters ({@link AttendeeQuery#matches}), ordered by start then id, after the
   * query's cursor, at most {@code query.limit()} of them ({@link AppointmentPage#of}). It should
   * be served by an index on (tenant, contact, start).
   *
   * <p>The default throws: a store must implement this before an assistant or an application lists
   * a customer's appointments through {@code BookingService.appointmentsOf}.
   *
   * @param query the customer and the filters
   * @return the page
   * @throws UnsupportedOperationException if the store does not implement it
   */
  default AppointmentPage findByAttendee(AttendeeQuery query) {
    throw new UnsupportedOperationException(
        getClass().getName() + " does not list appointments by attendee");
  }
}
