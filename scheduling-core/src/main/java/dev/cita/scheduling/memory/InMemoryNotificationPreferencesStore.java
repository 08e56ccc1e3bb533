package dev.cita.scheduling.memory;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.notify.NotificationPreferences;
import dev.cita.scheduling.spi.NotificationPreferencesStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A thread-safe {@link NotificationPreferencesStore} in memory. A tenant that saved nothing gets
 * the defaults given to the constructor ({@link NotificationPreferences#defaults()} unless said
 * otherwise).
 */
public final class InMemoryNotificationPreferencesStore implements NotificationPreferencesStore {
  private final Map<TenantId, NotificationPreferences> byTenant = new ConcurrentHashMap<>();
  private final NotificationPreferences defaults;

  /** Creates a store whose tenants start with {@link NotificationPreferences#defaults()}. */
  public InMemoryNotificationPreferencesStore() {
    this(NotificationPreferences.defaults());
  }

  /**
   * Creates a store whose tenants start with the given preferences.
   *
   * @param defaults what a tenant that saved nothing gets
   */
  public InMemoryNotificationPreferencesStore(NotificationPreferences defaults) {
    this.defaults = Checks.notNull(defaults, "defaults");
  }

  @Override
  public NotificationPreferences preferences(TenantId tenant) {
    return byTenant.getOrDefault(Checks.notNull(tenant, "tenant"), defaults);
  }

  @Override
  public void save(TenantId tenant, NotificationPreferences preferences) {
    byTenant.put(Checks.notNull(tenant, "tenant"), Checks.notNull(preferences, "preferences"));
  }
}
