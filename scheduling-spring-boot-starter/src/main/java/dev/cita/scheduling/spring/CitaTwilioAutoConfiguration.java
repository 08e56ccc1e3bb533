package dev.cita.scheduling.spring;

import dev.cita.scheduling.webhook.ProviderWebhooks;
import dev.cita.scheduling.whatsapp.TwilioMessageListener;
import dev.cita.scheduling.whatsapp.TwilioRequestValidator;
import dev.cita.scheduling.whatsapp.TwilioWebhooks;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Twilio's webhooks ({@link TwilioWebhooks}, verified with the account's auth token) when
 * scheduling-whatsapp is present and {@code cita.twilio.webhook-enabled=true}; a {@link
 * TwilioMessageListener} bean, if any, gets the inbound messages. Runs before {@link
 * CitaAutoConfiguration}, whose webhook handler then serves it at {@code {prefix}/webhooks/twilio}.
 */
@AutoConfiguration(before = CitaAutoConfiguration.class)
@ConditionalOnClass(TwilioWebhooks.class)
@ConditionalOnProperty(prefix = "cita.twilio", name = "webhook-enabled", havingValue = "true")
@EnableConfigurationProperties(CitaProperties.class)
public class CitaTwilioAutoConfiguration {

  /** Creates the configuration; Spring calls it. */
  public CitaTwilioAutoConfiguration() {}

  /**
   * {@return Twilio's webhooks, verified with {@code cita.twilio.auth-token}}
   *
   * @param properties the settings
   * @param listener the application's listener of inbound messages, if any
   * @throws IllegalStateException naming {@code cita.twilio.auth-token} when it is not set
   */
  @Bean
  @ConditionalOnMissingBean(name = "citaTwilioWebhooks")
  public ProviderWebhooks citaTwilioWebhooks(
      CitaProperties properties, ObjectProvider<TwilioMessageListener> listener) {
    String token = properties.getTwilio().getAuthToken();
    if (token == null || token.isBlank()) {
      throw new IllegalStateException(
          "cita.twilio.auth-token is required when cita.twilio.webhook-enabled=true: Twilio signs"
              + " its webhooks with the account's auth token");
    }
    TwilioWebhooks.Builder builder =
        TwilioWebhooks.builder(TwilioRequestValidator.withAuthToken(token));
    listener.ifAvailable(builder::listener);
    return builder.build();
  }
}
