/**
 * Observation hooks, library-neutral: an {@link dev.cita.scheduling.observe.Observer} hears what
 * bookings, slot queries, webhooks, the outbox, reminders, token refreshes and the booking
 * assistant did, with bounded labels only, so a metrics module ({@code scheduling-micrometer}) or
 * the health checks can count it without the core knowing any metrics library. Nothing in this API
 * is null; absent values are {@link java.util.Optional}.
 */
@NullMarked
package dev.cita.scheduling.observe;

import org.jspecify.annotations.NullMarked;
