package dev.cita.scheduling.spring;

import dev.cita.scheduling.model.TenantId;
import java.util.Collection;

/**
 * The tenants whose appointments get reminders, asked again on every pass of the reminder
 * scheduler: define a bean of it when tenants come and go (a chain that opens branches), instead of
 * the fixed list in {@code cita.reminders.tenants}.
 */
@FunctionalInterface
public interface ReminderTenants {
  /** {@return the tenants, now} */
  Collection<TenantId> tenants();
}
