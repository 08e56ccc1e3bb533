package dev.cita.scheduling;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which appointments of one customer to list: every appointment of a tenant whose attendee has a
 * given phone (E.164) or e-mail (compared without case), whatever booked it (this service, a
 * Cal.com page, a Calendly link, a Google Calendar event reported by a webhook), optionally
 * narrowed by status, type, resource and start time, in pages ordered by start then id.
 *
 * <pre>{@code
 * AttendeeQuery upcoming = AttendeeQuery.byPhone(tenant, "+56 9 1234 5678")
 *     .startingFrom(clock.instant())
 *     .statuses(AppointmentStatus.SCHEDULED, AppointmentStatus.CONFIRMED, AppointmentStatus.RESCHEDULED)
 *     .build();
 * AppointmentPage page = bookings.appointmentsOf(upcoming);
 * }</pre>
 */
public final class AttendeeQuery {
  /** The most appointments one page may hold. */
  public static final int MAX_LIMIT = 200;

  private final TenantId tenant;
  private final @Nullable String phone;
  private final @Nullable String email;
  private final Set<AppointmentStatus> statuses;
  private final @Nullable AppointmentTypeId type;
  private final @Nullable ResourceId resource;
  private final @Nullable Instant startingFrom;
  private final @Nullable Instant startingBefore;
  private final int limit;
  private final @Nullable Cursor after;

