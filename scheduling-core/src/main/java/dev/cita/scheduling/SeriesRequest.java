package dev.cita.scheduling;

import dev.cita.scheduling.availability.SeriesRule;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.Appointment;
import org.jspecify.annotations.Nullable;

/**
 * What to book as a series: the first occurrence (a {@link BookingRequest}: tenant, resource, type,
 * first start, attendee, optional idempotency key), an RFC 5545 RRULE that repeats it, and whether
 * the series is booked all or none or occurrence by occurrence. "Kinesiología los martes a las 10
 * durante 8 semanas":
 *
 * <pre>{@code
 * SeriesRequest request =
 *     SeriesRequest.builder(
 *             BookingRequest.builder(tenant, ana, kine, firstTuesdayAt10, attendee)
 *                 .idempotencyKey("whatsapp-SM123")
 *                 .build(),
 *             "FREQ=WEEKLY;BYDAY=TU;COUNT=8")
 *         .mode(SeriesRequest.Mode.ALL_OR_NONE)
 *         .build();
 * SeriesResult result = service.series().book(request);
 * }</pre>
 *
 * <p>The rule is read by lib-recur in strict RFC 5545 mode and must be bounded (a {@code COUNT} of
 * at most {@value #MAX_OCCURRENCES}, or an {@code UNTIL}); its first occurrence must be the first
 * request's start. See {@link SeriesBookings#book} for how it is expanded.
 */
public final class SeriesRequest {
  /** The most occurrences one series may have. */
  public static final int MAX_OCCURRENCES = 100;

  /**
   * The longest idempotency key of a series: each occurrence's key is the series' key, {@code #}
   * and the occurrence's number, and must fit {@link Appointment#MAX_IDEMPOTENCY_KEY_LENGTH}.
   */
  public static final int MAX_IDEMPOTENCY_KEY_LENGTH = Appointment.MAX_IDEMPOTENCY_KEY_LENGTH - 4;

  /** How the occurrences are booked. */
  public enum Mode {
    /** Every occurrence or none, in one atomic store write ({@code AppointmentStore.insertAll}). */
    ALL_OR_NONE,
    /** Each occurrence on its own; those that can be booked are, the others are reported. */
    EACH
  }

  private final BookingRequest first;
  private final SeriesRule rrule;
  private final Mode mode;

  private SeriesRequest(Builder b) {
    this.first = Checks.notNull(b.first, "series.first");
    this.rrule = SeriesRule.parse(Checks.notBlank(b.rrule, "series.rrule"), MAX_OCCURRENCES);
    this.mode = Checks.notNull(b.mode, "series.mode");
    first
        .idempotencyKey()
        .ifPresent(k -> Checks.maxLength(k, MAX_IDEMPOTENCY_KEY_LENGTH, "idempotencyKey"));
  }

  /**
   * Starts a request, all or none by default.
   *
   * @param first the first occurrence; its start is the rule's first start, and its idempotency key
   *     (at most {@value #MAX_IDEMPOTENCY_KEY_LENGTH} characters) makes a retried series safe
   * @param rrule an RFC 5545 recurrence rule, with or without the {@code RRULE:} prefix, with
   *     {@code COUNT} or {@code UNTIL} (a date, a local date-time or a UTC date-time)
   * @return a builder
   */
  public static Builder builder(BookingRequest first, String rrule) {
    Builder b = new Builder();
    b.first = first;
    b.rrule = rrule;
    return b;
  }

  /** {@return the first occurrence: who, with whom, which type, the first start, the key} */
  public BookingRequest first() {
    return first;
  }

  /** {@return the recurrence rule, read and bounded} */
  public SeriesRule rrule() {
    return rrule;
  }

  /** {@return how the occurrences are booked} */
  public Mode mode() {
    return mode;
  }

  @Override
  public String toString() {
    return "SeriesRequest{" + first + ", " + rrule + ", " + mode + "}";
  }

  /** Collects a {@link SeriesRequest}; {@link #build()} validates it. */
  public static final class Builder {
    private @Nullable BookingRequest first;
    private @Nullable String rrule;
    private Mode mode = Mode.ALL_OR_NONE;

    private Builder() {}

    /**
     * How the occurrences are booked (default {@link Mode#ALL_OR_NONE}).
     *
     * @param mode the mode
     * @return this builder
     */
    public Builder mode(Mode mode) {
      this.mode = mode;
      return this;
    }

    /**
     * Validates the request.
     *
     * @return the request
     * @throws ValidationException on {@code series.rrule} for a rule that is not valid RFC 5545 or
     *     has neither COUNT nor UNTIL, on {@code series.rrule.count} for a COUNT over {@value
     *     #MAX_OCCURRENCES}, on {@code idempotencyKey} for a key too long, or naming a missing
     *     field
     */
    public SeriesRequest build() {
      return new SeriesRequest(this);
    }
  }
}
