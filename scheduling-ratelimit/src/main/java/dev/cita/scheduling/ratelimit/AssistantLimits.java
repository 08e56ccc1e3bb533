package dev.cita.scheduling.ratelimit;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.spi.RateLimiter;

/**
 * The limits on messages that reach the booking assistant, with their defaults: {@value
 * #CUSTOMER_PER_MINUTE} a minute per customer conversation, {@value #TENANT_PER_MINUTE} a minute
 * per tenant (all its customers together), and one "please wait" notice a minute per limited
 * conversation. Pass them to {@code WhatsAppConversations.Builder.inboundLimits}.
 *
 * <pre>{@code
 * AssistantLimits limits = AssistantLimits.defaults(RateLimits.postgres(dataSource, clock));
 * WhatsAppConversations.builder(assistant, channel)
 *     .inboundLimits(limits.perCustomer(), limits.perTenant(), limits.notices())
 *     ...
 * }</pre>
 *
 * @param perCustomer the limit per customer conversation
 * @param perTenant the limit per tenant
 * @param notices how often a limited conversation is told to wait
 */
public record AssistantLimits(RateLimiter perCustomer, RateLimiter perTenant, RateLimiter notices) {
  /** Messages a minute one customer's conversation may send to the assistant by default. */
  public static final int CUSTOMER_PER_MINUTE = 30;

  /** Messages a minute all of one tenant's customers together may send by default. */
  public static final int TENANT_PER_MINUTE = 600;

  /** {@value #CUSTOMER_PER_MINUTE} a minute. */
  public static final Limit PER_CUSTOMER = Limit.perMinute(CUSTOMER_PER_MINUTE);

  /** {@value #TENANT_PER_MINUTE} a minute. */
  public static final Limit PER_TENANT = Limit.perMinute(TENANT_PER_MINUTE);

  /** One notice a minute. */
  public static final Limit NOTICES = Limit.perMinute(1);

  /**
   * Checks the components.
   *
   * @param perCustomer the limit per customer conversation
   * @param perTenant the limit per tenant
   * @param notices how often a limited conversation is told to wait
   * @throws dev.cita.scheduling.ValidationException naming a missing limiter
   */
  public AssistantLimits {
    Checks.notNull(perCustomer, "perCustomer");
    Checks.notNull(perTenant, "perTenant");
    Checks.notNull(notices, "notices");
  }

  /**
   * The default limits over {@code limits}, as limiters named {@code assistant-customer}, {@code
   * assistant-tenant} and {@code assistant-notice}.
   *
   * @param limits where the buckets live
   * @return the limiters
   */
  public static AssistantLimits defaults(RateLimits limits) {
    return of(limits, PER_CUSTOMER, PER_TENANT, NOTICES);
  }

  /**
   * Limits of your choosing over {@code limits}.
   *
   * @param limits where the buckets live
   * @param perCustomer the limit per customer conversation
   * @param perTenant the limit per tenant
   * @param notices how often a limited conversation is told to wait
   * @return the limiters
   */
  public static AssistantLimits of(
      RateLimits limits, Limit perCustomer, Limit perTenant, Limit notices) {
    Checks.notNull(limits, "limits");
    return new AssistantLimits(
        limits.limiter("assistant-customer", perCustomer),
        limits.limiter("assistant-tenant", perTenant),
        limits.limiter("assistant-notice", notices));
  }
}
