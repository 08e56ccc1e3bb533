/**
 * Inbound provider webhooks, provider-neutral: a {@link dev.cita.scheduling.webhook.WebhookHandler}
 * verifies, parses, de-duplicates and applies what a provider adapter's {@link
 * dev.cita.scheduling.webhook.ProviderWebhooks} reads from a {@link
 * dev.cita.scheduling.webhook.WebhookRequest}, and answers with the HTTP status the app should
 * return. Nothing in this API is null; absent values are {@link java.util.Optional}.
 */
@NullMarked
package dev.cita.scheduling.webhook;

import org.jspecify.annotations.NullMarked;
