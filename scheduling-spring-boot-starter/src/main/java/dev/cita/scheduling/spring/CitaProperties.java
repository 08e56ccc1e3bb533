package dev.cita.scheduling.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The {@code cita.*} configuration properties of the starter. */
@ConfigurationProperties("cita")
public class CitaProperties {
  private final Jdbc jdbc = new Jdbc();
  private final Web web = new Web();
  private final Workers workers = new Workers();
  private final Reminders reminders = new Reminders();
  private final HealthSettings health = new HealthSettings();
  private final Tokens tokens = new Tokens();
  private final OAuthClient google = new OAuthClient();
  private final OAuthClient calcom = new OAuthClient();
  private final OAuthClient calendly = new OAuthClient();
  private final Twilio twilio = new Twilio();

  /** Creates the properties with their defaults. */
  public CitaProperties() {}

  /** {@return the JDBC store settings} */
  public Jdbc getJdbc() {
    return jdbc;
  }

  /** {@return the web endpoint settings} */
  public Web getWeb() {
    return web;
  }

  /** {@return the worker settings} */
  public Workers getWorkers() {
    return workers;
  }

  /** {@return the reminder settings} */
  public Reminders getReminders() {
    return reminders;
  }

  /** {@return the health check settings} */
  public HealthSettings getHealth() {
    return health;
  }

  /** {@return the token encryption settings} */
  public Tokens getTokens() {
    return tokens;
  }

  /** {@return the Google OAuth client ({@code cita.google.*})} */
  public OAuthClient getGoogle() {
    return google;
  }

  /** {@return the Cal.com OAuth client ({@code cita.calcom.*})} */
  public OAuthClient getCalcom() {
    return calcom;
  }

  /** {@return the Calendly OAuth client ({@code cita.calendly.*})} */
  public OAuthClient getCalendly() {
    return calendly;
  }

  /** {@return the Twilio settings ({@code cita.twilio.*})} */
  public Twilio getTwilio() {
    return twilio;
  }

  /** Twilio settings ({@code cita.twilio.*}). */
  public static class Twilio {
    /**
     * Whether to receive Twilio's webhooks (WhatsApp and SMS messages, status callbacks) at
     * {prefix}/webhooks/twilio; needs cita.twilio.auth-token.
     */
    private boolean webhookEnabled;

    /** The Twilio account's auth token, which signs its webhooks; a secret. */
    private @Nullable String authToken;

    /** Creates the settings with their defaults. */
    public Twilio() {}

    /** {@return whether Twilio's webhooks are received} */
    public boolean isWebhookEnabled() {
      return webhookEnabled;
    }

    /**
     * Sets whether Twilio's webhooks are received.
     *
     * @param webhookEnabled true to receive them
     */
    public void setWebhookEnabled(boolean webhookEnabled) {
      this.webhookEnabled = webhookEnabled;
    }

    /** {@return the auth token, or null} */
    public @Nullable String getAuthToken() {
      return authToken;
    }

    /**
     * Sets the auth token.
     *
     * @param authToken from the Twilio console
     */
    public void setAuthToken(@Nullable String authToken) {
      this.authToken = authToken;
    }

    @Override
    public String toString() {
      return "Twilio{webhookEnabled="
          + webhookEnabled
          + ", authToken="
          + (authToken == null ? "null" : "[redacted]")
          + "}";
    }
  }

  /** JDBC store settings ({@code cita.jdbc.*}). */
  public static class Jdbc {
    /** Whether to apply Cita's database migrations when the application starts. */
    private boolean migrate = true;

    /**
     * Whether the stores join the Spring-managed transaction of the calling thread on the same data
     * source (its connection; they neither commit nor roll it back), so that a booking commits or
     * rolls back with the application's own writes. A write joins only a READ COMMITTED
     * transaction, and its resource lock (PostgreSQL's pg_advisory_xact_lock) is held until that
     * transaction ends. Off: every store call runs its own transaction.
     */
    private boolean joinSpringTransactions;

