package dev.cita.scheduling.google.internal;

import com.google.api.client.googleapis.json.GoogleJsonError;
import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.HttpResponseException;
import com.google.api.services.calendar.Calendar;
import com.google.api.services.calendar.CalendarRequest;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.google.GoogleConfig;
import dev.cita.scheduling.internal.Backoff;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.AuditLog;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.CredentialManager;
import dev.cita.scheduling.token.Sleeper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one Calendar API call for one connection with Google's error rules: the access token comes
 * from {@link CredentialManager}; a 401 refreshes it once and repeats the call (not counted as an
 * attempt); 403 {@code rateLimitExceeded}/{@code userRateLimitExceeded}, 408, 429, 5xx and network
 * failures are retried with exponential backoff and full jitter (or the {@code Retry-After} asked
 * for) up to the configured attempts; anything else, or the last failure, becomes a {@link
 * ProviderException} with status, Google's reason and the retryable flag. Tokens never reach a log
 * line or a message. Each call, its retries included, is one {@link AuditLog} entry through {@link
 * AuditLog#timed} (as the Cal.com and Calendly clients record theirs); a call repeated after a 401
 * refresh stays one entry.
 */
public final class GoogleCalls {
  public static final String PROVIDER = "google";
  private static final Logger log = LoggerFactory.getLogger(GoogleCalls.class);
  private static final Set<String> RATE_LIMIT_REASONS =
      Set.of("rateLimitExceeded", "userRateLimitExceeded");

  /** Builds the request to send; called again for every attempt. */
  @FunctionalInterface
  public interface RequestBuilder<T> {
    CalendarRequest<T> build(Calendar calendar) throws IOException;
  }

  private final Calendar calendar;
  private final CredentialManager credentials;
  private final GoogleConfig config;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Backoff backoff;
  private final AuditLog auditLog;

  public GoogleCalls(
      Calendar calendar,
      CredentialManager credentials,
      GoogleConfig config,
      Clock clock,
      Sleeper sleeper,
      RandomGenerator random,
      AuditLog auditLog) {
    this.auditLog = auditLog;
    this.calendar = calendar;
    this.credentials = credentials;
    this.config = config;
    this.clock = clock;
    this.sleeper = sleeper;
    this.backoff = new Backoff(config.baseBackoff(), config.maxBackoff(), random);
  }

  /**
   * Executes the call.
   *
   * @param operation a short name such as {@code "events.insert"}, used in messages and logs
   */
  public <T> T execute(ConnectionKey connection, String operation, RequestBuilder<T> builder) {
    return auditLog.timed(
        clock,
        connection.tenant(),
        PROVIDER,
        operation,
        () -> run(connection, credentials.accessToken(connection), operation, builder));
  }

  /**
   * Executes a call with an access token that is not stored yet (right after the code exchange):
   * the same retries, but a 401 is final since there is nothing to refresh through.
   */
  public <T> T executeWithToken(
      TenantId tenant, String accessToken, String operation, RequestBuilder<T> builder) {
    return auditLog.timed(
        clock, tenant, PROVIDER, operation, () -> run(null, accessToken, operation, builder));
  }

  private <T> T run(
      @Nullable ConnectionKey connection,
      String initialToken,
      String operation,
      RequestBuilder<T> builder) {
    String token = initialToken;
    boolean refreshed = connection == null;
    int attempt = 0;
    while (true) {
      attempt++;
      ProviderException failure;
      try {
        CalendarRequest<T> request = builder.build(calendar);
        request.setDisableGZipContent(true);
        request.getRequestHeaders().setAuthorization("Bearer " + token);
        return request.execute();
      } catch (HttpResponseException e) {
        if (e.getStatusCode() == 401 && !refreshed && connection != null) {
          log.info(
              "{} for {} answered 401; refreshing the access token once", operation, connection);
          token = credentials.refreshRejected(connection, token).accessToken();
          refreshed = true;
          attempt--;
          continue;
        }
        failure = map(operation, e);
      } catch (IOException e) {
        failure = ProviderException.network(PROVIDER, operation + " failed: " + describe(e), e);
      } catch (IllegalArgumentException e) {
        // google-http-client's JSON parser reports a truncated or garbled body this way.
        failure =
            ProviderException.network(PROVIDER, operation + " returned an unreadable body", e);
      }
      if (!failure.isRetryable() || attempt >= config.maxAttempts()) {
        throw failure;
      }
      Duration wait;
      if (failure.retryAfter().isPresent()) {
        wait = failure.retryAfter().get();
        if (wait.compareTo(config.maxRetryAfter()) > 0) {
          throw failure;
        }
      } else {
        wait = backoff.delayAfter(attempt);
      }
      log.info(
          "{} for {} failed (attempt {} of {}), retrying in {} ms: HTTP {} {}",
          operation,
          connection,
          attempt,
          config.maxAttempts(),
          wait.toMillis(),
          failure.httpStatus().orElse(0),
          failure.providerCode().orElse(""));
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        failure.addSuppressed(interrupted);
        throw failure;
      }
    }
  }

  /**
   * Maps an error response to a {@link ProviderException}: status, reason and whether a retry may
   * help.
   */
  public ProviderException map(String operation, HttpResponseException e) {
    int status = e.getStatusCode();
    String reason = reason(e).orElse(null);
    boolean retryable =
        status == 408
            || status == 429
            || status >= 500
            || (status == 403 && reason != null && RATE_LIMIT_REASONS.contains(reason));
    Duration retryAfter =
        RetryAfter.parse(
                e.getHeaders() == null
                    ? null
                    : e.getHeaders().getFirstHeaderStringValue("Retry-After"),
                clock.instant())
            .orElse(null);
    return new ProviderException(
        PROVIDER, status, reason, null, retryable, operation + " failed", e, retryAfter);
  }

  private static Optional<String> reason(HttpResponseException e) {
    if (e instanceof GoogleJsonResponseException json && json.getDetails() != null) {
      GoogleJsonError details = json.getDetails();
      List<GoogleJsonError.ErrorInfo> errors = details.getErrors();
      if (errors != null && !errors.isEmpty() && errors.get(0).getReason() != null) {
        return Optional.of(errors.get(0).getReason());
      }
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static String describe(IOException e) {
    return e.getClass().getSimpleName()
        + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
  }
}
