package dev.cita.scheduling.google;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.UserCredentials;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.google.internal.GoogleHttp;
import dev.cita.scheduling.google.internal.TokenErrors;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.token.OAuthCredential;
import dev.cita.scheduling.token.TokenRefresher;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Refreshes Google access tokens with google-auth's {@link UserCredentials} against the configured
 * token endpoint; register it with {@code CredentialManager.builder().refresher("google", ...)}.
 * One attempt per call (the manager retries); {@code invalid_grant} becomes {@link
 * dev.cita.scheduling.token.InvalidGrantException}, so the connection is marked {@code
 * NEEDS_REAUTHORIZATION}.
 */
public final class GoogleTokenRefresher implements TokenRefresher {
  private final GoogleConfig config;
  private final GoogleHttp http;
  private final Clock clock;

  private GoogleTokenRefresher(GoogleConfig config, Clock clock) {
    this.config = Checks.notNull(config, "config");
    this.clock = Checks.notNull(clock, "clock");
    this.http = new GoogleHttp(config);
  }

  /**
   * A refresher for the configured OAuth client.
   *
   * @param config the OAuth client and token endpoint
   * @param clock what the new token's expiry is computed from
   * @return the refresher, thread-safe
   */
  public static GoogleTokenRefresher create(GoogleConfig config, Clock clock) {
    return new GoogleTokenRefresher(config, clock);
  }

  @Override
  public OAuthCredential refresh(OAuthCredential current) {
    Checks.notNull(current, "credential");
    String refreshToken =
        current
            .refreshToken()
            .orElseThrow(
                () ->
                    new ProviderException(
                        GoogleOAuth.PROVIDER,
                        0,
                        null,
                        null,
                        false,
                        "the credential has no refresh token",
                        null));
    UserCredentials user =
        UserCredentials.newBuilder()
            .setClientId(config.clientId())
            .setClientSecret(config.clientSecret())
            .setRefreshToken(refreshToken)
            .setTokenServerUri(config.tokenUri())
            .setHttpTransportFactory(http.transportFactory())
            .build();
    AccessToken token;
    try {
      token = user.refreshAccessToken();
    } catch (IOException e) {
      throw TokenErrors.of("token refresh", e, http.json(), true);
    }
    OAuthCredential.Builder fresh =
        current.toBuilder()
            .accessToken(token.getTokenValue())
            .expiresAt(
                token.getExpirationTime() == null
                    ? null
                    : TokenErrors.expiry(token.getExpirationTime(), clock));
    if (user.getRefreshToken() != null && !user.getRefreshToken().isBlank()) {
      fresh.refreshToken(user.getRefreshToken());
    }
    if (token.getScopes() != null && !token.getScopes().isEmpty()) {
      Set<String> scopes = new LinkedHashSet<>(token.getScopes());
      fresh.scopes(scopes);
    }
    return fresh.build();
  }

  @Override
  public String toString() {
    return "GoogleTokenRefresher{tokenUri=" + config.tokenUri() + "}";
  }
}
