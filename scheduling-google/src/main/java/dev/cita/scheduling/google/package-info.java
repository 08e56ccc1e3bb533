/**
 * Google Calendar for Cita: OAuth onboarding of many tenants ({@link
 * dev.cita.scheduling.google.GoogleOAuth}), busy time and idempotent event writes ({@link
 * dev.cita.scheduling.google.GoogleCalendarProvider}), and push channels with incremental sync
 * ({@link dev.cita.scheduling.google.GooglePushChannels}). Everything is built on
 * google-api-services-calendar and google-auth-library-oauth2-http. Nothing here accepts or returns
 * null.
 */
@NullMarked
package dev.cita.scheduling.google;

import org.jspecify.annotations.NullMarked;
