package dev.cita.scheduling.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.http.Recorded.RecordingSleeper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * Runs real calls with the http package logging at TRACE (see simplelogger.properties) and reads
 * what slf4j-simple wrote to System.err: the secrets and phone numbers in the requests and
 * responses must not be there, while the method, URL and status must.
 */
class RedactedLoggingLeakTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String ACCESS_TOKEN = "ya29.A0ARrdaM-access-SECRET";
  private static final String REFRESH_TOKEN = "1//0gREFRESH-SECRET";
  private static final String CLIENT_SECRET = "GOCSPX-client-SECRET";
  private static final String QUERY_TOKEN = "qtok-SECRET-123";
  private static final String SIGNATURE = "sig-SECRET-abc";
  private static final String PHONE = "+14155550123";
  private static final String OTHER_PHONE = "+56912345678";
  private static final String[] SECRETS = {
    ACCESS_TOKEN,
    REFRESH_TOKEN,
    CLIENT_SECRET,
    QUERY_TOKEN,
    SIGNATURE,
    "4155550123",
    "14155550",
    "56912345678",
    "Basic QUMx",
    "QUMxOnNlY3JldA"
  };

  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private PrintStream originalErr;
  private ProviderHttpClient client;

  @BeforeEach
  void captureStderr() {
    originalErr = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    client =
        ProviderHttpClient.builder("twilio")
            .baseUrl(wm.baseUrl() + "/")
            .errorFormat(ErrorFormat.twilio())
            .sleeper(new RecordingSleeper())
            .build();
  }

  @AfterEach
  void restoreStderr() {
    System.setErr(originalErr);
    originalErr.print(log());
  }

  private String log() {
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void formPostWithBasicAuthAndPhones() {
    wm.stubFor(
        post(urlPathEqualTo("/2010-04-01/Accounts/AC1/Messages.json"))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("Set-Cookie", "session=" + SIGNATURE)
                    .withBody(
                        "{\"sid\":\"SM1\",\"to\":\"whatsapp:"
                            + PHONE
                            + "\",\"from\":\"whatsapp:"
                            + OTHER_PHONE
                            + "\",\"body\":\"Hola, confirma tu cita\",\"status\":\"queued\"}")));
    Request send =
        new Request.Builder()
            .url(client.url("2010-04-01/Accounts/AC1/Messages.json?signature=" + SIGNATURE))
            .header("Authorization", "Basic QUMxOnNlY3JldA==")
            .header("X-Twilio-Signature", SIGNATURE)
            .post(
                new FormBody.Builder()
                    .add("To", "whatsapp:" + PHONE)
                    .add("From", "whatsapp:" + OTHER_PHONE)
                    .add("Body", "Hola, confirma tu cita")
                    .build())
            .build();

    client.execute(send);

    assertThat(log())
        .contains(
            "--> POST http://localhost:"
                + wm.getPort()
                + "/2010-04-01/Accounts/AC1/Messages.json?signature=REDACTED")
        .contains("<-- 201 POST")
        .contains("Authorization: REDACTED", "X-Twilio-Signature: REDACTED", "Set-Cookie: REDACTED")
        .contains("To=whatsapp:+********123", "Body=Hola, confirma tu cita", "+********678")
        .doesNotContain(SECRETS);
  }

  @Test
  void oauthTokenExchangeBodiesAreRedactedBothWays() {
    wm.stubFor(
        post(urlPathEqualTo("/token"))
            .willReturn(
                okJson(
                    "{\"access_token\":\""
                        + ACCESS_TOKEN
                        + "\",\"refresh_token\":\""
                        + REFRESH_TOKEN
                        + "\",\"expires_in\":3599,\"token_type\":\"Bearer\"}")));
    Request exchange =
        new Request.Builder()
            .url(client.url("token?access_token=" + QUERY_TOKEN))
            .post(
                new FormBody.Builder()
                    .add("grant_type", "refresh_token")
                    .add("refresh_token", REFRESH_TOKEN)
                    .add("client_id", "cid-1")
                    .add("client_secret", CLIENT_SECRET)
                    .build())
            .build();

    client.execute(exchange);

    assertThat(log())
        .contains(
            "--> POST",
            "/token?access_token=REDACTED",
            "<-- 200 POST",
            "grant_type=refresh_token",
            "client_id=cid-1",
            "\"expires_in\":3599",
            "\"access_token\":\"REDACTED\"")
        .doesNotContain(SECRETS);
  }

  @Test
  void jsonRequestWithBearerTokenAndErrorResponse() {
    wm.stubFor(
        get(urlPathEqualTo("/v2/bookings"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("Twilio-Request-Id", "RQ1")
                    .withBody(
                        "{\"code\":21211,\"message\":\"The 'To' number "
                            + PHONE
                            + " is not valid\"}")));
    Request get =
        new Request.Builder()
            .url(
                client.url(
                    "v2/bookings?attendeePhone="
                        + PHONE.replace("+", "%2B")
                        + "&key="
                        + QUERY_TOKEN))
            .header("Authorization", "Bearer " + ACCESS_TOKEN)
            .header("X-Api-Key", CLIENT_SECRET)
            .build();

    ProviderException e = catchThrowableOfType(ProviderException.class, () -> client.execute(get));

    assertThat(log())
        .contains("--> GET", "/v2/bookings?", "key=REDACTED", "<-- 400 GET", "X-Api-Key: REDACTED")
        .doesNotContain(SECRETS);
    assertThat(e.getMessage()).doesNotContain(SECRETS).contains("+********123");
  }

  @Test
  void failuresAndRetriesAreLoggedWithoutSecrets() {
    wm.stubFor(
        get(urlPathEqualTo("/v2/x"))
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    Request get =
        new Request.Builder()
            .url(client.url("v2/x?token=" + QUERY_TOKEN))
            .header("Authorization", "Bearer " + ACCESS_TOKEN)
            .build();

    catchThrowableOfType(ProviderException.class, () -> client.execute(get));

    assertThat(log()).contains("<-- FAILED GET", "retrying").doesNotContain(SECRETS);
  }

  @Test
  void jsonBodiesAreRedactedAtTrace() {
    wm.stubFor(post(urlPathEqualTo("/v2/bookings")).willReturn(okJson("{\"uid\":\"bk_1\"}")));
    Request create =
        new Request.Builder()
            .url(client.url("v2/bookings"))
            .post(
                client.jsonBody(
                    Map.of(
                        "attendee",
                        Map.of("phoneNumber", PHONE, "name", "Ana"),
                        "metadata",
                        Map.of("client_secret", CLIENT_SECRET))))
            .build();

    client.execute(create);

    assertThat(log())
        .contains("\"name\":\"Ana\"", "\"client_secret\":\"REDACTED\"", "<-- 200 POST")
        .doesNotContain(SECRETS);
  }

  @Test
  void bodiesAreLoggedAtTraceOnly() throws Exception {
    wm.stubFor(post(urlPathEqualTo("/v2/bookings")).willReturn(okJson("{\"uid\":\"bk_debug\"}")));
    OkHttpClient debugOnly =
        new OkHttpClient.Builder()
            .addInterceptor(
                new RedactingLoggingInterceptor(LoggerFactory.getLogger("cita.test.debugonly")))
            .build();
    Request create =
        new Request.Builder()
            .url(wm.baseUrl() + "/v2/bookings")
            .post(client.jsonBody(Map.of("name", "Ana-in-body")))
            .build();

    try (Response response = debugOnly.newCall(create).execute()) {
      assertThat(response.code()).isEqualTo(200);
    }

    assertThat(log())
        .contains("DEBUG cita.test.debugonly - --> POST", "<-- 200 POST")
        .doesNotContain("Ana-in-body", "bk_debug", "TRACE");
  }
}
