package dev.cita.scheduling.calcom;

import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.calcom.api.BookingPage;
import dev.cita.scheduling.calcom.api.BookingSearch;
import dev.cita.scheduling.calcom.api.CalComAttendee;
import dev.cita.scheduling.calcom.api.CalComBooking;
import dev.cita.scheduling.calcom.api.CalComEventType;
import dev.cita.scheduling.calcom.api.CancelBookingRequest;
import dev.cita.scheduling.calcom.api.CreateBookingRequest;
import dev.cita.scheduling.calcom.api.MarkAbsentRequest;
import dev.cita.scheduling.calcom.api.RescheduleBookingRequest;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.internal.LogSafe;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.webhook.AppointmentTagSigner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write side of {@link CalComCalendarProvider}: creates, moves, cancels and marks absent the
 * Cal.com booking of an appointment, each idempotent (a create looks for the booking an earlier
 * attempt made; moves, cancels and no-shows follow the {@code rescheduledToUid} chain and skip work
 * already done). The provider's Javadoc says why.
 */
final class CalComBookingWrites {
  /** How far before an appointment's creation a booking carrying it is looked for (clock skew). */
  static final Duration CREATED_MARGIN = Duration.ofDays(1);

  /** The most pages (of 100) a lookup or busy refresh reads. */
  static final int MAX_PAGES = 20;

  /** How long after the booking's start a no-show waiting for it is tried again (clock skew). */
  static final Duration NO_SHOW_MARGIN = Duration.ofMinutes(1);

  /** The longest rescheduledToUid chain followed. */
  static final int MAX_HOPS = 25;

  private static final Logger log = LoggerFactory.getLogger(CalComBookingWrites.class);

  private final CalComClient client;
  private final CalComAccounts accounts;
  private final Clock clock;
  private final String cancellationReason;
  private final @Nullable String reschedulingReason;
  private final AppointmentTagSigner tagSigner;

  CalComBookingWrites(
      CalComClient client,
      CalComAccounts accounts,
      Clock clock,
      String cancellationReason,
      @Nullable String reschedulingReason,
      AppointmentTagSigner tagSigner) {
    this.client = client;
    this.accounts = accounts;
    this.clock = clock;
    this.cancellationReason = cancellationReason;
    this.reschedulingReason = reschedulingReason;
    this.tagSigner = tagSigner;
  }

  String create(Appointment appointment) {
    CalComTenant config = accounts.config(appointment.tenant());
    EventTypeMapping mapping =
        config
            .eventTypeFor(appointment.resource(), appointment.type())
            .orElseThrow(
                () ->
                    notPushable(
                        appointment,
                        "no Cal.com event type is mapped to resource "
                            + appointment.resource()
                            + " and type "
                            + appointment.type()));
    CalComAccess access = accounts.access(config);
    Optional<CalComBooking> existing = findCreated(access, mapping, appointment);
    if (existing.isPresent()) {
      String uid =
          current(access, existing.get().uid())
              .map(CalComBooking::uid)
              .orElse(existing.get().uid());
      log.info(
          "appointment {} of tenant {} already has Cal.com booking {}; not creating another",
          appointment.id(),
          appointment.tenant(),
          LogSafe.escape(uid));
      return uid;
    }
    CalComEventType type = bookable(access, mapping.eventTypeId(), appointment);
    CreateBookingRequest request = createRequest(type, mapping, appointment);
    try {
      return client.createBooking(access, request).uid();
    } catch (ProviderException e) {
      throw retryableIfOutcomeUnknown(e, "create of appointment " + appointment.id());
    }
  }

