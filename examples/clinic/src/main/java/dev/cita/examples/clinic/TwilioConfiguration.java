package dev.cita.examples.clinic;

import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.NotificationChannel;
import dev.cita.scheduling.whatsapp.TwilioRequestValidator;
import dev.cita.scheduling.whatsapp.TwilioWebhooks;
import dev.cita.scheduling.whatsapp.WhatsAppConversations;
import dev.cita.scheduling.whatsapp.channel.CustomerWindow;
import dev.cita.scheduling.whatsapp.channel.TwilioConfig;
import dev.cita.scheduling.whatsapp.channel.TwilioWhatsAppChannel;
import java.time.Clock;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The real WhatsApp number, when {@code clinic.twilio-auth-token} is set: Twilio posts to the
 * starter's {@code POST /cita/webhooks/twilio}, and the same assistant as the web chat answers on
 * WhatsApp. Cita's notices go out on WhatsApp too only with approved templates ({@code
 * clinic.twilio-templates.*}): outside a customer's 24-hour window WhatsApp takes nothing else, and
 * a notice the channel can never send would be dead-lettered, holding back that appointment's later
 * notices on every channel (the chat's too).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${clinic.twilio-auth-token:}'.isEmpty()")
public class TwilioConfiguration {

  /**
   * The clinic's WhatsApp line: a bean of its own type, so that the channel becomes a notification
   * channel only through {@link #whatsAppNotices}.
   *
   * @param channel the Twilio WhatsApp channel that answers and sends
   */
  public record WhatsAppLine(TwilioWhatsAppChannel channel) {}

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
   * {@return the WhatsApp line}
   *
   * @param properties the demo's settings
   * @param window the customer window
   * @param clock the clock
   */
  @Bean
  public WhatsAppLine whatsAppLine(
      ClinicProperties properties, CustomerWindow window, Clock clock) {
    TwilioConfig.Builder config =
        TwilioConfig.builder()
            .accountSid(properties.getTwilioAccountSid())
            .authToken(properties.getTwilioAuthToken())
            .from(properties.getTwilioFrom());
    if (!properties.getTwilioBaseUrl().isBlank()) {
      config.baseUrl(properties.getTwilioBaseUrl());
    }
    properties.getTwilioTemplates().forEach(config::template);
    return new WhatsAppLine(
        TwilioWhatsAppChannel.builder(config.build()).customerWindow(window).clock(clock).build());
  }

  /**
   * {@return the WhatsApp channel as a notification channel, when templates are configured}
   *
   * @param line the WhatsApp line
   */
  @Bean
  @Conditional(TemplatesConfigured.class)
  public NotificationChannel whatsAppNotices(WhatsAppLine line) {
    return line.channel();
  }

  /**
   * {@return the inbound webhook, answered by the chat assistant}
   *
   * @param properties the demo's settings
   * @param agenda the assistant
   * @param line the WhatsApp line
   * @param window the customer window
   * @param clock the clock
   */
  @Bean
  public TwilioWebhooks twilioWebhooks(
      ClinicProperties properties,
      ClinicAgenda agenda,
      WhatsAppLine line,
      CustomerWindow window,
      Clock clock) {
    TenantId tenant = TenantId.of(properties.getChatTenant());
    WhatsAppConversations conversations =
        WhatsAppConversations.builder(agenda, line.channel())
            .tenantOf(message -> tenant)
            .customerWindow(window)
            .clock(clock)
            .build();
    return TwilioWebhooks.builder(
            TwilioRequestValidator.withAuthToken(properties.getTwilioAuthToken()))
        .listener(conversations)
        .build();
  }

  /** True when {@code clinic.twilio-templates} maps at least one template key. */
  static final class TemplatesConfigured implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return Binder.get(context.getEnvironment())
          .bind("clinic.twilio-templates", Bindable.mapOf(String.class, String.class))
          .map(Map::isEmpty)
          .map(empty -> !empty)
          .orElse(false);
    }
  }
}
