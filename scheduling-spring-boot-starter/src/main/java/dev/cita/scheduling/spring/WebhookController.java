package dev.cita.scheduling.spring;

import dev.cita.scheduling.webhook.ProviderWebhooks;
import dev.cita.scheduling.webhook.WebhookHandler;
import dev.cita.scheduling.webhook.WebhookRequest;
import dev.cita.scheduling.webhook.WebhookResult;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST {cita.web.prefix}/webhooks/{provider}}: hands the raw body, the headers and the
 * externally visible URL to the {@link WebhookHandler} and answers with its status (and {@code
 * Retry-After} when the result carries one).
 *
 * <p>The URL is the request's as the servlet container sees it. Behind a proxy, signatures over the
 * URL (Twilio's) verify only when the forwarded headers are honoured: set {@code
 * server.forward-headers-strategy=framework} (Spring's {@code ForwardedHeaderFilter}) or {@code
 * native}, and let only the proxy reach the application.
 */
@RestController
public class WebhookController {
  private final WebhookHandler handler;
  private final Map<String, ProviderWebhooks> providers = new HashMap<>();

  /**
   * Creates the endpoint.
   *
   * @param handler the handler every delivery goes to
   */
  public WebhookController(WebhookHandler handler) {
    this(handler, List.of());
  }

  /**
   * Creates the endpoint; a delivery for one of {@code providers} goes through its {@link
   * ProviderWebhooks#handle(WebhookHandler, WebhookRequest)}, so that an adapter's own work after
   * the handler's is done (Twilio's hands inbound WhatsApp messages to its listener).
   *
   * @param handler the handler every delivery goes to
   * @param providers the adapters registered with {@code handler}
   */
  public WebhookController(WebhookHandler handler, List<ProviderWebhooks> providers) {
    this.handler = handler;
    providers.forEach(p -> this.providers.put(p.provider(), p));
  }

  /**
   * Handles one delivery.
   *
   * @param provider the provider id in the path
   * @param request the servlet request, its body unread
   * @return the handler's status, with its message as plain text
   * @throws IOException if the body cannot be read
   */
  @PostMapping("${cita.web.prefix:/cita}/webhooks/{provider}")
  public ResponseEntity<String> receive(
      @PathVariable("provider") String provider, HttpServletRequest request) throws IOException {
    WebhookRequest delivery = toWebhookRequest(request);
    ProviderWebhooks adapter = providers.get(provider);
    WebhookResult result =
        adapter == null ? handler.handle(provider, delivery) : adapter.handle(handler, delivery);
    ResponseEntity.BodyBuilder response =
        ResponseEntity.status(result.status()).contentType(MediaType.TEXT_PLAIN);
    result.retryAfterHeader().ifPresent(value -> response.header(HttpHeaders.RETRY_AFTER, value));
    return response.body(result.message());
  }

  private WebhookRequest toWebhookRequest(HttpServletRequest request) throws IOException {
    StringBuilder url = new StringBuilder(request.getRequestURL());
    if (request.getQueryString() != null) {
      url.append('?').append(request.getQueryString());
    }
    WebhookRequest.Builder builder = WebhookRequest.builder(request.getMethod(), url.toString());
    for (String name : Collections.list(request.getHeaderNames())) {
      for (String value : Collections.list(request.getHeaders(name))) {
        builder.header(name, value);
      }
    }
    return builder
        .body(WebhookRequest.readBody(request.getInputStream(), handler.maxBodyBytes()))
        .build();
  }
}
