package dev.cita.scheduling.google;

import com.google.api.client.http.GenericUrl;
import com.google.api.client.http.UrlEncodedContent;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.google.internal.GoogleHttp;
import dev.cita.scheduling.google.internal.TokenErrors;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.token.OAuthCredential;
import dev.cita.scheduling.token.TokenRevoker;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Revokes a tenant's Google grant when it disconnects; register it with {@code
 * CredentialManager.builder().revoker("google", GoogleTokenRevoker.create(config))}, which {@link
 * GoogleOAuth} requires. One attempt per call, on the configured timeouts: the manager keeps the
 * connection {@code REVOKING} and retries while Google cannot be reached.
 *
 * <p>The request is the one Google documents ("Revoking a token", Using OAuth 2.0 for Web Server
 * Applications): {@code POST} to the revoke endpoint ({@code https://oauth2.googleapis.com/revoke}
 * by default) with the form {@code token=...}, sent as {@code application/x-www-form-urlencoded}.
 * The refresh token is sent when there is one, which ends the access tokens issued from it too.
 * Google answers 200 when it revoked the grant, and 400 {@code invalid_token} when the token had
 * expired or was revoked already: both count as revoked.
 */
public final class GoogleTokenRevoker implements TokenRevoker {
  private static final Logger log = LoggerFactory.getLogger(GoogleTokenRevoker.class);

  private final GenericUrl revokeUrl;
  private final GoogleHttp http;

  private GoogleTokenRevoker(GoogleConfig config) {
    this.revokeUrl = new GenericUrl(config.revokeUri());
    this.http = new GoogleHttp(config);
  }

  /**
   * A revoker for the configured revoke endpoint and timeouts.
   *
   * @param config the Google configuration
   * @return the revoker, thread-safe
   * @throws dev.cita.scheduling.ValidationException if {@code config} is missing
   */
  public static GoogleTokenRevoker create(GoogleConfig config) {
    return new GoogleTokenRevoker(Checks.notNull(config, "config"));
  }

  /**
   * Revokes the credential's refresh token (or, without one, its access token) at Google.
   *
   * @param credential the stored Google credential
   * @return true: Google revoked it, or says it was no longer valid ({@code invalid_token})
   * @throws ProviderException when Google could not be reached (retryable, as are 408, 429 and 5xx)
   *     or refused otherwise; its message carries no token
   */
  @Override
  public boolean revoke(OAuthCredential credential) {
    Checks.notNull(credential, "credential");
    String token = credential.refreshToken().orElse(credential.accessToken());
    try {
      http.requestFactory()
          .buildPostRequest(revokeUrl, new UrlEncodedContent(Map.of("token", token)))
          .execute()
          .disconnect();
      return true;
    } catch (IOException e) {
      RuntimeException failure = TokenErrors.of("token revocation", e, http.json(), false);
      if (failure instanceof ProviderException p
          && p.httpStatus().orElse(0) == 400
          && p.providerCode().filter("invalid_token"::equals).isPresent()) {
        log.info("Google says the grant was already revoked or had expired (invalid_token)");
        return true;
      }
      throw failure;
    }
  }

  @Override
  public String toString() {
    return "GoogleTokenRevoker{revokeUri=" + revokeUrl + "}";
  }
}
