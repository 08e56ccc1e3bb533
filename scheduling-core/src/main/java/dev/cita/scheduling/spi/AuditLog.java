package dev.cita.scheduling.spi;

import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * The API log: every provider call and webhook, per tenant, with its outcome and latency, for
 * support ("why did this booking not reach Cal.com?") and for spotting a provider that is slow or
 * down. Implementations must be thread-safe; {@link #record} must be cheap and should not throw (a
 * failure to log never fails the call being logged: {@link #timed} swallows it).
 */
public interface AuditLog {
  /**
   * Appends one entry.
   *
   * @param entry the entry
   */
  void record(AuditEntry entry);

  /**
   * The tenant's latest entries, newest first, at most {@code limit}.
   *
   * @param tenant the tenant
   * @param limit the most entries to return
   * @return the entries, newest first; empty if none
   */
  List<AuditEntry> recent(TenantId tenant, int limit);

  /** {@return a log that keeps nothing} The default where no log is configured. */
  static AuditLog noop() {
    return NoopAuditLog.INSTANCE;
  }

  /**
   * Runs {@code call} and records it as an outbound {@code operation} of {@code provider} for
   * {@code tenant}: success, or failure with the {@link ProviderException}'s status and code. The
   * call's result or exception is passed through unchanged.
   *
   * @param <T> the call's result type
   * @param clock the clock the start and latency are read from
   * @param tenant the tenant the call is for
   * @param provider the provider id, e.g. {@code "calcom"}
   * @param operation the operation's name, e.g. {@code "bookings.create"}
   * @param call the call
   * @return what {@code call} returned
   */
  default <T> T timed(
      Clock clock, TenantId tenant, String provider, String operation, Supplier<T> call) {
    Checks.notNull(clock, "clock");
    Checks.notNull(call, "call");
    Instant start = clock.instant();
    try {
      T result = call.get();
      safeRecord(
          new AuditEntry(
              start,
              Optional.of(tenant),
              provider,
              AuditEntry.Direction.OUTBOUND,
              operation,
              AuditEntry.Outcome.SUCCESS,
              0,
              Optional.empty(),
              elapsed(clock, start)));
      return result;
    } catch (ProviderException e) {
      safeRecord(
          new AuditEntry(
              start,
              Optional.of(tenant),
              provider,
              AuditEntry.Direction.OUTBOUND,
              operation,
              AuditEntry.Outcome.FAILURE,
              e.httpStatus().orElse(0),
              Optional.of(
                  e.providerCode()
                      .map(AuditLog::clip)
                      .orElse(e.isRetryable() ? "retryable" : "final")),
              elapsed(clock, start)));
      throw e;
    } catch (RuntimeException e) {
      safeRecord(
          new AuditEntry(
              start,
              Optional.of(tenant),
              provider,
              AuditEntry.Direction.OUTBOUND,
              operation,
              AuditEntry.Outcome.FAILURE,
              0,
              Optional.of(clip(e.getClass().getSimpleName())),
              elapsed(clock, start)));
      throw e;
    }
  }

  /**
   * As {@link #timed(Clock, TenantId, String, String, Supplier)} for a call without a result.
   *
   * @param clock the clock the start and latency are read from
   * @param tenant the tenant the call is for
   * @param provider the provider id
   * @param operation the operation's name
   * @param call the call
   */
  default void timed(
      Clock clock, TenantId tenant, String provider, String operation, Runnable call) {
    Checks.notNull(call, "call");
    timed(
        clock,
        tenant,
        provider,
        operation,
        () -> {
          call.run();
          return null;
        });
  }

  /**
   * Records {@code entry}, logging instead of throwing when the log itself fails.
   *
   * @param entry the entry
   */
  default void safeRecord(AuditEntry entry) {
    try {
      record(entry);
    } catch (RuntimeException e) {
      LoggerFactory.getLogger(AuditLog.class)
          .warn(
              "Audit log {} failed to record {} {}",
              getClass().getName(),
              entry.provider(),
              entry.operation(),
              e);
    }
  }

  private static Duration elapsed(Clock clock, Instant start) {
    Duration d = Duration.between(start, clock.instant());
    return d.isNegative() ? Duration.ZERO : d;
  }

  private static String clip(String s) {
    return s.length() <= AuditEntry.MAX_TEXT ? s : s.substring(0, AuditEntry.MAX_TEXT);
  }
}

/** Keeps nothing. */
enum NoopAuditLog implements AuditLog {
  INSTANCE;

  @Override
  public void record(AuditEntry entry) {}

  @Override
  public List<AuditEntry> recent(TenantId tenant, int limit) {
    return List.of();
  }
}
