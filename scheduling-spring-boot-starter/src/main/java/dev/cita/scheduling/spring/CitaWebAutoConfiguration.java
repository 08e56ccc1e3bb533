package dev.cita.scheduling.spring;

import dev.cita.scheduling.webhook.WebhookHandler;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.DispatcherServlet;

/** The webhook endpoint in a servlet web application, when a {@link WebhookHandler} exists. */
@AutoConfiguration(after = CitaAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBean(WebhookHandler.class)
public class CitaWebAutoConfiguration {

  /** Creates the configuration; Spring calls it. */
  public CitaWebAutoConfiguration() {}

  /**
   * {@return the webhook endpoint}
   *
   * @param handler the webhook handler
   */
  @Bean
  @ConditionalOnMissingBean
  public WebhookController citaWebhookController(WebhookHandler handler) {
    return new WebhookController(handler);
  }
}
