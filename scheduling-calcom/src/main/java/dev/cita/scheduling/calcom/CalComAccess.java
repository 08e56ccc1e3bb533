package dev.cita.scheduling.calcom;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TenantId;
import java.util.function.Supplier;
import okhttp3.HttpUrl;

/**
 * Who a {@link CalComClient} call is for: the tenant (branch) it is logged under, the Cal.com API
 * root of that tenant (Cal.com's cloud or a self-hosted instance), and where the bearer token
 * comes from (an OAuth access token through {@code CredentialManager}, or an API key). The token is
 * asked for on every call, so a refreshed one is used as soon as it exists. {@link #toString()}
 * shows no token.
 */
public final class CalComAccess {
  private final TenantId tenant;
  private final HttpUrl baseUrl;
  private final Supplier<String> bearerToken;

  private CalComAccess(TenantId tenant, HttpUrl baseUrl, Supplier<String> bearerToken) {
    this.tenant = Checks.notNull(tenant, "access.tenant");
    this.baseUrl = baseUrl;
    this.bearerToken = Checks.notNull(bearerToken, "access.bearerToken");
  }

  /**
   * Access for {@code tenant} at {@code baseUrl} (for example {@code https://api.cal.com/}), with
   * the token {@code bearerToken} hands out at call time.
   */
  public static CalComAccess of(TenantId tenant, String baseUrl, Supplier<String> bearerToken) {
    return new CalComAccess(tenant, parseBaseUrl(baseUrl, "access.baseUrl"), bearerToken);
  }

  /** Parses an API root and makes sure it ends with a slash, so {@code v2/...} resolves under it. */
  static HttpUrl parseBaseUrl(String baseUrl, String field) {
    HttpUrl parsed = HttpUrl.parse(Checks.notBlank(baseUrl, field));
    if (parsed == null) {
      throw new ValidationException(field, "is not an http(s) URL");
    }
    if (parsed.query() != null) {
      throw new ValidationException(field, "must not have a query string");
    }
    String path = parsed.encodedPath();
    return path.endsWith("/") ? parsed : parsed.newBuilder().encodedPath(path + "/").build();
  }

  public TenantId tenant() {
    return tenant;
  }

  /** The API root, ending with a slash. */
  public HttpUrl baseUrl() {
    return baseUrl;
  }

  /** The bearer token for one call; secret, never log it. */
  String bearerTokenRevealingSecret() {
    return Checks.notBlank(bearerToken.get(), "access.bearerToken");
  }

  @Override
  public String toString() {
    return "CalComAccess{tenant=" + tenant + ", baseUrl=" + baseUrl + ", token=[redacted]}";
  }
}
