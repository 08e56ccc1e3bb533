package dev.cita.scheduling.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.cita.scheduling.jdbc.JdbcStores;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.webhook.HmacSignatures;
import dev.cita.scheduling.webhook.ProviderWebhooks;
import dev.cita.scheduling.whatsapp.InboundMessage;
import dev.cita.scheduling.whatsapp.TwilioMessageListener;
import dev.cita.scheduling.whatsapp.TwilioRequestValidator;
import dev.cita.scheduling.whatsapp.TwilioWebhooks;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.filter.ForwardedHeaderFilter;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

class WebhookEndpointTest {
  private static final String TWILIO_TOKEN = "auth-token-abc";
  private static final String CALCOM_PATH = "/cita/webhooks/calcom?tenant=sucursal-centro";

  @Configuration(proxyBeanMethods = false)
  @EnableWebMvc
  static class Mvc {}

  private final WebApplicationContextRunner runner = runner(TwilioMessageListener.NONE);

  /**
   * The starter over H2 with Cal.com's adapter and Twilio's, whose messages go to {@code heard}.
   */
  private static WebApplicationContextRunner runner(TwilioMessageListener heard) {
    return new WebApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(CitaAutoConfiguration.class, CitaWebAutoConfiguration.class))
        .withUserConfiguration(Mvc.class)
        .withBean(DataSource.class, TestSupport::h2)
        .withBean(Clock.class, TestSupport::clock)
        .withBean("calcom", ProviderWebhooks.class, TestSupport::calcom)
        .withBean(
            "twilio",
            ProviderWebhooks.class,
            () ->
                TwilioWebhooks.builder(TwilioRequestValidator.withAuthToken(TWILIO_TOKEN))
                    .listener(heard)
                    .build());
  }

  private static MockMvc mvc(WebApplicationContext context) {
    // What server.forward-headers-strategy=framework installs in a Boot application.
    return MockMvcBuilders.webAppContextSetup(context)
        .addFilters(new ForwardedHeaderFilter())
        .build();
  }

  private static final String BOOKING =
      """
      {"triggerEvent":"BOOKING_CREATED","createdAt":"2026-03-02T11:00:00Z","payload":{
       "type":"consulta","title":"Consulta","uid":"bk-1","bookingId":77,"eventTypeId":501,
       "startTime":"2026-03-04T13:00:00Z","endTime":"2026-03-04T13:30:00Z",
       "organizer":{"name":"Dra Ana","email":"ana@clinica.cl","timeZone":"America/Santiago",
                    "language":{"locale":"es"}},
       "attendees":[{"name":"María Pérez","email":"maria@example.com",
                     "timeZone":"America/Santiago","language":{"locale":"es"}}],
       "status":"ACCEPTED","metadata":{}}}\
      """;

  /** A Cal.com delivery of {@link #BOOKING}, signed as Cal.com signs (X-Cal-Signature-256). */
  private static MockHttpServletRequestBuilder calcom(String path, String secret) {
    return post(path)
        .contentType(MediaType.APPLICATION_JSON)
        .header(
            "X-Cal-Signature-256",
            HmacSignatures.hmacSha256Hex(
                HmacSignatures.utf8(secret), BOOKING.getBytes(StandardCharsets.UTF_8)))
        .content(BOOKING);
  }

  private static Optional<Appointment> stored(WebApplicationContext context) {
    return context
        .getBean(JdbcStores.class)
        .appointments()
        .findByExternalRef(TestSupport.BRANCH, "calcom", "bk-1");
  }

  @Test
  void aSignedCalComDeliveryIsAnsweredOkAndStoresTheAppointment() {
    runner.run(
        context -> {
          mvc(context)
              .perform(calcom(CALCOM_PATH, TestSupport.CALCOM_SECRET))
              .andExpect(status().isOk());
          assertThat(stored(context)).isPresent();
        });
  }

  @Test
  void aBadSignatureIsAnswered401AndStoresNothing() {
    runner.run(
        context -> {
          mvc(context)
              .perform(calcom(CALCOM_PATH, "another-secret"))
              .andExpect(status().isUnauthorized());
          assertThat(stored(context)).isEmpty();
        });
  }

  @Test
  void anUnknownProviderIsAnswered404() {
    runner.run(
        context ->
            mvc(context)
                .perform(post("/cita/webhooks/nobody").content("{}"))
                .andExpect(status().isNotFound()));
  }

  @Test
  void thePrefixIsConfigurable() {
    runner
        .withPropertyValues("cita.web.prefix=/hooks")
        .run(
            context -> {
              MockMvc mvc = mvc(context);
              mvc.perform(
                      calcom(
                          "/hooks/webhooks/calcom?tenant=sucursal-centro",
                          TestSupport.CALCOM_SECRET))
                  .andExpect(status().isOk());
              mvc.perform(calcom(CALCOM_PATH, TestSupport.CALCOM_SECRET))
                  .andExpect(status().isNotFound());
            });
  }

  @Test
  void aPrefixWithoutALeadingSlashFailsTheStartNamingTheProperty() {
    runner
        .withPropertyValues("cita.web.prefix=hooks")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("cita.web.prefix"));
  }

  /** Twilio's documented scheme: Base64(HMAC-SHA1(token, url + sorted key/value pairs)). */
  private static String twilioSignature(String url, String... sortedPairs)
      throws GeneralSecurityException {
    StringBuilder data = new StringBuilder(url);
    for (String pair : sortedPairs) {
      data.append(pair);
    }
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(TWILIO_TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
    return Base64.getEncoder()
        .encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void behindAProxyTheSignatureOverThePublicUrlVerifies() {
    // Twilio called https://app.example/cita/...; the proxy forwarded it as http://localhost:80.
    String publicUrl = "https://app.example/cita/webhooks/twilio?tenant=clinica";
    String form = "Body=hola&From=whatsapp%3A%2B56911111111&MessageSid=SM1";
    runner.run(
        context -> {
          String signature =
              twilioSignature(publicUrl, "Bodyhola", "Fromwhatsapp:+56911111111", "MessageSidSM1");
          MockMvc mvc = mvc(context);
          mvc.perform(
                  post("/cita/webhooks/twilio?tenant=clinica")
                      .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                      .header("X-Forwarded-Proto", "https")
                      .header("X-Forwarded-Host", "app.example")
                      .header("X-Twilio-Signature", signature)
                      .content(form))
              .andExpect(status().isOk());
          // The same request without the forwarded headers is checked against the internal URL.
          mvc.perform(
                  post("/cita/webhooks/twilio?tenant=clinica")
                      .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                      .header("X-Twilio-Signature", signature)
                      .content(form))
              .andExpect(status().isUnauthorized());
        });
  }

  @Test
  void aSignedTwilioMessageReachesTheAdaptersListener() {
    List<InboundMessage> heard = new CopyOnWriteArrayList<>();
    TwilioMessageListener listener =
        new TwilioMessageListener() {
          @Override
          public void inboundMessage(InboundMessage message) {
            heard.add(message);
          }
        };
    String form =
        "Body=hola&From=whatsapp%3A%2B56911111111&MessageSid=SM2&To=whatsapp%3A%2B14155238886";
    runner(listener)
        .run(
            context -> {
              String signature =
                  twilioSignature(
                      "http://localhost/cita/webhooks/twilio",
                      "Bodyhola",
                      "Fromwhatsapp:+56911111111",
                      "MessageSidSM2",
                      "Towhatsapp:+14155238886");
              mvc(context)
                  .perform(
                      post("/cita/webhooks/twilio")
                          .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                          .header("X-Twilio-Signature", signature)
                          .content(form))
                  .andExpect(status().isOk());

              assertThat(heard).hasSize(1);
              assertThat(heard.get(0).body()).isEqualTo("hola");
              assertThat(heard.get(0).customerPhone()).isEqualTo("+56911111111");
            });
  }
}
