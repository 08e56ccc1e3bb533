package dev.cita.scheduling.microsoft;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.NotFoundException;
import dev.cita.scheduling.ReauthorizationRequiredException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.ConnectionStatus;
import dev.cita.scheduling.token.OAuthCredential;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

class MicrosoftOAuthTest extends MicrosoftTestSupport {
  private static final String TOKEN = "/login/organizations/oauth2/v2.0/token";

  /**
   * learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow, "Successful response"
   * (redeem a code / refresh the access token): Graph scopes come back with the resource prefix.
   */
  private static String tokens(String access, String refresh, String scope) {
    return "{\"token_type\":\"Bearer\",\"scope\":\""
        + scope
        + "\",\"expires_in\":3599,\"ext_expires_in\":3599,\"access_token\":\""
        + access
        + "\",\"refresh_token\":\""
        + refresh
        + "\"}";
  }

  private static final String GRANTED =
      "https://graph.microsoft.com/Calendars.ReadWrite https://graph.microsoft.com/User.Read";

  /** learn.microsoft.com/graph/api/user-get, "Example 1: Standard users request". */
  private static final String ME =
      "{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#users(id,mail,userPrincipalName)/$entity\","
          + "\"id\":\""
          + USER_ID
          + "\",\"mail\":\"ana@clinica.cl\",\"userPrincipalName\":\"ana@clinica.onmicrosoft.com\"}";

  /** The query parameters of a URL, each once, decoded. */
  private static Map<String, String> query(String url) {
    HttpUrl parsed = HttpUrl.get(url);
    Map<String, String> out = new HashMap<>();
    parsed.queryParameterNames().forEach(n -> out.put(n, parsed.queryParameter(n)));
    return out;
  }

  @Test
  void theConsentUrlAsksTheOrganizationsAuthorityWithPkceAndTheThreeScopes() {
    String url = oauth.authorizationUrl(CLINIC, "ana@clinica.cl");

    // learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow, "Request an
    // authorization code": client_id, response_type=code, redirect_uri, scope, state,
    // code_challenge + code_challenge_method=S256, response_mode=query, login_hint.
    assertThat(URI.create(url).getPath()).isEqualTo("/login/organizations/oauth2/v2.0/authorize");
    Map<String, String> q = query(url);
    assertThat(q)
        .containsEntry("client_id", CLIENT_ID)
        .containsEntry("response_type", "code")
        .containsEntry("redirect_uri", "https://app.example/oauth/microsoft")
        .containsEntry("scope", "offline_access Calendars.ReadWrite User.Read")
        .containsEntry("code_challenge_method", "S256")
        .containsEntry("response_mode", "query")
        .containsEntry("login_hint", "ana@clinica.cl")
        .containsKeys("state", "code_challenge");
    assertThat(url).doesNotContain(CLIENT_SECRET);
  }

  @Test
  void anotherAuthorityIsUsedForBothEndpoints() {
    MicrosoftOAuth common =
        MicrosoftOAuth.builder(CLIENT_ID, CLIENT_SECRET, "https://app.example/oauth/microsoft")
            .loginUrl(ms.baseUrl() + "/login")
            .baseUrlPolicy(LOCAL_MOCK)
            .authority("common")
            .flow(
                dev.cita.scheduling.token.AuthorizationFlow.create(
                    new dev.cita.scheduling.memory.InMemoryAuthorizationStateStore(clock), clock))
            .build();

    assertThat(URI.create(common.authorizationUrl(CLINIC)).getPath())
        .isEqualTo("/login/common/oauth2/v2.0/authorize");
    assertThatThrownBy(
            () ->
                MicrosoftOAuth.builder(CLIENT_ID, CLIENT_SECRET, "https://app.example/cb")
                    .authority("common/../evil")
                    .flow(
                        dev.cita.scheduling.token.AuthorizationFlow.create(
                            new dev.cita.scheduling.memory.InMemoryAuthorizationStateStore(clock),
                            clock))
                    .build())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("microsoftOAuth.authority");
  }

  @Test
  void theCodeIsExchangedWithTheVerifierAndTheAccountReadFromMe() {
    String state = query(oauth.authorizationUrl(CLINIC)).get("state");
    ms.stubFor(post(urlEqualTo(TOKEN)).willReturn(okJson(tokens(ACCESS, REFRESH, GRANTED))));
    ms.stubFor(get(urlPathEqualTo("/v1.0/me")).willReturn(okJson(ME)));

    ConnectionKey key = oauth.connect(graph, "M.C105_BAY.2.U.code", state);

    assertThat(key).isEqualTo(CONNECTION);
    ms.verify(
        postRequestedFor(urlEqualTo(TOKEN))
            .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
            .withRequestBody(containing("grant_type=authorization_code"))
            .withRequestBody(containing("code=M.C105_BAY.2.U.code"))
            .withRequestBody(containing("code_verifier="))
            .withRequestBody(containing("client_id=" + CLIENT_ID))
            .withRequestBody(containing("client_secret=")));
    ms.verify(
        getRequestedFor(urlEqualTo("/v1.0/me?$select=id,mail,userPrincipalName"))
            .withHeader("Authorization", equalTo("Bearer " + ACCESS)));
    OAuthCredential stored = credentials.credential(CONNECTION);
    assertThat(stored.accountEmail()).hasValue("ana@clinica.cl");
    assertThat(stored.refreshToken()).hasValue(REFRESH);
    assertThat(stored.expiresAt()).hasValue(T0.plusSeconds(3599));
    assertThat(credentials.status(CONNECTION).status()).isEqualTo(ConnectionStatus.CONNECTED);
  }

