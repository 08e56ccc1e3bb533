package dev.cita.scheduling.calendly;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.cita.scheduling.calendly.Fixtures.API;
import static dev.cita.scheduling.calendly.Fixtures.NOW;
import static dev.cita.scheduling.calendly.Fixtures.ORG;
import static dev.cita.scheduling.calendly.Fixtures.TENANT;
import static dev.cita.scheduling.calendly.Fixtures.USER;
import static dev.cita.scheduling.calendly.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.cita.scheduling.calendly.Fixtures.RecordingSleeper;
import dev.cita.scheduling.calendly.model.WebhookSubscription;
import dev.cita.scheduling.memory.InMemoryAuditLog;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.testkit.TestClock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CalendlyWebhookSubscriptionsTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final CalendlyClient client =
      Fixtures.client(
              wm.baseUrl(), new TestClock(NOW), new RecordingSleeper(), new InMemoryAuditLog())
          .build();
  private final InMemorySigningKeyStore keys = new InMemorySigningKeyStore();

  private void stubCalendly() {
    wm.stubFor(
        get(urlEqualTo("/users/me"))
            .willReturn(
                json(
                    200,
                    "{\"resource\":{\"uri\":\""
                        + USER
                        + "\",\"current_organization\":\""
                        + ORG
                        + "\"}}")));
    wm.stubFor(
        post(urlEqualTo("/webhook_subscriptions"))
            .willReturn(
                json(
                    201,
                    "{\"resource\":{\"uri\":\""
                        + API
                        + "/webhook_subscriptions/W1\",\"callback_url\":\"https://app.example/hooks/calendly?tenant=clinic-1\","
                        + "\"state\":\"active\",\"events\":[\"invitee.created\"],\"scope\":\"user\"}}")));
    wm.stubFor(
        delete(urlEqualTo("/webhook_subscriptions/W1")).willReturn(aResponse().withStatus(204)));
  }

  @Test
  void subscribeRegistersTheTenantsUrlWithAFreshKeyAndStoresIt() throws Exception {
    stubCalendly();

    WebhookSubscription sub =
        CalendlyWebhookSubscriptions.of(client, keys)
            .subscribe(
                TENANT,
                "https://app.example/hooks/calendly",
                CalendlyWebhookSubscriptions.Scope.USER);

    JsonNode sent =
        new ObjectMapper()
            .readTree(
                wm.getAllServeEvents().stream()
                    .filter(e -> e.getRequest().getUrl().equals("/webhook_subscriptions"))
                    .findFirst()
                    .orElseThrow()
                    .getRequest()
                    .getBodyAsString());
    assertThat(sent.get("url").asText())
        .isEqualTo("https://app.example/hooks/calendly?tenant=clinic-1");
    assertThat(sent.get("scope").asText()).isEqualTo("user");
    assertThat(sent.get("user").asText()).isEqualTo(USER);
    assertThat(sent.get("organization").asText()).isEqualTo(ORG);
    assertThat(sent.get("events"))
        .extracting(JsonNode::asText)
        .containsExactly(
            "invitee.created",
            "invitee.canceled",
            "invitee_no_show.created",
            "invitee_no_show.deleted");
    String key = sent.get("signing_key").asText();
    assertThat(key).matches("[0-9a-f]{64}"); // 256 bits
    assertThat(keys.signingKeys(TENANT)).containsExactly(key);
    assertThat(sub.uri()).isEqualTo(API + "/webhook_subscriptions/W1");
    assertThat(CalendlyWebhookSubscriptions.newSigningKey())
        .isNotEqualTo(CalendlyWebhookSubscriptions.newSigningKey());
  }

  @Test
  void whenTheKeyCannotBeStoredTheSubscriptionIsDeletedAgain() {
    stubCalendly();
    SigningKeyStore failing =
        new SigningKeyStore() {
          @Override
          public void save(TenantId tenant, String subscriptionUri, String signingKey) {
            throw new IllegalStateException("database down");
          }

          @Override
          public boolean delete(TenantId tenant, String subscriptionUri) {
            return false;
          }

          @Override
          public List<String> signingKeys(TenantId tenant) {
            return List.of();
          }
        };

    Throwable e =
        catchThrowable(
            () ->
                CalendlyWebhookSubscriptions.of(client, failing)
                    .subscribe(
                        TENANT,
                        "https://app.example/hooks/calendly",
                        CalendlyWebhookSubscriptions.Scope.USER));

    assertThat(e).isInstanceOf(IllegalStateException.class);
    wm.verify(1, postRequestedFor(urlEqualTo("/webhook_subscriptions")));
    wm.verify(1, deleteRequestedFor(urlEqualTo("/webhook_subscriptions/W1")));
  }

  @Test
  void unsubscribeDeletesAndForgetsTheKey() {
    stubCalendly();
    keys.save(TENANT, API + "/webhook_subscriptions/W1", "k1");

    CalendlyWebhookSubscriptions.of(client, keys)
        .unsubscribe(TENANT, API + "/webhook_subscriptions/W1");

    assertThat(keys.signingKeys(TENANT)).isEmpty();
    wm.verify(1, deleteRequestedFor(urlEqualTo("/webhook_subscriptions/W1")));
  }

  @Test
  void aPlainHttpCallbackIsRefusedBeforeAnyCall() {
    assertThat(
            catchThrowable(
                () ->
                    CalendlyWebhookSubscriptions.of(client, keys)
                        .subscribe(
                            TENANT,
                            "http://app.example/hooks",
                            CalendlyWebhookSubscriptions.Scope.USER)))
        .isInstanceOf(dev.cita.scheduling.ValidationException.class);
    assertThat(wm.getAllServeEvents()).isEmpty();
  }

  @Test
  void aSubscriptionMadeWhoseAnswerWasLostIsFoundByItsUrlAndKeepsTheKeySent() throws Exception {
    wm.stubFor(
        get(urlEqualTo("/users/me"))
            .willReturn(
                json(
                    200,
                    "{\"resource\":{\"uri\":\""
                        + USER
                        + "\",\"current_organization\":\""
                        + ORG
                        + "\"}}")));
    wm.stubFor(
        post(urlEqualTo("/webhook_subscriptions"))
            .willReturn(
                aResponse()
                    .withFault(
                        com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER)));
    wm.stubFor(
        get(com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(
                "/webhook_subscriptions"))
            .willReturn(
                json(
                    200,
                    "{\"collection\":[{\"uri\":\""
                        + API
                        + "/webhook_subscriptions/W9\","
                        + "\"callback_url\":\"https://app.example/hooks/calendly?tenant=clinic-1\",\"state\":\"active\","
                        + "\"events\":[\"invitee.created\"],\"scope\":\"user\"}],\"pagination\":{\"next_page_token\":null}}")));

    WebhookSubscription sub =
        CalendlyWebhookSubscriptions.of(client, keys)
            .subscribe(
                TENANT,
                "https://app.example/hooks/calendly",
                CalendlyWebhookSubscriptions.Scope.USER);

    String sentKey =
        new ObjectMapper()
            .readTree(
                wm.getAllServeEvents().stream()
                    .filter(e -> e.getRequest().getMethod().getName().equals("POST"))
                    .findFirst()
                    .orElseThrow()
                    .getRequest()
                    .getBodyAsString())
            .get("signing_key")
            .asText();
    assertThat(sub.uri()).isEqualTo(API + "/webhook_subscriptions/W9");
    assertThat(keys.signingKeys(TENANT)).containsExactly(sentKey);
    wm.verify(1, postRequestedFor(urlEqualTo("/webhook_subscriptions")));
  }

  @Test
  void aLostAnswerWithNoSubscriptionMadeFailsAndStoresNothing() {
    wm.stubFor(
        get(urlEqualTo("/users/me"))
            .willReturn(
                json(
                    200,
                    "{\"resource\":{\"uri\":\""
                        + USER
                        + "\",\"current_organization\":\""
                        + ORG
                        + "\"}}")));
    wm.stubFor(
        post(urlEqualTo("/webhook_subscriptions"))
            .willReturn(
                aResponse()
                    .withFault(
                        com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER)));
    wm.stubFor(
        get(com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(
                "/webhook_subscriptions"))
            .willReturn(
                json(200, "{\"collection\":[],\"pagination\":{\"next_page_token\":null}}")));

    Throwable t =
        catchThrowable(
            () ->
                CalendlyWebhookSubscriptions.of(client, keys)
                    .subscribe(
                        TENANT,
                        "https://app.example/hooks/calendly",
                        CalendlyWebhookSubscriptions.Scope.USER));

    assertThat(t).isInstanceOf(dev.cita.scheduling.ProviderException.class);
    assertThat(keys.signingKeys(TENANT)).isEmpty();
  }
}
