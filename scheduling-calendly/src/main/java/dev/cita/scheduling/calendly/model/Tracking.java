package dev.cita.scheduling.calendly.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.jspecify.annotations.Nullable;

/**
 * The UTM and Salesforce tracking fields of an invitee: sent with {@code POST /invitees} and echoed
 * back on the invitee resource and in its webhooks. Cita writes its tag here (see
 * {@code CalendlyCalendarProvider}); any field may be null.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Tracking(@Nullable String utmCampaign, @Nullable String utmSource,
    @Nullable String utmMedium, @Nullable String utmContent, @Nullable String utmTerm,
    @Nullable String salesforceUuid) {

  /** Tracking with only these three UTM fields set. */
  public static Tracking utm(String source, String campaign, String content) {
    return new Tracking(campaign, source, null, content, null, null);
  }
}
