package dev.cita.scheduling.notify;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TenantId;
import java.util.Map;

/**
 * The {@link MessageTemplates} each tenant's notices are rendered with: the same for everyone, or a
 * tenant's own wording over the defaults.
 *
 * <pre>{@code
 * TenantMessageTemplates texts = TenantMessageTemplates.overriding(
 *     MessageTemplates.standard(),
 *     Map.of(TenantId.of("clinica-norte"), clinicaNorteTemplates));
 * }</pre>
 */
@FunctionalInterface
public interface TenantMessageTemplates {
  /**
   * The templates of one tenant.
   *
   * @param tenant the tenant
   * @return its templates; never null
   */
  MessageTemplates forTenant(TenantId tenant);

  /**
   * The same templates for every tenant.
   *
   * @param templates the templates
   * @return the lookup
   */
  static TenantMessageTemplates of(MessageTemplates templates) {
    Checks.notNull(templates, "templates");
    return tenant -> templates;
  }

  /**
   * Some tenants' own templates, and {@code defaults} for the others.
   *
   * @param defaults the templates of tenants without their own
   * @param overrides each tenant's own templates; copied
   * @return the lookup
   */
  static TenantMessageTemplates overriding(
      MessageTemplates defaults, Map<TenantId, MessageTemplates> overrides) {
    Checks.notNull(defaults, "defaults");
    Map<TenantId, MessageTemplates> own = Map.copyOf(Checks.notNull(overrides, "overrides"));
    return tenant -> own.getOrDefault(tenant, defaults);
  }
}
