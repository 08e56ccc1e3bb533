package dev.cita.scheduling.spi;

import dev.cita.scheduling.ConcurrentUpdateException;
import dev.cita.scheduling.DuplicateAppointmentException;
import dev.cita.scheduling.NotFoundException;
import dev.cita.scheduling.SlotUnavailableException;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
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
   * @throws DuplicateAppointmentException if the id exists already; nothing is written
   */
  Appointment insert(Appointment appointment, ConflictCheck check);

  /**
   * Replaces an appointment if its stored version equals {@code appointment.version()} and
   * {@code check} accepts it; the stored copy gets version + 1.
   *
   * @return the stored appointment, with its new version
   * @throws ConcurrentUpdateException if the stored version differs
   * @throws NotFoundException if there is no such appointment
   * @throws SlotUnavailableException if the check refuses it; nothing is written
   */
  Appointment update(Appointment appointment, ConflictCheck check);

  Optional<Appointment> find(TenantId tenant, AppointmentId id);

  /**
   * The tenant's appointment whose {@link Appointment#externalRefs()} maps {@code provider} to
   * {@code externalId}, whatever its status (webhooks find the appointment a provider event is about).
   */
  Optional<Appointment> findByExternalRef(TenantId tenant, String provider, String externalId);

  /** Time-holding appointments of one resource that overlap {@code [from, to)}, sorted by start. */
  List<Appointment> findTimeHolding(TenantId tenant, ResourceId resource, Instant from, Instant to);
}