  @Test
  void aGrantWithoutCalendarsReadWriteIsRefusedAndNothingIsStored() {
    String state = query(oauth.authorizationUrl(CLINIC)).get("state");
    ms.stubFor(
        post(urlEqualTo(TOKEN))
            .willReturn(okJson(tokens(ACCESS, REFRESH, "https://graph.microsoft.com/User.Read"))));

    assertThatThrownBy(() -> oauth.connect(graph, "code", state))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("scope")
        .hasMessageContaining("Calendars.ReadWrite")
        .hasMessageNotContaining(ACCESS);
    ms.verify(0, getRequestedFor(urlPathEqualTo("/v1.0/me")));
    assertThatThrownBy(() -> credentials.credential(CONNECTION))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void scopesAreComparedWithoutTheResourcePrefixAndCaseAndOfflineAccessIsTheRefreshToken() {
    OAuthCredential granted =
        OAuthCredential.builder("microsoft", "x", "a")
            .refreshToken("r")
            .scopes(Set.of("calendars.readwrite", "https://graph.microsoft.com/user.read"))
            .build();
    OAuthCredential noRefresh =
        OAuthCredential.builder("microsoft", "x", "a")
            .scopes(Set.of("Calendars.ReadWrite", "User.Read"))
            .build();

    assertThat(MicrosoftOAuth.missingScopes(granted)).isEmpty();
    assertThat(MicrosoftOAuth.missingScopes(noRefresh)).containsExactly("offline_access");
  }

  @Test
  void anExpiringTokenIsRefreshedAndTheRotatedRefreshTokenSavedBeforeUse() {
    connect();
    clock.advance(Duration.ofMinutes(58));
    ms.stubFor(
        post(urlEqualTo(TOKEN))
            .willReturn(okJson(tokens("new-access-SECRET", "new-refresh-SECRET", GRANTED))));

    String access = credentials.accessToken(CONNECTION);

    assertThat(access).isEqualTo("new-access-SECRET");
    ms.verify(
        postRequestedFor(urlEqualTo(TOKEN))
            .withRequestBody(containing("grant_type=refresh_token"))
            .withRequestBody(containing("refresh_token=0.AXEA-refresh-SECRET")));
    assertThat(tokens.load(CONNECTION).orElseThrow().refreshToken()).hasValue("new-refresh-SECRET");
  }

  @Test
  void invalidGrantOnRefreshMeansTheTenantMustAuthorizeAgain() {
    connect();
    clock.advance(Duration.ofMinutes(58));
    // learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow, "Error response":
    // AADSTS70008, an expired or revoked grant, comes as invalid_grant.
    ms.stubFor(
        post(urlEqualTo(TOKEN))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":\"invalid_grant\",\"error_description\":\"AADSTS70008: The"
                            + " provided authorization code or refresh token has expired due to"
                            + " inactivity.\",\"error_codes\":[70008],\"timestamp\":\"2026-03-02"
                            + " 12:58:00Z\",\"trace_id\":\"0000aaaa-11bb\",\"correlation_id\":"
                            + "\"aaaa0000-bb11\"}")));

    assertThatThrownBy(() -> credentials.accessToken(CONNECTION))
        .isInstanceOf(ReauthorizationRequiredException.class)
        .hasMessageNotContaining(REFRESH);
    assertThat(credentials.status(CONNECTION).status())
        .isEqualTo(ConnectionStatus.NEEDS_REAUTHORIZATION);
  }

  @Test
  void disconnectDeletesTheCredentialAndSendsNothing() {
    connect();

    assertThat(MicrosoftOAuth.disconnect(credentials, CONNECTION)).isTrue();

    assertThat(ms.getAllServeEvents()).isEmpty();
    assertThat(credentials.status(CONNECTION).status()).isEqualTo(ConnectionStatus.NOT_CONNECTED);
    assertThatThrownBy(
            () ->
                MicrosoftOAuth.disconnect(
                    credentials, ConnectionKey.of(CLINIC, "google", "someone@gmail.com")))
        .isInstanceOf(ValidationException.class);
  }
}
