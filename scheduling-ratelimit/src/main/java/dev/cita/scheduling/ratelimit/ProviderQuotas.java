package dev.cita.scheduling.ratelimit;

/**
 * Providers' documented quotas, as {@link Limit}s for {@link OutboundLimits}: set each tenant's
 * share below the app-wide quota, so that one busy tenant cannot use up a quota every tenant of the
 * app shares. Read on 2026-12-07; a provider may grant an app more (or, for new projects, less):
 * use the figures your console shows.
 */
public final class ProviderQuotas {
  private ProviderQuotas() {}

  /**
   * Google Calendar API, per user (one connected account) of one Cloud project: 600 requests a
   * minute ("Per minute per user per project", Calendar API "Usage limits",
   * developers.google.com/workspace/calendar/api/guides/quota). Projects created on or after 1 May
   * 2026 are under Google Workspace's newer quota model and may have other figures.
   */
  public static final Limit GOOGLE_PER_USER = Limit.perMinute(600);

  /**
   * Google Calendar API, per Cloud project (shared by every tenant of the app): 10,000 requests a
   * minute ("Per minute per project", same page).
   */
  public static final Limit GOOGLE_PER_PROJECT = Limit.perMinute(10_000);

  /**
   * Cal.com API v2 with an API key: 120 requests per 60 seconds per key (Cal.com Platform API,
   * "Rate limits", default for API keys).
   */
  public static final Limit CALCOM_PER_API_KEY = Limit.perMinute(120);

  /**
   * Cal.com API v2 with an OAuth client or access token: 500 requests per 60 seconds (same page).
   */
  public static final Limit CALCOM_PER_OAUTH_CLIENT = Limit.perMinute(500);

  /**
   * Calendly API v2 on a paid plan: 500 requests a minute per user
   * (developer.calendly.com/api-docs/overview/rate-limits); 50 on the free plan.
   */
  public static final Limit CALENDLY_PER_USER = Limit.perMinute(500);

  /** Calendly API v2 on the free plan: 50 requests a minute per user (same page). */
  public static final Limit CALENDLY_FREE_PER_USER = Limit.perMinute(50);

  /**
   * Calendly's Create Event Invitee ({@code POST /invitees}, direct booking) on a paid,
   * non-Enterprise plan: 10 requests a minute per user (also 50 an hour and 100 a day; same page).
   */
  public static final Limit CALENDLY_CREATE_INVITEE = Limit.perMinute(10);

  /**
   * Twilio messaging, per US long-code sender: one message segment a second; Twilio queues faster
   * sends for up to 10 hours, then fails them (Twilio errors 21611 and 30001). Twilio's REST API
   * also refuses too many concurrent requests of one account with 429 / error 20429 (no published
   * figure, never processed, safe to retry), and accounts with subaccounts together with error
   * 63017 above 2,000 messages a second ({@link #TWILIO_PER_ACCOUNT}).
   */
  public static final Limit TWILIO_PER_LONG_CODE = Limit.perSecond(1);

  /** Twilio messaging, per account with its subaccounts: 2,000 messages a second (error 63017). */
  public static final Limit TWILIO_PER_ACCOUNT = Limit.perSecond(2000);
}
