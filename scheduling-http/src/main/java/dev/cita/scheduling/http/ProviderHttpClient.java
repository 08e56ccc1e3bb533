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
 * {@linkplain RedactingLoggingInterceptor redacted logging}, plus the retry loop of a
 * {@link RetryPolicy} and the error mapping of an {@link ErrorMapper}. An adapter builds one at
 * start-up and shares it; it is immutable and thread-safe.
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
 * <p>{@link #execute(Request)} returns a fully read 2xx response or throws
 * {@link ProviderException}: mapped from the error response, or {@linkplain
 * ProviderException#network network} when there was none. Which failures are retried, and how
 * long it waits, is described by {@link RetryPolicy} and {@link Idempotency}. A request that is
 * not idempotent and was written, then lost its answer or got a 5xx, fails after that one attempt
 * with a {@link ProviderException} whose {@link ProviderException#isOutcomeUnknown()} is true.
 * OkHttp's own silent retry on connection failure is switched off, so that only that rule decides
 * whether a request is sent twice.
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
    ErrorMapper.Builder errors = ErrorMapper.builder(b.provider)
        .format(b.errorFormat)
        .requestIdHeaders(b.requestIdHeaders)
        .retryPolicy(b.retryPolicy)
        .clock(b.clock);
    if (b.rateLimitResetHeader != null) {
      errors.rateLimitResetHeader(b.rateLimitResetHeader);
    }
    this.errorMapper = errors.build();
    OkHttpClient.Builder ok = (b.okHttpClient == null ? new OkHttpClient() : b.okHttpClient).newBuilder()
        .connectTimeout(config.connectTimeout())
        .readTimeout(config.readTimeout())
        .writeTimeout(config.writeTimeout())
        .callTimeout(config.callTimeout())
        .retryOnConnectionFailure(false)
        .addInterceptor(new UserAgentInterceptor(config.userAgent()));
    if (b.logging) {
      ok.addInterceptor(new RedactingLoggingInterceptor(
          LoggerFactory.getLogger(ProviderHttpClient.class.getPackageName() + "." + b.provider)));
    }
    this.okHttp = ok.addNetworkInterceptor(SendTracker.INTERCEPTOR).build();
  }

  /** A builder for the client of {@code provider} (for example {@code "twilio"}). */
  public static Builder builder(String provider) {
    return new Builder(provider);
  }

  public String provider() {
    return provider;
  }

  public HttpUrl baseUrl() {
    return baseUrl;
  }

  public HttpClientConfig config() {
    return config;
  }

  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /** The error mapper this client uses, for adapters that read a response themselves. */
  public ErrorMapper errorMapper() {
    return errorMapper;
  }

  /** The JSON codec, naming this provider in its failures. */
  public JsonCodec json() {
    return json;
  }

  /**
   * The OkHttp client with this configuration, for calls that need OkHttp directly (they get the
   * timeouts and logging, not the retries).
   */
  public OkHttpClient okHttpClient() {
    return okHttp;
  }

  /**
   * A URL relative to the base URL: {@code url("v2/bookings?take=10")}.
   *
   * @throws IllegalArgumentException when the result is not a valid HTTP URL
   */
  public HttpUrl url(String relative) {
    HttpUrl resolved = baseUrl.resolve(relative);
    if (resolved == null) {
      throw new IllegalArgumentException("not a URL relative to " + baseUrl + ": " + relative);
    }
    return resolved;
  }

  /** A JSON request body holding {@code value}, encoded by {@link #json()}. */
  public RequestBody jsonBody(Object value) {
    return RequestBody.create(json.toJsonBytes(value), JSON);
  }

  /**
   * Sends the request, retrying as the policy allows, and returns the 2xx response.
   *
   * @throws ProviderException for an error response (after retries), a network failure, a body
   *     larger than {@link HttpClientConfig#maxResponseBytes()}, or an interrupt while waiting
   */
  public ProviderResponse execute(Request request) {
    return new Attempts(request).run();
  }

  /** Sends the request and decodes the 2xx body as {@code type}. */
  public <T> T execute(Request request, Class<T> type) {
    return json.fromJson(execute(request).body(), type);
  }

  /** Sends the request and decodes the 2xx body as {@code type}. */
  public <T> T execute(Request request, TypeReference<T> type) {
    return json.fromJson(execute(request).body(), type);
  }

  @Override
  public String toString() {
    return "ProviderHttpClient{" + provider + ", " + baseUrl + ", " + config + ", " + retryPolicy + '}';
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
            return new ProviderResponse(response.code(), response.headers(), body,
                errorMapper.requestId(response.headers()));
          }
          failure = errorMapper.map(request, response.code(), response.headers(), body);
          mayRetry = failure.isRetryable()
              && (idempotent || retryPolicy.isRetryableWhenNotIdempotent(response.code()));
          if (!idempotent && !mayRetry && response.code() >= 500) {
            failure = failure.asOutcomeUnknown(target + " failed after the request was sent");
          }
        } catch (IOException e) {
          boolean sent = tracker.sent();
          mayRetry = idempotent || !sent;
          String message = target + " failed: " + e.getClass().getSimpleName();
          failure = sent && !idempotent
              ? ProviderException.outcomeUnknown(provider, message + " after the request was sent", e)
              : new ProviderException(provider, 0, null, null, mayRetry,
                  message + (sent ? "" : " before the request was sent"), e);
        }
        if (!mayRetry || attempt >= retryPolicy.maxAttempts()) {
          throw failure;
        }
        Duration wait = waitBefore(attempt + 1, failure);
        log.debug("{} {}: attempt {} of {} failed, retrying in {} ms", provider, target, attempt,
            retryPolicy.maxAttempts(), wait.toMillis());
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
        ProviderException interrupted = new ProviderException(provider, 0, null, null, false,
            target + " interrupted while waiting to retry", e);
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
      return new ProviderException(provider, response.code(), null,
          errorMapper.requestId(response.headers()).orElse(null), false,
          target + " returned a body larger than " + config.maxResponseBytes() + " bytes", null);
    }
  }

  /** Builds a {@link ProviderHttpClient}; only the base URL is required. */
  public static final class Builder {
    private final String provider;
    private @Nullable HttpUrl baseUrl;
    private HttpClientConfig config = HttpClientConfig.defaults();
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private ErrorFormat errorFormat = ErrorFormat.none();
    private String[] requestIdHeaders = ErrorMapper.DEFAULT_REQUEST_ID_HEADERS.toArray(new String[0]);
    private @Nullable OkHttpClient okHttpClient;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.threadSleep();
    private RandomGenerator random = () -> ThreadLocalRandom.current().nextLong();
    private boolean logging = true;
    private @Nullable String rateLimitResetHeader;

    private Builder(String provider) {
      this.provider = Checks.notNull(provider, "provider");
    }

    /** The API root, such as {@code https://api.cal.com/}; tests pass WireMock's URL. */
    public Builder baseUrl(String baseUrl) {
      HttpUrl parsed = HttpUrl.parse(Checks.notNull(baseUrl, "baseUrl"));
      if (parsed == null) {
        throw new IllegalArgumentException("baseUrl is not an http(s) URL: " + baseUrl);
      }
      return baseUrl(parsed);
    }

    public Builder baseUrl(HttpUrl baseUrl) {
      this.baseUrl = Checks.notNull(baseUrl, "baseUrl");
      return this;
    }

    public Builder config(HttpClientConfig config) {
      this.config = Checks.notNull(config, "config");
      return this;
    }

    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Checks.notNull(retryPolicy, "retryPolicy");
      return this;
    }

    /** Where this provider puts its error code and message. */
    public Builder errorFormat(ErrorFormat errorFormat) {
      this.errorFormat = Checks.notNull(errorFormat, "errorFormat");
      return this;
    }

    /**
     * A header with the seconds until the provider's rate limit resets (Calendly's
     * {@code X-RateLimit-Reset}), waited out on a 429 that has no {@code Retry-After}, within
     * {@link RetryPolicy#maxRetryAfter()}. See {@link ErrorMapper.Builder#rateLimitResetHeader}.
     */
    public Builder rateLimitResetHeader(String name) {
      this.rateLimitResetHeader = Checks.notNull(name, "rateLimitResetHeader");
      return this;
    }

    /** The headers holding the provider's request id; replaces {@link ErrorMapper#DEFAULT_REQUEST_ID_HEADERS}. */
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
     */
    public Builder okHttpClient(OkHttpClient okHttpClient) {
      this.okHttpClient = Checks.notNull(okHttpClient, "okHttpClient");
      return this;
    }

    /** The clock an HTTP-date {@code Retry-After} is measured against. */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    /** How the client waits between attempts; tests pass one that records and returns. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Checks.notNull(sleeper, "sleeper");
      return this;
    }

    /** The source of backoff jitter; must be thread-safe if the client is shared. */
    public Builder random(RandomGenerator random) {
      this.random = Checks.notNull(random, "random");
      return this;
    }

    /**
     * Applies every value of {@code settings}: config, retry policy, clock, sleeper, and the OkHttp
     * client and jitter source when they are given.
     */
    public Builder settings(HttpSettings settings) {
      Checks.notNull(settings, "settings");
      config(settings.config()).retryPolicy(settings.retryPolicy()).clock(settings.clock())
          .sleeper(settings.sleeper());
      settings.okHttpClient().ifPresent(this::okHttpClient);
      settings.random().ifPresent(this::random);
      return this;
    }

    /** Whether to add the {@link RedactingLoggingInterceptor} (on by default; it logs at DEBUG). */
    public Builder logging(boolean logging) {
      this.logging = logging;
      return this;
    }

    /** @throws IllegalArgumentException when the base URL is missing or the provider blank */
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
