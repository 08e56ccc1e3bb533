package dev.cita.scheduling.http;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.token.Sleeper;
import java.time.Clock;
import java.util.Optional;
import java.util.random.RandomGenerator;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP plumbing an adapter's client hands to its {@link ProviderHttpClient}: timeouts ({@link
 * HttpClientConfig}), the {@link RetryPolicy}, a base OkHttp client to share a connection pool
 * with, the clock, how to wait between attempts and the source of jitter. Immutable; each adapter's
 * builder extends {@link Setters}, so every adapter offers the same setters.
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

  /**
   * {@return default timeouts and retries, a new connection pool, the system clock and real sleeps}
   */
  public static HttpSettings defaults() {
    return DEFAULTS;
  }

  /** {@return a builder holding the {@linkplain #defaults() default} values} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder starting from these settings} */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.copy(this);
    return b;
  }

  /** {@return the timeouts, user agent and body limit} */
  public HttpClientConfig config() {
    return config;
  }

  /** {@return the policy that decides which failed calls are sent again, and when} */
  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /** {@return the OkHttp client to derive from, or empty when each client makes its own} */
  public Optional<OkHttpClient> okHttpClient() {
    return Optional.ofNullable(okHttpClient);
  }

  /** {@return the clock of retries, audit timings and anything else the client measures} */
  public Clock clock() {
    return clock;
  }

  /** {@return how the client waits between attempts} */
  public Sleeper sleeper() {
    return sleeper;
  }

  /** {@return the source of backoff jitter, or empty for {@link ProviderHttpClient}'s default} */
  public Optional<RandomGenerator> random() {
    return Optional.ofNullable(random);
  }

  @Override
  public String toString() {
    return "HttpSettings{"
        + config
        + ", "
        + retryPolicy
        + ", sharedOkHttp="
        + (okHttpClient != null)
        + '}';
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

    /**
     * Sets the timeouts, user agent and body limit.
     *
     * @param config the transport settings; {@link HttpClientConfig#defaults()} if not set
     * @return this builder
     */
    public Builder config(HttpClientConfig config) {
      this.config = Checks.notNull(config, "httpConfig");
      return this;
    }

    /**
     * Sets when to retry.
     *
     * @param retryPolicy the policy; {@link RetryPolicy#defaults()} if not set
     * @return this builder
     */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Checks.notNull(retryPolicy, "retryPolicy");
      return this;
    }

    /**
     * Sets a base OkHttp client whose connection pool and dispatcher the clients share.
     *
     * @param okHttpClient the client to derive from; each client makes its own if not set
     * @return this builder
     */
    public Builder okHttpClient(OkHttpClient okHttpClient) {
      this.okHttpClient = Checks.notNull(okHttpClient, "okHttpClient");
      return this;
    }

    /**
     * Sets the clock of retries, audit timings and anything else the client measures.
     *
     * @param clock the clock; {@link Clock#systemUTC()} if not set
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    /**
     * Sets how to wait between retries; tests pass one that records and returns.
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
     * @param random a thread-safe source; {@link ProviderHttpClient}'s default if not set
     * @return this builder
     */
    public Builder random(RandomGenerator random) {
      this.random = Checks.notNull(random, "random");
      return this;
    }

    /** {@return the settings} */
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

    /**
     * Starts from the adapter's defaults.
     *
     * @param defaults the settings to start from, such as {@link HttpSettings#defaults()} with the
     *     adapter's own retry policy
     */
    protected Setters(HttpSettings defaults) {
      this.settings = Checks.notNull(defaults, "defaults").toBuilder();
    }

    /** {@return this builder, typed as the adapter's} */
    protected abstract B self();

    /**
     * Replaces every HTTP setting at once, for example with ones shared by several adapters.
     *
     * @param all the settings to copy
     * @return this builder
     */
    public B httpSettings(HttpSettings all) {
      settings.copy(Checks.notNull(all, "httpSettings"));
      return self();
    }

    /**
     * Sets the timeouts, user agent and body limit.
     *
     * @param config the transport settings; {@link HttpClientConfig#defaults()} if not set
     * @return this builder
     */
    public B httpConfig(HttpClientConfig config) {
      settings.config(config);
      return self();
    }

    /**
     * Sets when to retry.
     *
     * @param retryPolicy the policy; the adapter's default if not set
     * @return this builder
     */
    public B retryPolicy(RetryPolicy retryPolicy) {
      settings.retryPolicy(retryPolicy);
      return self();
    }

    /**
     * Sets a base OkHttp client whose connection pool and dispatcher the adapter shares.
     *
     * @param okHttpClient the client to derive from; the adapter makes its own if not set
     * @return this builder
     */
    public B okHttpClient(OkHttpClient okHttpClient) {
      settings.okHttpClient(okHttpClient);
      return self();
    }

    /**
     * Sets the clock of retries, audit timings and anything else the client measures.
     *
     * @param clock the clock; {@link Clock#systemUTC()} if not set
     * @return this builder
     */
    public B clock(Clock clock) {
      settings.clock(clock);
      return self();
    }

    /**
     * Sets how to wait between retries; tests pass one that records and returns.
     *
     * @param sleeper the sleeper; {@link Sleeper#threadSleep()} if not set
     * @return this builder
     */
    public B sleeper(Sleeper sleeper) {
      settings.sleeper(sleeper);
      return self();
    }

    /**
     * Sets the source of backoff jitter.
     *
     * @param random a thread-safe source; {@link ProviderHttpClient}'s default if not set
     * @return this builder
     */
    public B random(RandomGenerator random) {
      settings.random(random);
      return self();
    }

    /** {@return the settings as set so far} The adapter's builder reads them when it builds. */
    protected HttpSettings httpSettings() {
      return settings.build();
    }
  }
}
