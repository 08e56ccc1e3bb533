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
      throw new dev.cita.scheduling.ValidationException("bookingSearch.take", "must be 1..250, was " + b.take);
    }
    if (b.skip < 0) {
      throw new dev.cita.scheduling.ValidationException("bookingSearch.skip", "must not be negative, was " + b.skip);
    }
    this.take = b.take;
    this.skip = b.skip;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The same filters, {@code skip} items further. */
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

  public Optional<Long> eventTypeId() {
    return Optional.ofNullable(eventTypeId);
  }

  public Optional<String> attendeeEmail() {
    return Optional.ofNullable(attendeeEmail);
  }

  public Optional<Instant> afterStart() {
    return Optional.ofNullable(afterStart);
  }

  public Optional<Instant> beforeEnd() {
    return Optional.ofNullable(beforeEnd);
  }

  public Optional<Instant> afterCreatedAt() {
    return Optional.ofNullable(afterCreatedAt);
  }

  /** Cal.com status filter, comma separated ({@code upcoming,unconfirmed}). */
  public Optional<String> status() {
    return Optional.ofNullable(status);
  }

  public int take() {
    return take;
  }

  public int skip() {
    return skip;
  }

  @Override
  public String toString() {
    return "BookingSearch{eventType=" + eventTypeId + (attendeeEmail == null ? "" : ", attendee=[redacted]")
        + ", afterStart=" + afterStart + ", beforeEnd=" + beforeEnd + ", afterCreatedAt=" + afterCreatedAt
        + ", status=" + status + ", take=" + take + ", skip=" + skip + "}";
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

    public Builder eventTypeId(long eventTypeId) {
      this.eventTypeId = eventTypeId;
      return this;
    }

    public Builder attendeeEmail(String attendeeEmail) {
      this.attendeeEmail = attendeeEmail;
      return this;
    }

    public Builder afterStart(Instant afterStart) {
      this.afterStart = afterStart;
      return this;
    }

    public Builder beforeEnd(Instant beforeEnd) {
      this.beforeEnd = beforeEnd;
      return this;
    }

    public Builder afterCreatedAt(Instant afterCreatedAt) {
      this.afterCreatedAt = afterCreatedAt;
      return this;
    }

    public Builder status(String status) {
      this.status = status;
      return this;
    }

    public Builder take(int take) {
      this.take = take;
      return this;
    }

    public BookingSearch build() {
      return new BookingSearch(this);
    }
  }
}
