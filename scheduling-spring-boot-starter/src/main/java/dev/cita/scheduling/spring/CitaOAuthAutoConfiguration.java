package dev.cita.scheduling.spring;

import dev.cita.scheduling.calcom.CalComClient;
import dev.cita.scheduling.calcom.CalComOAuth;
import dev.cita.scheduling.calendly.CalendlyClient;
import dev.cita.scheduling.calendly.CalendlyConnections;
import dev.cita.scheduling.google.GoogleConfig;
import dev.cita.scheduling.google.GoogleOAuth;
import dev.cita.scheduling.google.GoogleTokenRefresher;
import dev.cita.scheduling.google.GoogleTokenRevoker;
import dev.cita.scheduling.http.OAuthTokenClient;
import dev.cita.scheduling.jdbc.JdbcStores;
import dev.cita.scheduling.observe.Observer;
import dev.cita.scheduling.token.AuthorizationFlow;
import dev.cita.scheduling.token.CredentialManager;
import dev.cita.scheduling.token.CredentialStore;
import dev.cita.scheduling.tokens.EncryptedTokenStore;
import dev.cita.scheduling.tokens.TokenKeyset;
import java.time.Clock;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Encrypted credentials and the OAuth connectors, when OAuth is configured: a {@code
 * cita.tokens.keyset} or a {@link TokenKeyset} bean, or a provider's {@code client-id}. Then the
 * {@link CredentialStore} is an {@link EncryptedTokenStore} over the JDBC token table, the {@link
 * CredentialManager} has the JDBC connection statuses and each configured provider's refresher and
 * revoker ({@link CredentialManagerCustomizer}), and each provider whose module is on the class
 * path and whose {@code cita.<provider>.client-id} is set gets its {@link OAuthConnector}: Google
 * ({@code cita.google.*}, scheduling-google), Cal.com ({@code cita.calcom.*}, scheduling-calcom)
 * and Calendly ({@code cita.calendly.*}, scheduling-calendly). Each bean gives way to the
 * application's own.
 */
@AutoConfiguration(after = CitaAutoConfiguration.class)
@ConditionalOnClass(EncryptedTokenStore.class)
@ConditionalOnBean(JdbcStores.class)
@Conditional(CitaOAuthAutoConfiguration.OAuthConfigured.class)
public class CitaOAuthAutoConfiguration {

  /** Creates the configuration; Spring calls it. */
  public CitaOAuthAutoConfiguration() {}

  /**
   * {@return the credentials, encrypted with the token keyset, in the JDBC token table}
   *
   * @param stores the stores
   * @param keyset the application's keyset, when it defines one
   * @param properties the settings; {@code cita.tokens.keyset} when there is no keyset bean
   * @throws IllegalStateException naming {@code cita.tokens.keyset} when there is no keyset
   */
  @Bean
  @ConditionalOnMissingBean
  public CredentialStore citaCredentialStore(
      JdbcStores stores, ObjectProvider<TokenKeyset> keyset, CitaProperties properties) {
    TokenKeyset tokens = keyset.getIfAvailable();
    if (tokens == null) {
      String json = properties.getTokens().getKeyset();
      if (json == null || json.isBlank()) {
        throw new IllegalStateException(
            "cita.tokens.keyset is required to store OAuth tokens encrypted: set it (from the"
                + " environment, CITA_TOKENS_KEYSET) to the JSON of"
                + " TokenKeyset.generate().insecureToCleartextJson(), or define a TokenKeyset"
                + " bean");
      }
      tokens = TokenKeyset.insecureFromCleartextJson(json);
    }
    return new EncryptedTokenStore(stores.tokens(), tokens);
  }

  /**
   * {@return the credential manager: encrypted credentials, JDBC statuses, each configured
   * provider's refresher and revoker}
   *
   * @param stores the stores
   * @param credentials the credential store
   * @param clock the clock
   * @param observer the observer, when there is one (metrics)
   * @param customizers what the providers and the application add
   */
  @Bean
  @ConditionalOnMissingBean
  public CredentialManager citaCredentialManager(
      JdbcStores stores,
      CredentialStore credentials,
      Clock clock,
      ObjectProvider<Observer> observer,
      ObjectProvider<CredentialManagerCustomizer> customizers) {
    CredentialManager.Builder builder =
        stores
            .configure(CredentialManager.builder())
            .credentialStore(credentials)
            .auditLog(stores.auditLog())
            .clock(clock)
            .observer(observer.getIfAvailable(() -> Observer.NONE));
    customizers.orderedStream().forEach(c -> c.customize(builder));
    return builder.build();
  }

