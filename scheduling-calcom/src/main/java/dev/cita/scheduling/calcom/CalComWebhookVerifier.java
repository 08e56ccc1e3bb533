package dev.cita.scheduling.calcom;

import dev.cita.scheduling.WebhookVerificationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.Ids;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.webhook.HmacSignatures;
import dev.cita.scheduling.webhook.WebhookRequest;
import dev.cita.scheduling.webhook.WebhookVerifier;
import java.util.Optional;

/**
 * Verifies Cal.com webhooks per tenant: the tenant comes from the webhook URL Cita registered
 * ({@code ?tenant=<id>}), and {@code X-Cal-Signature-256} must be the hex HMAC-SHA256 of the raw
 * body under that tenant's secret, compared in constant time. The literal {@code
 * no-secret-provided} (Cal.com's header for a webhook without a secret) is refused unless that
 * tenant's {@link WebhookSigning} explicitly allows unsigned delivery. Cal.com sends no timestamp:
 * replays are stopped by the handler's de-duplication. Never logs or reports the signature or the
 * secret.
 */
public final class CalComWebhookVerifier implements WebhookVerifier {
  /** The signature header. */
  public static final String SIGNATURE_HEADER = "X-Cal-Signature-256";

  /** What Cal.com puts in the header when the webhook has no secret. */
  public static final String UNSIGNED = "no-secret-provided";

  /** The query parameter of the webhook URL that names the tenant, unless configured otherwise. */
  public static final String DEFAULT_TENANT_PARAMETER = "tenant";

  private final CalComTenants tenants;
  private final String tenantParameter;

  private CalComWebhookVerifier(CalComTenants tenants, String tenantParameter) {
    this.tenants = Checks.notNull(tenants, "tenants");
    this.tenantParameter = Checks.notBlank(tenantParameter, "tenantParameter");
  }

  /**
   * A verifier reading the tenant from {@code ?tenant=}.
   *
   * @param tenants each tenant's webhook signing
   * @return the verifier, thread-safe
   */
  public static CalComWebhookVerifier create(CalComTenants tenants) {
    return new CalComWebhookVerifier(tenants, DEFAULT_TENANT_PARAMETER);
  }

  /**
   * A verifier reading the tenant from another query parameter of the webhook URL.
   *
   * @param tenants each tenant's webhook signing
   * @param tenantParameter the query parameter, not blank
   * @return the verifier, thread-safe
   */
  public static CalComWebhookVerifier create(CalComTenants tenants, String tenantParameter) {
    return new CalComWebhookVerifier(tenants, tenantParameter);
  }

  /**
   * The tenant named by the request's URL, if any.
   *
   * @throws WebhookVerificationException when the URL names something that is not a valid id (a
   *     newline, a slash…), before the value reaches any log line
   */
  Optional<TenantId> tenantOf(WebhookRequest request) {
    Optional<String> named = request.queryParameter(tenantParameter).filter(s -> !s.isBlank());
    if (named.isPresent() && !Ids.isValid(named.get())) {
      throw reject("the webhook URL names an invalid tenant id");
    }
    return named.map(TenantId::of);
  }

  @Override
  public void verify(WebhookRequest request) {
    Checks.notNull(request, "request");
    TenantId tenant =
        tenantOf(request).orElseThrow(() -> reject("the webhook URL names no tenant"));
    WebhookSigning signing =
        tenants
            .find(tenant)
            .flatMap(CalComTenant::webhookSigning)
            .orElseThrow(
                () -> reject("tenant " + tenant + " has no Cal.com webhook signing configured"));
    String signature = request.header(SIGNATURE_HEADER).map(String::trim).orElse("");
    if (signature.isEmpty()) {
      throw reject("no " + SIGNATURE_HEADER + " header");
    }
    if (signing.allowsUnsigned()) {
      return; // this tenant chose unsigned delivery: nothing to check against
    }
    if (signature.equals(UNSIGNED)) {
      throw reject(
          "unsigned delivery (" + UNSIGNED + ") and tenant " + tenant + " requires a signature");
    }
    byte[] key = signing.secretRevealingKey().orElseThrow();
    String expected = HmacSignatures.hmacSha256Hex(key, request.body());
    if (!HmacSignatures.hexEquals(expected, signature)) {
      throw reject("signature does not match the body for tenant " + tenant);
    }
  }

  private static WebhookVerificationException reject(String reason) {
    return new WebhookVerificationException(CalComClient.PROVIDER, reason);
  }

  @Override
  public String toString() {
    return "CalComWebhookVerifier{tenantParameter=" + tenantParameter + "}";
  }
}
