package dev.cita.scheduling.http;

import dev.cita.scheduling.internal.Checks;
import java.time.Duration;

/**
 * Transport settings for one provider's {@link ProviderHttpClient}: the four OkHttp timeouts, the
 * {@code User-Agent} sent on every request and the largest response body read into memory.
 * Immutable; {@link #defaults()} gives 5 s connect, 20 s read, 20 s write and a 30 s limit on the
 * whole call (one attempt, including redirects).
 *
 * <pre>{@code
 * HttpClientConfig config = HttpClientConfig.builder()
 *     .readTimeout(Duration.ofSeconds(10))
 *     .userAgent("my-clinic-app/2.1 cita/0.1")
 *     .build();
 * }</pre>
 */
public final class HttpClientConfig {
  /** The user agent sent when none is configured. */
  public static final String DEFAULT_USER_AGENT = "cita-scheduling/0.1";

  private static final HttpClientConfig DEFAULTS = builder().build();

  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Duration writeTimeout;
  private final Duration callTimeout;
  private final String userAgent;
  private final long maxResponseBytes;

  private HttpClientConfig(Builder b) {
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
    this.writeTimeout = b.writeTimeout;
    this.callTimeout = b.callTimeout;
    this.userAgent = b.userAgent;
    this.maxResponseBytes = b.maxResponseBytes;
  }

  /**
   * {@return 5 s connect, 20 s read, 20 s write, 30 s call, {@link #DEFAULT_USER_AGENT}, 16 MiB
   * bodies}
   */
  public static HttpClientConfig defaults() {
    return DEFAULTS;
  }

  /** {@return a builder holding the {@linkplain #defaults() default} values} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder starting from this configuration's values} */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.connectTimeout = connectTimeout;
    b.readTimeout = readTimeout;
    b.writeTimeout = writeTimeout;
    b.callTimeout = callTimeout;
    b.userAgent = userAgent;
    b.maxResponseBytes = maxResponseBytes;
    return b;
  }

  /** {@return the longest wait to open a connection to the host} */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** {@return the longest silence allowed while reading the response} */
  public Duration readTimeout() {
    return readTimeout;
  }

  /** {@return the longest one write of the request may block} */
  public Duration writeTimeout() {
    return writeTimeout;
  }

  /**
   * {@return the limit on one whole attempt: DNS, connect, write, server time and reading the body}
   */
  public Duration callTimeout() {
    return callTimeout;
  }

  /** {@return the {@code User-Agent} header sent on every request} */
  public String userAgent() {
    return userAgent;
  }

  /**
   * {@return the largest response body read, in bytes} A response with a larger body fails instead
   * of being read into memory.
   */
  public long maxResponseBytes() {
    return maxResponseBytes;
  }

  @Override
  public String toString() {
    return "HttpClientConfig{connect="
        + connectTimeout
        + ", read="
        + readTimeout
        + ", write="
        + writeTimeout
        + ", call="
        + callTimeout
        + ", userAgent="
        + userAgent
        + ", maxResponseBytes="
        + maxResponseBytes
        + '}';
  }

  /** Builds a {@link HttpClientConfig}; {@link #build()} checks every value. */
  public static final class Builder {
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration readTimeout = Duration.ofSeconds(20);
    private Duration writeTimeout = Duration.ofSeconds(20);
    private Duration callTimeout = Duration.ofSeconds(30);
    private String userAgent = DEFAULT_USER_AGENT;
    private long maxResponseBytes = 16L * 1024 * 1024;

    private Builder() {}

    /**
     * Sets the longest wait to open a connection to the host.
     *
     * @param timeout a positive duration; 5 s if not set
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Checks.notNull(timeout, "connectTimeout");
      return this;
    }

    /**
     * Sets the longest silence allowed while reading the response.
     *
     * @param timeout a positive duration; 20 s if not set
     * @return this builder
     */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = Checks.notNull(timeout, "readTimeout");
      return this;
    }

    /**
     * Sets the longest one write of the request may block.
     *
     * @param timeout a positive duration; 20 s if not set
     * @return this builder
     */
    public Builder writeTimeout(Duration timeout) {
      this.writeTimeout = Checks.notNull(timeout, "writeTimeout");
      return this;
    }

    /**
     * Sets the limit on one attempt as a whole; retries each get their own.
     *
     * @param timeout a positive duration; 30 s if not set
     * @return this builder
     */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = Checks.notNull(timeout, "callTimeout");
      return this;
    }

    /**
     * Sets the {@code User-Agent} header; name your application and version in it.
     *
     * @param userAgent printable ASCII, not blank; {@link HttpClientConfig#DEFAULT_USER_AGENT} if
     *     not set
     * @return this builder
     */
    public Builder userAgent(String userAgent) {
      this.userAgent = Checks.notNull(userAgent, "userAgent");
      return this;
    }

    /**
     * Sets the largest response body read into memory.
     *
     * @param maxResponseBytes a positive number of bytes; 16 MiB if not set
     * @return this builder
     */
    public Builder maxResponseBytes(long maxResponseBytes) {
      this.maxResponseBytes = maxResponseBytes;
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException naming the field, when a timeout is zero or negative (an
     *     OkHttp zero means "no timeout", which this library never allows), the user agent is blank
     *     or has control characters, or the body limit is not positive
     */
    public HttpClientConfig build() {
      positive("connectTimeout", connectTimeout);
      positive("readTimeout", readTimeout);
      positive("writeTimeout", writeTimeout);
      positive("callTimeout", callTimeout);
      if (userAgent.isBlank() || userAgent.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
        throw new IllegalArgumentException(
            "userAgent must be non-blank printable ASCII: " + userAgent.strip());
      }
      if (maxResponseBytes <= 0) {
        throw new IllegalArgumentException(
            "maxResponseBytes must be positive: " + maxResponseBytes);
      }
      return new HttpClientConfig(this);
    }

    private static void positive(String field, Duration value) {
      if (value.isZero() || value.isNegative()) {
        throw new IllegalArgumentException(field + " must be positive: " + value);
      }
    }
  }
}
