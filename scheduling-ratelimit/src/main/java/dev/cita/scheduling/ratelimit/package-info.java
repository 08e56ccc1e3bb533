/**
 * Rate limits for Cita as Bucket4j buckets: {@link dev.cita.scheduling.ratelimit.RateLimits} makes
 * the core's {@link dev.cita.scheduling.spi.RateLimiter}s, in memory for one node or in PostgreSQL
 * for all of them; {@link dev.cita.scheduling.ratelimit.AssistantLimits} and {@link
 * dev.cita.scheduling.ratelimit.ProviderQuotas} hold the documented defaults.
 */
@NullMarked
package dev.cita.scheduling.ratelimit;

import org.jspecify.annotations.NullMarked;
