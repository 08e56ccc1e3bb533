package dev.cita.scheduling.spring;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.cita.scheduling.calcom.CalComClient;
import dev.cita.scheduling.calcom.CalComOAuth;
import dev.cita.scheduling.calendly.CalendlyConnections;
import dev.cita.scheduling.google.GoogleConfig;
import dev.cita.scheduling.http.BaseUrlPolicy;
import dev.cita.scheduling.http.OAuthTokenClient;
import dev.cita.scheduling.jdbc.JdbcStores;
import dev.cita.scheduling.testkit.Race;
import dev.cita.scheduling.testkit.TestClock;
import dev.cita.scheduling.token.AuthorizationFlow;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.ConnectionStatus;
import dev.cita.scheduling.token.CredentialManager;
import dev.cita.scheduling.tokens.TokenKeyset;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;
import org.springframework.web.util.UriComponents;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The OAuth endpoints and connect links end to end through MockMvc, against WireMock stand-ins for
 * the providers' token endpoints: a link opens a confirmation page, its "Continue" redirects to the
 * consent page with a state and the right redirect_uri, the callback connects the tenant with its
 * credential encrypted, and replayed states and used or expired links are refused with a page.
 */
class OAuthEndpointTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String KEYSET = TokenKeyset.generate().insecureToCleartextJson();
  private static final String EMAIL = "agenda@clinica.cl";
  private static final String ACCESS_TOKEN = "ya29.fresh-SECRET";
  private static final BaseUrlPolicy LOCAL_MOCK =
      BaseUrlPolicy.publicHttps().allowInsecureHttp().allowPrivateNetwork();

  @Configuration(proxyBeanMethods = false)
  @EnableWebMvc
  static class Mvc {}

  /** Cal.com's endpoints at WireMock, with the starter's flow. */
  @Configuration(proxyBeanMethods = false)
  static class CalComAtWireMock {
    @Bean
    CalComOAuth citaCalComOAuth(AuthorizationFlow flow, Clock clock) {
      return CalComOAuth.builder(
              "calcom-client", "calcom-SECRET", "https://app.example/cita/oauth/calcom/callback")
          .authorizeUrl(wm.baseUrl() + "/auth/oauth2/authorize")
          .tokenUrl(wm.baseUrl() + "/v2/auth/oauth2/token")
          .apiBaseUrl(wm.baseUrl())
          .baseUrlPolicy(LOCAL_MOCK)
          .client(CalComClient.builder().clock(clock).build())
          .flow(flow)
          .clock(clock)
          .build();
    }
  }

  private final TestClock clock = new TestClock(TestSupport.NOW);

  /** The auto-configurations over a data source, nothing configured. */
  private static WebApplicationContextRunner bare() {
    return new WebApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                CitaAutoConfiguration.class,
                CitaOAuthAutoConfiguration.class,
                CitaOAuthWebAutoConfiguration.class))
        .withBean(DataSource.class, TestSupport::h2);
  }

  private final WebApplicationContextRunner runner =
      bare()
          .withUserConfiguration(Mvc.class, CalComAtWireMock.class)
          .withBean(Clock.class, () -> clock)
          .withPropertyValues(
              "cita.web.public-base-url=https://app.example",
              "cita.tokens.keyset=" + KEYSET,
              "cita.google.client-id=client-123.apps.googleusercontent.com",
              "cita.google.client-secret=google-SECRET",
              "cita.calcom.client-id=calcom-client",
              "cita.calcom.client-secret=calcom-SECRET",
              "cita.calendly.client-id=calendly-client",
              "cita.calendly.client-secret=calendly-SECRET")
          // The providers' endpoints at WireMock; everything else as the starter makes it.
          .withBean(
              GoogleConfig.class,
              () ->
                  GoogleConfig.builder()
                      .clientId("client-123.apps.googleusercontent.com")
                      .clientSecret("google-SECRET")
                      .redirectUri("https://app.example/cita/oauth/google/callback")
                      .allEndpointsAt(wm.baseUrl())
                      .build())
          .withBean(
              "citaCalendlyOAuthClient",
              OAuthTokenClient.class,
              () ->
                  CalendlyConnections.oauthClient(
                          "calendly-client",
                          "calendly-SECRET",
                          "https://app.example/cita/oauth/calendly/callback")
                      .authorizeUrl(wm.baseUrl() + "/oauth/authorize")
                      .tokenUrl(wm.baseUrl() + "/oauth/token")
                      .clock(clock)
                      .build());

  private static MockMvc mvc(WebApplicationContext context) {
    return MockMvcBuilders.webAppContextSetup(context).build();
  }

  /** The path and query of a link, as the browser asks the application for it. */
  private static String pathOf(URI url) {
    return url.getRawPath() + "?" + url.getRawQuery();
  }

  private static MockHttpServletResponse open(MockMvc mvc, String pathAndQuery, Locale locale)
      throws Exception {
    return mvc.perform(get(URI.create(pathAndQuery)).locale(locale)).andReturn().getResponse();
  }

  /** The consent redirect of a confirmed link. */
  private static UriComponents startConfirmed(MockMvc mvc, ConnectLinks.Link link)
      throws Exception {
    MockHttpServletResponse page = open(mvc, pathOf(link.url()), Locale.ENGLISH);
    assertThat(page.getStatus()).isEqualTo(200);
    assertThat(page.getContentAsString()).contains("Continue").contains("confirm=1");
    MockHttpServletResponse redirect = open(mvc, pathOf(link.url()) + "&confirm=1", Locale.ENGLISH);
    assertThat(redirect.getStatus()).isEqualTo(302);
    return UriComponentsBuilder.fromUriString(redirect.getRedirectedUrl()).build();
  }

  private static String idToken(String email) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
    String payload =
        "{\"iss\":\"https://accounts.google.com\",\"aud\":\"client-123.apps.googleusercontent.com\","
            + "\"sub\":\"1101\",\"email\":\""
            + email
            + "\",\"email_verified\":true,\"iat\":1772452800,\"exp\":1772456400}";
    return b64.encodeToString(header.getBytes(StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString("unchecked".getBytes(StandardCharsets.UTF_8));
  }

  private static void stubGoogleToken() {
    wm.stubFor(
        post(urlEqualTo("/token"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"access_token\":\""
                            + ACCESS_TOKEN
                            + "\",\"expires_in\":3599,\"refresh_token\":\"1//refresh-SECRET\","
                            + "\"scope\":\""
                            + String.join(" ", GoogleConfig.DEFAULT_SCOPES)
                            + "\",\"token_type\":\"Bearer\",\"id_token\":\""
                            + idToken(EMAIL)
                            + "\"}")));
  }

  @Test
  void aGoogleLinkLeadsToConsentAndTheCallbackConnectsTheTenantEncrypted() {
    stubGoogleToken();
    runner.run(
        context -> {
          MockMvc mvc = mvc(context);
          ConnectLinks.Link link =
              context.getBean(ConnectLinks.class).create(TestSupport.BRANCH, "google");
          assertThat(link.url().toString())
              .startsWith("https://app.example/cita/oauth/google/start?link=");
          assertThat(link.expiresAt()).isEqualTo(TestSupport.NOW.plus(Duration.ofDays(7)));

          UriComponents consent = startConfirmed(mvc, link);
          assertThat(consent.toUriString()).startsWith(wm.baseUrl() + "/o/oauth2/auth");
          String state = consent.getQueryParams().getFirst("state");
          assertThat(state).isNotBlank();
          assertThat(decoded(consent, "redirect_uri"))
              .isEqualTo("https://app.example/cita/oauth/google/callback");
          assertThat(consent.getQueryParams().getFirst("code_challenge")).isNotBlank();

          MockHttpServletResponse done =
              open(
                  mvc,
                  "/cita/oauth/google/callback?code=4%2Fcode-abc&state=" + state,
                  Locale.forLanguageTag("es-CL"));
          assertThat(done.getStatus()).isEqualTo(200);
          assertThat(done.getContentAsString()).contains("Conectado").contains("sucursal-centro");
          wm.verify(
              postRequestedFor(urlEqualTo("/token")).withRequestBody(containing("code_verifier=")));

          ConnectionKey key = ConnectionKey.of(TestSupport.BRANCH, "google", EMAIL);
          CredentialManager credentials = context.getBean(CredentialManager.class);
          assertThat(credentials.status(key).status()).isEqualTo(ConnectionStatus.CONNECTED);
          assertThat(credentials.accessToken(key)).isEqualTo(ACCESS_TOKEN);
          byte[] sealed = context.getBean(JdbcStores.class).tokens().load(key).orElseThrow();
          assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain(ACCESS_TOKEN);

          // The same callback again: the state was used, nothing more is connected.
          MockHttpServletResponse replay =
              open(mvc, "/cita/oauth/google/callback?code=other&state=" + state, Locale.ENGLISH);
          assertThat(replay.getStatus()).isEqualTo(400);
          assertThat(replay.getContentAsString()).contains("Invalid authorization");
          wm.verify(1, postRequestedFor(urlEqualTo("/token")));

          // The link again: used.
          MockHttpServletResponse again = open(mvc, pathOf(link.url()), Locale.ENGLISH);
          assertThat(again.getStatus()).isEqualTo(410);
          assertThat(again.getContentAsString()).contains("Link already used");
        });
  }

  private static final String CALCOM_ME =
      "{\"status\":\"success\",\"data\":{\"id\":1234,\"username\":\"centro\","
          + "\"email\":\"centro@clinica.cl\",\"timeZone\":\"America/Santiago\"}}";

  @Test
  void aCalComCallbackConnectsAndRedirectsToTheLandingUrl() {
    wm.stubFor(
        post(urlEqualTo("/v2/auth/oauth2/token"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"access_token\":\"at-1\",\"refresh_token\":\"rt-1\","
                            + "\"token_type\":\"Bearer\",\"expires_in\":1800}")));
    wm.stubFor(
        get(urlEqualTo("/v2/me"))
            .willReturn(
                aResponse().withHeader("Content-Type", "application/json").withBody(CALCOM_ME)));
    runner
        .withPropertyValues("cita.web.oauth.landing-url=/admin/branches")
        .run(
            context -> {
              MockMvc mvc = mvc(context);
              UriComponents consent =
                  startConfirmed(
                      mvc,
                      context.getBean(ConnectLinks.class).create(TestSupport.BRANCH, "calcom"));
              assertThat(consent.getPath()).isEqualTo("/auth/oauth2/authorize");
              assertThat(decoded(consent, "redirect_uri"))
                  .isEqualTo("https://app.example/cita/oauth/calcom/callback");
              String state = consent.getQueryParams().getFirst("state");

              MockHttpServletResponse done =
                  open(
                      mvc,
                      "/cita/oauth/calcom/callback?code=code-abc&state=" + state,
                      Locale.ENGLISH);
              assertThat(done.getStatus()).isEqualTo(302);
              assertThat(done.getRedirectedUrl())
                  .isEqualTo(
                      "/admin/branches?tenant=sucursal-centro&provider=calcom&outcome=connected");
              ConnectionKey key = ConnectionKey.of(TestSupport.BRANCH, "calcom", "1234");
              assertThat(context.getBean(CredentialManager.class).status(key).status())
                  .isEqualTo(ConnectionStatus.CONNECTED);
            });
  }

  @Test
  void aCalendlyLinkRedirectsToItsConsentPageAndTheCallbackConnects() {
    wm.stubFor(
        post(urlEqualTo("/oauth/token"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"token_type\":\"Bearer\",\"expires_in\":7200,\"access_token\":\"at-c\","
                            + "\"refresh_token\":\"rt-c\",\"scope\":\"default\","
                            + "\"owner\":\"https://api.calendly.com/users/AAA\","
                            + "\"organization\":\"https://api.calendly.com/organizations/BBB\"}")));
    runner.run(
        context -> {
          MockMvc mvc = mvc(context);
          UriComponents consent =
              startConfirmed(
                  mvc, context.getBean(ConnectLinks.class).create(TestSupport.BRANCH, "calendly"));
          assertThat(consent.getPath()).isEqualTo("/oauth/authorize");
          assertThat(decoded(consent, "redirect_uri"))
              .isEqualTo("https://app.example/cita/oauth/calendly/callback");
          String state = consent.getQueryParams().getFirst("state");

          MockHttpServletResponse done =
              open(mvc, "/cita/oauth/calendly/callback?code=c1&state=" + state, Locale.ENGLISH);
          assertThat(done.getStatus()).isEqualTo(200);
          assertThat(done.getContentAsString()).contains("Connected");
          ConnectionKey key =
              ConnectionKey.of(
                  TestSupport.BRANCH, "calendly", "https://api.calendly.com/users/AAA");
          assertThat(context.getBean(CredentialManager.class).status(key).status())
              .isEqualTo(ConnectionStatus.CONNECTED);
        });
  }

  @Test
  void aForgedStateGetsA400PageAndConnectsNothing() {
    stubGoogleToken();
    runner.run(
        context -> {
          MockHttpServletResponse page =
              open(mvc(context), "/cita/oauth/google/callback?code=c&state=forged", Locale.ENGLISH);
          assertThat(page.getStatus()).isEqualTo(400);
          assertThat(page.getContentAsString()).contains("nothing was connected");
          wm.verify(0, postRequestedFor(urlEqualTo("/token")));
          assertThat(context.getBean(JdbcStores.class).tokens().list(TestSupport.BRANCH)).isEmpty();
        });
  }

  @Test
  void aDeclinedConsentUsesTheStateUpAndSaysWhatFailed() {
    runner.run(
        context -> {
          MockMvc mvc = mvc(context);
          String state =
              startConfirmed(
                      mvc, context.getBean(ConnectLinks.class).create(TestSupport.BRANCH, "google"))
                  .getQueryParams()
                  .getFirst("state");
          MockHttpServletResponse page =
              open(
                  mvc,
                  "/cita/oauth/google/callback?error=access_denied&state=" + state,
                  Locale.ENGLISH);
          assertThat(page.getStatus()).isEqualTo(400);
          assertThat(page.getContentAsString())
              .contains("Not connected")
              .contains("access_denied")
              .doesNotContain(state);
          MockHttpServletResponse replay =
              open(mvc, "/cita/oauth/google/callback?code=c&state=" + state, Locale.ENGLISH);
          assertThat(replay.getStatus()).isEqualTo(400);
        });
  }

  @Test
  void anExpiredLinkShowsLinkExpiredAndStartsNothing() {
    runner.run(
        context -> {
          MockMvc mvc = mvc(context);
          ConnectLinks.Link link =
              context.getBean(ConnectLinks.class).create(TestSupport.BRANCH, "google");
          clock.advance(Duration.ofDays(7));
          for (String suffix : List.of("", "&confirm=1")) {
            MockHttpServletResponse page = open(mvc, pathOf(link.url()) + suffix, Locale.ENGLISH);
            assertThat(page.getStatus()).isEqualTo(410);
            assertThat(page.getContentAsString()).contains("Link expired");
          }
          MockHttpServletResponse es =
              open(mvc, pathOf(link.url()), Locale.forLanguageTag("es-CL"));
          assertThat(es.getContentAsString()).contains("Enlace vencido");
        });
  }

  @Test
  void openingTheLinkWithoutContinuingDoesNotUseItUp() {
    runner.run(
        context -> {
          MockMvc mvc = mvc(context);
          ConnectLinks.Link link =
              context.getBean(ConnectLinks.class).create(TestSupport.BRANCH, "google");
          // A link preview, then the owner: both see the page; the owner continues.
          assertThat(open(mvc, pathOf(link.url()), Locale.ENGLISH).getStatus()).isEqualTo(200);
          assertThat(startConfirmed(mvc, link).getQueryParams().getFirst("state")).isNotBlank();
        });
  }

  @Test
  void anUnknownOrMisdirectedLinkIsInvalid() {
    runner.run(
        context -> {
          MockMvc mvc = mvc(context);
          ConnectLinks.Link google =
              context.getBean(ConnectLinks.class).create(TestSupport.BRANCH, "google");
          String token =
              UriComponentsBuilder.fromUri(google.url()).build().getQueryParams().getFirst("link");
          for (String path :
              List.of(
                  "/cita/oauth/google/start?link=made-up&confirm=1",
                  "/cita/oauth/google/start",
                  "/cita/oauth/calcom/start?link=" + token + "&confirm=1")) {
            MockHttpServletResponse page = open(mvc, path, Locale.ENGLISH);
            assertThat(page.getStatus()).as(path).isEqualTo(400);
            assertThat(page.getContentAsString()).as(path).contains("Invalid link");
          }
          assertThat(open(mvc, "/cita/oauth/nobody/start?link=x", Locale.ENGLISH).getStatus())
              .isEqualTo(404);
          // The misdirected use did not use the Google link up.
          assertThat(startConfirmed(mvc, google).getQueryParams().getFirst("state")).isNotBlank();
        });
  }

  @Test
  void ofManyRacingUsesOfOneLinkExactlyOneGetsTheTenant() {
    runner.run(
        context -> {
          ConnectLinks links = context.getBean(ConnectLinks.class);
          String token =
              UriComponentsBuilder.fromUri(links.create(TestSupport.BRANCH, "google").url())
                  .build()
                  .getQueryParams()
                  .getFirst("link");
          List<Race.Outcome<ConnectLinks.Lookup>> outcomes =
              Race.run(8, i -> () -> links.use("google", token));
          assertThat(outcomes)
              .extracting(o -> o.returned().status())
              .containsOnlyOnce(ConnectLinks.Status.OPEN)
              .containsOnly(ConnectLinks.Status.OPEN, ConnectLinks.Status.USED);
        });
  }

  @Test
  void withoutAKeysetTheStartFailsNamingTheProperty() {
    runner
        .withPropertyValues("cita.tokens.keyset=")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("cita.tokens.keyset"));
  }

  @Test
  void withoutAPublicBaseUrlTheStartFailsNamingTheProperty() {
    bare()
        .withPropertyValues(
            "cita.tokens.keyset=" + KEYSET,
            "cita.calcom.client-id=calcom-client",
            "cita.calcom.client-secret=calcom-SECRET")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("cita.web.public-base-url"));
  }

  @Test
  void withoutAnyOAuthSettingNoOAuthBeanIsMade() {
    bare()
        .run(
            context ->
                assertThat(context)
                    .hasNotFailed()
                    .doesNotHaveBean(CredentialManager.class)
                    .doesNotHaveBean(ConnectLinks.class)
                    .doesNotHaveBean(OAuthController.class));
  }

  private static String decoded(UriComponents url, String name) {
    return java.net.URLDecoder.decode(url.getQueryParams().getFirst(name), StandardCharsets.UTF_8);
  }
}