    /** Creates the settings with their defaults. */
    public Jdbc() {}

    /** {@return whether the stores join the application's Spring-managed transactions} */
    public boolean isJoinSpringTransactions() {
      return joinSpringTransactions;
    }

    /**
     * Sets whether the stores join the application's Spring-managed transactions.
     *
     * @param joinSpringTransactions true to book inside the caller's transaction
     */
    public void setJoinSpringTransactions(boolean joinSpringTransactions) {
      this.joinSpringTransactions = joinSpringTransactions;
    }

    /** {@return whether migrations run on start} */
    public boolean isMigrate() {
      return migrate;
    }

    /**
     * Sets whether migrations run on start.
     *
     * @param migrate false to leave the schema to the application
     */
    public void setMigrate(boolean migrate) {
      this.migrate = migrate;
    }
  }

  /** Web endpoint settings ({@code cita.web.*}). */
  public static class Web {
    /** Path prefix of Cita's endpoints, such as the webhooks at {prefix}/webhooks/{provider}. */
    private String prefix = "/cita";

    /**
     * The application's public root URL (https://app.example), which connect links and the default
     * OAuth callback URLs start with.
     */
    private @Nullable String publicBaseUrl;

    private final OAuth oauth = new OAuth();

    /** Creates the settings with their defaults. */
    public Web() {}

    /** {@return the path prefix of Cita's endpoints} */
    public String getPrefix() {
      return prefix;
    }

    /**
     * Sets the path prefix of Cita's endpoints.
     *
     * @param prefix a path starting with a slash
     */
    public void setPrefix(String prefix) {
      this.prefix = prefix;
    }

    /** {@return the application's public root URL, or null if not set} */
    public @Nullable String getPublicBaseUrl() {
      return publicBaseUrl;
    }

    /**
     * Sets the application's public root URL.
     *
     * @param publicBaseUrl an absolute URL such as {@code https://app.example}, without the prefix
     */
    public void setPublicBaseUrl(@Nullable String publicBaseUrl) {
      this.publicBaseUrl = publicBaseUrl;
    }

    /** {@return the OAuth endpoint settings} */
    public OAuth getOauth() {
      return oauth;
    }
  }

  /** OAuth endpoint settings ({@code cita.web.oauth.*}). */
  public static class OAuth {
    /**
     * Where the browser goes after an OAuth callback, with the query parameters tenant, provider
     * and outcome (connected, declined or failed); by default a small page of the starter's own.
     */
    private @Nullable String landingUrl;

    /** How long a connect link (ConnectLinks) stays valid. */
    private Duration linkLifetime = Duration.ofDays(7);

    /** Creates the settings with their defaults. */
    public OAuth() {}

    /** {@return the landing URL, or null for the starter's own page} */
    public @Nullable String getLandingUrl() {
      return landingUrl;
    }

    /**
     * Sets the landing URL.
     *
     * @param landingUrl an absolute or root-relative URL; null for the starter's own page
     */
    public void setLandingUrl(@Nullable String landingUrl) {
      this.landingUrl = landingUrl;
    }

    /** {@return how long a connect link stays valid} */
    public Duration getLinkLifetime() {
      return linkLifetime;
    }

    /**
     * Sets how long a connect link stays valid.
     *
     * @param linkLifetime positive
     */
    public void setLinkLifetime(Duration linkLifetime) {
      this.linkLifetime = linkLifetime;
    }
  }

  /** Token encryption settings ({@code cita.tokens.*}). */
  public static class Tokens {
    /**
     * The Tink keyset that encrypts stored OAuth tokens, as cleartext Tink JSON; a secret, so pass
     * it from the environment (CITA_TOKENS_KEYSET) or a secret store, or define a TokenKeyset bean
     * instead (a keyset encrypted under a KMS key).
     */
    private @Nullable String keyset;

    /** Creates the settings with their defaults. */
    public Tokens() {}

