package dev.cita.scheduling.spi;

import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.notify.StaffMember;
import java.util.List;
import java.util.Optional;

/**
 * Where each tenant's {@link StaffMember}s are kept: the owner, administrators and agents told
 * about appointments. Implement it for your database, or use {@code InMemoryStaffStore} or {@code
 * JdbcStaffStore}.
 */
public interface StaffStore {
  /**
   * Creates or replaces the member with the same tenant and id.
   *
   * @param member the member
   */
  void save(StaffMember member);

  /**
   * Removes a member.
   *
   * @param tenant the tenant
   * @param id the member's id
   * @return true if there was such a member
   */
  boolean remove(TenantId tenant, String id);

  /**
   * The tenant's members, ordered by id.
   *
   * @param tenant the tenant
   * @return the members; empty if none
   */
  List<StaffMember> list(TenantId tenant);

  /**
   * One member.
   *
   * @param tenant the tenant
   * @param id the member's id
   * @return the member, or empty if there is none
   */
  Optional<StaffMember> find(TenantId tenant, String id);
}
