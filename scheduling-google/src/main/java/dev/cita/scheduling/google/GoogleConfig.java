package dev.cita.scheduling.google;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How Cita talks to Google: the OAuth client (id, secret, redirect URI, scopes), the endpoints
 * (real Google by default; tests point them at a fake server), network timeouts, retry limits and
 * whom Google notifies about events. Immutable; {@link #toString()} hides the client secret.
 *
 * <pre>{@code
 * GoogleConfig config = GoogleConfig.builder()
 *     .clientId(System.getenv("GOOGLE_OAUTH_CLIENT_ID"))
 *     .clientSecret(System.getenv("GOOGLE_OAUTH_CLIENT_SECRET"))
 *     .redirectUri("http://localhost:60000/oauth/callback")
 *     .build();
 * }</pre>
 */
public final class GoogleConfig {
  /** Create, edit and delete events on the tenant's calendars. */
  public static final String SCOPE_EVENTS = "https://www.googleapis.com/auth/calendar.events";

  /** Read busy times (free/busy), without event details. */
  public static final String SCOPE_FREEBUSY = "https://www.googleapis.com/auth/calendar.freebusy";

  /** OpenID Connect sign-in: Google then returns an ID token with the code exchange. */
  public static final String SCOPE_OPENID = "openid";

  /**
   * The account's e-mail address, as the ID token's {@code email} claim (Google lists it granted as
   * userinfo.email).
   */
  public static final String SCOPE_EMAIL = "email";

  /**
   * The scopes asked for unless configured otherwise: the narrowest that do the job. {@code openid
   * email} name the account (the connection's id); the two calendar scopes are what Cita uses.
   */
  public static final List<String> DEFAULT_SCOPES =
      List.of(SCOPE_OPENID, SCOPE_EMAIL, SCOPE_EVENTS, SCOPE_FREEBUSY);

  private final String clientId;
  private final String clientSecret;
  private final URI redirectUri;
  private final List<String> scopes;
  private final URI authorizationUri;
  private final URI tokenUri;
  private final URI revokeUri;
  private final String calendarRootUrl;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final int maxAttempts;
  private final Duration baseBackoff;
  private final Duration maxBackoff;
  private final Duration maxRetryAfter;
  private final SendUpdates sendUpdates;
  private final String applicationName;

  private GoogleConfig(Builder b) {
    this.clientId = Checks.notBlank(b.clientId, "google.clientId");
    this.clientSecret = Checks.notBlank(b.clientSecret, "google.clientSecret");
    this.redirectUri = absolute(b.redirectUri, "google.redirectUri");
    if (b.scopes.isEmpty()) {
      throw new ValidationException("google.scopes", "must not be empty");
    }
    this.scopes = List.copyOf(b.scopes);
    this.authorizationUri = absolute(b.authorizationUri, "google.authorizationUri");
    this.tokenUri = absolute(b.tokenUri, "google.tokenUri");
    this.revokeUri = absolute(b.revokeUri, "google.revokeUri");
    String root = absolute(b.calendarRootUrl, "google.calendarRootUrl").toString();
    this.calendarRootUrl = root.endsWith("/") ? root : root + "/";
    this.connectTimeout = timeout(b.connectTimeout, "google.connectTimeout");
    this.readTimeout = timeout(b.readTimeout, "google.readTimeout");
    if (b.maxAttempts < 1 || b.maxAttempts > 10) {
      throw new ValidationException("google.maxAttempts", "must be in 1..10, was " + b.maxAttempts);
    }
    this.maxAttempts = b.maxAttempts;
    this.baseBackoff = Checks.positive(b.baseBackoff, "google.baseBackoff");
    this.maxBackoff = Checks.positive(b.maxBackoff, "google.maxBackoff");
    Checks.atMost(baseBackoff, maxBackoff, "google.baseBackoff");
    this.maxRetryAfter = Checks.notNegative(b.maxRetryAfter, "google.maxRetryAfter");
    this.sendUpdates = Checks.notNull(b.sendUpdates, "google.sendUpdates");
    this.applicationName = Checks.notBlank(b.applicationName, "google.applicationName");
  }

  /**
   * {@return a new builder} Client id, client secret and redirect URI are required; everything else
   * has a default.
   */
  public static Builder builder() {
    return new Builder();
  }

  private static URI absolute(@Nullable String value, String field) {
    Checks.notBlank(value, field);
    try {
      URI uri = new URI(value);
      if (!uri.isAbsolute()
          || uri.getHost() == null
          || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
        throw new ValidationException(
            field, "must be an absolute http(s) URI, was '" + value + "'");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new ValidationException(field, "is not a URI: " + e.getReason());
    }
  }

  private static Duration timeout(Duration value, String field) {
    Checks.positive(value, field);
    if (value.compareTo(Duration.ofMinutes(5)) > 0 || value.toMillis() > Integer.MAX_VALUE) {
      throw new ValidationException(field, "must be at most 5 minutes, was " + value);
    }
    return value;
  }

  /** {@return the OAuth client id, from the Google Cloud console} */
  public String clientId() {
    return clientId;
  }

  /** {@return the OAuth client secret} Never log it. */
  public String clientSecret() {
    return clientSecret;
  }

  /**
   * {@return where Google sends the tenant back after consent; registered with the OAuth client}
   */
  public URI redirectUri() {
    return redirectUri;
  }

  /** {@return the scopes asked for at consent, in order} */
  public List<String> scopes() {
    return scopes;
  }

  /** {@return Google's consent page, where the tenant's browser is sent} */
  public URI authorizationUri() {
    return authorizationUri;
  }

  /** {@return Google's token endpoint, where codes are exchanged and tokens refreshed} */
  public URI tokenUri() {
    return tokenUri;
  }

  /** {@return Google's endpoint that revokes a token when a tenant disconnects} */
  public URI revokeUri() {
    return revokeUri;
  }

  /** {@return the Calendar API root, ending in a slash} */
  public String calendarRootUrl() {
    return calendarRootUrl;
  }

  /** {@return the longest wait to open a connection to Google} */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** {@return the longest silence allowed while reading Google's answer} */
  public Duration readTimeout() {
    return readTimeout;
  }

  /** {@return the number of attempts per Calendar API call, the first included} */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** {@return the ceiling of the jittered wait after the first failed attempt} */
  public Duration baseBackoff() {
    return baseBackoff;
  }

  /** {@return the largest ceiling of a jittered wait, however many attempts failed} */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /**
   * {@return the longest {@code Retry-After} waited out inside a call} A longer one ends the call.
   */
  public Duration maxRetryAfter() {
    return maxRetryAfter;
  }

  /** {@return whom Google e-mails about the events Cita writes} */
  public SendUpdates sendUpdates() {
    return sendUpdates;
  }

  /** {@return the application name Google's client library sends in its {@code User-Agent}} */
  public String applicationName() {
    return applicationName;
  }

  @Override
  public String toString() {
    return "GoogleConfig{clientId="
        + clientId
        + ", clientSecret=[redacted], redirectUri="
        + redirectUri
        + ", scopes="
        + scopes
        + ", calendarRootUrl="
        + calendarRootUrl
        + ", connectTimeout="
        + connectTimeout
        + ", readTimeout="
        + readTimeout
        + ", maxAttempts="
        + maxAttempts
        + ", backoff="
        + baseBackoff
        + ".."
        + maxBackoff
        + ", sendUpdates="
        + sendUpdates
        + "}";
  }

  /** Collects a {@link GoogleConfig}; {@link #build()} checks every value and names the bad one. */
  public static final class Builder {
    private @Nullable String clientId;
    private @Nullable String clientSecret;
    private @Nullable String redirectUri;
    private Set<String> scopes = new LinkedHashSet<>(DEFAULT_SCOPES);
    private String authorizationUri = "https://accounts.google.com/o/oauth2/auth";
    private String tokenUri = "https://oauth2.googleapis.com/token";
    private String revokeUri = "https://oauth2.googleapis.com/revoke";
    private String calendarRootUrl = "https://www.googleapis.com/";
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(30);
    private int maxAttempts = 4;
    private Duration baseBackoff = Duration.ofMillis(500);
    private Duration maxBackoff = Duration.ofSeconds(32);
    private Duration maxRetryAfter = Duration.ofSeconds(60);
    private SendUpdates sendUpdates = SendUpdates.NONE;
    private String applicationName = "cita";

    private Builder() {}

    /**
     * Sets the OAuth client id, from the Google Cloud console.
     *
     * @param clientId the client id; required
     * @return this builder
     */
    public Builder clientId(String clientId) {
      this.clientId = clientId;
      return this;
    }

    /**
     * Sets the OAuth client secret.
     *
     * @param clientSecret the secret; required
     * @return this builder
     */
    public Builder clientSecret(String clientSecret) {
      this.clientSecret = clientSecret;
      return this;
    }

    /**
     * Sets where Google sends the tenant back after consent, exactly as registered with the client.
     *
     * @param redirectUri an absolute http(s) URI; required
     * @return this builder
     */
    public Builder redirectUri(String redirectUri) {
      this.redirectUri = redirectUri;
      return this;
    }

    /**
     * Replaces the default scopes ({@link #DEFAULT_SCOPES}).
     *
     * @param scopes the scopes to ask for, none blank; at least one
     * @return this builder
     */
    public Builder scopes(List<String> scopes) {
      Checks.notNull(scopes, "google.scopes");
      Set<String> copy = new LinkedHashSet<>();
      for (String s : scopes) {
        copy.add(Checks.notBlank(s, "google.scopes[]"));
      }
      this.scopes = copy;
      return this;
    }

    /**
     * Sets Google's consent page; tests point it at a fake server.
     *
     * @param uri an absolute http(s) URI; {@code https://accounts.google.com/o/oauth2/auth} if not
     *     set
     * @return this builder
     */
    public Builder authorizationUri(String uri) {
      this.authorizationUri = uri;
      return this;
    }

    /**
     * Sets Google's token endpoint; tests point it at a fake server.
     *
     * @param uri an absolute http(s) URI; {@code https://oauth2.googleapis.com/token} if not set
     * @return this builder
     */
    public Builder tokenUri(String uri) {
      this.tokenUri = uri;
      return this;
    }

    /**
     * Sets Google's revocation endpoint; tests point it at a fake server.
     *
     * @param uri an absolute http(s) URI; {@code https://oauth2.googleapis.com/revoke} if not set
     * @return this builder
     */
    public Builder revokeUri(String uri) {
      this.revokeUri = uri;
      return this;
    }

    /**
     * Sets the Calendar API root; tests pass their fake server's URL.
     *
     * @param url an absolute http(s) URL; {@code https://www.googleapis.com/} if not set
     * @return this builder
     */
    public Builder calendarRootUrl(String url) {
      this.calendarRootUrl = url;
      return this;
    }

    /**
     * Points every endpoint (authorization, token, revoke, Calendar API) at one base URL, for
     * tests.
     *
     * @param baseUrl the fake server's root, such as WireMock's
     * @return this builder
     */
    public Builder allEndpointsAt(String baseUrl) {
      String base = Checks.notBlank(baseUrl, "google.baseUrl").replaceAll("/+$", "");
      return authorizationUri(base + "/o/oauth2/auth")
          .tokenUri(base + "/token")
          .revokeUri(base + "/revoke")
          .calendarRootUrl(base + "/");
    }

    /**
     * Sets the longest wait to open a connection to Google.
     *
     * @param timeout positive, at most 5 minutes; 10 seconds if not set
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    /**
     * Sets the longest silence allowed while reading Google's answer.
     *
     * @param timeout positive, at most 5 minutes; 30 seconds if not set
     * @return this builder
     */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = timeout;
      return this;
    }

    /**
     * Sets the number of attempts per Calendar API call, the first included.
     *
     * @param maxAttempts 1 (no retries) to 10; 4 if not set
     * @return this builder
     */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * Sets the bounds of the exponential backoff with full jitter between attempts.
     *
     * @param base the ceiling after the first failed attempt, positive; 500 ms if not set
     * @param max the largest ceiling, at least {@code base}; 32 s if not set
     * @return this builder
     */
    public Builder backoff(Duration base, Duration max) {
      this.baseBackoff = base;
      this.maxBackoff = max;
      return this;
    }

    /**
     * Sets the longest {@code Retry-After} waited out inside a call; a longer one ends the call.
     *
     * @param maxRetryAfter zero or more; 60 seconds if not set
     * @return this builder
     */
    public Builder maxRetryAfter(Duration maxRetryAfter) {
      this.maxRetryAfter = maxRetryAfter;
      return this;
    }

    /**
     * Sets whom Google e-mails about the events Cita writes.
     *
     * @param sendUpdates the recipients; {@link SendUpdates#NONE} if not set
     * @return this builder
     */
    public Builder sendUpdates(SendUpdates sendUpdates) {
      this.sendUpdates = sendUpdates;
      return this;
    }

    /**
     * Sets the application name Google's client library sends in its {@code User-Agent}.
     *
     * @param applicationName not blank; {@code cita} if not set
     * @return this builder
     */
    public Builder applicationName(String applicationName) {
      this.applicationName = applicationName;
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     * @throws ValidationException naming the first missing or out-of-range value
     */
    public GoogleConfig build() {
      return new GoogleConfig(this);
    }
  }
}
