package dev.cita.scheduling.calendly.model;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Which scheduled events to list ({@code GET /scheduled_events}): a user's or an organization's,
 * optionally only active ones, starting within a window, booked by one invitee e-mail.
 *
 * <pre>{@code
 * ScheduledEventQuery q = ScheduledEventQuery.forUser(userUri).active().startingBetween(from, to).build();
 * }</pre>
 */
public final class ScheduledEventQuery {
  private final @Nullable String user;
  private final String organization;
  private final @Nullable String status;
  private final @Nullable Instant minStartTime;
  private final @Nullable Instant maxStartTime;
  private final @Nullable String inviteeEmail;

  private ScheduledEventQuery(Builder b) {
    if ((b.user == null) == (b.organization == null)) {
      throw new ValidationException("query.user", "name exactly one of a user or an organization");
    }
    if (b.minStartTime != null
        && b.maxStartTime != null
        && !b.maxStartTime.isAfter(b.minStartTime)) {
      throw new ValidationException("query.maxStartTime", "must be after minStartTime");
    }
    this.user = b.user;
    this.organization = b.organization;
    this.status = b.status;
    this.minStartTime = b.minStartTime;
    this.maxStartTime = b.maxStartTime;
    this.inviteeEmail = b.inviteeEmail;
  }

  /**
   * The events hosted by one user.
   *
   * @param userUri the user's URI
   * @return a builder
   */
  public static Builder forUser(String userUri) {
    Builder b = new Builder();
    b.user = Checks.notBlank(userUri, "query.user");
    return b;
  }

  /**
   * Every event of an organization; this needs an admin's token.
   *
   * @param organizationUri the organization's URI
   * @return a builder
   */
  public static Builder forOrganization(String organizationUri) {
    Builder b = new Builder();
    b.organization = Checks.notBlank(organizationUri, "query.organization");
    return b;
  }

  /** {@return the URI of the user whose events are listed, or empty for an organization's} */
  public Optional<String> user() {
    return Optional.ofNullable(user);
  }

  /** {@return the URI of the organization whose events are listed, or empty for a user's} */
  public Optional<String> organization() {
    return Optional.ofNullable(organization);
  }

  /** {@return {@code active} or {@code canceled} when filtered, otherwise empty} */
  public Optional<String> status() {
    return Optional.ofNullable(status);
  }

  /** {@return the earliest start listed (inclusive), or empty for no limit} */
  public Optional<Instant> minStartTime() {
    return Optional.ofNullable(minStartTime);
  }

  /** {@return the start before which events are listed (exclusive), or empty for no limit} */
  public Optional<Instant> maxStartTime() {
    return Optional.ofNullable(maxStartTime);
  }

  /** {@return the e-mail of the invitee whose bookings are listed, or empty for everyone's} */
  public Optional<String> inviteeEmail() {
    return Optional.ofNullable(inviteeEmail);
  }

  @Override
  public String toString() {
    return "ScheduledEventQuery{"
        + (user != null ? user : organization)
        + (status == null ? "" : ", " + status)
        + ", "
        + minStartTime
        + ".."
        + maxStartTime
        + (inviteeEmail == null ? "" : ", by invitee")
        + '}';
  }

  /** Collects a {@link ScheduledEventQuery}. */
  public static final class Builder {
    private @Nullable String user;
    private @Nullable String organization;
    private @Nullable String status;
    private @Nullable Instant minStartTime;
    private @Nullable Instant maxStartTime;
    private @Nullable String inviteeEmail;

    private Builder() {}

    /**
     * Lists only events that are not cancelled.
     *
     * @return this builder
     */
    public Builder active() {
      this.status = "active";
      return this;
    }

    /**
     * Lists the events whose start is at or after {@code from} and before {@code to}.
     *
     * @param from the earliest start
     * @param to the start before which events are listed; after {@code from}
     * @return this builder
     */
    public Builder startingBetween(Instant from, Instant to) {
      this.minStartTime = Checks.notNull(from, "query.minStartTime");
      this.maxStartTime = Checks.notNull(to, "query.maxStartTime");
      return this;
    }

    /**
     * Lists only the events booked by one invitee.
     *
     * @param email the invitee's e-mail address
     * @return this builder
     */
    public Builder inviteeEmail(String email) {
      this.inviteeEmail = Checks.notBlank(email, "query.inviteeEmail");
      return this;
    }

    /**
     * Builds the query.
     *
     * @return the query
     * @throws ValidationException if {@code to} is not after {@code from}
     */
    public ScheduledEventQuery build() {
      return new ScheduledEventQuery(this);
    }
  }
}
