/**
 * Outlook / Microsoft 365 calendars as a Cita calendar provider, through Microsoft Graph v1.0.
 *
 * <ul>
 *   <li>{@link dev.cita.scheduling.microsoft.MicrosoftOAuth} — connects a tenant's Microsoft
 *       account: authorization code with PKCE against the Microsoft identity platform ({@code
 *       {authority}/oauth2/v2.0/authorize} and {@code /token}; authority {@code common}, {@code
 *       organizations} or a directory id), scopes {@code offline_access Calendars.ReadWrite
 *       User.Read}, checked after the exchange; refresh through {@code CredentialManager}.
 *   <li>{@link dev.cita.scheduling.microsoft.MicrosoftGraph} — the HTTP client every call goes
 *       through: bearer token from {@code CredentialManager} (refreshed once on 401), timeouts,
 *       {@code Retry-After} on 429/503 within a cap, typed {@code ProviderException}s, one {@code
 *       AuditLog} entry per call.
 *   <li>{@link dev.cita.scheduling.microsoft.MicrosoftCalendarProvider} — the {@code
 *       CalendarProvider}: busy time from {@code getSchedule} and from delta sync of the calendar
 *       view into an {@code ExternalBusyCache}; event writes from the outbox, idempotent per
 *       appointment.
 *   <li>{@link dev.cita.scheduling.microsoft.MicrosoftSubscriptions} — change notifications:
 *       subscriptions kept in a {@code PushChannelStore}, the validation handshake, {@code
 *       clientState} checked in constant time, lifecycle notifications, renewal by one node.
 *   <li>{@link dev.cita.scheduling.microsoft.MicrosoftSyncScheduler} — syncs the mailboxes that
 *       notifications name or that are due, passes Outlook's changes to Cita's own events through
 *       the {@code WebhookHandler} to their appointments, renews subscriptions; one node per
 *       tenant.
 *   <li>{@link dev.cita.scheduling.microsoft.WindowsZones} — Windows time-zone names (as Graph
 *       writes them) to IANA zones, from CLDR's {@code windowsZones.xml}.
 * </ul>
 *
 * <p><b>Why Cita's {@code OAuthTokenClient} and not MSAL for Java.</b> MSAL4J keeps its own token
 * cache and decides by itself when to refresh and which refresh token to keep; Cita's {@code
 * CredentialManager} must own that: one refresh at a time per connection across nodes, the rotated
 * refresh token saved (encrypted) before it is used, {@code invalid_grant} turned into {@code
 * NEEDS_REAUTHORIZATION}, and disconnects recorded. With MSAL the refresh token would live in
 * MSAL's serialized cache, outside those rules. The Microsoft identity platform speaks plain RFC
 * 6749 with PKCE, which {@code OAuthTokenClient} already does for Cal.com and Calendly, with the
 * same timeouts, redaction and error mapping, and it is tested against WireMock like every other
 * endpoint here (MSAL validates authorities against the real instance discovery, which a WireMock
 * test would have to fake). MSAL would add a dependency tree (Nimbus, json-smart) for nothing the
 * adapter needs.
 *
 * <p>Nothing in this package accepts or returns null unless it says so; absent values are {@link
 * java.util.Optional}.
 */
@NullMarked
package dev.cita.scheduling.microsoft;

import org.jspecify.annotations.NullMarked;
