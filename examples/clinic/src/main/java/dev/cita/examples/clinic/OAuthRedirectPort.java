package dev.cita.examples.clinic;

import org.apache.catalina.connector.Connector;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Listens on the port of the OAuth redirect URI too ({@code clinic.oauth-redirect-port}, 60000 by
 * default), where a business's Google Cloud client already sends the browser back; the same app
 * answers on both ports.
 */
@Component
public class OAuthRedirectPort
    implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {
  private final ClinicProperties properties;

  /**
   * Creates the customizer.
   *
   * @param properties the demo's settings
   */
  public OAuthRedirectPort(ClinicProperties properties) {
    this.properties = properties;
  }

  @Override
  public void customize(TomcatServletWebServerFactory factory) {
    int port = properties.getOauthRedirectPort();
    if (port > 0 && port != factory.getPort()) {
      Connector connector = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
      connector.setPort(port);
      factory.addAdditionalConnectors(connector);
    }
  }
}
