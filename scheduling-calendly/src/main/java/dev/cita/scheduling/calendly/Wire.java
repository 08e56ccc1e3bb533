package dev.cita.scheduling.calendly;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.cita.scheduling.calendly.model.Invitee;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Calendly's JSON envelopes and small request bodies, used only inside this package. */
final class Wire {
  private Wire() {}

  /** {@code {"resource": ...}}. */
  record Resource<T>(T resource) {}

  /** {@code {"collection": [...], "pagination": {...}}}. */
  record Page<T>(List<T> collection, Pagination pagination) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Pagination(Integer count, String nextPage, String nextPageToken) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record SchedulingLinkRequest(int maxEventCount, String owner, String ownerType) {}

  record CancellationRequest(String reason) {}

  record NoShowRequest(String invitee) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record WebhookSubscriptionRequest(
      String url,
      List<String> events,
      String organization,
      @Nullable String user,
      String scope,
      String signingKey) {
    @Override
    public String toString() {
      return "WebhookSubscriptionRequest{" + scope + ", " + events + '}'; // never the signing key
    }
  }

  /** A webhook delivery: {@code {event, created_at, created_by, payload}}. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Envelope(String event, Instant createdAt, String createdBy, Invitee payload) {}
}
