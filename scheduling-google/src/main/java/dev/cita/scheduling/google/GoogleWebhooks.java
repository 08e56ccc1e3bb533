package dev.cita.scheduling.google;

import com.google.api.client.json.JsonFactory;
import com.google.api.services.calendar.model.Event;
import com.google.api.services.calendar.model.Events;
import dev.cita.scheduling.WebhookVerificationException;
import dev.cita.scheduling.google.internal.EventMapping;
import dev.cita.scheduling.webhook.ParsedWebhook;
import dev.cita.scheduling.webhook.ProviderBookingEvent;
import dev.cita.scheduling.webhook.ProviderWebhooks;
import dev.cita.scheduling.webhook.WebhookParseException;
import dev.cita.scheduling.webhook.WebhookRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Google's side of Cita's webhook pipeline ({@code WebhookHandler}): register it with {@code
 * WebhookHandler.builder().provider(push.webhooks())} and let {@link GooglePushChannels#handle}
 * feed it. A Google notification has no body, it only says "sync now"; so {@code
 * GooglePushChannels} syncs, then passes the notification on with the changed events of Cita's
 * appointments as its body (Google's own {@code events.list} JSON). This class verifies the channel
 * (id, resource id and token, compared in constant time) and reads those events; the pipeline
 * de-duplicates and applies them.
 */
public final class GoogleWebhooks implements ProviderWebhooks {
  static final String CHANNEL_ID = "X-Goog-Channel-ID";
  static final String CHANNEL_TOKEN = "X-Goog-Channel-Token";
  static final String RESOURCE_ID = "X-Goog-Resource-ID";
  static final String RESOURCE_STATE = "X-Goog-Resource-State";

  private final GoogleChannelStore channels;
  private final JsonFactory json;

  GoogleWebhooks(GoogleChannelStore channels, JsonFactory json) {
    this.channels = channels;
    this.json = json;
  }

  @Override
  public String provider() {
    return GoogleOAuth.PROVIDER;
  }

  @Override
  public void verify(WebhookRequest request) {
    channel(request);
  }

  /** The stored channel a notification is for, after checking its token and resource id. */
  GoogleChannel channel(WebhookRequest request) {
    String id =
        request.header(CHANNEL_ID).orElseThrow(() -> refused("no " + CHANNEL_ID + " header"));
    GoogleChannel channel = channels.find(id).orElseThrow(() -> refused("unknown channel"));
    String token = request.header(CHANNEL_TOKEN).orElse("");
    if (!MessageDigest.isEqual(
        token.getBytes(StandardCharsets.UTF_8), channel.token().getBytes(StandardCharsets.UTF_8))) {
      throw refused("channel token does not match");
    }
    Optional<String> resourceId = request.header(RESOURCE_ID);
    if (resourceId.isPresent() && !resourceId.get().equals(channel.resourceId())) {
      throw refused("resource id does not match the channel");
    }
    return channel;
  }

  private static WebhookVerificationException refused(String reason) {
    return new WebhookVerificationException(GoogleOAuth.PROVIDER, reason);
  }

  @Override
  public ParsedWebhook parse(WebhookRequest request) {
    String state =
        request
            .header(RESOURCE_STATE)
            .orElseThrow(() -> new WebhookParseException("no " + RESOURCE_STATE + " header"));
    if (request.bodyLength() == 0) {
      return ParsedWebhook.ignored(state);
    }
    GoogleChannel channel =
        channels
            .find(request.header(CHANNEL_ID).orElse(""))
            .orElseThrow(() -> new WebhookParseException("the channel was stopped"));
    Events body;
    try {
      body = json.fromString(request.bodyAsString(), Events.class);
    } catch (IOException | RuntimeException e) {
      // Not only IOException: Google's JSON parser throws NullPointerException on a body cut short
      // ({"items":), found by GoogleWebhooksFuzzTest (seed not-json).
      throw new WebhookParseException("the body is not an events list", e);
    }
    ZoneId zone = EventMapping.zone(body.getTimeZone());
    List<ProviderBookingEvent> events = new ArrayList<>();
    if (body.getItems() != null) {
      for (Event e : body.getItems()) {
        if (e.getId() == null
            || EventMapping.appointmentOf(e, channel.assignment().tenant()).isEmpty()) {
          continue;
        }
        events.add(
            EventMapping.toBookingEvent(e, channel.assignment().tenant(), zone, Instant.EPOCH));
      }
    }
    return events.isEmpty() ? ParsedWebhook.ignored(state) : ParsedWebhook.of(state, events);
  }
}