  /**
   * {@return the one-time states of started authorizations, in the JDBC table every node shares}
   *
   * @param stores the stores
   * @param clock the clock
   */
  @Bean
  @ConditionalOnMissingBean
  public AuthorizationFlow citaAuthorizationFlow(JdbcStores stores, Clock clock) {
    return AuthorizationFlow.create(stores.authorizationStates(), clock);
  }

  /** Google Calendar, when scheduling-google is present and {@code cita.google.client-id} set. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(GoogleOAuth.class)
  @ConditionalOnProperty(prefix = "cita.google", name = "client-id")
  public static class Google {
    /** Creates the configuration; Spring calls it. */
    public Google() {}

    /**
     * {@return the OAuth client and Google's endpoints}
     *
     * @param properties the settings
     */
    @Bean
    @ConditionalOnMissingBean
    public GoogleConfig citaGoogleConfig(CitaProperties properties) {
      CitaProperties.OAuthClient client = properties.getGoogle();
      return GoogleConfig.builder()
          .clientId(required(client.getClientId(), "cita.google.client-id"))
          .clientSecret(required(client.getClientSecret(), "cita.google.client-secret"))
          .redirectUri(redirectUri(properties, client, GoogleOAuth.PROVIDER))
          .build();
    }

    /**
     * {@return Google's refresher and revoker, registered with the credential manager}
     *
     * @param config the OAuth client
     * @param clock the clock
     */
    @Bean
    public CredentialManagerCustomizer citaGoogleCredentials(GoogleConfig config, Clock clock) {
      return builder ->
          builder
              .refresher(GoogleOAuth.PROVIDER, GoogleTokenRefresher.create(config, clock))
              .revoker(GoogleOAuth.PROVIDER, GoogleTokenRevoker.create(config));
    }

    /**
     * {@return the Google OAuth flow}
     *
     * @param config the OAuth client
     * @param credentials the credential manager
     * @param stores the stores (authorization states, API log)
     * @param clock the clock
     */
    @Bean
    @ConditionalOnMissingBean
    public GoogleOAuth citaGoogleOAuth(
        GoogleConfig config, CredentialManager credentials, JdbcStores stores, Clock clock) {
      return GoogleOAuth.builder(config)
          .credentialManager(credentials)
          .authorizationStates(stores.authorizationStates())
          .auditLog(stores.auditLog())
          .clock(clock)
          .build();
    }

