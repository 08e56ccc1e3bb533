/**
 * Shared REST plumbing for the provider adapters (Calendly, Cal.com, Twilio WhatsApp): an OkHttp
 * client with timeouts on every call ({@link dev.cita.scheduling.http.ProviderHttpClient}), a JSON
 * codec, retries with exponential backoff, full jitter and {@code Retry-After} ({@link
 * dev.cita.scheduling.http.RetryPolicy}), mapping of error responses to {@link
 * dev.cita.scheduling.ProviderException} ({@link dev.cita.scheduling.http.ErrorMapper}), and
 * logging that never writes a secret or a full phone number ({@link
 * dev.cita.scheduling.http.RedactingLoggingInterceptor}, {@link
 * dev.cita.scheduling.http.Redaction}). Nothing in this package accepts or returns null unless it
 * says so.
 */
@NullMarked
package dev.cita.scheduling.http;

import org.jspecify.annotations.NullMarked;
