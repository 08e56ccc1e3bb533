package dev.cita.scheduling.spring;

import dev.cita.scheduling.webhook.ProviderWebhooks;
import dev.cita.scheduling.webhook.WebhookHandler;
import java.util.List;
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
   * @param providers the provider adapters registered with it
   * @param properties the settings; {@code cita.web.prefix} must start with a slash
   * @throws IllegalStateException naming {@code cita.web.prefix} when it does not
   */
  @Bean
  @ConditionalOnMissingBean
  public WebhookController citaWebhookController(
      WebhookHandler handler, List<ProviderWebhooks> providers, CitaProperties properties) {
    prefix(properties);
    return new WebhookController(handler, providers);
  }

  /**
   * {@return {@code cita.web.prefix}, checked}
   *
   * @throws IllegalStateException naming {@code cita.web.prefix} when it does not start with a
   *     slash
   */
  static String prefix(CitaProperties properties) {
    String prefix = properties.getWeb().getPrefix();
    if (prefix == null || !prefix.startsWith("/")) {
      throw new IllegalStateException(
          "cita.web.prefix must start with a slash, such as /cita; was " + prefix);
    }
    return prefix;
  }
}
