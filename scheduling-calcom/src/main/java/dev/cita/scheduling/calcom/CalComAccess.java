package dev.cita.scheduling.calcom;

import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.http.BaseUrlPolicy;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.CredentialManager;
import dev.cita.scheduling.token.OAuthCredential;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who a {@link CalComClient} call is for: the tenant (branch) it is logged under, the Cal.com API
 * root of that tenant (Cal.com's cloud or a self-hosted instance), and where the bearer token comes
 * from (an OAuth access token through {@code CredentialManager}, or an API key). The token is asked
 * for on every call, so a refreshed one is used as soon as it exists. {@link #toString()} shows no
 * token.
 */
public final class CalComAccess {
  private static final Logger log = LoggerFactory.getLogger(CalComAccess.class);
  private final TenantId tenant;
  private final HttpUrl baseUrl;
  private final Supplier<String> bearerToken;
  private final Rejections rejections;

  /** What to do when Cal.com refuses a token with 401: the token to retry with, or an exception. */
  @FunctionalInterface
  interface Rejections {
    String tokenAfter(String rejectedToken, ProviderException refusal);
  }

  private CalComAccess(
      TenantId tenant, HttpUrl baseUrl, Supplier<String> bearerToken, Rejections rejections) {
    this.tenant = Checks.notNull(tenant, "access.tenant");
    this.baseUrl = baseUrl;
    this.bearerToken = Checks.notNull(bearerToken, "access.bearerToken");
    this.rejections = rejections;
  }

  /**
   * Access for {@code tenant} at {@code baseUrl} (for example {@code https://api.cal.com/}), with
   * the token {@code bearerToken} hands out at call time. A 401 is simply thrown.
   *
   * @param tenant the tenant the calls are logged under
   * @param baseUrl a public https API root
   * @param bearerToken hands out the token (an API key or an access token) at call time
   * @return the access
   * @throws dev.cita.scheduling.ValidationException if the base URL is not a public https URL
   */
  public static CalComAccess of(TenantId tenant, String baseUrl, Supplier<String> bearerToken) {
    return of(tenant, baseUrl, BaseUrlPolicy.publicHttps(), bearerToken);
  }

  /**
   * As {@link #of(TenantId, String, Supplier)}, with {@code baseUrl} checked against {@code policy}
   * instead of the default {@link BaseUrlPolicy#publicHttps()} (a self-hosted Cal.com on a private
   * network, or a local mock in tests).
   *
   * @param tenant the tenant the calls are logged under
   * @param baseUrl the API root
   * @param policy which API roots are allowed
   * @param bearerToken hands out the token (an API key or an access token) at call time
   * @return the access
   * @throws dev.cita.scheduling.ValidationException if the policy refuses the base URL
   */
  public static CalComAccess of(
      TenantId tenant, String baseUrl, BaseUrlPolicy policy, Supplier<String> bearerToken) {
    return new CalComAccess(
        tenant,
        parseBaseUrl(baseUrl, policy, "access.baseUrl"),
        bearerToken,
        (token, refusal) -> {
          throw refusal;
        });
  }

  /**
   * Access through {@code connection}'s credential in {@code credentials}. When Cal.com refuses a
   * token with 401: an OAuth access token is refreshed once through {@link
   * CredentialManager#refreshRejected} (concurrent callers share that refresh) and the call is
   * retried once with the new token; an API key (a credential without a refresh token) marks the
   * connection {@code REVOKED} and the call fails with a non-retryable {@link ProviderException}.
   *
   * @param tenant the tenant the calls are logged under
   * @param baseUrl a public https API root
   * @param credentials the manager that holds the connection's credential
   * @param connection the tenant's Cal.com connection
   * @return the access
   * @throws dev.cita.scheduling.ValidationException if the base URL is not a public https URL
   */
  public static CalComAccess of(
      TenantId tenant, String baseUrl, CredentialManager credentials, ConnectionKey connection) {
    return of(tenant, baseUrl, BaseUrlPolicy.publicHttps(), credentials, connection);
  }

  /**
   * As {@link #of(TenantId, String, CredentialManager, ConnectionKey)}, with {@code baseUrl}
   * checked against {@code policy} instead of the default {@link BaseUrlPolicy#publicHttps()}.
   *
   * @param tenant the tenant the calls are logged under
   * @param baseUrl the API root
   * @param policy which API roots are allowed
   * @param credentials the manager that holds the connection's credential
   * @param connection the tenant's Cal.com connection
   * @return the access
   * @throws dev.cita.scheduling.ValidationException if the policy refuses the base URL
   */
  public static CalComAccess of(
      TenantId tenant,
      String baseUrl,
      BaseUrlPolicy policy,
      CredentialManager credentials,
      ConnectionKey connection) {
    Checks.notNull(credentials, "credentials");
    Checks.notNull(connection, "connection");
    return new CalComAccess(
        tenant,
        parseBaseUrl(baseUrl, policy, "access.baseUrl"),
        () -> credentials.accessToken(connection),
        (rejected, refusal) -> tokenAfterRejection(credentials, connection, rejected, refusal));
  }

  private static String tokenAfterRejection(
      CredentialManager credentials,
      ConnectionKey connection,
      String rejected,
      ProviderException refusal) {
    OAuthCredential current = credentials.credential(connection);
    if (!current.accessToken().equals(rejected)) {
      return current
          .accessToken(); // replaced meanwhile (refreshed or connected again): try that one
    }
    if (current.refreshToken().isPresent()) {
      return credentials.refreshRejected(connection, rejected).accessToken();
    }
    String reason = "Cal.com refused the API key (HTTP 401)";
    credentials.markRevoked(connection, reason);
    log.warn("connection {} is marked revoked: {}", connection, reason);
    throw new ProviderException(
        CalComClient.PROVIDER,
        401,
        refusal.providerCode().orElse(null),
        refusal.requestId().orElse(null),
        false,
        reason
            + " for "
            + connection
            + "; the connection is marked revoked and must be connected again",
        refusal);
  }

  /**
   * Checks an API root against {@code policy} (https, no user info, no private or link-local
   * address unless allowed) and makes sure it ends with a slash, so {@code v2/...} resolves under
   * it.
   */
  static HttpUrl parseBaseUrl(String baseUrl, BaseUrlPolicy policy, String field) {
    HttpUrl parsed = Checks.notNull(policy, "baseUrlPolicy").check(baseUrl, field);
    String path = parsed.encodedPath();
    return path.endsWith("/") ? parsed : parsed.newBuilder().encodedPath(path + "/").build();
  }

  /** {@return the tenant the calls are logged under} */
  public TenantId tenant() {
    return tenant;
  }

  /** {@return the API root, ending with a slash} */
  public HttpUrl baseUrl() {
    return baseUrl;
  }

  /** The bearer token for one call; secret, never log it. */
  String bearerTokenRevealingSecret() {
    return Checks.notBlank(bearerToken.get(), "access.bearerToken");
  }

  /**
   * The token to retry with after Cal.com refused {@code rejectedToken} with 401, or the refusal.
   */
  String tokenAfterRejection(String rejectedToken, ProviderException refusal) {
    return Checks.notBlank(rejections.tokenAfter(rejectedToken, refusal), "access.bearerToken");
  }

  @Override
  public String toString() {
    return "CalComAccess{tenant=" + tenant + ", baseUrl=" + baseUrl + ", token=[redacted]}";
  }
}
