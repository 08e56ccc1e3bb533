package dev.cita.scheduling.calendly;

import static dev.cita.scheduling.calendly.Fixtures.NOW;
import static dev.cita.scheduling.calendly.WebhookFixtures.envelope;
import static dev.cita.scheduling.calendly.WebhookFixtures.hmac;
import static dev.cita.scheduling.calendly.WebhookFixtures.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.cita.scheduling.WebhookVerificationException;
import dev.cita.scheduling.memory.InMemoryTokenStore;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.testkit.TestClock;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.CredentialManager;
import dev.cita.scheduling.token.CredentialStore;
import dev.cita.scheduling.token.OAuthCredential;
import dev.cita.scheduling.tokens.EncryptedTokenStore;
import dev.cita.scheduling.tokens.TokenKeyset;
import dev.cita.scheduling.webhook.WebhookRequest;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, "Calendly webhooks of OAuth-connected tenants": for an OAuth app Calendly generates one
 * webhook signing key for all webhooks related to the app, and signs with it whatever the
 * subscription; a subscription made with a personal access token is signed with the key it was
 * given (developer.calendly.com/api-docs/overview/webhooks/webhook-signatures, "Webhook signing
 * keys for OAuth 2.0" and "... for personal access tokens").
 */
class CalendlyOAuthAppSigningKeyTest {
  private static final String APP_KEY = "app-webhook-signing-key-SECRET-9f8e7d6c5b4a";
  private static final String SUBSCRIPTION_KEY = "subscription-key-SECRET-0a1b2c3d";
  private static final TenantId OAUTH_TENANT = TenantId.of("clinic-oauth");
  private static final TenantId PAT_TENANT = TenantId.of("clinic-pat");
  private static final long T = NOW.getEpochSecond();

  private final TestClock clock = new TestClock(NOW);
  private final CredentialStore store =
      new EncryptedTokenStore(new InMemoryTokenStore(), TokenKeyset.generate());
  private final CalendlyConnections connections =
      CalendlyConnections.builder(
              store,
              CredentialManager.builder()
                  .inMemoryDefaults()
                  .credentialStore(store)
                  .clock(clock)
                  .build())
          .build();
  private final InMemorySigningKeyStore subscriptionKeys = new InMemorySigningKeyStore();
  private final CalendlyWebhookVerifier verifier =
      CalendlyWebhookVerifier.builder(subscriptionKeys)
          .oauthApp(APP_KEY, connections::isOAuth)
          .clock(clock)
          .build();
  private final String body =
      envelope(
          "invitee.created",
          "2026-11-20T11:59:00.000000Z",
          payload(
              "E1",
              "I1",
              "2026-12-01T13:00:00.000000Z",
              "2026-12-01T13:30:00.000000Z",
              "active",
              "2026-11-20T11:59:00.000000Z",
              ",\"rescheduled\":false,\"old_invitee\":null,\"new_invitee\":null"));

  {
    // An OAuth connection has a refresh token; a personal access token has none.
    store.save(
        ConnectionKey.of(
            OAUTH_TENANT, CalendlyClient.PROVIDER, "https://api.calendly.com/users/O1"),
        OAuthCredential.builder(
                CalendlyClient.PROVIDER, "https://api.calendly.com/users/O1", "access-SECRET")
            .refreshToken("refresh-SECRET")
            .expiresAt(NOW.plusSeconds(7200))
            .build());
    store.save(
        ConnectionKey.of(PAT_TENANT, CalendlyClient.PROVIDER, "https://api.calendly.com/users/P1"),
        OAuthCredential.builder(
                CalendlyClient.PROVIDER, "https://api.calendly.com/users/P1", "pat-SECRET")
            .build());
    // Cita stored a key when it subscribed for each tenant; for the OAuth tenant Calendly ignores
    // it.
    subscriptionKeys.save(
        OAUTH_TENANT,
        "https://api.calendly.com/webhook_subscriptions/W-O",
        SUBSCRIPTION_KEY + "-o");
    subscriptionKeys.save(
        PAT_TENANT, "https://api.calendly.com/webhook_subscriptions/W-P", SUBSCRIPTION_KEY);
  }

  private WebhookRequest signedWith(TenantId tenant, String key) {
    return WebhookRequest.builder(
            "POST", "https://app.example/hooks/calendly?tenant=" + tenant.value())
        .header("Calendly-Webhook-Signature", "t=" + T + ",v1=" + hmac(key, T + "." + body))
        .body(body)
        .build();
  }

  @Test
  void aDeliveryForAnOAuthTenantSignedWithTheAppKeyVerifies() {
    assertThat(connections.isOAuth(OAUTH_TENANT)).isTrue();
    assertThatCode(() -> verifier.verify(signedWith(OAUTH_TENANT, APP_KEY)))
        .doesNotThrowAnyException();
  }

  @Test
  void aPersonalTokenTenantStillNeedsItsSubscriptionKey() {
    assertThat(connections.isOAuth(PAT_TENANT)).isFalse();
    assertThat(catchThrowable(() -> verifier.verify(signedWith(PAT_TENANT, APP_KEY))))
        .isInstanceOf(WebhookVerificationException.class)
        .hasMessageContaining("signature does not match");
    assertThatCode(() -> verifier.verify(signedWith(PAT_TENANT, SUBSCRIPTION_KEY)))
        .doesNotThrowAnyException();
  }

  @Test
  void theAppKeyDoesNotVerifyForATenantWithoutAConnection() {
    WebhookRequest unknown = signedWith(TenantId.of("nobody"), APP_KEY);
    assertThat(catchThrowable(() -> verifier.verify(unknown)))
        .isInstanceOf(WebhookVerificationException.class);
  }

  @Test
  void theAppKeyNeverAppearsInToString() {
    assertThat(verifier.toString()).doesNotContain(APP_KEY).contains("oauthApp=true");
  }
}
