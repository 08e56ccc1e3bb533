package dev.cita.examples.clinic;

import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.whatsapp.TwilioRequestValidator;
import dev.cita.scheduling.whatsapp.TwilioWebhooks;
import dev.cita.scheduling.whatsapp.WhatsAppConversations;
import dev.cita.scheduling.whatsapp.channel.CustomerWindow;
import dev.cita.scheduling.whatsapp.channel.TwilioConfig;
import dev.cita.scheduling.whatsapp.channel.TwilioWhatsAppChannel;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The real WhatsApp number, when {@code clinic.twilio-auth-token} is set: Twilio posts to the
 * starter's {@code POST /cita/webhooks/twilio}, the same assistant as the web chat answers, and
 * Cita's notices go out on WhatsApp too.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${clinic.twilio-auth-token:}'.isEmpty()")
public class TwilioConfiguration {

  /**
   * {@return when each customer last wrote (WhatsApp's 24-hour window)}
   *
   * @param clock the clock
   */
  @Bean
  public CustomerWindow customerWindow(Clock clock) {
    return CustomerWindow.inMemory(clock);
  }

  /**
   * {@return the WhatsApp channel}
   *
   * @param properties the demo's settings
   * @param window the customer window
   */
  @Bean
  public TwilioWhatsAppChannel whatsAppChannel(ClinicProperties properties, CustomerWindow window) {
    TwilioConfig.Builder config =
        TwilioConfig.builder()
            .accountSid(properties.getTwilioAccountSid())
            .authToken(properties.getTwilioAuthToken())
            .from(properties.getTwilioFrom());
    if (!properties.getTwilioBaseUrl().isBlank()) {
      config.baseUrl(properties.getTwilioBaseUrl());
    }
    return TwilioWhatsAppChannel.builder(config.build()).customerWindow(window).build();
  }

  /**
   * {@return the inbound webhook, answered by the chat assistant}
   *
   * @param properties the demo's settings
   * @param agenda the assistant
   * @param channel the WhatsApp channel
   * @param window the customer window
   */
  @Bean
  public TwilioWebhooks twilioWebhooks(
      ClinicProperties properties,
      ClinicAgenda agenda,
      TwilioWhatsAppChannel channel,
      CustomerWindow window) {
    TenantId tenant = TenantId.of(properties.getChatTenant());
    WhatsAppConversations conversations =
        WhatsAppConversations.builder(agenda, channel)
            .tenantOf(message -> tenant)
            .customerWindow(window)
            .build();
    return TwilioWebhooks.builder(
            TwilioRequestValidator.withAuthToken(properties.getTwilioAuthToken()))
        .listener(conversations)
        .build();
  }
}
