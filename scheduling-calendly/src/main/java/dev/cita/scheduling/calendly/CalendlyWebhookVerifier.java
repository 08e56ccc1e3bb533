package dev.cita.scheduling.calendly;

import dev.cita.scheduling.WebhookVerificationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.Ids;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.webhook.HmacSignatures;
import dev.cita.scheduling.webhook.WebhookRequest;
import dev.cita.scheduling.webhook.WebhookVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Verifies Calendly's {@code Calendly-Webhook-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>…]}:
 * each {@code v1} may be {@code hex(HMAC-SHA256(key, t + "." + raw body))} under any signing key of
 * the tenant the webhook URL names ({@code ?tenant=…}), compared in constant time, and {@code t}
 * must lie within the tolerance of the clock (3 minutes by default) either way. Rejections name the
 * reason, never a key, signature or body.
 *
 * <p>Calendly signs every webhook of an OAuth app with the app's one signing key, generated when
 * the app was created (developer.calendly.com, "Webhook signatures"); a subscription made with a
 * personal access token is signed with the key it was created with. So a tenant connected through
 * OAuth is also accepted under {@link Builder#oauthApp the app's key}, and a tenant connected with
 * a personal access token only under its subscriptions' keys.
 *
 * <pre>{@code
 * CalendlyWebhookVerifier verifier = CalendlyWebhookVerifier.builder(signingKeyStore)
 *     .oauthApp(appWebhookSigningKey, connections::isOAuth)
 *     .tolerance(Duration.ofMinutes(3)).clock(clock).build();
 * }</pre>
 */
public final class CalendlyWebhookVerifier implements WebhookVerifier {
  /** The signature header. */
  public static final String HEADER = "Calendly-Webhook-Signature";

  /** The query parameter of the registered webhook URL that names the tenant. */
  public static final String DEFAULT_TENANT_PARAMETER = "tenant";

  /** How far the signed timestamp may be from now, unless configured otherwise. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(3);

  private final SigningKeys keys;
  private final Duration tolerance;
  private final Clock clock;
  private final String tenantParameter;
  private final @Nullable String appKey;
  private final Predicate<TenantId> oauthTenant;

  private CalendlyWebhookVerifier(Builder b) {
    this.keys = b.keys;
    this.appKey = b.appKey;
    this.oauthTenant = b.oauthTenant;
    this.tolerance = b.tolerance;
    this.clock = b.clock;
    this.tenantParameter = b.tenantParameter;
  }

  /**
   * Starts a verifier that checks deliveries against the tenants' subscription keys.
   *
   * @param keys each tenant's signing keys, normally the {@link SigningKeyStore} that {@link
   *     CalendlyWebhookSubscriptions} fills
   * @return a builder; every other setting has a default
   */
  public static Builder builder(SigningKeys keys) {
    return new Builder(Checks.notNull(keys, "signingKeys"));
  }

  /** The tenant a request's URL names, as registered with Calendly. */
  TenantId tenantOf(WebhookRequest request) {
    String value = request.queryParameter(tenantParameter).orElse("");
    if (value.isBlank()) {
      throw reject("the webhook URL names no tenant (query parameter '" + tenantParameter + "')");
    }
    if (!Ids.isValid(value)) {
      throw reject(
          "the webhook URL names an invalid tenant id"); // refused before it reaches a log line
    }
    return TenantId.of(value);
  }

  String tenantParameter() {
    return tenantParameter;
  }

  @Override
  public void verify(WebhookRequest request) {
    Checks.notNull(request, "request");
    TenantId tenant = tenantOf(request);
    String header = request.header(HEADER).orElseThrow(() -> reject("no " + HEADER + " header"));
    long timestamp = -1;
    List<String> signatures = new ArrayList<>();
    for (String part : header.split(",")) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw reject("malformed " + HEADER + " header");
      }
      String name = part.substring(0, eq).strip();
      String value = part.substring(eq + 1).strip();
      if (name.equals("t")) {
        if (timestamp >= 0
            || value.isEmpty()
            || value.length() > 12
            || !value.chars().allMatch(Character::isDigit)) {
          throw reject("malformed " + HEADER + " timestamp");
        }
        timestamp = Long.parseLong(value);
      } else if (name.equals("v1") && !value.isEmpty()) {
        signatures.add(value);
      }
    }
    if (timestamp < 0 || signatures.isEmpty()) {
      throw reject("malformed " + HEADER + " header (needs t and at least one v1)");
    }
    Duration age = Duration.between(Instant.ofEpochSecond(timestamp), clock.instant()).abs();
    if (age.compareTo(tolerance) > 0) {
      throw reject("timestamp outside the tolerance of " + tolerance);
    }
    List<String> tenantKeys = keysOf(tenant);
    if (tenantKeys.isEmpty()) {
      throw reject("no signing key is configured for this tenant");
    }
    byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.US_ASCII);
    byte[] body = request.body();
    boolean valid = false;
    for (String key : tenantKeys) {
      String expected = HmacSignatures.hmacSha256Hex(HmacSignatures.utf8(key), prefix, body);
      for (String candidate : signatures) {
        // Every comparison runs, so timing does not tell which key or value matched.
        valid |= HmacSignatures.hexEquals(expected, candidate);
      }
    }
    if (!valid) {
      throw reject("signature does not match");
    }
  }

  /**
   * The tenant's subscription keys, plus the OAuth app's key when the tenant connected through
   * OAuth.
   */
  private List<String> keysOf(TenantId tenant) {
    List<String> all = new ArrayList<>();
    List<String> own = keys.signingKeys(tenant);
    if (own != null) {
      all.addAll(own);
    }
    if (appKey != null && oauthTenant.test(tenant)) {
      all.add(appKey);
    }
    return all;
  }

  private static WebhookVerificationException reject(String reason) {
    return new WebhookVerificationException(CalendlyClient.PROVIDER, reason);
  }

  @Override
  public String toString() {
    return "CalendlyWebhookVerifier{tolerance="
        + tolerance
        + ", tenantParameter="
        + tenantParameter
        + ", oauthApp="
        + (appKey != null)
        + '}';
  }

  /** Collects a {@link CalendlyWebhookVerifier}. */
  public static final class Builder {
    private final SigningKeys keys;
    private Duration tolerance = DEFAULT_TOLERANCE;
    private Clock clock = Clock.systemUTC();
    private String tenantParameter = DEFAULT_TENANT_PARAMETER;
    private @Nullable String appKey;
    private Predicate<TenantId> oauthTenant = t -> false;

    private Builder(SigningKeys keys) {
      this.keys = keys;
    }

    /**
     * The OAuth app's webhook signing key (shown once when the app is created in Calendly's
     * developer portal), accepted for the tenants {@code connectedThroughOAuth} names — normally
     * {@link CalendlyConnections#isOAuth}. Tenants connected with a personal access token still
     * need their subscriptions' keys.
     *
     * @param appSigningKey the OAuth app's webhook signing key
     * @param connectedThroughOAuth true for the tenants connected through the OAuth app
     * @return this builder
     */
    public Builder oauthApp(String appSigningKey, Predicate<TenantId> connectedThroughOAuth) {
      this.appKey = Checks.notBlank(appSigningKey, "appSigningKey");
      this.oauthTenant = Checks.notNull(connectedThroughOAuth, "connectedThroughOAuth");
      return this;
    }

    /**
     * How far the signed timestamp may be from now, before or after; default 3 minutes.
     *
     * @param tolerance a positive duration
     * @return this builder
     */
    public Builder tolerance(Duration tolerance) {
      this.tolerance = Checks.positive(tolerance, "tolerance");
      return this;
    }

    /**
     * Sets the clock the signed timestamp is compared with.
     *
     * @param clock the clock; {@link Clock#systemUTC()} if not set
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    /**
     * The query parameter naming the tenant in the registered webhook URL; default {@code tenant}.
     *
     * @param name the parameter's name, not blank
     * @return this builder
     */
    public Builder tenantParameter(String name) {
      this.tenantParameter = Checks.notBlank(name, "tenantParameter");
      return this;
    }

    /** {@return the verifier, thread-safe} */
    public CalendlyWebhookVerifier build() {
      return new CalendlyWebhookVerifier(this);
    }
  }
}