    /** {@return the cleartext keyset JSON, or null} */
    public @Nullable String getKeyset() {
      return keyset;
    }

    /**
     * Sets the cleartext keyset JSON.
     *
     * @param keyset Tink JSON, from {@code TokenKeyset.insecureToCleartextJson()}
     */
    public void setKeyset(@Nullable String keyset) {
      this.keyset = keyset;
    }

    @Override
    public String toString() {
      return "Tokens{keyset=" + (keyset == null ? "null" : "[redacted]") + "}";
    }
  }

  /** A provider's OAuth client ({@code cita.google.*}, {@code cita.calcom.*}, ...). */
  public static class OAuthClient {
    /** The OAuth client id; setting it turns this provider's OAuth endpoints on. */
    private @Nullable String clientId;

    /** The OAuth client secret. */
    private @Nullable String clientSecret;

    /**
     * The callback URL registered with the provider; by default
     * {public-base-url}{prefix}/oauth/{provider}/callback.
     */
    private @Nullable String redirectUri;

    /** Creates the settings with their defaults. */
    public OAuthClient() {}

    /** {@return the client id, or null} */
    public @Nullable String getClientId() {
      return clientId;
    }

    /**
     * Sets the client id.
     *
     * @param clientId the id from the provider's developer console
     */
    public void setClientId(@Nullable String clientId) {
      this.clientId = clientId;
    }

    /** {@return the client secret, or null} */
    public @Nullable String getClientSecret() {
      return clientSecret;
    }

    /**
     * Sets the client secret.
     *
     * @param clientSecret the secret from the provider's developer console
     */
    public void setClientSecret(@Nullable String clientSecret) {
      this.clientSecret = clientSecret;
    }

    /** {@return the callback URL, or null for the default} */
    public @Nullable String getRedirectUri() {
      return redirectUri;
    }

    /**
     * Sets the callback URL.
     *
     * @param redirectUri exactly as registered with the provider
     */
    public void setRedirectUri(@Nullable String redirectUri) {
      this.redirectUri = redirectUri;
    }

    @Override
    public String toString() {
      return "OAuthClient{clientId="
          + clientId
          + ", clientSecret="
          + (clientSecret == null ? "null" : "[redacted]")
          + ", redirectUri="
          + redirectUri
          + "}";
    }
  }

  /** Worker settings ({@code cita.workers.*}). */
  public static class Workers {
    /** How long each worker may keep pushing due entries when the application shuts down. */
    private Duration drainTimeout = Duration.ofSeconds(10);

    /** Creates the settings with their defaults. */
    public Workers() {}

    /** {@return how long a worker drains on shutdown} */
    public Duration getDrainTimeout() {
      return drainTimeout;
    }

    /**
     * Sets how long a worker drains on shutdown.
     *
     * @param drainTimeout not negative; zero to stop without draining
     */
    public void setDrainTimeout(Duration drainTimeout) {
      this.drainTimeout = drainTimeout;
    }
  }

  /** Reminder settings ({@code cita.reminders.*}). */
  public static class Reminders {
    /**
     * Tenants whose appointments get reminders; required when a notification channel is defined.
     */
    private List<String> tenants = new ArrayList<>();

    /** Creates the settings with their defaults. */
    public Reminders() {}

    /** {@return the tenant ids that get reminders} */
    public List<String> getTenants() {
      return tenants;
    }

    /**
     * Sets the tenant ids that get reminders.
     *
     * @param tenants tenant ids
     */
    public void setTenants(List<String> tenants) {
      this.tenants = tenants;
    }
  }

  /** Health check settings ({@code cita.health.*}). */
  public static class HealthSettings {
    /** How long the health checks together may take. */
    private Duration timeout = Duration.ofSeconds(2);

    /** Creates the settings with their defaults. */
    public HealthSettings() {}

    /** {@return how long the health checks may take} */
    public Duration getTimeout() {
      return timeout;
    }

    /**
     * Sets how long the health checks may take.
     *
     * @param timeout positive
     */
    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }
  }
}
