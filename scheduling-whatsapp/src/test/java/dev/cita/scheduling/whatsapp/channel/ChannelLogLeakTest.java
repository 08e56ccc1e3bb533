package dev.cita.scheduling.whatsapp.channel;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.cita.scheduling.whatsapp.channel.Fixtures.API_SECRET;
import static dev.cita.scheduling.whatsapp.channel.Fixtures.AUTH_TOKEN;
import static dev.cita.scheduling.whatsapp.channel.Fixtures.PHONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sends through the channel with all of Cita logging at TRACE (see simplelogger.properties) and
 * reads what slf4j-simple wrote to System.err, plus every exception message and toString: the auth
 * token, the API key secret, their Basic-auth encodings and the customer's full phone number must
 * appear in none of them.
 */
class ChannelLogLeakTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String MESSAGES = "/2010-04-01/Accounts/AC123/Messages.json";
  private static final String[] SECRETS = {
    AUTH_TOKEN,
    API_SECRET,
    "QUMxMjM6dG9rLVNFQ1JFVC0x",
    "U0trZXk0MjphcGlzZWNyZXQtU0VDUkVULTI",
    "56912345678",
    "5691234",
    "%2B569"
  };

  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private final StringBuilder thrown = new StringBuilder();
  private PrintStream originalErr;

  @BeforeEach
  void captureStderr() {
    originalErr = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreStderr() {
    System.setErr(originalErr);
    originalErr.print(log());
  }

  private String log() {
    return captured.toString(StandardCharsets.UTF_8);
  }

  private TwilioWhatsAppChannel channel(TwilioConfig config, CustomerWindow window) {
    thrown.append(config).append('\n');
    return TwilioWhatsAppChannel.builder(config)
        .customerWindow(window)
        .sleeper(new Fixtures.RecordingSleeper())
        .build();
  }

  private void sendCatching(TwilioWhatsAppChannel channel) {
    Throwable e = catchThrowable(() -> channel.send(Fixtures.reminder()));
    assertThat(e).isNotNull();
    for (Throwable t = e; t != null; t = t.getCause()) {
      thrown.append(t).append('\n');
    }
  }

  @Test
  void neitherSecretsNorFullPhonesReachLogsOrExceptions() {
    CustomerWindow open = CustomerWindow.inMemory(java.time.Clock.systemUTC());
    open.recordInbound(Fixtures.TENANT, PHONE, Instant.now());
    TwilioConfig token =
        TwilioConfig.builder()
            .accountSid("AC123")
            .authToken(AUTH_TOKEN)
            .from("+14155238886")
            .baseUrl(wm.baseUrl())
            .template("reminder_customer", "HXr1")
            .build();
    TwilioConfig apiKey =
        TwilioConfig.builder()
            .accountSid("AC123")
            .apiKey("SKkey42", API_SECRET)
            .from("+14155238886")
            .baseUrl(wm.baseUrl())
            .build();

    wm.stubFor(
        post(urlEqualTo(MESSAGES))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"sid\":\"SM9\",\"status\":\"queued\",\"to\":\"whatsapp:"
                            + PHONE
                            + "\"}")));
    channel(token, open).send(Fixtures.reminder());
    channel(apiKey, open).send(Fixtures.reminder());

    wm.stubFor(
        post(urlEqualTo(MESSAGES))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"code\":21211,\"message\":\"The 'To' number whatsapp:"
                            + PHONE
                            + " is invalid\"}")));
    sendCatching(channel(apiKey, open));
    wm.stubFor(
        post(urlEqualTo(MESSAGES))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"code\":63016,\"message\":\"Outside the allowed window for "
                            + PHONE
                            + "\"}")));
    sendCatching(channel(token, open));
    sendCatching(channel(apiKey, CustomerWindow.alwaysClosed())); // no template: no request

    assertThat(log())
        .contains("Authorization: REDACTED", "accepted as SM9", "+********678", "<-- 400 POST")
        .doesNotContain(SECRETS);
    assertThat(thrown.toString())
        .contains("[21211]", "[63016]", "+********678", "secret=REDACTED")
        .doesNotContain(SECRETS);
  }
}
