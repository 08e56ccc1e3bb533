package dev.cita.scheduling.spi;

import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.token.ConnectionKey;
import java.util.List;
import java.util.Optional;

/**
 * Which provider calendar holds each resource's time: at most one {@link ResourceCalendar} per
 * (tenant, resource, provider). Adapters read it on every call; share one store between the nodes
 * of an application so they all write to and watch the same calendars. Implementations must be
 * thread-safe.
 */
public interface CalendarAssignmentStore {
  /**
   * Assigns (or re-assigns) a resource to a calendar.
   *
   * @param assignment the assignment; replaces the resource's earlier one at the same provider
   * @throws dev.cita.scheduling.ValidationException if {@code assignment} is null
   */
  void save(ResourceCalendar assignment);

  /**
   * The calendar of a resource at a provider.
   *
   * @param tenant the tenant that owns the resource
   * @param resource the resource
   * @param provider the provider, such as {@code "google"}
   * @return the assignment, or empty when the resource has no calendar there
   */
  Optional<ResourceCalendar> find(TenantId tenant, ResourceId resource, String provider);

  /**
   * Removes a resource's assignment at a provider.
   *
   * @param tenant the tenant that owns the resource
   * @param resource the resource
   * @param provider the provider
   * @return true if it had one
   */
  boolean delete(TenantId tenant, ResourceId resource, String provider);

  /**
   * The assignments that go through one connection, for example to stop them before a disconnect.
   *
   * @param connection a tenant's connection
   * @return its assignments, ordered by resource
   */
  List<ResourceCalendar> list(ConnectionKey connection);

  /**
   * Every assignment at a provider, for the rounds that follow every calendar.
   *
   * @param provider the provider
   * @return its assignments, ordered by tenant and resource
   */
  List<ResourceCalendar> list(String provider);
}
