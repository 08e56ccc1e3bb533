package dev.cita.scheduling.spring;

import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.token.ConnectionKey;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One provider's OAuth flow as the endpoints {@code {prefix}/oauth/{provider}/start} and {@code
 * /callback} use it: the consent URL for a tenant, and the completion of a callback. The starter
 * defines one for Google, Cal.com and Calendly when they are configured; define your own bean for
 * another provider (its callback URL is then {@code {prefix}/oauth/{provider}/callback}).
 */
public interface OAuthConnector {
  /** {@return the provider id in the endpoints' paths, such as {@code "google"}} */
  String provider();

  /** {@return the provider's name as shown to the business owner, such as "Google Calendar"} */
  String displayName();

  /**
   * Starts an authorization: a one-time state bound to {@code tenant} is stored and the provider's
   * consent URL returned.
   *
   * @param tenant the tenant that connects its account
   * @return the absolute consent URL, with the state and the redirect URI
   */
  String authorizationUrl(TenantId tenant);

  /**
   * Completes an authorization from the callback: accepts the state once, exchanges the code and
   * stores the credential (encrypted), marking the connection connected.
   *
   * @param code the callback's {@code code} parameter
   * @param state the callback's {@code state} parameter
   * @return the new connection
   */
  ConnectionKey complete(String code, String state);

  /**
   * A connector from functions.
   *
   * @param provider the provider id
   * @param displayName the name shown to the business owner
   * @param authorizationUrl makes the consent URL of a tenant
   * @param complete completes a callback, given its code and then its state
   * @return the connector
   */
  static OAuthConnector of(
      String provider,
      String displayName,
      Function<TenantId, String> authorizationUrl,
      BiFunction<String, String, ConnectionKey> complete) {
    return new OAuthConnector() {
      @Override
      public String provider() {
        return provider;
      }

      @Override
      public String displayName() {
        return displayName;
      }

      @Override
      public String authorizationUrl(TenantId tenant) {
        return authorizationUrl.apply(tenant);
      }

      @Override
      public ConnectionKey complete(String code, String state) {
        return complete.apply(code, state);
      }

      @Override
      public String toString() {
        return "OAuthConnector{" + provider + "}";
      }
    };
  }
}
