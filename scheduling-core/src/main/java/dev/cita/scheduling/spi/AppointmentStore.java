package dev.cita.scheduling.spi;

import dev.cita.scheduling.ConcurrentUpdateException;
import dev.cita.scheduling.DuplicateAppointmentException;
import dev.cita.scheduling.NotFoundException;
import dev.cita.scheduling.SlotUnavailableException;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.sync.OutboxEntry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where appointments live. Implement it for your database, or use the in-memory or JDBC one.
 *
 * <p>The writes are atomic per tenant and resource: between loading the appointments a
 * {@link ConflictCheck} looks at and writing, no other write for the same resource may happen (a
 * lock, a serializable transaction, or {@code pg_advisory_xact_lock}). That is what makes double
 * booking impossible when several threads or nodes book the same slot. Every call is scoped to a
 * tenant; no call returns another tenant's rows.
 *
 * <p>Transactional outbox: the writes take the {@link OutboxEntry outbox entries} that describe
 * the change to calendar providers and store them in the same atomic step as the appointment, only
 * if the appointment is written (a refused or stale write stores none). A store that supports
 * providers exposes the entries through an {@link OutboxStore}.
 */
public interface AppointmentStore {
  /**
   * Inserts a new appointment (version 0 as given) if {@code check} accepts it. The id is checked
   * before the conflict check, so that a retried insert of the same appointment reports
   * {@link DuplicateAppointmentException}, which {@code BookingService} turns into "return the
   * first result".
   *
   * @return the stored appointment
   * @throws SlotUnavailableException if the check refuses it; nothing is written
   * @throws DuplicateAppointmentException if the id exists already, or another appointment of the
   *     tenant holds the same {@link Appointment#idempotencyKey()} (the exception names it): one
   *     key never names two appointments; nothing is written
   * @throws dev.cita.scheduling.OutcomeUnknownException if the store lost its connection and
   *     cannot tell whether the write committed
   */
  default Appointment insert(Appointment appointment, ConflictCheck check) {
    return insert(appointment, check, List.of());
  }

  /**
   * Like {@link #insert(Appointment, ConflictCheck)}, and stores {@code outbox} in the same atomic
   * step. Each entry must be of this appointment (tenant and id) with sequence 0.
   *
   * @throws dev.cita.scheduling.ValidationException if an entry does not belong to this write;
   *     nothing is written
   */
  Appointment insert(Appointment appointment, ConflictCheck check, List<OutboxEntry> outbox);

  /**
   * Replaces an appointment if its stored version equals {@code appointment.version()} and
   * {@code check} accepts it; the stored copy gets version + 1.
   *
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
   * step. Each entry must be of this appointment with the sequence of the new version
   * ({@code appointment.version() + 1}).
   *
   * @throws dev.cita.scheduling.ValidationException if an entry does not belong to this write;
   *     nothing is written
   */
  Appointment update(Appointment appointment, ConflictCheck check, List<OutboxEntry> outbox);

  Optional<Appointment> find(TenantId tenant, AppointmentId id);

  /**
   * The tenant's appointment whose {@link Appointment#externalRefs()} maps {@code provider} to
   * {@code externalId}, whatever its status (webhooks find the appointment a provider event is about).
   */
  Optional<Appointment> findByExternalRef(TenantId tenant, String provider, String externalId);

  /** Time-holding appointments of one resource that overlap {@code [from, to)}, sorted by start. */
  List<Appointment> findTimeHolding(TenantId tenant, ResourceId resource, Instant from, Instant to);

  /**
   * Time-holding appointments of the tenant, of every resource, whose <em>start</em> lies in
   * {@code [from, to)}, sorted by start (then id). The reminder scheduler asks this for narrow
   * windows every minute or so, so it should be served by an index on (tenant, start), not a scan.
   */
  List<Appointment> findStartingBetween(TenantId tenant, Instant from, Instant to);
}