    /**
     * {@return the endpoints' view of the Google flow}
     *
     * @param oauth the Google OAuth flow
     */
    @Bean
    public OAuthConnector citaGoogleConnector(GoogleOAuth oauth) {
      return OAuthConnector.of(
          GoogleOAuth.PROVIDER,
          "Google Calendar",
          tenant -> oauth.authorizationUrl(tenant).url().toString(),
          (code, state) -> oauth.completeAuthorization(state, code));
    }
  }

  /** Cal.com, when scheduling-calcom is present and {@code cita.calcom.client-id} set. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(CalComOAuth.class)
  @ConditionalOnProperty(prefix = "cita.calcom", name = "client-id")
  public static class CalCom {
    /** Creates the configuration; Spring calls it. */
    public CalCom() {}

    /**
     * {@return the Cal.com OAuth flow}
     *
     * @param properties the settings
     * @param flow the one-time states
     * @param client the application's Cal.com client, if it defines one
     * @param clock the clock
     */
    @Bean
    @ConditionalOnMissingBean
    public CalComOAuth citaCalComOAuth(
        CitaProperties properties,
        AuthorizationFlow flow,
        ObjectProvider<CalComClient> client,
        Clock clock) {
      CitaProperties.OAuthClient settings = properties.getCalcom();
      return CalComOAuth.builder(
              required(settings.getClientId(), "cita.calcom.client-id"),
              required(settings.getClientSecret(), "cita.calcom.client-secret"),
              redirectUri(properties, settings, CalComClient.PROVIDER))
          .flow(flow)
          .client(client.getIfAvailable(() -> CalComClient.builder().build()))
          .clock(clock)
          .build();
    }

    /**
     * {@return Cal.com's refresher, registered with the credential manager}
     *
     * @param oauth the Cal.com OAuth flow
     */
    @Bean
    public CredentialManagerCustomizer citaCalComCredentials(CalComOAuth oauth) {
      return builder -> builder.refresher(CalComClient.PROVIDER, oauth.refresher());
    }

    /**
     * {@return the endpoints' view of the Cal.com flow}
     *
     * @param oauth the Cal.com OAuth flow
     * @param credentials where the credential is stored
     */
    @Bean
    public OAuthConnector citaCalComConnector(CalComOAuth oauth, CredentialManager credentials) {
      return OAuthConnector.of(
          CalComClient.PROVIDER,
          "Cal.com",
          oauth::authorizationUrl,
          (code, state) -> oauth.connect(credentials, code, state));
    }
  }

  /** Calendly, when scheduling-calendly is present and {@code cita.calendly.client-id} set. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(CalendlyConnections.class)
  @ConditionalOnProperty(prefix = "cita.calendly", name = "client-id")
  public static class Calendly {
    /** Creates the configuration; Spring calls it. */
    public Calendly() {}

    /**
     * {@return Calendly's OAuth token client (exchange, refresh, revocation)}
     *
     * @param properties the settings
     * @param clock the clock
     */
    @Bean
    @ConditionalOnMissingBean(name = "citaCalendlyOAuthClient")
    public OAuthTokenClient citaCalendlyOAuthClient(CitaProperties properties, Clock clock) {
      CitaProperties.OAuthClient settings = properties.getCalendly();
      return CalendlyConnections.oauthClient(
              required(settings.getClientId(), "cita.calendly.client-id"),
              required(settings.getClientSecret(), "cita.calendly.client-secret"),
              redirectUri(properties, settings, CalendlyClient.PROVIDER))
          .clock(clock)
          .build();
    }

    /**
     * {@return Calendly's refresher and revoker, registered with the credential manager}
     *
     * @param oauth Calendly's token client
     */
    @Bean
    public CredentialManagerCustomizer citaCalendlyCredentials(
        @Qualifier("citaCalendlyOAuthClient") OAuthTokenClient oauth) {
      return builder ->
          builder
              .refresher(CalendlyClient.PROVIDER, oauth)
              .revoker(CalendlyClient.PROVIDER, oauth.revoker());
    }

    /**
     * {@return the tenants' Calendly connections}
     *
     * @param store the credential store
     * @param credentials the credential manager
     * @param oauth Calendly's token client
     * @param flow the one-time states
     */
    @Bean
    @ConditionalOnMissingBean
    public CalendlyConnections citaCalendlyConnections(
        CredentialStore store,
        CredentialManager credentials,
        @Qualifier("citaCalendlyOAuthClient") OAuthTokenClient oauth,
        AuthorizationFlow flow) {
      return CalendlyConnections.builder(store, credentials).oauth(oauth, flow).build();
    }

    /**
     * {@return the endpoints' view of the Calendly flow}
     *
     * @param connections the tenants' Calendly connections
     */
    @Bean
    public OAuthConnector citaCalendlyConnector(CalendlyConnections connections) {
      return OAuthConnector.of(
          CalendlyClient.PROVIDER,
          "Calendly",
          connections::authorizationUrl,
          (code, state) -> connections.completeAuthorization(code, state).key());
    }
  }

  static String required(@Nullable String value, String property) {
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          property + " is required when its provider's client-id is set");
    }
    return value;
  }

  /**
   * The configured callback URL, or {@code {public-base-url}{prefix}/oauth/{provider}/callback}.
   */
  static String redirectUri(
      CitaProperties properties, CitaProperties.OAuthClient client, String provider) {
    String configured = client.getRedirectUri();
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    String base = properties.getWeb().getPublicBaseUrl();
    if (base == null || base.isBlank()) {
      throw new IllegalStateException(
          "cita.web.public-base-url is required to make the OAuth callback URL of "
              + provider
              + " (or set cita."
              + provider
              + ".redirect-uri)");
    }
    return base.replaceAll("/+$", "")
        + CitaWebAutoConfiguration.prefix(properties)
        + "/oauth/"
        + provider
        + "/callback";
  }

  /** OAuth is configured: a keyset, or a provider's client id. */
  static final class OAuthConfigured extends AnyNestedCondition {
    OAuthConfigured() {
      super(ConfigurationPhase.REGISTER_BEAN);
    }

    @ConditionalOnProperty(prefix = "cita.tokens", name = "keyset")
    static final class KeysetProperty {}

    @ConditionalOnBean(TokenKeyset.class)
    static final class KeysetBean {}

    @ConditionalOnProperty(prefix = "cita.google", name = "client-id")
    static final class GoogleClient {}

    @ConditionalOnProperty(prefix = "cita.calcom", name = "client-id")
    static final class CalComClientId {}

    @ConditionalOnProperty(prefix = "cita.calendly", name = "client-id")
    static final class CalendlyClientId {}
  }
}
