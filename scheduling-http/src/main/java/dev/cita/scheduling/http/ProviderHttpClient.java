package dev.cita.scheduling.http;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.token.Sleeper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One provider's HTTP client: an {@link OkHttpClient} with every timeout set, a user agent and
 * {@linkplain RedactingLoggingInterceptor redacted logging}, plus the retry loop of a {@link
 * RetryPolicy} and the error mapping of an {@link ErrorMapper}. An adapter builds one at start-up
 * and shares it; it is immutable and thread-safe.
 *
 * <pre>{@code
 * ProviderHttpClient calcom = ProviderHttpClient.builder("calcom")
 *     .baseUrl("https://api.cal.com/")
 *     .errorFormat(ErrorFormat.calcom())
 *     .build();
 * Request get = new Request.Builder().url(calcom.url("v2/bookings/" + uid))
 *     .header("Authorization", "Bearer " + accessToken)
 *     .build();
 * Booking booking = calcom.execute(get, Booking.class);
 * }</pre>
 *
 * <p>{@link #execute(Request)} returns a fully read 2xx response or throws {@link
 * ProviderException}: mapped from the error response, or {@linkplain ProviderException#network
 * network} when there was none. Which failures are retried, and how long it waits, is described by
 * {@link RetryPolicy} and {@link Idempotency}. A request that is not idempotent and was written,
 * then lost its answer or got a 5xx, fails after that one attempt with a {@link ProviderException}
 * whose {@link ProviderException#isOutcomeUnknown()} is true. OkHttp's own silent retry on
 * connection failure is switched off, so that only that rule decides whether a request is sent
 * twice.
 */
public final class ProviderHttpClient {
  private static final Logger log = LoggerFactory.getLogger(ProviderHttpClient.class);
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private final String provider;
  private final HttpUrl baseUrl;
  private final HttpClientConfig config;
  private final RetryPolicy retryPolicy;
  private final ErrorMapper errorMapper;
  private final OkHttpClient okHttp;
  private final Sleeper sleeper;
  private final RandomGenerator random;
  private final JsonCodec json;

  private ProviderHttpClient(Builder b) {
    this.provider = b.provider;
    this.baseUrl = Objects.requireNonNull(b.baseUrl, "baseUrl");
    this.config = b.config;
    this.retryPolicy = b.retryPolicy;
    this.sleeper = b.sleeper;
    this.random = b.random;
    this.json = JsonCodec.forProvider(b.provider);
    ErrorMapper.Builder errors =
        ErrorMapper.builder(b.provider)
            .format(b.errorFormat)
            .requestIdHeaders(b.requestIdHeaders)
            .retryPolicy(b.retryPolicy)
            .clock(b.clock);
    if (b.rateLimitResetHeader != null) {
      errors.rateLimitResetHeader(b.rateLimitResetHeader);
    }
    this.errorMapper = errors.build();
    OkHttpClient.Builder ok =
        (b.okHttpClient == null ? new OkHttpClient() : b.okHttpClient)
            .newBuilder()
            .connectTimeout(config.connectTimeout())
            .readTimeout(config.readTimeout())
            .writeTimeout(config.writeTimeout())
            .callTimeout(config.callTimeout())
            .retryOnConnectionFailure(false)
            .addInterceptor(new UserAgentInterceptor(config.userAgent()));
    if (b.logging) {
      ok.addInterceptor(
          new RedactingLoggingInterceptor(
              LoggerFactory.getLogger(
                  ProviderHttpClient.class.getPackageName() + "." + b.provider)));
    }
    this.okHttp = ok.addNetworkInterceptor(SendTracker.INTERCEPTOR).build();
  }

  /**
   * Starts the client of one provider.
   *
   * @param provider the provider's id, such as {@code "twilio"}; it names the provider in every
   *     {@link ProviderException}, log line and logger of this client
   * @return a builder that needs a {@linkplain Builder#baseUrl(String) base URL}
   */
  public static Builder builder(String provider) {
    return new Builder(provider);
  }

  /** {@return the provider's id, as given to {@link #builder(String)}} */
  public String provider() {
    return provider;
  }

  /** {@return the API root that {@link #url(String)} resolves against} */
  public HttpUrl baseUrl() {
    return baseUrl;
  }

  /** {@return the timeouts, user agent and body limit in use} */
  public HttpClientConfig config() {
    return config;
  }

  /** {@return the policy that decides which failed calls are sent again, and when} */
  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /** {@return the error mapper this client uses, for adapters that read a response themselves} */
  public ErrorMapper errorMapper() {
    return errorMapper;
  }

  /** {@return the JSON codec, naming this provider in its failures} */
  public JsonCodec json() {
    return json;
  }

  /**
   * {@return the OkHttp client with this configuration} Use it for calls that need OkHttp directly:
   * they get the timeouts and logging, not the retries.
   */
  public OkHttpClient okHttpClient() {
    return okHttp;
  }

  /**
   * A URL relative to the base URL: {@code url("v2/bookings?take=10")}.
   *
   * @param relative a path, with query if any, resolved as a browser resolves a link
   * @return the absolute URL
   * @throws IllegalArgumentException when the result is not a valid HTTP URL
   */
  public HttpUrl url(String relative) {
    HttpUrl resolved = baseUrl.resolve(relative);
    if (resolved == null) {
      throw new IllegalArgumentException("not a URL relative to " + baseUrl + ": " + relative);
    }
    return resolved;
  }

  /**
   * A JSON request body holding {@code value}, encoded by {@link #json()}.
   *
   * @param value the object to encode, typically a request record
   * @return a body of type {@code application/json; charset=utf-8}
   */
  public RequestBody jsonBody(Object value) {
    return RequestBody.create(json.toJsonBytes(value), JSON);
  }

  /**
   * Sends the request, retrying as the policy allows, and returns the 2xx response.
   *
   * @param request the request, with its URL from {@link #url(String)} and its authorization header
   * @return the 2xx response, its body fully read
   * @throws ProviderException for an error response (after retries), a network failure, a body
   *     larger than {@link HttpClientConfig#maxResponseBytes()}, or an interrupt while waiting
   */
  public ProviderResponse execute(Request request) {
    return new Attempts(request).run();
  }

  /**
   * Sends the request, as {@link #execute(Request)} does, and decodes the 2xx body.
   *
   * @param <T> the type to decode
   * @param request the request
   * @param type the class the body is decoded as
   * @return the decoded body
   * @throws ProviderException as {@link #execute(Request)} does, or when the body is not valid JSON
   *     of that type
   */
  public <T> T execute(Request request, Class<T> type) {
    return json.fromJson(execute(request).body(), type);
  }

  /**
   * Sends the request, as {@link #execute(Request)} does, and decodes the 2xx body as a generic
   * type such as {@code List<Booking>}.
   *
   * @param <T> the type to decode
   * @param request the request
   * @param type the type the body is decoded as
   * @return the decoded body
   * @throws ProviderException as {@link #execute(Request)} does, or when the body is not valid JSON
   *     of that type
   */
  public <T> T execute(Request request, TypeReference<T> type) {
    return json.fromJson(execute(request).body(), type);
  }

  @Override
  public String toString() {
    return "ProviderHttpClient{"
        + provider
        + ", "
        + baseUrl
        + ", "
        + config
        + ", "
        + retryPolicy
        + '}';
  }

  /** One call's retry loop. */
  private final class Attempts {
    private final Request request;
    private final boolean idempotent;
    private final String target;
    private Duration waited = Duration.ZERO;

    Attempts(Request request) {
      this.request = request;
      this.idempotent = Idempotency.of(request) == Idempotency.IDEMPOTENT;
      this.target = request.method() + " " + Redaction.maskPhone(request.url().encodedPath());
    }

    ProviderResponse run() {
      for (int attempt = 1; ; attempt++) {
        SendTracker tracker = new SendTracker();
        Request tagged = request.newBuilder().tag(SendTracker.class, tracker).build();
        ProviderException failure;
        boolean mayRetry;
        try (Response response = okHttp.newCall(tagged).execute()) {
          byte[] body = readBody(response);
          if (response.isSuccessful()) {
            return new ProviderResponse(
                response.code(),
                response.headers(),
                body,
                errorMapper.requestId(response.headers()));
          }
          failure = errorMapper.map(request, response.code(), response.headers(), body);
          mayRetry =
              failure.isRetryable()
                  && (idempotent || retryPolicy.isRetryableWhenNotIdempotent(response.code()));
          if (!idempotent && !mayRetry && response.code() >= 500) {
            failure = failure.asOutcomeUnknown(target + " failed after the request was sent");
          }
        } catch (IOException e) {
          boolean sent = tracker.sent();
          mayRetry = idempotent || !sent;
          String message = target + " failed: " + e.getClass().getSimpleName();
          failure =
              sent && !idempotent
                  ? ProviderException.outcomeUnknown(
                      provider, message + " after the request was sent", e)
                  : new ProviderException(
                      provider,
                      0,
                      null,
                      null,
                      mayRetry,
                      message + (sent ? "" : " before the request was sent"),
                      e);
        }
        if (!mayRetry || attempt >= retryPolicy.maxAttempts()) {
          throw failure;
        }
        Duration wait = waitBefore(attempt + 1, failure);
        log.debug(
            "{} {}: attempt {} of {} failed, retrying in {} ms",
            provider,
            target,
            attempt,
            retryPolicy.maxAttempts(),
            wait.toMillis());
        sleep(wait, failure);
      }
    }

    /** The wait before {@code nextAttempt}, or the failure rethrown when it is over budget. */
    private Duration waitBefore(int nextAttempt, ProviderException failure) {
      Duration wait;
      if (failure.retryAfter().isPresent()) {
        wait = failure.retryAfter().get();
        if (wait.compareTo(retryPolicy.maxRetryAfter()) > 0) {
          throw failure;
        }
      } else {
        wait = Duration.ofNanos(random.nextLong(retryPolicy.ceilingNanos(nextAttempt - 1) + 1));
      }
      if (waited.plus(wait).compareTo(retryPolicy.maxTotalWait()) > 0) {
        throw failure;
      }
      waited = waited.plus(wait);
      return wait;
    }

    private void sleep(Duration wait, ProviderException failure) {
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        ProviderException interrupted =
            new ProviderException(
                provider, 0, null, null, false, target + " interrupted while waiting to retry", e);
        interrupted.addSuppressed(failure);
        throw interrupted;
      }
    }

    private byte[] readBody(Response response) throws IOException {
      ResponseBody body = response.body();
      long max = config.maxResponseBytes();
      if (body.contentLength() > max) {
        throw tooLarge(response);
      }
      BufferedSource source = body.source();
      if (source.request(max + 1)) {
        throw tooLarge(response);
      }
      return source.getBuffer().readByteArray();
    }

    private ProviderException tooLarge(Response response) {
      return new ProviderException(
          provider,
          response.code(),
          null,
          errorMapper.requestId(response.headers()).orElse(null),
          false,
          target + " returned a body larger than " + config.maxResponseBytes() + " bytes",
          null);
    }
  }

  /** Builds a {@link ProviderHttpClient}; only the base URL is required. */
  public static final class Builder {
    private final String provider;
    private @Nullable HttpUrl baseUrl;
    private HttpClientConfig config = HttpClientConfig.defaults();
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private ErrorFormat errorFormat = ErrorFormat.none();
    private String[] requestIdHeaders =
        ErrorMapper.DEFAULT_REQUEST_ID_HEADERS.toArray(new String[0]);
    private @Nullable OkHttpClient okHttpClient;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.threadSleep();
    private RandomGenerator random = () -> ThreadLocalRandom.current().nextLong();
    private boolean logging = true;
    private @Nullable String rateLimitResetHeader;

    private Builder(String provider) {
      this.provider = Checks.notNull(provider, "provider");
    }

    /**
     * Sets the API root, such as {@code https://api.cal.com/}; tests pass WireMock's URL.
     *
     * @param baseUrl an {@code http} or {@code https} URL; end it with {@code /} so relative paths
     *     are resolved under it
     * @return this builder
     * @throws IllegalArgumentException if it is not an http(s) URL
     */
    public Builder baseUrl(String baseUrl) {
      HttpUrl parsed = HttpUrl.parse(Checks.notNull(baseUrl, "baseUrl"));
      if (parsed == null) {
        throw new IllegalArgumentException("baseUrl is not an http(s) URL: " + baseUrl);
      }
      return baseUrl(parsed);
    }

    /**
     * Sets the API root, already parsed.
     *
     * @param baseUrl the root that {@link ProviderHttpClient#url(String)} resolves against
     * @return this builder
     */
    public Builder baseUrl(HttpUrl baseUrl) {
      this.baseUrl = Checks.notNull(baseUrl, "baseUrl");
      return this;
    }

    /**
     * Sets the timeouts, user agent and body limit.
     *
     * @param config the transport settings; {@link HttpClientConfig#defaults()} if not set
     * @return this builder
     */
    public Builder config(HttpClientConfig config) {
      this.config = Checks.notNull(config, "config");
      return this;
    }

    /**
     * Sets which failed calls are sent again, and when.
     *
     * @param retryPolicy the policy; {@link RetryPolicy#defaults()} if not set
     * @return this builder
     */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Checks.notNull(retryPolicy, "retryPolicy");
      return this;
    }

    /**
     * Sets where this provider puts its error code and message in an error response.
     *
     * @param errorFormat the format; {@link ErrorFormat#none()} (status only) if not set
     * @return this builder
     */
    public Builder errorFormat(ErrorFormat errorFormat) {
      this.errorFormat = Checks.notNull(errorFormat, "errorFormat");
      return this;
    }

    /**
     * A header with the seconds until the provider's rate limit resets (Calendly's {@code
     * X-RateLimit-Reset}), waited out on a 429 that has no {@code Retry-After}, within {@link
     * RetryPolicy#maxRetryAfter()}. See {@link ErrorMapper.Builder#rateLimitResetHeader}.
     *
     * @param name the header's name, matched without regard to case
     * @return this builder
     */
    public Builder rateLimitResetHeader(String name) {
      this.rateLimitResetHeader = Checks.notNull(name, "rateLimitResetHeader");
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
      for (String name : names) {
        Checks.notNull(name, "requestIdHeaders");
      }
      this.requestIdHeaders = names.clone();
      return this;
    }

    /**
     * A client to derive from, sharing its connection pool and dispatcher (one pool for all
     * adapters, or a test's client). Its timeouts are replaced by {@link #config}, and the user
     * agent, logging and send-tracking interceptors are added after its own.
     *
     * @param okHttpClient the client to derive from; a new {@link OkHttpClient} if not set
     * @return this builder
     */
    public Builder okHttpClient(OkHttpClient okHttpClient) {
      this.okHttpClient = Checks.notNull(okHttpClient, "okHttpClient");
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
     * Sets how the client waits between attempts; tests pass one that records and returns.
     *
     * @param sleeper the sleeper; {@link Sleeper#threadSleep()} if not set
     * @return this builder
     */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Checks.notNull(sleeper, "sleeper");
      return this;
    }

    /**
     * Sets the source of backoff jitter.
     *
     * @param random the source; it must be thread-safe if the client is shared. {@link
     *     ThreadLocalRandom} if not set
     * @return this builder
     */
    public Builder random(RandomGenerator random) {
      this.random = Checks.notNull(random, "random");
      return this;
    }

    /**
     * Applies every value of {@code settings}: config, retry policy, clock, sleeper, and the OkHttp
     * client and jitter source when they are given.
     *
     * @param settings the settings shared by the adapters of one application
     * @return this builder
     */
    public Builder settings(HttpSettings settings) {
      Checks.notNull(settings, "settings");
      config(settings.config())
          .retryPolicy(settings.retryPolicy())
          .clock(settings.clock())
          .sleeper(settings.sleeper());
      settings.okHttpClient().ifPresent(this::okHttpClient);
      settings.random().ifPresent(this::random);
      return this;
    }

    /**
     * Sets whether to add the {@link RedactingLoggingInterceptor}; it logs at DEBUG.
     *
     * @param logging {@code false} to leave requests unlogged; on by default
     * @return this builder
     */
    public Builder logging(boolean logging) {
      this.logging = logging;
      return this;
    }

    /**
     * Builds the client.
     *
     * @return the client, immutable and thread-safe
     * @throws IllegalArgumentException when the base URL is missing or the provider blank
     */
    public ProviderHttpClient build() {
      if (provider.isBlank()) {
        throw new IllegalArgumentException("provider must not be blank");
      }
      if (baseUrl == null) {
        throw new IllegalArgumentException("baseUrl is required");
      }
      return new ProviderHttpClient(this);
    }
  }
}
