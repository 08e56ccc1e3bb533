package dev.cita.benchmarks;

import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.AppointmentStore;
import java.time.Instant;
import java.util.List;

/** Counts pairs of time-holding appointments of one resource whose times overlap. */
final class DoubleBookings {
  private DoubleBookings() {}

  static int count(
      AppointmentStore store,
      TenantId tenant,
      List<ResourceId> resources,
      Instant from,
      Instant to) {
    int doubles = 0;
    for (ResourceId r : resources) {
      List<Appointment> held = store.findTimeHolding(tenant, r, from, to); // sorted by start
      Instant latestEnd = Instant.MIN;
      for (Appointment a : held) {
        if (a.start().isBefore(latestEnd)) {
          doubles++;
        }
        if (a.end().isAfter(latestEnd)) {
          latestEnd = a.end();
        }
      }
    }
    return doubles;
  }
}
