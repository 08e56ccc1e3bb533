package dev.cita.scheduling.spring;

import dev.cita.scheduling.jdbc.JdbcStores;
import dev.cita.scheduling.token.AuthorizationFlow;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The onboarding links ({@link ConnectLinks}) and, in a servlet web application, the OAuth
 * endpoints ({@link OAuthController}), when at least one {@link OAuthConnector} exists.
 */
@AutoConfiguration(after = CitaOAuthAutoConfiguration.class)
@ConditionalOnClass(UriComponentsBuilder.class)
@ConditionalOnBean({OAuthConnector.class, JdbcStores.class})
public class CitaOAuthWebAutoConfiguration {

  /** Creates the configuration; Spring calls it. */
  public CitaOAuthWebAutoConfiguration() {}

  /**
   * {@return the onboarding links, kept in the JDBC table every node shares}
   *
   * @param stores the stores
   * @param connectors the providers links may be made for
   * @param properties the settings; {@code cita.web.public-base-url} is required
   * @param clock the clock
   * @throws IllegalStateException naming {@code cita.web.public-base-url} when it is not set
   */
  @Bean
  @ConditionalOnMissingBean
  public ConnectLinks citaConnectLinks(
      JdbcStores stores, List<OAuthConnector> connectors, CitaProperties properties, Clock clock) {
    String base = properties.getWeb().getPublicBaseUrl();
    if (base == null || base.isBlank()) {
      throw new IllegalStateException(
          "cita.web.public-base-url is required for connect links: the application's public root"
              + " URL, such as https://app.example");
    }
    return new ConnectLinks(
        stores.connectLinks(),
        base,
        CitaWebAutoConfiguration.prefix(properties),
        connectors.stream().map(OAuthConnector::provider).collect(Collectors.toSet()),
        properties.getWeb().getOauth().getLinkLifetime(),
        clock);
  }

  /** The endpoints, in a servlet web application. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(DispatcherServlet.class)
  public static class Endpoints {
    /** Creates the configuration; Spring calls it. */
    public Endpoints() {}

    /**
     * {@return the start and callback endpoints}
     *
     * @param connectors the configured providers
     * @param links the onboarding links
     * @param flow the one-time states
     * @param stores the stores (the authorization states the connectors share)
     * @param properties the settings ({@code cita.web.oauth.landing-url})
     */
    @Bean
    @ConditionalOnMissingBean
    public OAuthController citaOAuthController(
        List<OAuthConnector> connectors,
        ConnectLinks links,
        AuthorizationFlow flow,
        JdbcStores stores,
        CitaProperties properties) {
      return new OAuthController(
          connectors,
          links,
          flow,
          stores.authorizationStates(),
          properties.getWeb().getOauth().getLandingUrl());
    }
  }
}
