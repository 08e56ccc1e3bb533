package dev.cita.scheduling.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.internal.Checks;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import okhttp3.FormBody;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;

/**
 * Turns an error response into a {@link ProviderException}: provider, HTTP status, the provider's
 * error code (read by an {@link ErrorFormat}), the request id from the first present header of a
 * configurable list, whether the status is worth retrying, and the {@code Retry-After} wait.
 *
 * <p>The message names the method and path (never the query, which can hold tokens) and, when the
 * body has one, a short excerpt (at most {@value #MAX_EXCERPT_CHARS} characters) of the provider's
 * message, and its error code, both cleaned by {@link Redaction#redactErrorText}: the request's own
 * credentials (its {@code Authorization} header and sensitive query values, read only for this),
 * tokens, e-mail addresses and long numbers are redacted and phone numbers masked, so nothing the
 * remote side echoes reaches an exception or a log line. Thread-safe.
 *
 * <pre>{@code
 * ErrorMapper twilio = ErrorMapper.builder("twilio").format(ErrorFormat.twilio()).build();
 * ProviderException e = twilio.map(request, 400, headers, body);
 * e.providerCode();   // Optional[21211]
 * }</pre>
 */
public final class ErrorMapper {
  /** Request id headers looked at by default, in order. */
  public static final List<String> DEFAULT_REQUEST_ID_HEADERS =
      List.of(
          "X-Request-Id",
          "Request-Id",
          "Twilio-Request-Id",
          "X-Goog-Request-Id",
          "X-Cal-Request-Id",
          "X-Correlation-Id",
          "X-Amzn-RequestId");

  /** The longest excerpt of a provider message kept in an exception message. */
  public static final int MAX_EXCERPT_CHARS = 200;

  /** The longest provider error code kept. */
  public static final int MAX_CODE_CHARS = 100;

  private final String provider;
  private final ErrorFormat format;
  private final List<String> requestIdHeaders;
  private final RetryPolicy retryPolicy;
  private final Clock clock;
  private final @Nullable String rateLimitResetHeader;
  private final JsonCodec json;

  private ErrorMapper(Builder b) {
    this.provider = b.provider;
    this.format = b.format;
    this.requestIdHeaders = b.requestIdHeaders;
    this.retryPolicy = b.retryPolicy;
    this.clock = b.clock;
    this.rateLimitResetHeader = b.rateLimitResetHeader;
    this.json = JsonCodec.forProvider(b.provider);
  }

  /**
   * Starts the mapper of one provider's errors.
   *
   * @param provider the provider's id, for example {@code "calendly"}; it names the provider in
   *     every exception
   * @return a builder; every setting has a default
   */
  public static Builder builder(String provider) {
    return new Builder(provider);
  }

  /** {@return the provider's id that every mapped exception carries} */
  public String provider() {
    return provider;
  }

  /**
   * The exception for a non-2xx response to {@code request}.
   *
   * @param request the request that failed; its credentials are read only to redact them from the
   *     message
   * @param status the response's HTTP status
   * @param headers the response's headers, for the request id and the wait before a retry
   * @param body the response body as read (possibly empty, possibly not JSON)
   * @return the exception to throw, retryable when the policy marks the status so
   */
  public ProviderException map(Request request, int status, Headers headers, byte[] body) {
    Optional<JsonNode> tree = parse(body);
    List<String> credentials = credentialsOf(request);
    String code =
        tree.flatMap(format::code)
            .map(c -> Redaction.redactErrorText(c, MAX_CODE_CHARS, credentials))
            .orElse(null);
    boolean retryable = retryPolicy.isRetryableStatus(status);
    Duration retryAfter =
        retryable
            ? retryAfter(headers).or(() -> rateLimitReset(status, headers)).orElse(null)
            : null;
    StringBuilder message =
        new StringBuilder(request.method())
            .append(' ')
            .append(Redaction.maskPhone(request.url().encodedPath()))
            .append(" failed");
    tree.flatMap(format::message)
        .map(m -> Redaction.redactErrorText(m, MAX_EXCERPT_CHARS, credentials))
        .filter(m -> !m.isEmpty())
        .ifPresent(m -> message.append(": ").append(m));
    return new ProviderException(
        provider,
        status,
        code,
        requestId(headers).orElse(null),
        retryable,
        message.toString(),
        null,
        retryAfter);
  }

