package dev.cita.scheduling.calcom.api;

/**
 * The connected user from {@code GET /v2/me}: its numeric id is the account id of a Cita
 * connection. {@link #toString()} hides the e-mail.
 *
 * @param id the Cal.com user id
 * @param username the username
 * @param email the e-mail
 * @param timeZone the user's zone
 */
public record CalComProfile(long id, String username, String email, String timeZone) {
  @Override
  public String toString() {
    return "CalComProfile{id=" + id + ", username=" + username + ", timeZone=" + timeZone + "}";
  }
}
