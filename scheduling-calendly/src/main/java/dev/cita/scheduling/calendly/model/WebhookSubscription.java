package dev.cita.scheduling.calendly.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * A webhook subscription ({@code /webhook_subscriptions}): where Calendly posts which events.
 *
 * @param uri the subscription's URI; {@code DELETE} it to unsubscribe
 * @param callbackUrl where Calendly posts the events
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 * @param retryStartedAt when Calendly started retrying failed deliveries, if it is retrying
 * @param state {@code active} or {@code disabled} (Calendly disables a failing endpoint)
 * @param events the events it posts, such as {@code invitee.created}
 * @param scope {@code user}, {@code organization} or {@code group}
 * @param organization the URI of the organization it belongs to
 * @param user the URI of the user it belongs to, for a user-scoped subscription
 * @param creator the URI of the user who created it
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record WebhookSubscription(
    String uri,
    String callbackUrl,
    Instant createdAt,
    Instant updatedAt,
    Instant retryStartedAt,
    String state,
    List<String> events,
    String scope,
    String organization,
    String user,
    String creator) {
  @Override
  public String toString() {
    // The callback URL may carry a tenant id or a token of the app's: leave its query out.
    int q = callbackUrl == null ? -1 : callbackUrl.indexOf('?');
    return "WebhookSubscription{"
        + uri
        + ", "
        + (q < 0 ? callbackUrl : callbackUrl.substring(0, q) + "?…")
        + ", "
        + state
        + ", "
        + events
        + '}';
  }
}