  /**
   * What the request carried as credentials, so an error body echoing them can be cleaned: the
   * values of sensitive headers (and the token after {@code Bearer }/{@code Basic }), of sensitive
   * query parameters and of sensitive form fields. Read only for redaction, never shown.
   */
  private static List<String> credentialsOf(Request request) {
    List<String> out = new ArrayList<>();
    for (String name : request.headers().names()) {
      if (Redaction.isSensitiveHeader(name)) {
        for (String value : request.headers(name)) {
          out.add(value);
          int space = value.indexOf(' ');
          if (space > 0) {
            out.add(value.substring(space + 1).strip());
          }
        }
      }
    }
    HttpUrl url = request.url();
    for (int i = 0; i < url.querySize(); i++) {
      String value = url.queryParameterValue(i);
      if (value != null && Redaction.isSensitiveName(url.queryParameterName(i))) {
        out.add(value);
      }
    }
    if (request.body()
        instanceof FormBody form) { // an OAuth token request: client_secret, refresh_token, code
      for (int i = 0; i < form.size(); i++) {
        if (Redaction.isSensitiveName(form.name(i))) {
          out.add(form.value(i));
        }
      }
    }
    return out;
  }

  /**
   * The request id the provider sent, from the first configured header present.
   *
   * @param headers a response's headers
   * @return the id, redacted and cut to 100 characters, or empty when no configured header has one
   */
  public Optional<String> requestId(Headers headers) {
    for (String name : requestIdHeaders) {
      String value = headers.get(name);
      if (value != null && !value.isBlank()) {
        return Optional.of(Redaction.redactText(value, 100));
      }
    }
    return Optional.empty();
  }

  /**
   * The wait a {@code Retry-After} header asks for.
   *
   * @param headers a response's headers
   * @return the wait, from seconds or from an HTTP date measured against the clock; empty when the
   *     header is missing or unreadable
   */
  public Optional<Duration> retryAfter(Headers headers) {
    return RetryAfter.parse(headers.get("Retry-After"), clock.instant());
  }

  /**
   * On a 429 without {@code Retry-After}: the seconds until the provider's rate limit resets, from
   * the configured header (Calendly's {@code X-RateLimit-Reset}).
   */
  private Optional<Duration> rateLimitReset(int status, Headers headers) {
    if (status != 429 || rateLimitResetHeader == null) {
      return Optional.empty();
    }
    String value = headers.get(rateLimitResetHeader);
    if (value == null || !value.strip().chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Optional.empty();
    }
    return RetryAfter.parse(value.strip(), clock.instant());
  }

  private Optional<JsonNode> parse(byte[] body) {
    if (body.length == 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(json.readTree(body)).filter(JsonNode::isContainerNode);
    } catch (ProviderException notJson) {
      return Optional.empty();
    }
  }

  /** Builds an {@link ErrorMapper}. */
  public static final class Builder {
    private final String provider;
    private ErrorFormat format = ErrorFormat.none();
    private List<String> requestIdHeaders = DEFAULT_REQUEST_ID_HEADERS;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private Clock clock = Clock.systemUTC();
    private @Nullable String rateLimitResetHeader;

    private Builder(String provider) {
      this.provider = Checks.notNull(provider, "provider");
    }

    /**
     * A response header holding the number of seconds until the provider's rate limit resets, such
     * as Calendly's {@code X-RateLimit-Reset}. On a 429 without {@code Retry-After} its value is
     * the wait before retrying; {@code Retry-After} wins when both are present. None by default.
     *
     * @param name the header's name, matched without regard to case
     * @return this builder
     * @throws IllegalArgumentException if the name is blank
     */
    public Builder rateLimitResetHeader(String name) {
      Checks.notNull(name, "rateLimitResetHeader");
      if (name.isBlank()) {
        throw new IllegalArgumentException("rateLimitResetHeader must not be blank");
      }
      this.rateLimitResetHeader = name;
      return this;
    }

    /**
     * Sets where the provider puts its error code and message.
     *
     * @param format the format; {@link ErrorFormat#none()} (status only) if not set
     * @return this builder
     */
    public Builder format(ErrorFormat format) {
      this.format = Checks.notNull(format, "format");
      return this;
    }

    /**
     * Sets the headers holding the provider's request id, replacing {@link
     * ErrorMapper#DEFAULT_REQUEST_ID_HEADERS}.
     *
     * @param names header names, tried in order; the first present one is used
     * @return this builder
     */
    public Builder requestIdHeaders(String... names) {
      this.requestIdHeaders = List.of(names);
      return this;
    }

    /**
     * Sets the policy that decides which statuses are marked retryable.
     *
     * @param retryPolicy the policy; {@link RetryPolicy#defaults()} if not set
     * @return this builder
     */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Checks.notNull(retryPolicy, "retryPolicy");
      return this;
    }

    /**
     * Sets the clock an HTTP-date {@code Retry-After} is measured against.
     *
     * @param clock the clock; {@link Clock#systemUTC()} if not set
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    /**
     * Builds the mapper.
     *
     * @return the mapper, immutable and thread-safe
     * @throws IllegalArgumentException when the provider name is blank
     */
    public ErrorMapper build() {
      if (provider.isBlank()) {
        throw new IllegalArgumentException("provider must not be blank");
      }
      return new ErrorMapper(this);
    }
  }
}
