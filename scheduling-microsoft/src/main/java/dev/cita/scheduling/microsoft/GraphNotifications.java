package dev.cita.scheduling.microsoft;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.WebhookVerificationException;
import dev.cita.scheduling.http.JsonCodec;
import dev.cita.scheduling.spi.PushChannel;
import dev.cita.scheduling.spi.PushChannelStore;
import dev.cita.scheduling.webhook.ParsedWebhook;
import dev.cita.scheduling.webhook.ProviderWebhooks;
import dev.cita.scheduling.webhook.WebhookParseException;
import dev.cita.scheduling.webhook.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Graph's change and lifecycle notifications in Cita's webhook pipeline: {@link #verify} finds each
 * notification's subscription in the {@link PushChannelStore} and compares its {@code clientState}
 * with the stored one in constant time (any mismatch refuses the whole delivery, so nothing of it
 * is synced); {@link #parse} acknowledges it (a Graph notification carries no event data: it means
 * "sync this mailbox now", which {@link MicrosoftSubscriptions#handle} does).
 */
final class GraphNotifications implements ProviderWebhooks {
  /** One verified notification: its subscription, and its lifecycle event if it is one. */
  record Notification(PushChannel channel, @Nullable String lifecycleEvent) {}

  private static final JsonCodec JSON = JsonCodec.forProvider(MicrosoftOAuth.PROVIDER);
  private final PushChannelStore channels;

  GraphNotifications(PushChannelStore channels) {
    this.channels = channels;
  }

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
}
