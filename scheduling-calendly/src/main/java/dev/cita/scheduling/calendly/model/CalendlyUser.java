package dev.cita.scheduling.calendly.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A Calendly user ({@code GET /users/me}): its URI is the account id of a connection, and its
 * current organization scopes organization-wide calls such as webhook subscriptions.
 *
 * @param uri the user's URI, the account id of a connection
 * @param name the user's full name
 * @param slug the user's part of Calendly booking links
 * @param email the user's e-mail address
 * @param schedulingUrl the user's public booking page
 * @param timezone the user's IANA time zone, such as {@code America/Santiago}
 * @param currentOrganization the URI of the organization the user belongs to
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CalendlyUser(
    String uri,
    String name,
    String slug,
    String email,
    String schedulingUrl,
    String timezone,
    String currentOrganization) {
  @Override
  public String toString() {
    return "CalendlyUser{" + uri + ", organization=" + currentOrganization + '}';
  }
}