  /**
   * Moves the booking to the appointment's time. Cal.com's reschedule gives the booking a new uid
   * and answers with the new booking, whose uid is returned so the sync worker stores it at once
   * (the next cancel or move goes straight to it). When the stored uid is behind (an earlier
   * attempt's answer was lost), the {@code rescheduledToUid} chain is followed to the booking in
   * force, and its uid is returned when it differs from the stored one.
   */
  Optional<String> move(Appointment appointment, String externalId) {
    CalComAccess access = accounts.access(appointment.tenant());
    Optional<CalComBooking> current = current(access, externalId);
    if (current.isEmpty()) {
      throw notPushable(appointment, "Cal.com booking " + externalId + " no longer exists");
    }
    CalComBooking booking = current.get();
    Optional<String> followed = Optional.of(booking.uid()).filter(uid -> !uid.equals(externalId));
    if (booking.isCancelled()) {
      log.info(
          "Cal.com booking {} of appointment {} is {}; not moving it",
          LogSafe.escape(booking.uid()),
          appointment.id(),
          LogSafe.escape(booking.status()));
      return followed;
    }
    if (appointment.start().equals(booking.start())) {
      return followed; // already there: an earlier attempt moved it
    }
    CalComEventType type = bookable(access, eventTypeOf(appointment, booking), appointment);
    Duration length = Duration.between(appointment.start(), appointment.end());
    boolean multiple =
        type.hasMultipleLengths()
            || accounts
                .config(appointment.tenant())
                .eventType(type.id())
                .map(EventTypeMapping::multipleLengths)
                .orElse(false);
    if (multiple
        && booking.start() != null
        && booking.end() != null
        && !Duration.between(booking.start(), booking.end()).equals(length)) {
      // The reschedule input has no lengthInMinutes (RescheduleBookingInput_2024_08_13): Cal.com
      // keeps
      // the booking's length (older versions: the event type's default), so a new length cannot be
      // sent.
      throw new ValidationException(
          "appointment.end",
          "Cal.com cannot change the length of booking "
              + booking.uid()
              + " when moving it (from "
              + Duration.between(booking.start(), booking.end()).toMinutes()
              + " to "
              + length.toMinutes()
              + " minutes); cancel it and book again");
    }
    CalComBooking moved;
    try {
      moved =
          client.reschedule(
              access,
              booking.uid(),
              new RescheduleBookingRequest(appointment.start(), reschedulingReason));
    } catch (ProviderException e) {
      throw retryableIfOutcomeUnknown(e, "reschedule of appointment " + appointment.id());
    }
    if (multiple
        && moved.start() != null
        && moved.end() != null
        && !Duration.between(moved.start(), moved.end()).equals(length)) {
      // Cal.com versions before it kept the original duration give the moved booking the type's
      // default.
      throw new ProviderException(
          CalComClient.PROVIDER,
          0,
          "length_changed",
          null,
          false,
          "Cal.com moved appointment "
              + appointment.id()
              + " to booking "
              + moved.uid()
              + " but gave it "
              + Duration.between(moved.start(), moved.end()).toMinutes()
              + " minutes instead of "
              + length.toMinutes()
              + " (this Cal.com version reschedules to the event type's default length); fix the"
              + " booking on Cal.com",
          null);
    }
    return Optional.of(moved.uid()).filter(uid -> !uid.equals(externalId));
  }

  void cancel(Appointment appointment, String externalId) {
    CalComAccess access = accounts.access(appointment.tenant());
    Optional<CalComBooking> current = current(access, externalId);
    if (current.isEmpty() || current.get().isCancelled()) {
      return; // cancelling what is already gone is not an error
    }
    try {
      bookable(access, eventTypeOf(appointment, current.get()), appointment);
    } catch (ProviderException e) {
      if (e.httpStatus().orElse(0) != 404) {
        throw e;
      }
      // The event type was deleted on Cal.com: its bookings can still be cancelled.
      log.info(
          "Cal.com event type of booking {} is gone; cancelling the booking anyway",
          current.get().uid());
    }
    try {
      client.cancel(access, current.get().uid(), new CancelBookingRequest(cancellationReason));
    } catch (ProviderException e) {
      throw retryableIfOutcomeUnknown(e, "cancel of appointment " + appointment.id());
    }
  }

