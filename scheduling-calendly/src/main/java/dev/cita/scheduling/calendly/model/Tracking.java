package dev.cita.scheduling.calendly.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.jspecify.annotations.Nullable;

/**
 * The UTM and Salesforce tracking fields of an invitee: sent with {@code POST /invitees} and echoed
 * back on the invitee resource and in its webhooks. Cita writes its tag here (see {@code
 * CalendlyCalendarProvider}); any field may be null.
 *
 * @param utmCampaign the {@code utm_campaign} field
 * @param utmSource the {@code utm_source} field
 * @param utmMedium the {@code utm_medium} field
 * @param utmContent the {@code utm_content} field
 * @param utmTerm the {@code utm_term} field
 * @param salesforceUuid the {@code salesforce_uuid} field
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Tracking(
    @Nullable String utmCampaign,
    @Nullable String utmSource,
    @Nullable String utmMedium,
    @Nullable String utmContent,
    @Nullable String utmTerm,
    @Nullable String salesforceUuid) {

  /**
   * Tracking with only three UTM fields set.
   *
   * @param source the {@code utm_source} field
   * @param campaign the {@code utm_campaign} field
   * @param content the {@code utm_content} field
   * @return the tracking; the other fields are null
   */
  public static Tracking utm(String source, String campaign, String content) {
    return new Tracking(campaign, source, null, content, null, null);
  }
}
