package dev.cita.scheduling.ratelimit;

import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.notify.AddressKind;
import dev.cita.scheduling.notify.OutgoingMessage;
import dev.cita.scheduling.notify.SendResult;
import dev.cita.scheduling.spi.CalendarProvider;
import dev.cita.scheduling.spi.NotificationChannel;
import dev.cita.scheduling.spi.RateLimiter;

/**
 * Limits on calls to a provider: one per tenant (its provider account) and one for the whole app
 * (the quota every tenant shares), both taken before each write. A call over either limit is not
 * made: it fails with a retryable {@link ProviderException} (HTTP status 429, code {@code
 * "citaRateLimited"}, {@code Retry-After} the limiter's wait), which {@code SyncWorker} and {@code
 * ReminderScheduler} already retry later. Wrap a provider or channel with {@link #wrap}.
 *
 * <pre>{@code
 * RateLimits limits = RateLimits.postgres(dataSource, clock);
 * OutboundLimits google = OutboundLimits.of(limits, "google",
 *     Limit.perMinute(300),                     // a tenant: half of ProviderQuotas.GOOGLE_PER_USER
 *     ProviderQuotas.GOOGLE_PER_PROJECT);       // every tenant together
 * CalendarProvider limited = google.wrap(googleProvider);
 * }</pre>
 *
 * <p>Only pushes (create, update, move, cancel, no-show) and sends are limited here; busy-time
 * reads run on the refreshers' own interval, a bounded number per tenant.
 *
 * @param provider the provider id the limits are for, in the keys and in the failures
 * @param perTenant the limit per tenant
 * @param appWide the limit of the whole app
 */
public record OutboundLimits(String provider, RateLimiter perTenant, RateLimiter appWide) {
  /** The provider code of the failure of a call Cita's own limit refused. */
  public static final String RATE_LIMITED_CODE = "citaRateLimited";

  /**
   * Checks the components.
   *
   * @param provider the provider id, not blank
   * @param perTenant the limit per tenant
   * @param appWide the limit of the whole app
   * @throws dev.cita.scheduling.ValidationException naming a missing component
   */
  public OutboundLimits {
    Checks.notBlank(provider, "provider");
    Checks.notNull(perTenant, "perTenant");
    Checks.notNull(appWide, "appWide");
  }

  /**
   * Limits over {@code limits}, as limiters named {@code outbound-<provider>-tenant} and {@code
   * outbound-<provider>-app}.
   *
   * @param limits where the buckets live
   * @param provider the provider id
   * @param perTenant the limit per tenant, below the provider's quota per account
   * @param appWide the limit of the whole app, at most the provider's quota per app
   * @return the limits
   */
  public static OutboundLimits of(
      RateLimits limits, String provider, Limit perTenant, Limit appWide) {
    Checks.notNull(limits, "limits");
    Checks.notBlank(provider, "provider");
    return new OutboundLimits(
        provider,
        limits.limiter("outbound-" + provider + "-tenant", perTenant),
        limits.limiter("outbound-" + provider + "-app", appWide));
  }

  /**
   * Takes a permit of both limits for one call of {@code tenant}.
   *
   * @param tenant the tenant the call is for
   * @throws ProviderException retryable, status 429, when a limit has no permit left
   */
  public void acquire(TenantId tenant) {
    Checks.notNull(tenant, "tenant");
    refuseUnless(perTenant.tryAcquire(tenant.value()), "tenant " + tenant);
    refuseUnless(appWide.tryAcquire("app"), "the app");
  }

  private void refuseUnless(RateLimiter.Permit permit, String who) {
    if (!permit.granted()) {
      throw new ProviderException(
          provider,
          429,
          RATE_LIMITED_CODE,
          null,
          true,
          "Cita's rate limit for " + provider + " calls of " + who + " is used up; not called",
          null,
          permit.retryAfter());
    }
  }

  /**
   * {@return {@code provider} with these limits on its writes} Reads ({@code busy}, {@code covers})
   * pass through.
   *
   * @param target the provider, whose {@link CalendarProvider#id()} is this limit's provider
   */
  public CalendarProvider wrap(CalendarProvider target) {
    Checks.notNull(target, "provider");
    if (!target.id().equals(provider)) {
      throw new ValidationException(
          "provider", "is '" + target.id() + "', but these limits are for '" + provider + "'");
    }
    return new LimitedCalendarProvider(this, target);
  }

  /**
   * {@return {@code channel} with these limits on its sends, per the message's tenant}
   *
   * @param target the channel
   */
  public NotificationChannel wrap(NotificationChannel target) {
    Checks.notNull(target, "channel");
    return new NotificationChannel() {
      @Override
      public String id() {
        return target.id();
      }

      @Override
      public AddressKind addressKind() {
        return target.addressKind();
      }

      @Override
      public SendResult send(OutgoingMessage message) {
        acquire(message.tenant());
        return target.send(message);
      }
    };
  }
}