  void markNoShow(Appointment appointment, String externalId) {
    CalComAccess access = accounts.access(appointment.tenant());
    CalComBooking booking =
        current(access, externalId)
            .orElseThrow(
                () ->
                    notPushable(
                        appointment, "Cal.com booking " + externalId + " no longer exists"));
    Instant start = booking.start() != null ? booking.start() : appointment.start();
    Instant now = clock.instant();
    if (now.isBefore(start)) {
      // Cal.com refuses mark-absent before the booking's start: the entry waits until then.
      throw new ProviderException(
          CalComClient.PROVIDER,
          0,
          "not_started",
          null,
          true,
          "Cal.com booking "
              + booking.uid()
              + " starts at "
              + start
              + "; an absence can be marked only after it starts",
          null,
          Duration.between(now, start).plus(NO_SHOW_MARGIN));
    }
    List<MarkAbsentRequest.Absence> absent = new ArrayList<>();
    Optional<String> email = appointment.attendee().email();
    for (CalComAttendee a : booking.attendees()) {
      if (a.email() != null && (email.isEmpty() || a.email().equalsIgnoreCase(email.get()))) {
        if (Boolean.TRUE.equals(a.absent())) {
          return; // already marked
        }
        absent.add(new MarkAbsentRequest.Absence(a.email(), true));
      }
    }
    if (absent.isEmpty()) {
      throw notPushable(
          appointment,
          "Cal.com booking " + booking.uid() + " has no attendee e-mail to mark absent");
    }
    // Marking absent twice has the same effect as once: a lost answer may be retried (it reads
    // first).
    try {
      // Only what Cita knows: its attendee was absent. host is not sent, since false would clear a
      // host no-show.
      client.markAbsent(access, booking.uid(), MarkAbsentRequest.attendees(absent));
    } catch (ProviderException e) {
      throw retryableIfOutcomeUnknown(e, "no-show of appointment " + appointment.id());
    }
  }

