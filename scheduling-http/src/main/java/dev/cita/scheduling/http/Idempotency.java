package dev.cita.scheduling.http;

import dev.cita.scheduling.internal.Checks;
import java.util.Locale;
import java.util.Set;
import okhttp3.Request;

/**
 * Whether sending a request twice has the same effect as sending it once, which decides whether
 * {@link ProviderHttpClient} may retry it.
 *
 * <p>The rule, in order:
 *
 * <ol>
 *   <li>a request tagged with {@link #mark(Request, Idempotency)} is what its tag says;
 *   <li>a request with an {@code Idempotency-Key} header is idempotent: the provider de-duplicates
 *       it (only for providers that document honouring it; Twilio's REST API documents no such
 *       header, so a Twilio message POST is never treated as idempotent);
 *   <li>GET, HEAD, OPTIONS, PUT and DELETE are idempotent (RFC 9110 §9.2.2);
 *   <li>anything else (POST, PATCH) is not.
 * </ol>
 *
 * An idempotent request is retried on network failures and retryable statuses. A request that is
 * not idempotent is retried only when it never left this process (the failure happened while
 * resolving the host, connecting or shaking hands, before any byte of it was written) or when the
 * provider answered a status that {@link RetryPolicy#isRetryableWhenNotIdempotent} says it did not
 * process (Twilio's 429). A failure after that (a reset connection, a read timeout, a 5xx) ends the
 * call with a {@link dev.cita.scheduling.ProviderException} whose {@link
 * dev.cita.scheduling.ProviderException#isOutcomeUnknown() isOutcomeUnknown()} is true, because the
 * provider may have acted on it; such a network failure is reported as not retryable, since only a
 * lookup can tell whether to send again.
 *
 * <pre>{@code
 * Request create = Idempotency.mark(request, Idempotency.IDEMPOTENT); // the body has a stable id
 * }</pre>
 */
public enum Idempotency {
  /** Safe to send more than once. */
  IDEMPOTENT,
  /** Sending twice may act twice (for example send two WhatsApp messages). */
  NOT_IDEMPOTENT;

  private static final Set<String> IDEMPOTENT_METHODS =
      Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE");
  private static final String[] KEY_HEADERS = {"Idempotency-Key"};

  /**
   * Tags a request with its idempotency, overriding the method and header rules.
   *
   * @param request the request to tag
   * @param idempotency what to treat it as
   * @return a copy of the request with the tag
   */
  public static Request mark(Request request, Idempotency idempotency) {
    Checks.notNull(idempotency, "idempotency");
    return request.newBuilder().tag(Idempotency.class, idempotency).build();
  }

  /**
   * Applies the rule in the type's documentation.
   *
   * @param request the request about to be sent
   * @return whether it may be sent twice
   */
  public static Idempotency of(Request request) {
    Idempotency tagged = request.tag(Idempotency.class);
    if (tagged != null) {
      return tagged;
    }
    for (String header : KEY_HEADERS) {
      String value = request.header(header);
      if (value != null && !value.isBlank()) {
        return IDEMPOTENT;
      }
    }
    return IDEMPOTENT_METHODS.contains(request.method().toUpperCase(Locale.ROOT))
        ? IDEMPOTENT
        : NOT_IDEMPOTENT;
  }
}
