package dev.cita.scheduling.calcom.api;

import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Filters of {@code GET /v2/bookings} (cal-api-version 2024-08-13). Unset filters are not sent.
 * Built with {@link #builder()}; {@code take} defaults to 100 (Cal.com allows up to 250).
 */
public final class BookingSearch {
  private final @Nullable Long eventTypeId;
  private final @Nullable String attendeeEmail;
  private final @Nullable Instant afterStart;
  private final @Nullable Instant beforeEnd;
  private final @Nullable Instant afterCreatedAt;
  private final @Nullable String status;
  private final int take;
  private final int skip;

  private BookingSearch(Builder b) {
    this.eventTypeId = b.eventTypeId;
    this.attendeeEmail = b.attendeeEmail;
    this.afterStart = b.afterStart;
    this.beforeEnd = b.beforeEnd;
    this.afterCreatedAt = b.afterCreatedAt;
    this.status = b.status;
    if (b.take < 1 || b.take > 250) {
      throw new dev.cita.scheduling.ValidationException(
          "bookingSearch.take", "must be 1..250, was " + b.take);
    }
    if (b.skip < 0) {
      throw new dev.cita.scheduling.ValidationException(
          "bookingSearch.skip", "must not be negative, was " + b.skip);
    }
    this.take = b.take;
    this.skip = b.skip;
  }

  /** {@return a new builder with no filters, {@code take} 100 and {@code skip} 0} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The same filters, further on: for the page after one that held {@code skipped} bookings.
   *
   * @param skipped how many more bookings to skip
   * @return the search for the next page
   */
  public BookingSearch next(int skipped) {
    Builder b = toBuilder();
    b.skip = skip + skipped;
    return b.build();
  }

  private Builder toBuilder() {
    Builder b = new Builder();
    b.eventTypeId = eventTypeId;
    b.attendeeEmail = attendeeEmail;
    b.afterStart = afterStart;
    b.beforeEnd = beforeEnd;
    b.afterCreatedAt = afterCreatedAt;
    b.status = status;
    b.take = take;
    b.skip = skip;
    return b;
  }

  /** {@return the event type whose bookings are listed, or empty for all} */
  public Optional<Long> eventTypeId() {
    return Optional.ofNullable(eventTypeId);
  }

  /** {@return the e-mail of the attendee whose bookings are listed, or empty for everyone's} */
  public Optional<String> attendeeEmail() {
    return Optional.ofNullable(attendeeEmail);
  }

  /** {@return the time after which listed bookings start, or empty for no limit} */
  public Optional<Instant> afterStart() {
    return Optional.ofNullable(afterStart);
  }

  /** {@return the time before which listed bookings end, or empty for no limit} */
  public Optional<Instant> beforeEnd() {
    return Optional.ofNullable(beforeEnd);
  }

  /** {@return the time after which listed bookings were created, or empty for no limit} */
  public Optional<Instant> afterCreatedAt() {
    return Optional.ofNullable(afterCreatedAt);
  }

  /**
   * {@return Cal.com's status filter, comma separated ({@code upcoming,unconfirmed}), or empty for
   * all}
   */
  public Optional<String> status() {
    return Optional.ofNullable(status);
  }

  /** {@return how many bookings one page holds at most, 1 to 250} */
  public int take() {
    return take;
  }

  /** {@return how many bookings are skipped before the page} */
  public int skip() {
    return skip;
  }

  @Override
  public String toString() {
    return "BookingSearch{eventType="
        + eventTypeId
        + (attendeeEmail == null ? "" : ", attendee=[redacted]")
        + ", afterStart="
        + afterStart
        + ", beforeEnd="
        + beforeEnd
        + ", afterCreatedAt="
        + afterCreatedAt
        + ", status="
        + status
        + ", take="
        + take
        + ", skip="
        + skip
        + "}";
  }

  /** Collects the filters of a {@link BookingSearch}. */
  public static final class Builder {
    private @Nullable Long eventTypeId;
    private @Nullable String attendeeEmail;
    private @Nullable Instant afterStart;
    private @Nullable Instant beforeEnd;
    private @Nullable Instant afterCreatedAt;
    private @Nullable String status;
    private int take = 100;
    private int skip;

    private Builder() {}

    /**
     * Lists only the bookings of one event type.
     *
     * @param eventTypeId the event type's id
     * @return this builder
     */
    public Builder eventTypeId(long eventTypeId) {
      this.eventTypeId = eventTypeId;
      return this;
    }

    /**
     * Lists only the bookings of one attendee.
     *
     * @param attendeeEmail the attendee's e-mail address
     * @return this builder
     */
    public Builder attendeeEmail(String attendeeEmail) {
      this.attendeeEmail = attendeeEmail;
      return this;
    }

    /**
     * Lists only the bookings that start after a time.
     *
     * @param afterStart the time
     * @return this builder
     */
    public Builder afterStart(Instant afterStart) {
      this.afterStart = afterStart;
      return this;
    }

    /**
     * Lists only the bookings that end before a time.
     *
     * @param beforeEnd the time
     * @return this builder
     */
    public Builder beforeEnd(Instant beforeEnd) {
      this.beforeEnd = beforeEnd;
      return this;
    }

    /**
     * Lists only the bookings created after a time.
     *
     * @param afterCreatedAt the time
     * @return this builder
     */
    public Builder afterCreatedAt(Instant afterCreatedAt) {
      this.afterCreatedAt = afterCreatedAt;
      return this;
    }

    /**
     * Lists only the bookings in some statuses.
     *
     * @param status Cal.com's statuses, comma separated, such as {@code upcoming,unconfirmed}
     * @return this builder
     */
    public Builder status(String status) {
      this.status = status;
      return this;
    }

    /**
     * Sets how many bookings one page holds at most.
     *
     * @param take 1 to 250; 100 if not set
     * @return this builder
     */
    public Builder take(int take) {
      this.take = take;
      return this;
    }

    /**
     * Builds the search.
     *
     * @return the search
     * @throws dev.cita.scheduling.ValidationException if {@code take} is out of range
     */
    public BookingSearch build() {
      return new BookingSearch(this);
    }
  }
}
