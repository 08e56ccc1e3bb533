package dev.cita.scheduling.calendly.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A Calendly user ({@code GET /users/me}): its URI is the account id of a connection, and its
 * current organization scopes organization-wide calls such as webhook subscriptions.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CalendlyUser(String uri, String name, String slug, String email, String schedulingUrl,
    String timezone, String currentOrganization) {
  @Override
  public String toString() {
    return "CalendlyUser{" + uri + ", organization=" + currentOrganization + '}';
  }
}
