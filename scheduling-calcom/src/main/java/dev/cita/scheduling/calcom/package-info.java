/**
 * Cal.com API v2 for Cita: one Cal.com account per tenant (branch), connected by OAuth or API key.
 *
 * <ul>
 *   <li>{@link dev.cita.scheduling.calcom.CalComClient} — the typed HTTP client (slots, bookings,
 *       event types, me), with the {@code cal-api-version} each endpoint needs and an audit entry
 *       per call.
 *   <li>{@link dev.cita.scheduling.calcom.CalComOAuth} — per-branch OAuth with PKCE, or an API key.
 *   <li>{@link dev.cita.scheduling.calcom.CalComTenant} / {@link
 *       dev.cita.scheduling.calcom.CalComTenants} — per-branch configuration: base URL, account,
 *       event type mapping, webhook signing; {@link
 *       dev.cita.scheduling.calcom.CalComTenantRegistry} keeps it in a store every node shares.
 *   <li>{@link dev.cita.scheduling.calcom.CalComCalendarProvider} — the calendar provider the
 *       outbox pushes to, never creating a second booking for one appointment.
 *   <li>{@code calcom.busyRefresher(tenants)} — a core {@link
 *       dev.cita.scheduling.sync.BusyRefresher} that keeps the busy cache of every connected tenant
 *       fresh on a schedule.
 *   <li>{@link dev.cita.scheduling.calcom.CalComWebhooks} and {@link
 *       dev.cita.scheduling.calcom.CalComWebhookVerifier} — signed webhooks into the core pipeline.
 * </ul>
 *
 * Nothing in this package accepts or returns null unless it says so; absent values are {@link
 * java.util.Optional}.
 */
@NullMarked
package dev.cita.scheduling.calcom;

import org.jspecify.annotations.NullMarked;
