package dev.cita.scheduling.spi;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One line of the API log: a call Cita made to a provider, or a webhook a provider sent, with the
 * tenant, the operation, how it ended and how long it took. It holds no body, token, signature or
 * personal data by construction: only names, codes and numbers.
 *
 * @param at when the call or delivery started
 * @param tenant the tenant it was for, when known (a webhook refused before it was read names none)
 * @param provider the provider id, e.g. {@code "calcom"}
 * @param direction {@link Direction#OUTBOUND} for calls, {@link Direction#INBOUND} for webhooks
 * @param operation what was done, e.g. {@code "bookings.create"} or {@code "BOOKING_CREATED"}
 * @param outcome how it ended
 * @param httpStatus the HTTP status answered (0 when there was none, e.g. a network failure)
 * @param errorCode the provider's error code or Cita's reason, when it failed
 * @param latency elapsed time
 */
public record AuditEntry(
    Instant at,
    Optional<TenantId> tenant,
    String provider,
    Direction direction,
    String operation,
    Outcome outcome,
    int httpStatus,
    Optional<String> errorCode,
    Duration latency) {
  /**
   * Longest operation name or error code kept; longer ones are refused so nothing is cut silently.
   */
  public static final int MAX_TEXT = 100;

  /** Who started the exchange. */
  public enum Direction {
    /** Cita called the provider. */
    OUTBOUND,
    /** The provider called Cita (a webhook). */
    INBOUND
  }

  /** How a call or delivery ended. */
  public enum Outcome {
    /** It worked. */
    SUCCESS,
    /** It failed (an error answer, a network failure, a store outage). */
    FAILURE,
    /** A webhook whose signature or body was refused; nothing was written. */
    REJECTED,
    /** A webhook delivered before; nothing was done again. */
    DUPLICATE,
    /** A webhook trigger that is not mapped; acknowledged. */
    IGNORED
  }

  /**
   * Checks the components.
   *
   * @param at when the call or delivery started
   * @param tenant the tenant it was for, when known
   * @param provider the provider id, not blank, at most {@value #MAX_TEXT} characters
   * @param direction who started the exchange
   * @param operation what was done, not blank, at most {@value #MAX_TEXT} characters
   * @param outcome how it ended
   * @param httpStatus 0, or an HTTP status from 100 to 599
   * @param errorCode the error code, at most {@value #MAX_TEXT} characters, when it failed
   * @param latency elapsed time, not negative
   * @throws ValidationException if a component is missing or out of range
   */
  public AuditEntry {
    Checks.notNull(at, "auditEntry.at");
    Checks.notNull(tenant, "auditEntry.tenant");
    text(provider, "auditEntry.provider");
    Checks.notNull(direction, "auditEntry.direction");
    text(operation, "auditEntry.operation");
    Checks.notNull(outcome, "auditEntry.outcome");
    if (httpStatus != 0 && (httpStatus < 100 || httpStatus > 599)) {
      throw new ValidationException(
          "auditEntry.httpStatus", "must be 0 or 100..599, was " + httpStatus);
    }
    Checks.notNull(errorCode, "auditEntry.errorCode");
    errorCode.ifPresent(c -> text(c, "auditEntry.errorCode"));
    Checks.notNegative(latency, "auditEntry.latency");
  }

  /** {@return the HTTP status, when there was one} Empty when {@link #httpStatus()} is 0. */
  public OptionalInt status() {
    return httpStatus == 0 ? OptionalInt.empty() : OptionalInt.of(httpStatus);
  }

  private static void text(String value, String field) {
    Checks.notBlank(value, field);
    if (value.length() > MAX_TEXT) {
      throw new ValidationException(
          field, "must be at most " + MAX_TEXT + " characters, was " + value.length());
    }
  }
}
