package dev.cita.scheduling.memory;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.notify.StaffMember;
import dev.cita.scheduling.spi.StaffStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A thread-safe {@link StaffStore} in memory, for tests, demos and single-node apps. It holds at
 * most {@link #capacity()} members in all: saving a new one past that is refused (staff are
 * configuration, not traffic, so nothing is silently forgotten).
 */
public final class InMemoryStaffStore implements StaffStore {
  /** The capacity of {@link #InMemoryStaffStore()}. */
  public static final int DEFAULT_CAPACITY = 10_000;

  private final Map<TenantId, TreeMap<String, StaffMember>> byTenant = new HashMap<>();
  private final int capacity;
  private int size;

  /** An empty store of {@value #DEFAULT_CAPACITY} members at most. */
  public InMemoryStaffStore() {
    this(DEFAULT_CAPACITY);
  }

  /**
   * An empty store.
   *
   * @param capacity the most members it holds, at least 1
   * @throws ValidationException if {@code capacity} is less than 1
   */
  public InMemoryStaffStore(int capacity) {
    this.capacity = Checks.atLeast(capacity, 1, "capacity");
  }

  /** {@return the most members it holds} */
  public int capacity() {
    return capacity;
  }

  /**
   * {@inheritDoc}
   *
   * @throws ValidationException if the member is new and the store is full
   */
  @Override
  public synchronized void save(StaffMember member) {
    Checks.notNull(member, "member");
    TreeMap<String, StaffMember> members =
        byTenant.computeIfAbsent(member.tenant(), t -> new TreeMap<>());
    if (!members.containsKey(member.id())) {
      if (size >= capacity) {
        if (members.isEmpty()) {
          byTenant.remove(member.tenant());
        }
        throw new ValidationException("member", "the store holds " + capacity + " members at most");
      }
      size++;
    }
    members.put(member.id(), member);
  }

  @Override
  public synchronized boolean remove(TenantId tenant, String id) {
    TreeMap<String, StaffMember> members = byTenant.get(Checks.notNull(tenant, "tenant"));
    Checks.notNull(id, "id");
    if (members == null || members.remove(id) == null) {
      return false;
    }
    size--;
    if (members.isEmpty()) {
      byTenant.remove(tenant);
    }
    return true;
  }

  @Override
  public synchronized List<StaffMember> list(TenantId tenant) {
    TreeMap<String, StaffMember> members = byTenant.get(Checks.notNull(tenant, "tenant"));
    return members == null ? List.of() : List.copyOf(members.values());
  }

  @Override
  public synchronized Optional<StaffMember> find(TenantId tenant, String id) {
    TreeMap<String, StaffMember> members = byTenant.get(Checks.notNull(tenant, "tenant"));
    Checks.notNull(id, "id");
    return members == null ? Optional.empty() : Optional.ofNullable(members.get(id));
  }

  @Override
  public synchronized String toString() {
    return "InMemoryStaffStore{members=" + size + '}';
  }
}
