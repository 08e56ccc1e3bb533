/**
 * Health checks, provider-neutral: a {@link dev.cita.scheduling.health.HealthCheck} per component
 * answers a {@link dev.cita.scheduling.health.Health} (UP, DEGRADED or DOWN, with details safe to
 * show: counts, ages and names, never secrets or personal data), and {@link
 * dev.cita.scheduling.health.HealthChecks} runs them with a timeout each. No check calls a
 * provider's API. Nothing in this API is null; absent values are {@link java.util.Optional}.
 */
@NullMarked
package dev.cita.scheduling.health;

import org.jspecify.annotations.NullMarked;
