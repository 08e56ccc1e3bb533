/**
 * Calendly API v2 for Cita: {@link dev.cita.scheduling.calendly.CalendlyClient} (typed calls over
 * {@code scheduling-http}), {@link dev.cita.scheduling.calendly.CalendlyConnections} (OAuth with
 * PKCE or a personal access token per tenant), {@link
 * dev.cita.scheduling.calendly.CalendlyCalendarProvider} (busy time and bookings through the
 * outbox), and signed webhooks mapped onto the appointment lifecycle ({@link
 * dev.cita.scheduling.calendly.CalendlyWebhooks}, {@link
 * dev.cita.scheduling.calendly.CalendlyWebhookVerifier}, {@link
 * dev.cita.scheduling.calendly.CalendlyWebhookSubscriptions}). Nothing in this API is null; absent
 * values are {@link java.util.Optional}.
 */
@NullMarked
package dev.cita.scheduling.calendly;

import org.jspecify.annotations.NullMarked;
