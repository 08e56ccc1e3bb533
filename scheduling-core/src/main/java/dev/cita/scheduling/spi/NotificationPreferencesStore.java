package dev.cita.scheduling.spi;

import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.notify.NotificationPreferences;

/**
 * Where each tenant's {@link NotificationPreferences} are kept. Implement it for your database, or
 * use {@code InMemoryNotificationPreferencesStore}.
 */
public interface NotificationPreferencesStore {
  /**
   * The tenant's preferences, or the store's defaults when the tenant saved none; never null.
   *
   * @param tenant the tenant
   * @return the preferences
   */
  NotificationPreferences preferences(TenantId tenant);

  /**
   * Creates or replaces the tenant's preferences.
   *
   * @param tenant the tenant
   * @param preferences the preferences
   */
  void save(TenantId tenant, NotificationPreferences preferences);
}
