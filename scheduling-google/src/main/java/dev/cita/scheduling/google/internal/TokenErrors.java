package dev.cita.scheduling.google.internal;

import com.google.api.client.http.HttpResponseException;
import com.google.api.client.json.GenericJson;
import com.google.api.client.json.JsonFactory;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.token.InvalidGrantException;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/** Turns failures of google-auth's token calls into Cita's exceptions, without quoting tokens. */
public final class TokenErrors {
  private TokenErrors() {}

  /**
   * The exception for a failed token call: {@link InvalidGrantException} for {@code invalid_grant}
   * when {@code grantErrorsAreFinal}, a {@link ProviderException} otherwise (retryable for 408,
   * 429, 5xx and network failures).
   */
  public static RuntimeException of(
      String operation, IOException e, JsonFactory json, boolean grantErrorsAreFinal) {
    Optional<HttpResponseException> response = responseOf(e);
    if (response.isEmpty()) {
      return ProviderException.network(
          GoogleCalls.PROVIDER, operation + " failed: " + e.getClass().getSimpleName(), e);
    }
    int status = response.get().getStatusCode();
    String error = errorCode(response.get(), json).orElse(null);
    if (grantErrorsAreFinal && "invalid_grant".equals(error)) {
      InvalidGrantException grant =
          new InvalidGrantException(operation + ": Google answered invalid_grant");
      grant.initCause(e);
      return grant;
    }
    boolean retryable = status == 408 || status == 429 || status >= 500;
    return new ProviderException(
        GoogleCalls.PROVIDER, status, error, null, retryable, operation + " failed", e);
  }

  private static Optional<HttpResponseException> responseOf(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof HttpResponseException r) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  private static Optional<String> errorCode(HttpResponseException e, JsonFactory json) {
    String content = e.getContent();
    if (content == null || content.isBlank()) {
      return Optional.empty();
    }
    try {
      Object error = json.fromString(content, GenericJson.class).get("error");
      return error instanceof String s ? Optional.of(s) : Optional.empty();
    } catch (IOException | IllegalArgumentException notJson) {
      return Optional.empty();
    }
  }

  /**
   * google-auth computes an access token's expiry from the system clock; Cita reads time from its
   * own clock, so the remaining lifetime is carried over, rounded to whole seconds.
   */
  public static Instant expiry(Date googleExpiry, Clock clock) {
    long remainingMillis = googleExpiry.getTime() - System.currentTimeMillis();
    long seconds = Math.max(0, Math.round(remainingMillis / 1000.0));
    return clock.instant().plusSeconds(seconds);
  }
}
