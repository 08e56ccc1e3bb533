package dev.cita.scheduling.spi;

import dev.cita.scheduling.availability.Closure;
import dev.cita.scheduling.model.TenantId;
import java.time.LocalDate;
import java.util.List;

/**
 * Where a tenant's closures come from: a {@link ClosureStore} the app writes, or a computed source
 * such as public holidays (module {@code scheduling-holidays}). {@code BookingService} asks every
 * source it was given and applies each closure to every resource of the tenant.
 */
@FunctionalInterface
public interface ClosureSource {
  /**
   * The tenant's closures that may close time on the local dates {@code from} to {@code to}. A
   * source may return more (the engine keeps only what overlaps the query), never fewer.
   *
   * @param tenant the tenant (a business or one of its branches)
   * @param from the first local date asked about
   * @param to the last local date asked about, inclusive
   * @return the closures; empty if none
   */
  List<Closure> closures(TenantId tenant, LocalDate from, LocalDate to);
}