  private AttendeeQuery(Builder b) {
    this.tenant = b.tenant;
    this.phone = b.phone;
    this.email = b.email;
    this.statuses = b.statuses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(b.statuses));
    this.type = b.type;
    this.resource = b.resource;
    this.startingFrom = b.startingFrom;
    this.startingBefore = b.startingBefore;
    if (startingFrom != null && startingBefore != null && !startingBefore.isAfter(startingFrom)) {
      throw new ValidationException(
          "query.startingBefore", "must be after startingFrom (" + startingFrom + ")");
    }
    this.limit = b.limit;
    this.after = b.after;
  }

  /**
   * The appointments of the customer with this phone.
   *
   * @param tenant the tenant to look in
   * @param phone the phone, in E.164 form or as written ({@code "+56 9 1234-5678"}: spaces,
   *     hyphens, dots and parentheses are dropped)
   * @return a builder
   * @throws ValidationException naming {@code query.phone} if it is not a phone number
   */
  public static Builder byPhone(TenantId tenant, String phone) {
    return new Builder(tenant, Attendee.e164(phone, "query.phone"), null);
  }

  /**
   * The appointments of the customer with this e-mail address, compared without case.
   *
   * @param tenant the tenant to look in
   * @param email the address
   * @return a builder
   * @throws ValidationException naming {@code query.email} if it is not an e-mail address
   */
  public static Builder byEmail(TenantId tenant, String email) {
    return new Builder(tenant, null, Attendee.emailKey(email, "query.email"));
  }

  /** {@return the tenant to look in} */
  public TenantId tenant() {
    return tenant;
  }

  /** {@return the phone in E.164 form, when the query is by phone} */
  public Optional<String> phone() {
    return Optional.ofNullable(phone);
  }

  /** {@return the e-mail address stripped and in lower case, when the query is by e-mail} */
  public Optional<String> email() {
    return Optional.ofNullable(email);
  }

  /** {@return the statuses to keep; empty for every status} */
  public Set<AppointmentStatus> statuses() {
    return statuses;
  }

  /** {@return the appointment type to keep, if narrowed to one} */
  public Optional<AppointmentTypeId> type() {
    return Optional.ofNullable(type);
  }

  /** {@return the resource to keep, if narrowed to one} */
  public Optional<ResourceId> resource() {
    return Optional.ofNullable(resource);
  }

  /** {@return the earliest start to keep, inclusive} */
  public Optional<Instant> startingFrom() {
    return Optional.ofNullable(startingFrom);
  }

  /** {@return the start to keep appointments before, exclusive} */
  public Optional<Instant> startingBefore() {
    return Optional.ofNullable(startingBefore);
  }

  /** {@return the most appointments to return in this page} */
  public int limit() {
    return limit;
  }

  /** {@return where this page starts: after this position of the previous page's last one} */
  public Optional<Cursor> after() {
    return Optional.ofNullable(after);
  }

  /**
   * Whether {@code a} is one this query lists, ignoring paging: the attendee's contact matches and
   * every filter keeps it. Stores may use it to filter; the contact is compared as {@link
   * Attendee#e164} and {@link Attendee#emailKey} normalize it.
   *
   * @param a an appointment of the query's tenant
   * @return true if it is one of the customer's appointments this query keeps
   */
  public boolean matches(Appointment a) {
    if (!a.tenant().equals(tenant)) {
      return false;
    }
    boolean contact =
        phone != null
            ? phone.equals(a.attendee().phone().orElse(null))
            : a.attendee().email().map(e -> e.strip().equalsIgnoreCase(email)).orElse(false);
    return contact
        && (statuses.isEmpty() || statuses.contains(a.status()))
        && (type == null || type.equals(a.type()))
        && (resource == null || resource.equals(a.resource()))
        && (startingFrom == null || !a.start().isBefore(startingFrom))
        && (startingBefore == null || a.start().isBefore(startingBefore))
        && (after == null || after.isBefore(a));
  }

  @Override
  public String toString() {
    // The contact is personal data: masked as attendees are in logs.
    return "AttendeeQuery{tenant="
        + tenant
        + ", by="
        + (phone != null ? "phone" : "email")
        + ", statuses="
        + statuses
        + ", limit="
        + limit
        + "}";
  }

  /**
   * A position in the list (a start and an appointment id), handed out as {@link
   * AppointmentPage#next()} and passed back through {@link Builder#after(String)}.
   *
   * @param start the start of the last appointment already listed
   * @param id the id of that appointment
   */
  public record Cursor(Instant start, String id) {
    /**
     * Checks the components.
     *
     * @param start the start of the last appointment already listed
     * @param id the id of that appointment
     * @throws ValidationException if one is missing
     */
    public Cursor {
      Checks.notNull(start, "cursor.start");
      Checks.notBlank(id, "cursor.id");
    }

    /**
     * The position of an appointment.
     *
     * @param a the appointment last listed
     * @return its position
     */
    public static Cursor of(Appointment a) {
      return new Cursor(a.start(), a.id().value());
    }

    /**
     * Whether {@code a} comes after this position (later start, or the same start and a greater
     * id).
     *
     * @param a an appointment
     * @return true if it belongs to a later page
     */
    public boolean isBefore(Appointment a) {
      int byStart = a.start().compareTo(start);
      return byStart > 0 || (byStart == 0 && a.id().value().compareTo(id) > 0);
    }

    /** {@return the cursor as an opaque text, safe in a URL} */
    public String encode() {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString((start + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads a cursor that {@link #encode()} made.
     *
     * @param text the opaque text
     * @return the position
     * @throws ValidationException naming {@code query.after} if it is not such a text
     */
    public static Cursor decode(String text) {
      Checks.notBlank(text, "query.after");
      try {
        String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
        int bar = plain.indexOf('|');
        if (bar < 0) {
          throw new IllegalArgumentException("no separator");
        }
        return new Cursor(Instant.parse(plain.substring(0, bar)), plain.substring(bar + 1));
      } catch (IllegalArgumentException | DateTimeException | ValidationException e) {
        throw new ValidationException("query.after", "is not a cursor from an earlier page");
      }
    }
  }

  /** Narrows an {@link AttendeeQuery}; every filter is optional. */
  public static final class Builder {
    private final TenantId tenant;
    private final @Nullable String phone;
    private final @Nullable String email;
    private final Set<AppointmentStatus> statuses = EnumSet.noneOf(AppointmentStatus.class);
    private @Nullable AppointmentTypeId type;
    private @Nullable ResourceId resource;
    private @Nullable Instant startingFrom;
    private @Nullable Instant startingBefore;
    private int limit = 50;
    private @Nullable Cursor after;

    private Builder(TenantId tenant, @Nullable String phone, @Nullable String email) {
      this.tenant = Checks.notNull(tenant, "query.tenant");
      this.phone = phone;
      this.email = email;
    }

    /**
     * Keeps only appointments in one of these statuses (by default, every status).
     *
     * @param statuses the statuses to keep
     * @return this builder
     */
    public Builder statuses(AppointmentStatus... statuses) {
      Checks.notNull(statuses, "query.statuses");
      for (AppointmentStatus s : statuses) {
        this.statuses.add(Checks.notNull(s, "query.statuses[]"));
      }
      return this;
    }

    /**
     * Keeps only appointments of this type.
     *
     * @param type the appointment type
     * @return this builder
     */
    public Builder type(AppointmentTypeId type) {
      this.type = Checks.notNull(type, "query.type");
      return this;
    }

    /**
     * Keeps only appointments with this resource.
     *
     * @param resource the resource
     * @return this builder
     */
    public Builder resource(ResourceId resource) {
      this.resource = Checks.notNull(resource, "query.resource");
      return this;
    }

    /**
     * Keeps only appointments starting at or after this instant.
     *
     * @param from the earliest start, inclusive
     * @return this builder
     */
    public Builder startingFrom(Instant from) {
      this.startingFrom = Checks.notNull(from, "query.startingFrom");
      return this;
    }

    /**
     * Keeps only appointments starting before this instant.
     *
     * @param before the start to stop at, exclusive
     * @return this builder
     */
    public Builder startingBefore(Instant before) {
      this.startingBefore = Checks.notNull(before, "query.startingBefore");
      return this;
    }

    /**
     * How many appointments a page holds at most (50 by default).
     *
     * @param limit from 1 to {@value AttendeeQuery#MAX_LIMIT}
     * @return this builder
     * @throws ValidationException naming {@code query.limit} if out of range
     */
    public Builder limit(int limit) {
      if (limit < 1 || limit > MAX_LIMIT) {
        throw new ValidationException(
            "query.limit", "must be from 1 to " + MAX_LIMIT + ", was " + limit);
      }
      this.limit = limit;
      return this;
    }

    /**
     * Continues a listing after the page whose {@link AppointmentPage#next()} gave {@code cursor}.
     *
     * @param cursor the previous page's {@code next()}
     * @return this builder
     * @throws ValidationException naming {@code query.after} if it is not such a cursor
     */
    public Builder after(String cursor) {
      this.after = Cursor.decode(cursor);
      return this;
    }

    /**
     * {@return the query}
     *
     * @throws ValidationException naming {@code query.startingBefore} if it is not after {@code
     *     startingFrom}
     */
    public AttendeeQuery build() {
      return new AttendeeQuery(this);
    }
  }
}
