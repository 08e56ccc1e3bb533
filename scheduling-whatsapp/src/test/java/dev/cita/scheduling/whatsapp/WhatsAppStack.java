package dev.cita.scheduling.whatsapp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.cita.scheduling.assistant.ChatAssistant;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.AppointmentStore;
import dev.cita.scheduling.spi.SendAttemptStore;
import dev.cita.scheduling.spi.WebhookInbox;
import dev.cita.scheduling.webhook.WebhookHandler;
import dev.cita.scheduling.whatsapp.channel.CustomerWindow;
import dev.cita.scheduling.whatsapp.channel.MessageStatusTracker;
import dev.cita.scheduling.whatsapp.channel.TwilioConfig;
import dev.cita.scheduling.whatsapp.channel.TwilioWhatsAppChannel;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The WhatsApp side of one app node, wired as {@link WhatsAppConversations}' Javadoc shows, against
 * a fake Twilio (account {@code AC123}, sender {@code +14155238886}): the channel, the Twilio
 * webhooks and the core webhook pipeline they run in.
 */
record WhatsAppStack(
    TwilioWhatsAppChannel channel, TwilioWebhooks twilio, WebhookHandler webhooks) {
  static final String MESSAGES = "/2010-04-01/Accounts/AC123/Messages.json";

  /** The parts a node brings; {@code sent} may be null for the channel's in-memory default. */
  record Parts(
      ChatAssistant assistant,
      CustomerWindow window,
      MessageStatusTracker tracker,
      @Nullable SendAttemptStore sent,
      AppointmentStore appointments,
      WebhookInbox inbox) {}

  static WhatsAppStack build(
      Parts parts,
      TwilioConfig.Builder config,
      String authToken,
      TenantId tenant,
      Clock clock,
      String twilioBaseUrl) {
    TwilioWhatsAppChannel.Builder channelBuilder =
        TwilioWhatsAppChannel.builder(
                config
                    .accountSid("AC123")
                    .authToken(authToken)
                    .from("whatsapp:+14155238886")
                    .baseUrl(twilioBaseUrl)
                    .build())
            .customerWindow(parts.window())
            .statusTracker(parts.tracker())
            .clock(clock)
            .sleeper(d -> {});
    if (parts.sent() != null) {
      channelBuilder.sentMessages(parts.sent());
    }
    TwilioWhatsAppChannel channel = channelBuilder.build();
    WhatsAppConversations conversations =
        WhatsAppConversations.builder(parts.assistant(), channel)
            .tenantOf(m -> tenant)
            .customerWindow(parts.window())
            .statusTracker(parts.tracker())
            .clock(clock)
            .build();
    TwilioWebhooks twilio =
        TwilioWebhooks.builder(TwilioRequestValidator.withAuthToken(authToken))
            .listener(conversations)
            .build();
    WebhookHandler webhooks =
        WebhookHandler.builder()
            .clock(clock)
            .appointmentStore(parts.appointments())
            .inbox(parts.inbox())
            .provider(twilio)
            .build();
    return new WhatsAppStack(channel, twilio, webhooks);
  }

  /** Makes the fake Twilio accept every message from now on with {@code sid}. */
  static void twilioAnswersSid(WireMockExtension twilioApi, String sid) {
    twilioAnswersSid(twilioApi, sid, 0);
  }

  /** Makes the fake Twilio accept every message from now on with {@code sid}, after a delay. */
  static void twilioAnswersSid(WireMockExtension twilioApi, String sid, int delayMillis) {
    twilioApi.stubFor(
        post(urlEqualTo(MESSAGES))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withFixedDelay(delayMillis)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"sid\":\"" + sid + "\",\"status\":\"queued\"}")));
  }

  /** The Body of every message posted to the fake Twilio, decoded, in order. */
  static List<String> answers(WireMockExtension twilioApi) {
    return twilioApi.findAll(postRequestedFor(urlEqualTo(MESSAGES))).stream()
        .map(LoggedRequest::getBodyAsString)
        .map(form -> form.substring(form.indexOf("Body=") + "Body=".length()).split("&")[0])
        .map(b -> URLDecoder.decode(b, StandardCharsets.UTF_8))
        .toList();
  }
}
