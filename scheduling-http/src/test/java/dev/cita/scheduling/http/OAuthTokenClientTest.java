package dev.cita.scheduling.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.token.AuthorizationStart;
import dev.cita.scheduling.token.InvalidGrantException;
import dev.cita.scheduling.token.OAuthCredential;
import dev.cita.scheduling.token.PendingAuthorization;
import dev.cita.scheduling.token.Pkce;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OAuthTokenClientTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final TenantId TENANT = TenantId.of("clinic-1");
  private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

  private OAuthTokenClient client(OAuthTokenClient.ClientAuth auth) {
    return OAuthTokenClient.builder("calendly")
        .authorizeUrl("https://auth.example.com/oauth/authorize")
        .tokenUrl(wm.baseUrl() + "/oauth/token")
        .client("client-1", "s3cret-client", auth)
        .redirectUri("https://app.example.com/cb")
        .scopes(List.of("BOOKING_READ", "BOOKING_WRITE"))
        .accountReader(OAuthTokenClient.AccountReader.field("owner"))
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .build();
  }

  private static Map<String, String> form(LoggedRequest r) {
    java.util.Map<String, String> out = new java.util.TreeMap<>();
    for (String pair : r.getBodyAsString().split("&")) {
      String[] kv = pair.split("=", 2);
      out.put(
          java.net.URLDecoder.decode(kv[0], java.nio.charset.StandardCharsets.UTF_8),
          java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void authorizationUrlCarriesStatePkceScopesAndExtraParameters() {
    Pkce pkce = Pkce.of(VERIFIER);
    AuthorizationStart start =
        new AuthorizationStart(TENANT, "calendly", "state-123", pkce, NOW.plusSeconds(600));

    HttpUrl url =
        HttpUrl.get(
            client(OAuthTokenClient.ClientAuth.BASIC)
                .authorizationUrl(start, Map.of("login_hint", "ana@example.com")));

    assertThat(url.host()).isEqualTo("auth.example.com");
    assertThat(url.encodedPath()).isEqualTo("/oauth/authorize");
    assertThat(url.queryParameter("response_type")).isEqualTo("code");
    assertThat(url.queryParameter("client_id")).isEqualTo("client-1");
    assertThat(url.queryParameter("redirect_uri")).isEqualTo("https://app.example.com/cb");
    assertThat(url.queryParameter("state")).isEqualTo("state-123");
    assertThat(url.queryParameter("code_challenge"))
        .isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    assertThat(url.queryParameter("code_challenge_method")).isEqualTo("S256");
    assertThat(url.queryParameter("scope")).isEqualTo("BOOKING_READ BOOKING_WRITE");
    assertThat(url.queryParameter("login_hint")).isEqualTo("ana@example.com");
    assertThat(url.toString()).doesNotContain("s3cret");
  }

  @Test
  void authorizationUrlRefusesAStartOfAnotherProvider() {
    AuthorizationStart start =
        new AuthorizationStart(TENANT, "google", "s", Pkce.of(VERIFIER), NOW);
    assertThatThrownBy(() -> client(OAuthTokenClient.ClientAuth.BASIC).authorizationUrl(start))
        .isInstanceOf(ValidationException.class)
        .extracting(e -> ((ValidationException) e).field())
        .isEqualTo("start.provider");
  }

  @Test
  void exchangeSendsTheCodeAndVerifierWithBasicAuthAndReadsTheAccount() {
    wm.stubFor(
        post("/oauth/token")
            .willReturn(
                okJson(
                    "{\"token_type\":\"Bearer\",\"access_token\":\"at-1\","
                        + "\"refresh_token\":\"rt-1\",\"expires_in\":7200,\"scope\":\"default\","
                        + "\"owner\":\"https://api.calendly.com/users/U1\",\"organization\":\"https://api.calendly.com/organizations/O1\"}")));

    OAuthTokenClient.TokenResponse tokens =
        client(OAuthTokenClient.ClientAuth.BASIC)
            .exchange(
                "code-9",
                new PendingAuthorization(TENANT, "calendly", VERIFIER, NOW.plusSeconds(60)));

    LoggedRequest sent = wm.findAll(postRequestedFor(urlEqualTo("/oauth/token"))).get(0);
    assertThat(sent.getHeader("Authorization"))
        .isEqualTo(
            "Basic " + Base64.getEncoder().encodeToString("client-1:s3cret-client".getBytes()));
    assertThat(sent.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
    assertThat(form(sent))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "grant_type",
                "authorization_code",
                "code",
                "code-9",
                "redirect_uri",
                "https://app.example.com/cb",
                "code_verifier",
                VERIFIER));
    OAuthCredential c = tokens.credential();
    assertThat(c.accountId()).isEqualTo("https://api.calendly.com/users/U1");
    assertThat(c.accessToken()).isEqualTo("at-1");
    assertThat(c.refreshToken()).contains("rt-1");
    assertThat(c.expiresAt()).contains(NOW.plusSeconds(7200));
    assertThat(c.scopes()).containsExactly("default");
    assertThat(tokens.field("organization")).contains("https://api.calendly.com/organizations/O1");
    assertThat(tokens.toString()).doesNotContain("at-1").doesNotContain("rt-1");
  }

  @Test
  void refreshWithBodyClientAuthRotatesTheRefreshTokenAndKeepsTheAccount() {
    wm.stubFor(
        post("/oauth/token")
            .willReturn(
                okJson(
                    "{\"access_token\":\"at-2\",\"refresh_token\":\"rt-2\",\"expires_in\":1800}")));
    OAuthCredential current =
        OAuthCredential.builder("calendly", "acct-1", "at-1")
            .refreshToken("rt-1")
            .expiresAt(NOW)
            .scopes(Set.of("BOOKING_READ"))
            .build();

    OAuthCredential next = client(OAuthTokenClient.ClientAuth.BODY).refresh(current);

    LoggedRequest sent = wm.findAll(postRequestedFor(urlEqualTo("/oauth/token"))).get(0);
    assertThat(sent.containsHeader("Authorization")).isFalse();
    assertThat(form(sent))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "grant_type",
                "refresh_token",
                "refresh_token",
                "rt-1",
                "client_id",
                "client-1",
                "client_secret",
                "s3cret-client"));
    assertThat(next.accountId()).isEqualTo("acct-1");
    assertThat(next.accessToken()).isEqualTo("at-2");
    assertThat(next.refreshToken()).contains("rt-2");
    assertThat(next.expiresAt()).contains(NOW.plusSeconds(1800));
    assertThat(next.scopes()).containsExactly("BOOKING_READ");
  }

  @Test
  void refreshWithoutRotationKeepsTheCurrentRefreshToken() {
    wm.stubFor(
        post("/oauth/token").willReturn(okJson("{\"access_token\":\"at-2\",\"expires_in\":60}")));
    OAuthCredential current =
        OAuthCredential.builder("calendly", "acct-1", "at-1").refreshToken("rt-1").build();

    assertThat(client(OAuthTokenClient.ClientAuth.BASIC).refresh(current).refreshToken())
        .contains("rt-1");
  }

  @Test
  void invalidGrantBecomesInvalidGrantExceptionWithoutTheToken() {
    wm.stubFor(
        post("/oauth/token")
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":\"invalid_grant\",\"error_description\":\"The refresh token is"
                            + " invalid\"}")));
    OAuthCredential current =
        OAuthCredential.builder("calendly", "acct-1", "at-1").refreshToken("rt-secret").build();

    InvalidGrantException e =
        catchThrowableOfType(
            InvalidGrantException.class,
            () -> client(OAuthTokenClient.ClientAuth.BASIC).refresh(current));

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).doesNotContain("rt-secret").doesNotContain("s3cret");
  }

  @Test
  void otherErrorsAreProviderExceptionsAndAreSentOnlyOnce() {
    wm.stubFor(post("/oauth/token").willReturn(aResponse().withStatus(503)));
    OAuthCredential current =
        OAuthCredential.builder("calendly", "acct-1", "at-1").refreshToken("rt-1").build();

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () -> client(OAuthTokenClient.ClientAuth.BASIC).refresh(current));

    assertThat(e.httpStatus()).hasValue(503);
    assertThat(e.isRetryable()).isTrue();
    wm.verify(1, postRequestedFor(urlEqualTo("/oauth/token")));
  }

  @Test
  void aConnectionResetAfterSendingIsNotRepeated() {
    wm.stubFor(
        post("/oauth/token").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    OAuthCredential current =
        OAuthCredential.builder("calendly", "acct-1", "at-1").refreshToken("rt-1").build();

    assertThatThrownBy(() -> client(OAuthTokenClient.ClientAuth.BASIC).refresh(current))
        .isInstanceOf(ProviderException.class);
    wm.verify(1, postRequestedFor(urlEqualTo("/oauth/token")));
  }

  @Test
  void aResponseWithoutAccessTokenIsAProviderError() {
    wm.stubFor(post("/oauth/token").willReturn(okJson("{\"token_type\":\"Bearer\"}")));
    assertThatThrownBy(
            () ->
                client(OAuthTokenClient.ClientAuth.BASIC)
                    .exchange("c", new PendingAuthorization(TENANT, "calendly", VERIFIER, NOW)))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("access_token");
  }

  @Test
  void exchangeWithoutAccountInTheResponseLetsTheAdapterNameIt() {
    wm.stubFor(
        post("/oauth/token")
            .willReturn(okJson("{\"access_token\":\"at-1\",\"refresh_token\":\"rt-1\"}")));
    OAuthTokenClient.TokenResponse tokens =
        client(OAuthTokenClient.ClientAuth.BODY)
            .exchange("c", new PendingAuthorization(TENANT, "calendly", VERIFIER, NOW));

    assertThat(tokens.account()).isEmpty();
    assertThatThrownBy(tokens::credential).isInstanceOf(ProviderException.class);
    assertThat(tokens.accessToken()).isEqualTo("at-1");
    assertThat(tokens.credential("user-42").accountId()).isEqualTo("user-42");
  }

  @Test
  void basicAuthWithoutSecretIsRefusedNamingTheField() {
    assertThatThrownBy(
            () ->
                OAuthTokenClient.builder("calendly")
                    .authorizeUrl("https://a.example/")
                    .tokenUrl("https://a.example/token")
                    .client("id", null, OAuthTokenClient.ClientAuth.BASIC)
                    .redirectUri("https://app/cb")
                    .build())
        .isInstanceOf(ValidationException.class)
        .extracting(e -> ((ValidationException) e).field())
        .isEqualTo("oauth.clientSecret");
  }

  @Test
  void toStringShowsNoSecret() {
    assertThat(client(OAuthTokenClient.ClientAuth.BASIC).toString()).doesNotContain("s3cret");
  }

  // --- revocation (RFC 7009) ------------------------------------------------------------------

  private static OAuthTokenClient revoking(
      OAuthTokenClient.ClientAuth atRevoke, OAuthTokenClient.ClientAuth atToken) {
    return OAuthTokenClient.builder("calendly")
        .authorizeUrl("https://auth.example.com/oauth/authorize")
        .tokenUrl(wm.baseUrl() + "/oauth/token")
        .revokeUrl(wm.baseUrl() + "/oauth/revoke", atRevoke)
        .client("client-1", "s3cret-client", atToken)
        .redirectUri("https://app.example.com/cb")
        .build();
  }

  @Test
  void withoutARevocationEndpointThereIsNoRevoker() {
    assertThatThrownBy(() -> client(OAuthTokenClient.ClientAuth.BASIC).revoker())
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("oauth.revokeUrl"));
  }

  @Test
  void basicAuthRevocationSendsTheAccessTokenOfACredentialWithoutARefreshToken() {
    wm.stubFor(post(urlEqualTo("/oauth/revoke")).willReturn(okJson("{}")));
    OAuthTokenClient oauth =
        revoking(OAuthTokenClient.ClientAuth.BASIC, OAuthTokenClient.ClientAuth.BODY);
    OAuthCredential expiring =
        OAuthCredential.builder("calendly", "owner-1", "at-SECRET").expiresAt(NOW).build();

    assertThat(oauth.revoker().revoke(expiring)).isTrue();

    List<LoggedRequest> sent = wm.findAll(postRequestedFor(urlEqualTo("/oauth/revoke")));
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).getHeader("Authorization"))
        .isEqualTo(
            "Basic " + Base64.getEncoder().encodeToString("client-1:s3cret-client".getBytes()));
    assertThat(form(sent.get(0))).isEqualTo(Map.of("token", "at-SECRET"));
  }

  @Test
  void aRevocationThatLostItsAnswerIsRetryableAndCarriesNoSecret() {
    wm.stubFor(
        post(urlEqualTo("/oauth/revoke"))
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    OAuthTokenClient oauth =
        revoking(OAuthTokenClient.ClientAuth.BODY, OAuthTokenClient.ClientAuth.BASIC);
    OAuthCredential credential =
        OAuthCredential.builder("calendly", "owner-1", "at-SECRET")
            .refreshToken("rt-SECRET")
            .build();

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> oauth.revoker().revoke(credential));

    assertThat(e.isRetryable()).isTrue();
    assertThat(e.isOutcomeUnknown()).isFalse();
    assertThat(e.getMessage()).doesNotContain("SECRET").doesNotContain("s3cret");
    assertThat(wm.findAll(postRequestedFor(urlEqualTo("/oauth/revoke")))).hasSize(1);
  }
}
