package dev.cita.scheduling;

import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.AppointmentStore;
import dev.cita.scheduling.spi.ConflictCheck;
import dev.cita.scheduling.sync.OutboxEntry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Forwards every call to another store; tests override the calls they interfere with. */
public class ForwardingAppointmentStore implements AppointmentStore {
  private final AppointmentStore target;

  public ForwardingAppointmentStore(AppointmentStore target) {
    this.target = target;
  }

  @Override
  public Appointment insertAnyOf(
      List<dev.cita.scheduling.spi.Placement> placements,
      dev.cita.scheduling.spi.MemberChoice choice) {
    return target.insertAnyOf(placements, choice);
  }

  @Override
  public Appointment insert(
      Appointment appointment, ConflictCheck check, List<OutboxEntry> outbox) {
    return target.insert(appointment, check, outbox);
  }

  @Override
  public Appointment update(
      Appointment appointment, ConflictCheck check, List<OutboxEntry> outbox) {
    return target.update(appointment, check, outbox);
  }

  @Override
  public Optional<Appointment> find(TenantId tenant, AppointmentId id) {
    return target.find(tenant, id);
  }

  @Override
  public Optional<Appointment> findByExternalRef(
      TenantId tenant, String provider, String externalId) {
    return target.findByExternalRef(tenant, provider, externalId);
  }

  @Override
  public List<Appointment> findTimeHolding(
      TenantId tenant, ResourceId resource, Instant from, Instant to) {
    return target.findTimeHolding(tenant, resource, from, to);
  }

  @Override
  public List<Appointment> findStartingBetween(TenantId tenant, Instant from, Instant to) {
    return target.findStartingBetween(tenant, from, to);
  }
}
