package dev.cita.scheduling.spi;

import dev.cita.scheduling.availability.Closure;
import dev.cita.scheduling.model.TenantId;
import java.time.LocalDate;
import java.util.List;

/**
 * Where each tenant keeps the closures the app declares (a branch closed for inventory, every
 * Sunday), each applying to every resource of the tenant. Implement it for your database, or use
 * {@code InMemoryClosureStore} or {@code JdbcClosureStore}.
 */
public interface ClosureStore extends ClosureSource {
  /**
   * Creates or replaces the tenant's closure with the same id.
   *
   * @param tenant the tenant
   * @param closure the closure
   */
  void save(TenantId tenant, Closure closure);

  /**
   * Removes a closure.
   *
   * @param tenant the tenant
   * @param id the closure's id
   * @return true if there was such a closure
   */
  boolean remove(TenantId tenant, String id);

  /**
   * The tenant's closures, ordered by id.
   *
   * @param tenant the tenant
   * @return the closures; empty if none
   */
  List<Closure> list(TenantId tenant);

  /**
   * {@inheritDoc} A tenant has few closures, so by default this is all of them.
   *
   * @param tenant the tenant
   * @param from the first local date asked about
   * @param to the last local date asked about, inclusive
   * @return every closure of the tenant
   */
  @Override
  default List<Closure> closures(TenantId tenant, LocalDate from, LocalDate to) {
    return list(tenant);
  }
}
