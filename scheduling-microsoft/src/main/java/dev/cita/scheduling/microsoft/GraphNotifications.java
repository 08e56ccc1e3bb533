package dev.cita.scheduling.microsoft;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.WebhookVerificationException;
import dev.cita.scheduling.http.JsonCodec;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.PushChannel;
import dev.cita.scheduling.spi.PushChannelStore;
import dev.cita.scheduling.spi.ResourceCalendar;
import dev.cita.scheduling.webhook.ParsedWebhook;
import dev.cita.scheduling.webhook.ProviderBookingEvent;
import dev.cita.scheduling.webhook.ProviderWebhooks;
import dev.cita.scheduling.webhook.WebhookHandler;
import dev.cita.scheduling.webhook.WebhookParseException;
import dev.cita.scheduling.webhook.WebhookRequest;
import dev.cita.scheduling.webhook.WebhookResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Graph's change and lifecycle notifications in Cita's webhook pipeline: {@link #verify} finds each
 * notification's subscription in the {@link PushChannelStore} and compares its {@code clientState}
 * with the stored one in constant time (any mismatch refuses the whole delivery, so nothing of it
 * is synced); {@link #parse} acknowledges it (a Graph notification carries no event data: it means
 * "sync this mailbox now", which {@link MicrosoftSubscriptions#handle} does).
 *
 * <p>The other kind of request it reads is Cita's own: after a delta sync, the changed events of
 * Cita's appointments are passed through the same pipeline (de-duplicated, ordered, applied by the
 * lifecycle rules) as a request built by {@link #changes}. Such a request carries the provider's
 * per-process secret in {@value #CHANGES_HEADER}, compared in constant time; a request from outside
 * cannot carry it, so nobody who merely knows a {@code clientState} can post event data.
 */
final class GraphNotifications implements ProviderWebhooks {
  /** The header that marks a request of changes built by this process. */
  static final String CHANGES_HEADER = "X-Cita-Graph-Changes";

  /** The most events one request of changes carries, so it stays far below any body limit. */
  static final int CHANGES_PER_REQUEST = 50;

  /** One verified notification: its subscription, and its lifecycle event if it is one. */
  record Notification(PushChannel channel, @Nullable String lifecycleEvent) {}

  private static final Logger log = LoggerFactory.getLogger(GraphNotifications.class);
  private static final JsonCodec JSON = JsonCodec.forProvider(MicrosoftOAuth.PROVIDER);
  private final @Nullable PushChannelStore channels;
  private final String secret;

  /**
   * @param channels the subscriptions, or null when the application has none (then only requests of
   *     changes are accepted)
   * @param secret the provider's per-process secret ({@link MicrosoftCalendarProvider})
   */
  GraphNotifications(@Nullable PushChannelStore channels, String secret) {
    this.channels = channels;
    this.secret = secret;
  }

  /** True when the request carries this process's secret: a request of changes built here. */
  private boolean isChanges(WebhookRequest request) {
    Optional<String> sent = request.header(CHANGES_HEADER);
    return sent.isPresent()
        && MessageDigest.isEqual(
            sent.get().getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The requests that carry Cita's changed events of one mailbox into the pipeline, at most {@value
   * #CHANGES_PER_REQUEST} events each. An event is cut down to what {@link
   * GraphEvents#toBookingEvent} reads, so the body stays small.
   */
  List<WebhookRequest> changes(ResourceCalendar mailbox, List<JsonNode> events) {
    List<WebhookRequest> out = new ArrayList<>();
    for (int i = 0; i < events.size(); i += CHANGES_PER_REQUEST) {
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      body.put("tenant", mailbox.tenant().value());
      body.put("resource", mailbox.resource().value());
      ArrayNode list = body.putArray("events");
      for (JsonNode e : events.subList(i, Math.min(events.size(), i + CHANGES_PER_REQUEST))) {
        ObjectNode slim = list.addObject();
        for (String field : KEPT) {
          if (e.has(field)) {
            slim.set(field, e.get(field));
          }
        }
      }
      out.add(
          WebhookRequest.builder("POST", "cita://microsoft/changes")
              .header(CHANGES_HEADER, secret)
              .header("Content-Type", "application/json")
              .body(body.toString())
              .build());
    }
    return out;
  }

  /**
   * Passes Cita's changed events of one mailbox through {@code handler}; true when every request
   * was handled (a duplicate or an event the lifecycle refuses counts as handled: the pipeline
   * records it), false when one should be tried again.
   */
  boolean apply(WebhookHandler handler, ResourceCalendar mailbox, List<JsonNode> events) {
    for (WebhookRequest request : changes(mailbox, events)) {
      WebhookResult result = handler.handle(MicrosoftOAuth.PROVIDER, request);
      if (!result.isSuccess()) {
        log.warn(
            "changes of {}/{} not applied ({}: {}); is this provider's webhooks() registered?",
            mailbox.tenant(),
            mailbox.resource(),
            result.outcome(),
            result.message());
        return false;
      }
    }
    return true;
  }

  private static final List<String> KEPT =
      List.of(
          "id",
          "@removed",
          "transactionId",
          "singleValueExtendedProperties",
          "isCancelled",
          "isAllDay",
          "showAs",
          "start",
          "end",
          "lastModifiedDateTime");

  @Override
  public String provider() {
    return MicrosoftOAuth.PROVIDER;
  }

  @Override
  public void verify(WebhookRequest request) {
    verified(request);
  }

  /** The delivery's notifications, each checked against its stored subscription. */
  List<Notification> verified(WebhookRequest request) {
    if (request.header(CHANGES_HEADER).isPresent()) {
      if (!isChanges(request)) {
        throw refused("a request of changes that this process did not build");
      }
      return List.of();
    }
    PushChannelStore channels = this.channels;
    if (channels == null) {
      throw refused("no subscriptions are kept");
    }
    JsonNode body;
    try {
      body = JSON.readTree(request.body());
    } catch (ProviderException e) {
      throw refused("the body is not JSON");
    }
    JsonNode value = body.path("value");
    if (!value.isArray() || value.isEmpty()) {
      throw refused("no notifications in the body");
    }
    List<Notification> out = new ArrayList<>();
    for (JsonNode n : value) {
      PushChannel channel =
          channels
              .find(MicrosoftOAuth.PROVIDER, n.path("subscriptionId").asText(""))
              .orElseThrow(() -> refused("unknown subscription"));
      byte[] sent = n.path("clientState").asText("").getBytes(StandardCharsets.UTF_8);
      byte[] kept = channel.verificationToken().getBytes(StandardCharsets.UTF_8);
      if (!MessageDigest.isEqual(sent, kept)) {
        throw refused("clientState does not match the subscription's");
      }
      String lifecycle = n.path("lifecycleEvent").asText("");
      out.add(new Notification(channel, lifecycle.isBlank() ? null : lifecycle));
    }
    return out;
  }

  private static WebhookVerificationException refused(String reason) {
    return new WebhookVerificationException(MicrosoftOAuth.PROVIDER, reason);
  }

  @Override
  public ParsedWebhook parse(WebhookRequest request) {
    if (isChanges(request)) {
      return parseChanges(request);
    }
    JsonNode first;
    try {
      first = JSON.readTree(request.body()).path("value").path(0);
    } catch (ProviderException e) {
      throw new WebhookParseException("the body is not JSON", e);
    }
    String lifecycle = first.path("lifecycleEvent").asText("");
    return ParsedWebhook.ignored(
        lifecycle.isBlank() ? "change:" + first.path("changeType").asText("?") : lifecycle);
  }

  private static ParsedWebhook parseChanges(WebhookRequest request) {
    JsonNode body;
    try {
      body = JSON.readTree(request.body());
    } catch (ProviderException e) {
      throw new WebhookParseException("the body is not JSON", e);
    }
    TenantId tenant = TenantId.of(body.path("tenant").asText(""));
    List<ProviderBookingEvent> events = new ArrayList<>();
    for (JsonNode e : body.path("events")) {
      // Removed events carry no time of change; their delivery key still differs by event id.
      events.add(GraphEvents.toBookingEvent(e, tenant, Instant.EPOCH));
    }
    return events.isEmpty()
        ? ParsedWebhook.ignored("changes")
        : ParsedWebhook.of("calendarView.delta", events);
  }
}
