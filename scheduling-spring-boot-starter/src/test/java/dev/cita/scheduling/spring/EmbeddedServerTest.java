package dev.cita.scheduling.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A real embedded Tomcat on a random port, behind a pretend proxy: Twilio signed the public https
 * URL, the proxy rewrote scheme, host and port and said so in X-Forwarded-* headers, and {@code
 * server.forward-headers-strategy=framework} lets the webhook endpoint see the public URL again.
 *
 * <p>The application is started by {@link SpringApplicationBuilder}, as {@code @SpringBootTest(
 * webEnvironment = RANDOM_PORT)} would: Spring's JUnit extension needs a newer JUnit than the one
 * this build pins.
 */
class EmbeddedServerTest {
  private static final String TWILIO_TOKEN = "auth-token-embedded";
  private static final String PUBLIC_URL =
      "https://app.example/cita/webhooks/twilio?tenant=clinica";
  private static final String FORM =
      "Body=hola&From=whatsapp%3A%2B56911111111&MessageSid=SM7&To=whatsapp%3A%2B56922222222";

  /** The application: only a data source; the Twilio webhook is turned on by properties. */
  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  static class App {
    @Bean
    DataSource dataSource() {
      return TestSupport.h2();
    }
  }

  private static ConfigurableApplicationContext app;
  private static int port;

  @BeforeAll
  static void startTheServer() {
    app =
        new SpringApplicationBuilder(App.class)
            .properties(
                "server.port=0",
                "server.forward-headers-strategy=framework",
                "cita.twilio.webhook-enabled=true",
                "cita.twilio.auth-token=" + TWILIO_TOKEN)
            .run();
    port = ((WebServerApplicationContext) app).getWebServer().getPort();
  }

  @AfterAll
  static void stopTheServer() {
    app.close();
  }

  private final HttpClient http = HttpClient.newHttpClient();

  /** Twilio's documented scheme: Base64(HMAC-SHA1(token, url + sorted key/value pairs)). */
  private static String signature(String url) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(TWILIO_TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
    String data =
        url
            + "Bodyhola"
            + "Fromwhatsapp:+56911111111"
            + "MessageSidSM7"
            + "Towhatsapp:+56922222222";
    return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
  }

  private int deliver(String signature) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/cita/webhooks/twilio?tenant=clinica"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("X-Forwarded-Proto", "https")
            .header("X-Forwarded-Host", "app.example")
            .header("X-Forwarded-Port", "443")
            .header("X-Twilio-Signature", signature)
            .POST(HttpRequest.BodyPublishers.ofString(FORM))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  @Test
  void aDeliverySignedOverThePublicUrlIsAcceptedBehindTheProxy() throws Exception {
    assertThat(deliver(signature(PUBLIC_URL))).isEqualTo(200);
  }

  @Test
  void aWrongSignatureIsRefused() throws Exception {
    String internal = "http://localhost:" + port + "/cita/webhooks/twilio?tenant=clinica";
    assertThat(deliver(signature(internal))).isEqualTo(401);
    assertThat(deliver("bm90LWEtc2lnbmF0dXJl")).isEqualTo(401);
  }
}
