package dev.cita.scheduling.calendly;

import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.calendly.model.CalendlyUser;
import dev.cita.scheduling.calendly.model.WebhookSubscription;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.internal.LogSafe;
import dev.cita.scheduling.model.TenantId;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers a tenant's webhook subscription with Calendly: the callback URL gets {@code
 * ?tenant=<id>} so that {@link CalendlyWebhookVerifier} knows whose key to check, and every
 * subscription gets its own 256-bit random signing key, kept in a {@link SigningKeyStore}.
 *
 * <pre>{@code
 * WebhookSubscription sub = subscriptions.subscribe(tenant, "https://app.example/hooks/calendly", Scope.USER);
 * }</pre>
 */
public final class CalendlyWebhookSubscriptions {
  private static final Logger log = LoggerFactory.getLogger(CalendlyWebhookSubscriptions.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Which bookings a subscription hears about. */
  public enum Scope {
    /** Bookings of the connected user. */
    USER("user"),
    /** Bookings of everyone in the organization (needs an admin's connection). */
    ORGANIZATION("organization");

    private final String wire;

    Scope(String wire) {
      this.wire = wire;
    }

    /** {@return Calendly's name for the scope, such as {@code organization}} */
    public String wire() {
      return wire;
    }
  }

  private final CalendlyClient client;
  private final SigningKeyStore keys;
  private final String tenantParameter;

  private CalendlyWebhookSubscriptions(
      CalendlyClient client, SigningKeyStore keys, String tenantParameter) {
    this.client = client;
    this.keys = keys;
    this.tenantParameter = tenantParameter;
  }

  /**
   * Subscriptions whose URLs name the tenant in {@link
   * CalendlyWebhookVerifier#DEFAULT_TENANT_PARAMETER}.
   *
   * @param client the client that calls Calendly for the tenant
   * @param keys where the subscriptions' signing keys are kept
   * @return the subscriptions
   */
  public static CalendlyWebhookSubscriptions of(CalendlyClient client, SigningKeyStore keys) {
    return new CalendlyWebhookSubscriptions(
        Checks.notNull(client, "client"),
        Checks.notNull(keys, "signingKeyStore"),
        CalendlyWebhookVerifier.DEFAULT_TENANT_PARAMETER);
  }

  /**
   * Subscriptions whose URLs name the tenant in the verifier's parameter.
   *
   * @param client the client that calls Calendly for the tenant
   * @param keys where the subscriptions' signing keys are kept
   * @param verifier the verifier that will check the deliveries
   * @return the subscriptions
   */
  public static CalendlyWebhookSubscriptions of(
      CalendlyClient client, SigningKeyStore keys, CalendlyWebhookVerifier verifier) {
    return new CalendlyWebhookSubscriptions(
        Checks.notNull(client, "client"),
        Checks.notNull(keys, "signingKeyStore"),
        Checks.notNull(verifier, "verifier").tenantParameter());
  }

  /**
   * Subscribes to the booking events Cita maps ({@link CalendlyClient#BOOKING_EVENTS}).
   *
   * @param tenant the tenant whose Calendly connection subscribes
   * @param callbackUrl the https URL that reaches the webhook endpoint; the tenant parameter is
   *     added
   * @param scope whose bookings to hear about
   * @return the subscription
   * @throws ValidationException if the URL is not https (or localhost), or Calendly names no
   *     organization for the connected user
   */
  public WebhookSubscription subscribe(TenantId tenant, String callbackUrl, Scope scope) {
    return subscribe(tenant, callbackUrl, scope, CalendlyClient.BOOKING_EVENTS);
  }

  /**
   * Creates a subscription for these events with a fresh signing key, and stores the key. If the
   * key cannot be stored, the subscription is deleted again, since its deliveries could never be
   * verified.
   *
   * @param tenant the tenant whose Calendly connection subscribes
   * @param callbackUrl the https URL that reaches the webhook endpoint; the tenant parameter is
   *     added
   * @param scope whose bookings to hear about
   * @param events the events to hear about, such as {@code invitee.created}
   * @return the subscription
   * @throws ValidationException if the URL is not https (or localhost), or Calendly names no
   *     organization for the connected user
   */
  public WebhookSubscription subscribe(
      TenantId tenant, String callbackUrl, Scope scope, List<String> events) {
    Checks.notNull(tenant, "tenant");
    Checks.notNull(scope, "scope");
    HttpUrl base = HttpUrl.parse(Checks.notBlank(callbackUrl, "callbackUrl"));
    if (base == null || !base.isHttps() && !"localhost".equals(base.host())) {
      throw new ValidationException("callbackUrl", "must be an https URL");
    }
    String url =
        base.newBuilder().setQueryParameter(tenantParameter, tenant.value()).build().toString();
    CalendlyUser me = client.currentUser(tenant);
    if (me.currentOrganization() == null) {
      throw new ValidationException(
          "organization", "Calendly named no organization for the connected user");
    }
    String key = newSigningKey();
    WebhookSubscription created;
    try {
      created =
          client.createWebhookSubscription(
              tenant, url, events, me.currentOrganization(), me.uri(), scope.wire(), key);
    } catch (ProviderException e) {
      // The answer may have been lost after Calendly made the subscription (with this key): look
      // for it by its callback URL (Calendly allows one subscription per URL) and keep the key,
      // instead of leaving a subscription whose deliveries can never be verified.
      if (e.httpStatus().isPresent() && e.httpStatus().getAsInt() < 500) {
        throw e;
      }
      created = findByCallback(tenant, me, scope, url).orElseThrow(() -> e);
      log.info(
          "Calendly subscription {} was made although its answer was lost; keeping its key",
          LogSafe.escape(created.uri()));
    }
    try {
      keys.save(tenant, created.uri(), key);
    } catch (RuntimeException e) {
      try {
        client.deleteWebhookSubscription(tenant, created.uri());
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
        log.warn(
            "Could not delete Calendly subscription {} after failing to store its key",
            LogSafe.escape(created.uri()));
      }
      throw e;
    }
    return created;
  }

  private Optional<WebhookSubscription> findByCallback(
      TenantId tenant, CalendlyUser me, Scope scope, String url) {
    try {
      return client
          .webhookSubscriptions(tenant, me.currentOrganization(), scope.wire(), me.uri())
          .stream()
          .filter(s -> url.equals(s.callbackUrl()))
          .findFirst();
    } catch (ProviderException lookup) {
      return Optional.empty();
    }
  }

  /**
   * The tenant's subscriptions in a scope.
   *
   * @param tenant the tenant whose Calendly connection asks
   * @param scope the scope
   * @return the subscriptions, whoever made them
   */
  public List<WebhookSubscription> list(TenantId tenant, Scope scope) {
    CalendlyUser me = client.currentUser(tenant);
    return client.webhookSubscriptions(
        tenant, me.currentOrganization(), Checks.notNull(scope, "scope").wire(), me.uri());
  }

  /**
   * Deletes a subscription at Calendly and forgets its key.
   *
   * @param tenant the tenant whose Calendly connection made it
   * @param subscriptionUri the subscription's URI
   */
  public void unsubscribe(TenantId tenant, String subscriptionUri) {
    client.deleteWebhookSubscription(tenant, subscriptionUri);
    keys.delete(tenant, subscriptionUri);
  }

  /** 256 random bits, hex. */
  static String newSigningKey() {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    return HexFormat.of().formatHex(raw);
  }

  @Override
  public String toString() {
    return "CalendlyWebhookSubscriptions{" + client + '}';
  }
}