  /** The booking Cita created for this appointment, if an earlier attempt made one. */
  private Optional<CalComBooking> findCreated(
      CalComAccess access, EventTypeMapping mapping, Appointment a) {
    BookingSearch.Builder search =
        BookingSearch.builder()
            .eventTypeId(mapping.eventTypeId())
            .afterCreatedAt(a.createdAt().minus(CREATED_MARGIN))
            .take(100);
    a.attendee().email().ifPresent(search::attendeeEmail);
    BookingSearch query = search.build();
    CalComBooking match = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      BookingPage result = client.bookings(access, query);
      for (CalComBooking b : result.bookings()) {
        if (carries(b, a)) {
          if (b.movedTo().isEmpty()) {
            return Optional.of(b);
          }
          match = b;
        }
      }
      if (!result.hasNextPage() || result.bookings().isEmpty()) {
        break;
      }
      if (page == MAX_PAGES - 1 && match == null) {
        // Not having seen every page is not "not booked": creating now could book twice.
        throw tooManyPages("lookup of appointment " + a.id() + "'s booking");
      }
      query = query.next(result.bookings().size());
    }
    return Optional.ofNullable(match);
  }

  private static boolean carries(CalComBooking b, Appointment a) {
    return b.metadataValue(CalComCalendarProvider.APPOINTMENT_KEY)
            .filter(a.id().value()::equals)
            .isPresent()
        && b.metadataValue(CalComCalendarProvider.TENANT_KEY)
            .filter(a.tenant().value()::equals)
            .isPresent();
  }

  /**
   * Follows {@code rescheduledToUid} from {@code uid} to the booking in force; empty if it is gone.
   */
  private Optional<CalComBooking> current(CalComAccess access, String uid) {
    Checks.notBlank(uid, "externalId");
    Optional<CalComBooking> booking = client.booking(access, uid);
    for (int hop = 0;
        hop < MAX_HOPS && booking.isPresent() && booking.get().movedTo().isPresent();
        hop++) {
      Optional<CalComBooking> next = client.booking(access, booking.get().movedTo().get());
      if (next.isEmpty()) {
        break;
      }
      booking = next;
    }
    return booking;
  }

  private CreateBookingRequest createRequest(
      CalComEventType type, EventTypeMapping mapping, Appointment a) {
    BookingForm.Filled form = BookingForm.fill(type, a);
    Map<String, String> metadata =
        Map.of(
            CalComCalendarProvider.APPOINTMENT_KEY,
            a.id().value(),
            CalComCalendarProvider.TENANT_KEY,
            a.tenant().value(),
            CalComCalendarProvider.SIGNATURE_KEY,
            tagSigner.sign(a.tenant(), CalComClient.PROVIDER, a.id()));
    boolean multiple = mapping.multipleLengths() || type.hasMultipleLengths();
    return new CreateBookingRequest(
        a.start(),
        mapping.eventTypeId(),
        form.attendee(),
        metadata,
        multiple ? lengthInMinutes(a) : null,
        null,
        form.responses(),
        form.location());
  }

  /**
   * The event type, read from Cal.com (one GET per write: its form, lengths and seats can change at
   * any time); a seated one is refused. Seats would need {@code seatUid} on every move and cancel
   * (a cancel with the host's token cancels every seat) and keep metadata per seat, which Cita does
   * not model, so a seated event type is not mapped.
   */
  private CalComEventType bookable(CalComAccess access, long eventTypeId, Appointment a) {
    CalComEventType type = client.eventType(access, eventTypeId);
    if (type.isSeated()) {
      throw new ValidationException(
          "eventType",
          "Cal.com event type "
              + eventTypeId
              + " has seats, which Cita does"
              + " not map (moves and cancels would act on every seat); appointment "
              + a.id()
              + " is not pushed");
    }
    return type;
  }

  /** The booking's event type, else the one the appointment's resource and type map to. */
  private long eventTypeOf(Appointment a, CalComBooking booking) {
    if (booking.eventTypeId() != null) {
      return booking.eventTypeId();
    }
    return accounts
        .config(a.tenant())
        .eventTypeFor(a.resource(), a.type())
        .map(EventTypeMapping::eventTypeId)
        .orElseThrow(
            () -> notPushable(a, "Cal.com booking " + booking.uid() + " names no event type"));
  }

  /** The appointment's own duration in whole minutes, as Cal.com's {@code lengthInMinutes}. */
  private static Integer lengthInMinutes(Appointment a) {
    Duration length = Duration.between(a.start(), a.end());
    if (length.toSecondsPart() != 0
        || length.toNanosPart() != 0
        || length.toMinutes() < 1
        || length.toMinutes() > Integer.MAX_VALUE) {
      throw notPushable(
          a,
          "its duration " + length + " is not a whole number of minutes, which Cal.com requires");
    }
    return (int) length.toMinutes();
  }

  static ProviderException notPushable(Appointment a, String why) {
    return new ProviderException(
        CalComClient.PROVIDER,
        0,
        "not_pushable",
        null,
        false,
        "appointment " + a.id() + " of tenant " + a.tenant() + " cannot be pushed: " + why,
        null);
  }

  /**
   * A list that still had pages after {@link #MAX_PAGES}: retryable, since the next try may see
   * fewer.
   */
  static ProviderException tooManyPages(String what) {
    return new ProviderException(
        CalComClient.PROVIDER,
        0,
        null,
        null,
        true,
        what
            + " read "
            + MAX_PAGES
            + " pages of Cal.com bookings and more remain; not answering from part of them",
        null);
  }

  /**
   * A write whose request was sent and whose answer was lost may or may not have happened: the HTTP
   * client reports it as final ({@link ProviderException#isOutcomeUnknown()}), but the next attempt
   * looks before it writes, so it may be retried.
   */
  private static ProviderException retryableIfOutcomeUnknown(ProviderException e, String what) {
    if (!e.isOutcomeUnknown() || e.isRetryable() || e.httpStatus().isPresent()) {
      return e;
    }
    return ProviderException.retryableOutcomeUnknown(
        e.provider(),
        what + ": outcome unknown; the retry looks the booking up before writing again",
        e);
  }
}
