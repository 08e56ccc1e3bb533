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
 * How Cita talks to Google: the OAuth client (id, secret, redirect URI, scopes), the endpoints (real
 * Google by default; tests point them at a fake server), network timeouts, retry limits and whom
 * Google notifies about events. Immutable; {@link #toString()} hides the client secret.
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
  /** The account's e-mail address, as the ID token's {@code email} claim (Google lists it granted as userinfo.email). */
  public static final String SCOPE_EMAIL = "email";
  /**
   * The scopes asked for unless configured otherwise: the narrowest that do the job. {@code openid email}
   * name the account (the connection's id); the two calendar scopes are what Cita uses.
   */
  public static final List<String> DEFAULT_SCOPES = List.of(SCOPE_OPENID, SCOPE_EMAIL, SCOPE_EVENTS, SCOPE_FREEBUSY);

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

  public static Builder builder() {
    return new Builder();
  }

  private static URI absolute(@Nullable String value, String field) {
    Checks.notBlank(value, field);
    try {
      URI uri = new URI(value);
      if (!uri.isAbsolute() || uri.getHost() == null
          || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
        throw new ValidationException(field, "must be an absolute http(s) URI, was '" + value + "'");
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

  public String clientId() {
    return clientId;
  }

  /** The OAuth client secret. Never log it. */
  public String clientSecret() {
    return clientSecret;
  }

  /** Where Google sends the tenant back after consent; registered with the OAuth client. */
  public URI redirectUri() {
    return redirectUri;
  }

  public List<String> scopes() {
    return scopes;
  }

  public URI authorizationUri() {
    return authorizationUri;
  }

  public URI tokenUri() {
    return tokenUri;
  }

  public URI revokeUri() {
    return revokeUri;
  }

  /** The Calendar API root, ending in a slash. */
  public String calendarRootUrl() {
    return calendarRootUrl;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public Duration readTimeout() {
    return readTimeout;
  }

  /** Attempts per Calendar API call, the first included. */
  public int maxAttempts() {
    return maxAttempts;
  }

  public Duration baseBackoff() {
    return baseBackoff;
  }

  public Duration maxBackoff() {
    return maxBackoff;
  }

  /** The longest {@code Retry-After} waited out inside a call; a longer one ends the call. */
  public Duration maxRetryAfter() {
    return maxRetryAfter;
  }

  public SendUpdates sendUpdates() {
    return sendUpdates;
  }

  public String applicationName() {
    return applicationName;
  }

  @Override
  public String toString() {
    return "GoogleConfig{clientId=" + clientId + ", clientSecret=[redacted], redirectUri=" + redirectUri
        + ", scopes=" + scopes + ", calendarRootUrl=" + calendarRootUrl + ", connectTimeout=" + connectTimeout
        + ", readTimeout=" + readTimeout + ", maxAttempts=" + maxAttempts + ", backoff=" + baseBackoff + ".."
        + maxBackoff + ", sendUpdates=" + sendUpdates + "}";
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

    public Builder clientId(String clientId) {
      this.clientId = clientId;
      return this;
    }

    public Builder clientSecret(String clientSecret) {
      this.clientSecret = clientSecret;
      return this;
    }

    public Builder redirectUri(String redirectUri) {
      this.redirectUri = redirectUri;
      return this;
    }

    /** Replaces the default scopes ({@link #DEFAULT_SCOPES}). */
    public Builder scopes(List<String> scopes) {
      Checks.notNull(scopes, "google.scopes");
      Set<String> copy = new LinkedHashSet<>();
      for (String s : scopes) {
        copy.add(Checks.notBlank(s, "google.scopes[]"));
      }
      this.scopes = copy;
      return this;
    }

    public Builder authorizationUri(String uri) {
      this.authorizationUri = uri;
      return this;
    }

    public Builder tokenUri(String uri) {
      this.tokenUri = uri;
      return this;
    }

    public Builder revokeUri(String uri) {
      this.revokeUri = uri;
      return this;
    }

    /** The Calendar API root; tests pass their fake server's URL. */
    public Builder calendarRootUrl(String url) {
      this.calendarRootUrl = url;
      return this;
    }

    /** Points every endpoint (authorization, token, revoke, Calendar API) at one base URL, for tests. */
    public Builder allEndpointsAt(String baseUrl) {
      String base = Checks.notBlank(baseUrl, "google.baseUrl").replaceAll("/+$", "");
      return authorizationUri(base + "/o/oauth2/auth").tokenUri(base + "/token").revokeUri(base + "/revoke")
          .calendarRootUrl(base + "/");
    }

    /** Default 10 seconds. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    /** Default 30 seconds. */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = timeout;
      return this;
    }

    /** Attempts per Calendar API call, the first included; default 4, at most 10. */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** Exponential backoff with full jitter between these bounds; default 500 ms to 32 s. */
    public Builder backoff(Duration base, Duration max) {
      this.baseBackoff = base;
      this.maxBackoff = max;
      return this;
    }

    /** Default 60 seconds. */
    public Builder maxRetryAfter(Duration maxRetryAfter) {
      this.maxRetryAfter = maxRetryAfter;
      return this;
    }

    /** Default {@link SendUpdates#NONE}. */
    public Builder sendUpdates(SendUpdates sendUpdates) {
      this.sendUpdates = sendUpdates;
      return this;
    }

    public Builder applicationName(String applicationName) {
      this.applicationName = applicationName;
      return this;
    }

    public GoogleConfig build() {
      return new GoogleConfig(this);
    }
  }
}
