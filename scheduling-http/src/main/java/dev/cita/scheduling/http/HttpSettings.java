package dev.cita.scheduling.http;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.token.Sleeper;
import java.time.Clock;
import java.util.Optional;
import java.util.random.RandomGenerator;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP plumbing an adapter's client hands to its {@link ProviderHttpClient}: timeouts
 * ({@link HttpClientConfig}), the {@link RetryPolicy}, a base OkHttp client to share a connection
 * pool with, the clock, how to wait between attempts and the source of jitter. Immutable; each
 * adapter's builder extends {@link Setters}, so every adapter offers the same setters.
 *
 * <pre>{@code
 * HttpSettings shared = HttpSettings.builder().okHttpClient(pool).clock(clock).build();
 * CalComClient calcom = CalComClient.builder().httpSettings(shared).build();
 * CalendlyClient calendly = CalendlyClient.builder(connections).httpSettings(shared).build();
 * }</pre>
 */
public final class HttpSettings {
  private static final HttpSettings DEFAULTS = builder().build();

  private final HttpClientConfig config;
  private final RetryPolicy retryPolicy;
  private final @Nullable OkHttpClient okHttpClient;
  private final Clock clock;
  private final Sleeper sleeper;
  private final @Nullable RandomGenerator random;

  private HttpSettings(Builder b) {
    this.config = b.config;
    this.retryPolicy = b.retryPolicy;
    this.okHttpClient = b.okHttpClient;
    this.clock = b.clock;
    this.sleeper = b.sleeper;
    this.random = b.random;
  }

  /** Default timeouts and retries, a new connection pool, the system clock, real sleeps. */
  public static HttpSettings defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.copy(this);
    return b;
  }

  public HttpClientConfig config() {
    return config;
  }

  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /** The OkHttp client to derive from, if one was given. */
  public Optional<OkHttpClient> okHttpClient() {
    return Optional.ofNullable(okHttpClient);
  }

  public Clock clock() {
    return clock;
  }

  public Sleeper sleeper() {
    return sleeper;
  }

  /** The jitter source, if one was given ({@link ProviderHttpClient}'s default otherwise). */
  public Optional<RandomGenerator> random() {
    return Optional.ofNullable(random);
  }

  @Override
  public String toString() {
    return "HttpSettings{" + config + ", " + retryPolicy + ", sharedOkHttp=" + (okHttpClient != null) + '}';
  }

  /** Collects {@link HttpSettings}; every value has a default. */
  public static final class Builder {
    private HttpClientConfig config = HttpClientConfig.defaults();
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private @Nullable OkHttpClient okHttpClient;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.threadSleep();
    private @Nullable RandomGenerator random;

    private Builder() {}

    private void copy(HttpSettings s) {
      config = s.config;
      retryPolicy = s.retryPolicy;
      okHttpClient = s.okHttpClient;
      clock = s.clock;
      sleeper = s.sleeper;
      random = s.random;
    }

    /** Timeouts, user agent and body limit; {@link HttpClientConfig#defaults()} by default. */
    public Builder config(HttpClientConfig config) {
      this.config = Checks.notNull(config, "httpConfig");
      return this;
    }

    /** When to retry; {@link RetryPolicy#defaults()} unless the adapter says otherwise. */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Checks.notNull(retryPolicy, "retryPolicy");
      return this;
    }

    /** A base OkHttp client to share its connection pool with. */
    public Builder okHttpClient(OkHttpClient okHttpClient) {
      this.okHttpClient = Checks.notNull(okHttpClient, "okHttpClient");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    /** How to wait between retries; tests pass one that records and returns. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Checks.notNull(sleeper, "sleeper");
      return this;
    }

    /** The source of backoff jitter; must be thread-safe. */
    public Builder random(RandomGenerator random) {
      this.random = Checks.notNull(random, "random");
      return this;
    }

    public HttpSettings build() {
      return new HttpSettings(this);
    }
  }

  /**
   * The HTTP setters of an adapter client's builder ({@code B}), kept in {@link HttpSettings}: an
   * adapter's builder extends it and reads {@link #httpSettings()} when it builds.
   */
  public abstract static class Setters<B extends Setters<B>> {
    private final Builder settings;

    /** Starts from {@code defaults} (an adapter may change the retry policy, for example). */
    protected Setters(HttpSettings defaults) {
      this.settings = Checks.notNull(defaults, "defaults").toBuilder();
    }

    /** This builder, typed as the adapter's. */
    protected abstract B self();

    /** Replaces every HTTP setting at once, e.g. with ones shared by several adapters. */
    public B httpSettings(HttpSettings all) {
      settings.copy(Checks.notNull(all, "httpSettings"));
      return self();
    }

    /** Timeouts, user agent and body limit; {@link HttpClientConfig#defaults()} by default. */
    public B httpConfig(HttpClientConfig config) {
      settings.config(config);
      return self();
    }

    /** When to retry; see the adapter's default. */
    public B retryPolicy(RetryPolicy retryPolicy) {
      settings.retryPolicy(retryPolicy);
      return self();
    }

    /** A base OkHttp client to share its connection pool with. */
    public B okHttpClient(OkHttpClient okHttpClient) {
      settings.okHttpClient(okHttpClient);
      return self();
    }

    /** The clock of retries, audit timings and anything else the client measures. */
    public B clock(Clock clock) {
      settings.clock(clock);
      return self();
    }

    /** How to wait between retries; tests pass one that records and returns. */
    public B sleeper(Sleeper sleeper) {
      settings.sleeper(sleeper);
      return self();
    }

    /** The source of backoff jitter; must be thread-safe. */
    public B random(RandomGenerator random) {
      settings.random(random);
      return self();
    }

    /** The settings as set so far. */
    protected HttpSettings httpSettings() {
      return settings.build();
    }
  }
}
