package dev.cita.scheduling;

import dev.cita.scheduling.availability.Closure;
import dev.cita.scheduling.availability.IntervalSet;
import dev.cita.scheduling.availability.ResourceAvailability;
import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.availability.SlotEngine;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.internal.LogContext;
import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.memory.InMemoryIdempotencyStore;
import dev.cita.scheduling.memory.InMemoryScheduleStore;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.SeriesId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.model.TimeSlot;
import dev.cita.scheduling.notify.NotificationQueue;
import dev.cita.scheduling.observe.Observer;
import dev.cita.scheduling.spi.AppointmentStore;
import dev.cita.scheduling.spi.AvailabilitySource;
import dev.cita.scheduling.spi.BusySource;
import dev.cita.scheduling.spi.CalendarProvider;
import dev.cita.scheduling.spi.ClosureSource;
import dev.cita.scheduling.spi.ClosureStore;
import dev.cita.scheduling.spi.ConflictCheck;
import dev.cita.scheduling.spi.IdempotencyRecord;
import dev.cita.scheduling.spi.IdempotencyStore;
import dev.cita.scheduling.spi.Placement;
import dev.cita.scheduling.spi.ScheduleStore;
import dev.cita.scheduling.status.AppointmentLifecycle;
import dev.cita.scheduling.sync.OutboxEntry;
import dev.cita.scheduling.sync.SyncAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one entry point for finding free times and booking, moving, confirming and cancelling
 * appointments. Thread-safe; build one per application and share it.
 *
 * <pre>{@code
 * BookingService service = BookingService.builder()
 *     .scheduleStore(schedules)
 *     .appointmentStore(appointments)
 *     .idempotencyStore(idempotency)      // or .inMemoryDefaults() for what is not set
 *     .clock(Clock.systemUTC())
 *     .build();
 * List<TimeSlot> slots = service.findSlots(SlotQuery.forResource(tenant, ana, consult, monday, friday));
 * Appointment booked = service.book(BookingRequest.builder(tenant, ana, consult, slots.get(0).start(), attendee).build());
 * }</pre>
 *
 * <p>{@link #book} never trusts a slot list the client held: every rule (hours, notice, horizon,
 * buffers, seats, daily cap) is checked again against fresh data inside the store's atomic insert,
 * so two concurrent requests for one slot give one appointment and one {@link
 * SlotUnavailableException}.
 *
 * <p>With {@link CalendarProvider}s registered, every change a provider must hear about (book,
 * reschedule, cancel, no-show) is written together with one outbox entry per provider, in the same
 * atomic store write; a {@code SyncWorker} pushes them later. Booking therefore works while every
 * provider is down. Confirm, approve and complete write no entry.
 */
public final class BookingService {
  private static final Logger log = LoggerFactory.getLogger(BookingService.class);

  /** Stale-version retries for status changes; each retry re-reads and re-checks. */
  private static final int MAX_UPDATE_ATTEMPTS = 3;

  /** More than every span the booking rules compute around a slot (days before/after, buffers). */
  private static final Duration ARITHMETIC_SLACK =
      Duration.ofDays(7).plus(AppointmentType.MAX_BUFFER.multipliedBy(2));

  /** How long a booking waits by default for a provider whose hours are not cached. */
  private static final Duration DEFAULT_AVAILABILITY_REFRESH_TIMEOUT = Duration.ofSeconds(3);

  /** How old a cached provider answer may be, by default, before a booking reads it again. */
  private static final Duration DEFAULT_AVAILABILITY_MAX_AGE = Duration.ofMinutes(15);

  private final Clock clock;
  private final AppointmentStore appointments;
  private final ScheduleStore schedules;
  private final IdempotencyStore idempotency;
  private final List<CalendarProvider> providers;

  /** Every source of busy time: the providers, then the read-only sources. */
  private final List<BusySource> busySources;

  private final List<BookingListener> listeners;
  private final boolean queueNotifications;
  private final Observer observer;
  private final List<ClosureSource> closureSources;
  private final SlotEngine engine;
  private final ProviderHours providerHours;
  private final SeriesBookings series;

  private BookingService(Builder b) {
    this.clock = b.clock;
    this.appointments = Checks.notNull(b.appointments, "appointmentStore");
    this.schedules = Checks.notNull(b.schedules, "scheduleStore");
    this.idempotency = Checks.notNull(b.idempotency, "idempotencyStore");
    this.providers = List.copyOf(b.providers);
    List<BusySource> sources = new ArrayList<>(b.providers);
    sources.addAll(b.busySources);
    this.busySources = List.copyOf(sources);
    this.listeners = List.copyOf(b.listeners);
    this.queueNotifications = b.queueNotifications;
    this.observer = Observer.all(b.observers);
    this.closureSources = List.copyOf(b.closureSources);
    this.engine = SlotEngine.create(b.maxSlotsPerQuery);
    this.providerHours =
        ProviderHours.of(
            b.availabilitySources,
            this.busySources,
            b.availabilityRefreshTimeout,
            b.availabilityMaxAge);
    this.series = new SeriesBookings(this);
  }

  /**
   * A builder. Set the appointment, schedule and idempotency stores, or call {@link
   * Builder#inMemoryDefaults()} to keep the ones not set in memory.
   *
   * @return a builder with no stores set
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@return the store this service keeps schedules and appointment types in} Apps use it to set up
   * schedules and types.
   */
  public ScheduleStore scheduleStore() {
    return schedules;
  }

  /**
   * {@return recurring appointments: booking a series from an RRULE, moving or cancelling "this and
   * following"} Moving or cancelling one occurrence is {@link #reschedule} or {@link #cancel}.
   */
  public SeriesBookings series() {
    return series;
  }

  /**
   * {@return the store this service keeps appointments in} Apps use it for reports and lookups the
   * service does not offer.
   */
  public AppointmentStore appointmentStore() {
    return appointments;
  }

  /**
   * Free slots for one resource or a team, sorted by start. Busy time from every registered {@link
   * CalendarProvider} is merged in; a provider that fails is logged and skipped, so an outage never
   * stops the app from offering times. A resource whose schedule takes its hours from an {@link
   * AvailabilitySource} is open only in the windows that source's cache holds (no network call;
   * time it has not read offers nothing).
   *
   * @param query the resource or team, the appointment type and the local date range
   * @return the free slots, sorted by start; empty if none
   * @throws NotFoundException if the appointment type or a resource's schedule does not exist
   * @throws ValidationException on field {@code "query"} if the query would list more than {@link
   *     Builder#maxSlotsPerQuery} slots: narrow the range
   */
  public List<TimeSlot> findSlots(SlotQuery query) {
    Checks.notNull(query, "query");
    Instant started = clock.instant();
    try {
      return LogContext.open().tenant(query.tenant()).call(() -> slots(query));
    } finally {
      Duration elapsed = Duration.between(started, clock.instant());
      observer.slotQuery(
          query.tenant(), modeOf(query), elapsed.isNegative() ? Duration.ZERO : elapsed);
    }
  }

  private static Observer.QueryMode modeOf(SlotQuery query) {
    if (query.resources().size() == 1) {
      return Observer.QueryMode.SINGLE;
    }
    return query.mode() == SlotQuery.TeamMode.ALL_OF
        ? Observer.QueryMode.ALL_OF
        : Observer.QueryMode.ANY_OF;
  }

  private List<TimeSlot> slots(SlotQuery query) {
    AppointmentType type = type(query.tenant(), query);
    Instant now = clock.instant();
    List<ResourceAvailability> members = new ArrayList<>(query.resources().size());
    for (ResourceId resource : query.resources()) {
      Schedule schedule = schedule(query.tenant(), resource);
      TimeInterval range;
      try {
        range = queryRange(schedule, query.from(), query.to());
      } catch (DateTimeException | ArithmeticException e) {
        throw new ValidationException(
            "query", "dates out of the supported range: " + query.from() + " to " + query.to());
      }
      List<Appointment> held =
          appointments.findTimeHolding(query.tenant(), resource, range.start(), range.end());
      Schedule hours =
          providerHours.forQuery(
              query.tenant(), resource, type.id(), schedule, query.from(), query.to(), now);
      members.add(
          new ResourceAvailability(
              resource,
              hours,
              held,
              externalBusy(query.tenant(), resource, range),
              closures(query.tenant(), query.from().minusDays(2), query.to().plusDays(3))));
    }
    if (members.size() == 1) {
      return engine.slots(members.get(0), type, query.from(), query.to(), now);
    }
    return query.mode() == SlotQuery.TeamMode.ALL_OF
        ? engine.allOf(members, type, query.from(), query.to(), now)
        : engine.anyOf(members, type, query.from(), query.to(), now);
  }

  /**
   * Books a slot. With an idempotency key, the same request sent again returns the first result
   * (also while the first is still being written), and a different request with the same key fails
   * with {@link IdempotencyKeyReusedException}.
   *
   * <p>Idempotency rule: a key names at most one appointment, ever. A replay returns that
   * appointment <em>as it is now</em>, including a status it reached since (for example {@code
   * CANCELLED}): a caller must check {@link Appointment#status()} before telling anyone the time is
   * held, and must use a new key for a new booking (one key per proposal, not per customer or
   * counter). The appointment id is derived from the tenant, the key and the request, so every
   * attempt of one request writes the same id and the store's id check and its
   * one-appointment-per-key check keep it to one appointment, whatever the order of concurrent
   * attempts, failures and retries. A claim is released after a refusal (for example {@link
   * SlotUnavailableException}) only while it still names this request's id, so the key can then
   * carry another request; it is kept after {@link OutcomeUnknownException}, whose write may have
   * committed.
   *
   * <p>For a resource whose hours come from an {@link AvailabilitySource}, the time is checked
   * against the source's freshest cached answer; when the cache does not know that time, the source
   * is read once, waiting at most {@link Builder#availabilityRefreshTimeout}, and a time still not
   * known is refused ({@link SlotUnavailableException.Reason#HOURS_UNKNOWN}), never booked. An
   * answer older than {@link Builder#availabilityMaxAge} is read again the same way; if that read
   * fails, the older answer decides (the provider's refusal of the push still cancels visibly).
   *
   * @param request what to book
   * @return the stored appointment (for a replayed key, the first request's appointment as it is
   *     now)
   * @throws SlotUnavailableException if the time cannot be booked; nothing is written
   * @throws ValidationException if the request is malformed
   * @throws NotFoundException if the appointment type or the resource's schedule does not exist
   * @throws OutcomeUnknownException if the store lost its connection during the write; sending the
   *     same request again with the same idempotency key is safe
   */
  public Appointment book(BookingRequest request) {
    Checks.notNull(request, "request");
    return book(request, List.of(request.resource()), null, null);
  }

  /**
   * Books an any-of (round-robin) slot for one of {@code members}, chosen by {@code policy} among
   * those free at the request's time. The choice is made inside the store's atomic write ({@link
   * AppointmentStore#insertAnyOf}), under the write locks of every member, so concurrent bookings
   * over the same team see each other's choices: with sequential bookings each policy gives exactly
   * its promised shares (within one booking); with concurrent bookers on one store the choices are
   * serialized by those locks and keep the same bound. Everything else (rules, idempotency,
   * provider hours, notices, outbox) is as in {@link #book(BookingRequest)}; a member whose own
   * hours refuse the time is skipped. An idempotency key's fingerprint includes the members.
   *
   * @param request what to book; its resource is one of {@code members}, usually {@code
   *     slot.resources().get(0)}, and its display zone (when absent) is the chosen member's zone
   * @param members the team, in tie-breaking order (the earlier member wins a tie), distinct
   * @param policy how to choose among the free members
   * @return the stored appointment, whose {@link Appointment#resource()} is the chosen member
   * @throws SlotUnavailableException if no member can take the time; nothing is written
   * @throws ValidationException if the request or team is malformed (naming {@code members} when
   *     the team is empty, repeats a member or leaves out the request's resource)
   * @throws NotFoundException if the appointment type or a member's schedule does not exist
   * @throws OutcomeUnknownException as for {@link #book(BookingRequest)}
   * @throws UnsupportedOperationException if the appointment store does not implement {@link
   *     AppointmentStore#insertAnyOf}
   */
  public Appointment bookAnyOf(
      BookingRequest request, List<ResourceId> members, AssignmentPolicy policy) {
    Checks.notNull(request, "request");
    Checks.notNull(members, "members");
    Checks.notNull(policy, "policy");
    List<ResourceId> team = List.copyOf(members);
    if (team.isEmpty() || team.stream().distinct().count() != team.size()) {
      throw new ValidationException("members", "must be at least one distinct resource");
    }
    if (!team.contains(request.resource())) {
      throw new ValidationException("members", "must contain the request's resource");
    }
    return book(request, team, policy, null);
  }

  /** The series, and the rule's start, an appointment being booked is an occurrence of. */
  record Occurrence(SeriesId series, Instant start) {}

  /**
   * Books an occurrence of a series alone (a series booked occurrence by occurrence): as {@link
   * #book(BookingRequest)}, the appointment carrying {@code occurrence}.
   */
  Appointment bookOccurrence(BookingRequest request, Occurrence occurrence) {
    return book(request, List.of(request.resource()), null, occurrence);
  }

  /** Tells the observer and the listeners that {@code appointment} was booked. */
  void announceBooked(Appointment appointment) {
    observer.booking(appointment.tenant(), Observer.BookingOutcome.BOOKED, Optional.empty());
    observer.transition(appointment.tenant(), Optional.empty(), appointment.status());
    notify(l -> l.booked(appointment));
  }

  /** Tells the observer and the listeners that {@code before} was moved to {@code after}. */
  void announceRescheduled(Appointment before, Appointment after) {
    observer.transition(after.tenant(), Optional.of(before.status()), after.status());
    notify(l -> l.rescheduled(before, after));
  }

  /**
   * Books an all-of (collective) slot: one appointment that holds the time of the request's
   * resource (its host, {@link Appointment#resource()}) and of every other member ({@link
   * Appointment#participants()}), written atomically: all or none. Each member is checked by the
   * same rules as {@link #book(BookingRequest)} (its hours, closures, notice, horizon, caps, busy
   * time from providers, other appointments), all inside one store write under the locks of every
   * member, taken in the order of their ids so two collective bookings never deadlock. It is moved
   * ({@link #reschedule}) and cancelled ({@link #cancel}) as one, checked for every member. An
   * idempotency key's fingerprint includes the members.
   *
   * @param request what to book; its resource is the host, one of {@code members}
   * @param members every resource the appointment holds, distinct, at most {@value
   *     Appointment#MAX_PARTICIPANTS} besides the host
   * @return the stored appointment, holding every member
   * @throws SlotUnavailableException if any member cannot take the time, naming it ({@link
   *     SlotUnavailableException#resource()}); nothing is written
   * @throws ValidationException if the request or the members are malformed (naming {@code
   *     members}), or the type has more than one seat
   * @throws NotFoundException if the appointment type or a member's schedule does not exist
   * @throws OutcomeUnknownException as for {@link #book(BookingRequest)}
   */
  public Appointment bookAllOf(BookingRequest request, List<ResourceId> members) {
    Checks.notNull(request, "request");
    Checks.notNull(members, "members");
    List<ResourceId> team = List.copyOf(members);
    if (team.isEmpty() || team.stream().distinct().count() != team.size()) {
      throw new ValidationException("members", "must be at least one distinct resource");
    }
    if (!team.contains(request.resource())) {
      throw new ValidationException("members", "must contain the request's resource");
    }
    if (team.size() > Appointment.MAX_PARTICIPANTS + 1) {
      throw new ValidationException(
          "members", "at most " + (Appointment.MAX_PARTICIPANTS + 1) + " resources");
    }
    return book(request, team, null, null);
  }

  private Appointment book(
      BookingRequest request,
      List<ResourceId> members,
      @Nullable AssignmentPolicy policy,
      @Nullable Occurrence occurrence) {
    try (LogContext context = LogContext.open().tenant(request.tenant())) {
      Booked booked;
      try {
        booked = place(request, members, policy, occurrence, context);
      } catch (RuntimeException e) {
        observer.booking(
            request.tenant(),
            outcomeOf(e),
            e instanceof SlotUnavailableException refused
                ? Optional.of(refused.reason())
                : Optional.empty());
        throw e;
      }
      if (booked.replay()) {
        observer.booking(
            request.tenant(), Observer.BookingOutcome.IDEMPOTENT_REPLAY, Optional.empty());
      } else {
        announceBooked(booked.appointment());
      }
      return booked.appointment();
    }
  }

  /** What {@link #place} stored, or found stored for the request's idempotency key. */
  private record Booked(Appointment appointment, boolean replay) {}

  private static Observer.BookingOutcome outcomeOf(RuntimeException e) {
    // IdempotencyKeyReusedException is a ValidationException: the narrower type first.
    if (e instanceof SlotUnavailableException) {
      return Observer.BookingOutcome.SLOT_UNAVAILABLE;
    } else if (e instanceof IdempotencyKeyReusedException) {
      return Observer.BookingOutcome.KEY_REUSED;
    } else if (e instanceof ValidationException) {
      return Observer.BookingOutcome.VALIDATION;
    } else if (e instanceof NotFoundException) {
      return Observer.BookingOutcome.NOT_FOUND;
    } else if (e instanceof OutcomeUnknownException) {
      return Observer.BookingOutcome.OUTCOME_UNKNOWN;
    }
    return Observer.BookingOutcome.FAILED;
  }

  /**
   * Writes the request's appointment; with {@code policy}, for whichever of {@code members} (the
   * request's resource among them) the policy prefers among those free, chosen inside the store's
   * write.
   */
  private Booked place(
      BookingRequest request,
      List<ResourceId> members,
      @Nullable AssignmentPolicy policy,
      @Nullable Occurrence occurrence,
      LogContext context) {
    AppointmentType type = type(request.tenant(), request.type());
    Map<ResourceId, Schedule> memberSchedules = new LinkedHashMap<>();
    for (ResourceId member : members) {
      memberSchedules.put(member, schedule(request.tenant(), member));
    }
    if (request.start().getNano() != 0) {
      throw new ValidationException("booking.start", "must be a whole second");
    }
    // Before the idempotency key is claimed: a start whose time arithmetic overflows is bad input,
    // and must not leave the key claimed for an appointment that can never be written.
    TimeInterval slot = slotAt(request.start(), type, "booking.start");
    boolean allOf = policy == null && members.size() > 1;
    if (allOf && type.seats() > 1) {
      throw new ValidationException("type.seats", "a collective booking needs a type of one seat");
    }
    Instant now = clock.instant();
    AppointmentId id = AppointmentId.random();
    boolean claimedKey = false;
    Optional<String> key = request.idempotencyKey();
    if (key.isPresent()) {
      String fingerprint =
          policy != null
              ? fingerprint(request, members)
              : members.size() == 1
                  ? fingerprint(request, List.of())
                  : allOfPrint(request, members);
      id = idempotentId(request, fingerprint);
      context.appointment(id);
      Optional<IdempotencyRecord> earlier =
          idempotency.putIfAbsent(
              new IdempotencyRecord(request.tenant(), key.get(), fingerprint, id, now));
      if (earlier.isPresent()) {
        if (!earlier.get().requestFingerprint().equals(fingerprint)) {
          throw new IdempotencyKeyReusedException();
        }
        id = earlier.get().appointmentId();
        context.appointment(id);
        Optional<Appointment> first = appointments.find(request.tenant(), id);
        if (first.isPresent()) {
          return new Booked(first.get(), true);
        }
        // The first attempt has not committed (or failed): insert with the same id; the store's
        // id and key checks keep this to one appointment.
      } else {
        claimedKey = true;
      }
    }
    Appointment template =
        newAppointment(
            request,
            type,
            Objects.requireNonNull(memberSchedules.get(request.resource())),
            id,
            slot,
            now,
            occurrence);
    context.appointment(id);
    Appointment stored;
    try {
      List<Placement> placements = new ArrayList<>(members.size());
      @Nullable SlotUnavailableException refused = null;
      for (Map.Entry<ResourceId, Schedule> member : memberSchedules.entrySet()) {
        Appointment candidate =
            template.toBuilder()
                .resource(member.getKey())
                .displayZone(request.displayZone().orElse(member.getValue().zone()))
                .build();
        try {
          placements.add(placement(request, type, member.getValue(), candidate, slot, now));
        } catch (SlotUnavailableException e) {
          if (policy == null) {
            throw e;
          }
          refused = refused == null ? e : refused; // this member's hours refuse: try the others
        }
      }
      if (placements.isEmpty()) {
        throw Objects.requireNonNull(refused);
      }
      if (allOf) {
        stored = insertAllOf(template, placements, slot, now);
      } else if (policy == null) {
        Placement only = placements.get(0);
        stored = appointments.insert(only.appointment(), only.check(), only.outbox());
      } else {
        stored =
            appointments.insertAnyOf(
                placements, (team, history) -> policy.order(team, slot.start(), history));
      }
    } catch (DuplicateAppointmentException e) {
      if (!e.id().equals(id)) {
        // The key is held by an appointment of another request (this request's claim was released
        // after a refusal and the key taken meanwhile).
        release(claimedKey, request, id);
        throw new IdempotencyKeyReusedException();
      }
      return new Booked(appointments.find(request.tenant(), id).orElseThrow(() -> e), true);
    } catch (OutcomeUnknownException e) {
      throw e; // the write may have committed: the claim stays, and a retry with the key is safe
    } catch (RuntimeException e) {
      release(claimedKey, request, id);
      throw e;
    }
    log.debug("booked {}", stored);
    return new Booked(stored, false);
  }

  /** The appointment {@code request} asks for, as it would be written. */
  private static Appointment newAppointment(
      BookingRequest request,
      AppointmentType type,
      Schedule schedule,
      AppointmentId id,
      TimeInterval slot,
      Instant now,
      @Nullable Occurrence occurrence) {
    return Appointment.builder()
        .id(id)
        .tenant(request.tenant())
        .resource(request.resource())
        .type(type.id())
        .attendee(request.attendee())
        .start(slot.start())
        .end(slot.end())
        .bufferBefore(type.bufferBefore())
        .bufferAfter(type.bufferAfter())
        .displayZone(request.displayZone().orElse(schedule.zone()))
        .status(request.needsApproval() ? AppointmentStatus.REQUESTED : AppointmentStatus.SCHEDULED)
        .location(request.location().orElse(null))
        .notes(request.notes().orElse(null))
        .createdAt(now)
        .updatedAt(now)
        .idempotencyKey(request.idempotencyKey().orElse(null))
        .series(
            occurrence == null ? null : occurrence.series(),
            occurrence == null ? null : occurrence.start())
        .build();
  }

  /**
   * The placement of a new occurrence of a series booked all or none: its appointment (with the id
   * a keyed {@link #book} of the same request would write), its rules and its outbox entries.
   */
  Placement occurrencePlacement(BookingRequest request, Occurrence occurrence, Instant now) {
    AppointmentType type = type(request.tenant(), request.type());
    Schedule schedule = schedule(request.tenant(), request.resource());
    TimeInterval slot = slotAt(request.start(), type, "booking.start");
    AppointmentId id =
        request.idempotencyKey().isPresent()
            ? idempotentId(request, fingerprint(request, List.of()))
            : AppointmentId.random();
    Appointment candidate = newAppointment(request, type, schedule, id, slot, now, occurrence);
    return placement(request, type, schedule, candidate, slot, now);
  }

  /**
   * The placement of {@code before} moved to {@code newStart}, as {@link #reschedule} would write
   * it: status RESCHEDULED (a REQUESTED one stays REQUESTED), the rules and the outbox entries.
   */
  Placement movePlacement(Appointment before, Instant newStart, Instant now) {
    TenantId tenant = before.tenant();
    AppointmentLifecycle.check(before.status(), AppointmentStatus.RESCHEDULED);
    AppointmentType type = type(tenant, before.type());
    TimeInterval slot = slotAt(newStart, type, "newStart");
    Appointment moved =
        before.toBuilder()
            .start(slot.start())
            .end(slot.end())
            .bufferBefore(type.bufferBefore())
            .bufferAfter(type.bufferAfter())
            .status(
                before.status() == AppointmentStatus.REQUESTED
                    ? AppointmentStatus.REQUESTED
                    : AppointmentStatus.RESCHEDULED)
            .updatedAt(now)
            .build();
    // Every resource the appointment holds (one, or a collective's members) by its own rules.
    Map<ResourceId, ConflictCheck> rules = new LinkedHashMap<>();
    for (ResourceId r : before.resources()) {
      Schedule hours =
          providerHours.forBooking(tenant, r, type.id(), schedule(tenant, r), slot, now);
      IntervalSet busy = externalBusy(tenant, r, buffered(slot, type));
      rules.put(
          r,
          new BookingRules(
              engine, hours, type, busy, closuresAround(tenant, slot, hours), now, slot));
    }
    return new Placement(
        moved,
        AllOfCheck.of(before.resource(), rules),
        withNotice(outbox(moved, SyncAction.UPDATE, moved.version() + 1, now), before, moved, now));
  }

  /** The zone of a resource's schedule. */
  ZoneId zoneOf(TenantId tenant, ResourceId resource) {
    return schedule(tenant, resource).zone();
  }

  /** The appointment type, or {@link NotFoundException}. */
  AppointmentType appointmentType(TenantId tenant, AppointmentTypeId id) {
    return type(tenant, id);
  }

  /** {@return the clock every "now" is read from} */
  Clock clock() {
    return clock;
  }

  /** Writes one appointment holding every member, checked by each member's own rules. */
  private Appointment insertAllOf(
      Appointment template, List<Placement> placements, TimeInterval slot, Instant now) {
    Map<ResourceId, ConflictCheck> rules = new LinkedHashMap<>();
    placements.forEach(p -> rules.put(p.appointment().resource(), p.check()));
    Appointment collective =
        template.toBuilder()
            .participants(
                rules.keySet().stream().filter(r -> !r.equals(template.resource())).toList())
            .build();
    log.debug("collective booking of {} at {}", rules.keySet(), slot.start());
    return appointments.insert(
        collective,
        AllOfCheck.of(collective.resource(), rules),
        withNotice(
            outbox(collective, SyncAction.CREATE, collective.version(), now),
            null,
            collective,
            now));
  }

  /** One member's appointment, the rules it must pass and its outbox entries. */
  private Placement placement(
      BookingRequest request,
      AppointmentType type,
      Schedule schedule,
      Appointment candidate,
      TimeInterval slot,
      Instant now) {
    Schedule hours =
        providerHours.forBooking(
            request.tenant(), candidate.resource(), type.id(), schedule, slot, now);
    IntervalSet busy = externalBusy(request.tenant(), candidate.resource(), buffered(slot, type));
    return new Placement(
        candidate,
        new BookingRules(
            engine, hours, type, busy, closuresAround(request.tenant(), slot, hours), now, slot),
        withNotice(
            outbox(candidate, SyncAction.CREATE, candidate.version(), now), null, candidate, now));
  }

  /** Releases this request's claim of its key, only while the claim still names {@code id}. */
  private void release(boolean claimedKey, BookingRequest request, AppointmentId id) {
    if (claimedKey) {
      idempotency.remove(request.tenant(), request.idempotencyKey().orElseThrow(), id);
    }
  }

  /**
   * Moves an appointment to a new start on the same resource, by the same rules as a booking (the
   * appointment's own old time does not block the new one). Its status becomes RESCHEDULED, except
   * that a REQUESTED appointment stays REQUESTED: moving it does not stand in for the host's
   * approval. Provider hours are checked as in {@link #book}.
   *
   * @param tenant the tenant that owns the appointment
   * @param id the appointment to move
   * @param newStart the new start, a whole second; the duration stays the type's
   * @return the appointment as stored at its new time
   * @throws InvalidTransitionException if the appointment is cancelled, completed or a no-show
   * @throws SlotUnavailableException if the new time cannot be booked; nothing is written
   * @throws NotFoundException if the tenant has no such appointment
   */
  public Appointment reschedule(TenantId tenant, AppointmentId id, Instant newStart) {
    Checks.notNull(tenant, "tenant");
    Checks.notNull(id, "appointmentId");
    Checks.notNull(newStart, "newStart");
    if (newStart.getNano() != 0) {
      throw new ValidationException("newStart", "must be a whole second");
    }
    return LogContext.open().tenant(tenant).appointment(id).call(() -> move(tenant, id, newStart));
  }

  private Appointment move(TenantId tenant, AppointmentId id, Instant newStart) {
    for (int attempt = 1; ; attempt++) {
      Appointment before = get(tenant, id);
      Placement move = movePlacement(before, newStart, clock.instant());
      try {
        Appointment after = appointments.update(move.appointment(), move.check(), move.outbox());
        log.debug("rescheduled {} from {}", after, before.start());
        announceRescheduled(before, after);
        return after;
      } catch (ConcurrentUpdateException e) {
        // Someone changed it meanwhile (a confirm, another move): re-read, re-check the lifecycle
        // and the rules against what it is now, and try again, as cancel and confirm do.
        if (attempt >= MAX_UPDATE_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /**
   * Cancels an appointment, freeing its time.
   *
   * @param tenant the tenant that owns the appointment
   * @param id the appointment to cancel
   * @return the appointment as stored, now {@code CANCELLED}
   * @throws NotFoundException if the tenant has no such appointment
   * @throws InvalidTransitionException if the appointment is already in a final status
   */
  public Appointment cancel(TenantId tenant, AppointmentId id) {
    return changeStatus(tenant, id, AppointmentStatus.CANCELLED);
  }

  /**
   * Cancels an appointment that a provider which decides bookings (see {@link
   * CalendarProvider#decidesBookings()}, e.g. the branch's Cal.com) permanently refused to create,
   * so the customer is never told "booked" for a time the branch will not keep. The time is freed;
   * {@link Appointment#statusReason()} says {@code "refused by <provider>: <reason>"}; the other
   * providers hear of the cancel (the refusing one holds no event); listeners hear {@link
   * BookingListener#statusChanged} (a notifier tells the customer and the owner) and then {@link
   * BookingListener#refusedByProvider}. A {@code SyncWorker} built with {@code
   * bookingService(this)} calls it. An appointment already in a final status (cancelled meanwhile,
   * say) is returned as it is and nobody hears anything.
   *
   * @param provider the refusing provider's {@link CalendarProvider#id()}
   * @param reason what the provider said, without secrets (it is stored and shown to staff)
   * @param tenant the tenant that owns the appointment
   * @param id the refused appointment
   * @return the appointment as stored: cancelled with the reason, or unchanged if it was already
   *     final
   */
  public Appointment cancelRefused(
      TenantId tenant, AppointmentId id, String provider, String reason) {
    Checks.notBlank(provider, "provider");
    Checks.notNull(reason, "reason");
    String why = "refused by " + provider + ": " + reason;
    if (why.length() > Appointment.MAX_STATUS_REASON_LENGTH) {
      why = why.substring(0, Appointment.MAX_STATUS_REASON_LENGTH - 1) + "…";
    }
    Refusal refusal = new Refusal(provider, why);
    return changeStatus(tenant, id, AppointmentStatus.CANCELLED, refusal);
  }

  /** A provider's refusal a status change carries: who refused, and the reason stored. */
  private record Refusal(String provider, String statusReason) {}

  /**
   * Confirms an appointment (the attendee or host said yes).
   *
   * @param tenant the tenant that owns the appointment
   * @param id the appointment to confirm
   * @return the appointment as stored, now {@code CONFIRMED}
   * @throws NotFoundException if the tenant has no such appointment
   * @throws InvalidTransitionException unless the appointment is {@code SCHEDULED} or {@code
   *     RESCHEDULED} (a {@code REQUESTED} one is approved first)
   */
  public Appointment confirm(TenantId tenant, AppointmentId id) {
    return changeStatus(tenant, id, AppointmentStatus.CONFIRMED);
  }

  /**
   * Approves a REQUESTED appointment, which becomes SCHEDULED.
   *
   * @param tenant the tenant that owns the appointment
   * @param id the appointment to approve
   * @return the appointment as stored, now {@code SCHEDULED}
   * @throws NotFoundException if the tenant has no such appointment
   * @throws InvalidTransitionException if the appointment is not {@code REQUESTED}
   */
  public Appointment approve(TenantId tenant, AppointmentId id) {
    return changeStatus(tenant, id, AppointmentStatus.SCHEDULED);
  }

  /**
   * Marks an appointment as having taken place. Only possible once the appointment has started.
   *
   * @param tenant the tenant that owns the appointment
   * @param id the appointment that took place
   * @return the appointment as stored, now {@code COMPLETED}
   * @throws InvalidTransitionException before the start, or from a final status
   * @throws NotFoundException if the tenant has no such appointment
   */
  public Appointment complete(TenantId tenant, AppointmentId id) {
    return changeStatus(tenant, id, AppointmentStatus.COMPLETED);
  }

  /**
   * Marks that the attendee did not come. Only possible once the appointment has started.
   *
   * @param tenant the tenant that owns the appointment
   * @param id the appointment the attendee missed
   * @return the appointment as stored, now {@code NO_SHOW}
   * @throws InvalidTransitionException before the start, or from a final status
   * @throws NotFoundException if the tenant has no such appointment
   */
  public Appointment markNoShow(TenantId tenant, AppointmentId id) {
    return changeStatus(tenant, id, AppointmentStatus.NO_SHOW);
  }

  /**
   * The appointment with this id, if the tenant has one.
   *
   * @param tenant the tenant to look in
   * @param id the appointment's id
   * @return the appointment, or empty if the tenant has none with this id (another tenant's never
   *     shows)
   */
  public Optional<Appointment> appointment(TenantId tenant, AppointmentId id) {
    Checks.notNull(tenant, "tenant");
    Checks.notNull(id, "appointmentId");
    return LogContext.open()
        .tenant(tenant)
        .appointment(id)
        .call(() -> appointments.find(tenant, id));
  }

  /**
   * One page of a customer's appointments in a tenant, found by the attendee's phone or e-mail,
   * wherever they were booked (here, a provider's booking page, a calendar event a webhook
   * reported): what "mis citas" or "cancel my Thursday appointment" look in.
   *
   * @param query the tenant, the customer's contact, the filters and the page
   * @return the page, ordered by start then id; another tenant's appointments never show
   * @throws UnsupportedOperationException if the appointment store does not implement {@link
   *     AppointmentStore#findByAttendee}
   */
  public AppointmentPage appointmentsOf(AttendeeQuery query) {
    Checks.notNull(query, "query");
    return LogContext.open().tenant(query.tenant()).call(() -> appointments.findByAttendee(query));
  }

  /**
   * Imports existing appointments (moving from another system, or loading a provider's backlog),
   * row by row, each with its type's buffers, linked to its id in the source system as an external
   * reference. Idempotent: a row whose (tenant, source, external id) was imported before is
   * reported as already imported, also when two imports of it run at once. Rows that conflict (in
   * {@link ImportBatch.ConflictMode#CHECK}) or cannot be stored as given are reported with the
   * reason and the rest of the batch goes on. Listeners are not told (an imported booking was
   * confirmed to its attendee where it was made), and no outbox entry is written unless the batch
   * {@link ImportBatch.Builder#publishToProviders asks}.
   *
   * <p>A store failure (such as {@link OutcomeUnknownException}) stops the batch: the rows before
   * it stay imported, and running the same batch again imports only the rest.
   *
   * @param batch the rows, the conflict mode and whether providers hear of them
   * @return one result per row, in the batch's order
   */
  public ImportResult importAppointments(ImportBatch batch) {
    Checks.notNull(batch, "batch");
    return new AppointmentImport(
            clock,
            appointments,
            schedules,
            a -> outbox(a, SyncAction.CREATE, a.version(), clock.instant()))
        .run(batch);
  }

  private Appointment changeStatus(TenantId tenant, AppointmentId id, AppointmentStatus target) {
    return changeStatus(tenant, id, target, null);
  }

  /**
   * A status change; with a {@code refusal}, a final appointment is left alone (see {@link
   * #cancelRefused}).
   */
  private Appointment changeStatus(
      TenantId tenant, AppointmentId id, AppointmentStatus target, @Nullable Refusal refusal) {
    Checks.notNull(tenant, "tenant");
    Checks.notNull(id, "appointmentId");
    return LogContext.open()
        .tenant(tenant)
        .appointment(id)
        .provider(refusal == null ? null : refusal.provider())
        .call(() -> moveStatus(tenant, id, target, refusal));
  }

  private Appointment moveStatus(
      TenantId tenant, AppointmentId id, AppointmentStatus target, @Nullable Refusal refusal) {
    for (int attempt = 1; ; attempt++) {
      Appointment before = get(tenant, id);
      if (refusal != null && AppointmentLifecycle.isFinal(before.status())) {
        return before;
      }
      AppointmentLifecycle.check(before.status(), target);
      Instant now = clock.instant();
      if ((target == AppointmentStatus.NO_SHOW || target == AppointmentStatus.COMPLETED)
          && now.isBefore(before.start())) {
        throw new InvalidTransitionException(
            before.status(),
            target,
            "the appointment has not started yet (starts " + before.start() + ")");
      }
      Appointment changed =
          before.toBuilder()
              .status(target)
              .updatedAt(now)
              .statusReason(refusal == null ? null : refusal.statusReason())
              .build();
      List<OutboxEntry> entries = outbox(changed, syncActionOf(target), changed.version() + 1, now);
      if (refusal != null) {
        entries = entries.stream().filter(e -> !e.provider().equals(refusal.provider())).toList();
      }
      try {
        Appointment after =
            appointments.update(
                changed, ConflictCheck.none(), withNotice(entries, before, changed, now));
        log.debug("{} -> {}", before, target);
        observer.transition(tenant, Optional.of(before.status()), after.status());
        notify(l -> l.statusChanged(before, after));
        if (refusal != null) {
          log.info(
              "appointment {} of tenant {} cancelled: {}",
              after.id(),
              tenant,
              refusal.statusReason());
          notify(l -> l.refusedByProvider(after, refusal.provider()));
        }
        return after;
      } catch (ConcurrentUpdateException e) {
        if (attempt >= MAX_UPDATE_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /** One entry per registered provider, or none for a change providers need not hear about. */
  private List<OutboxEntry> outbox(
      Appointment a, @Nullable SyncAction action, long sequence, Instant now) {
    if (action == null || providers.isEmpty()) {
      return List.of();
    }
    List<OutboxEntry> entries = new ArrayList<>(providers.size());
    for (CalendarProvider provider : providers) {
      // A provider that already holds an event of this appointment hears of its changes even if it
      // no longer covers the resource (its calendar was unassigned): a cancel must not be lost.
      // A collective appointment is heard of by the providers of each resource it holds.
      if (a.resources().stream().anyMatch(r -> provider.covers(a.tenant(), r))
          || a.externalRef(provider.id()).isPresent()) {
        entries.add(OutboxEntry.pending(a.tenant(), a.id(), provider.id(), action, sequence, now));
      }
    }
    return entries;
  }

  /**
   * {@code entries} and, when notifications are queued and the change is a notice, its {@link
   * NotificationQueue} entry.
   */
  private List<OutboxEntry> withNotice(
      List<OutboxEntry> entries, @Nullable Appointment before, Appointment changed, Instant now) {
    if (!queueNotifications) {
      return entries;
    }
    Optional<OutboxEntry> notice = NotificationQueue.entryFor(before, changed, null, now);
    if (notice.isEmpty()) {
      return entries;
    }
    List<OutboxEntry> all = new ArrayList<>(entries);
    all.add(notice.get());
    return all;
  }

  private static @Nullable SyncAction syncActionOf(AppointmentStatus target) {
    return switch (target) {
      case CANCELLED -> SyncAction.CANCEL;
      case NO_SHOW -> SyncAction.NO_SHOW;
      default -> null;
    };
  }

  private Appointment get(TenantId tenant, AppointmentId id) {
    return appointments
        .find(tenant, id)
        .orElseThrow(() -> new NotFoundException("appointment", id));
  }

  private AppointmentType type(TenantId tenant, SlotQuery query) {
    return type(tenant, query.type());
  }

  private AppointmentType type(TenantId tenant, AppointmentTypeId id) {
    return schedules
        .appointmentType(tenant, id)
        .orElseThrow(() -> new NotFoundException("appointment type", id));
  }

  private Schedule schedule(TenantId tenant, ResourceId resource) {
    return schedules
        .schedule(tenant, resource)
        .orElseThrow(() -> new NotFoundException("schedule of resource", resource));
  }

  /** Every instant a window of the queried dates can touch, with room for buffers. */
  private static TimeInterval queryRange(Schedule schedule, LocalDate from, LocalDate to) {
    Duration margin = AppointmentType.MAX_BUFFER;
    Instant start = from.atStartOfDay(schedule.zone()).toInstant().minus(margin);
    Instant end = to.plusDays(2).atStartOfDay(schedule.zone()).toInstant().plus(margin);
    return new TimeInterval(start, end);
  }

  /**
   * The slot of {@code type} starting at {@code start}. The conflict check looks some days around
   * it; a start so close to the ends of the {@link Instant} range that this overflows is refused as
   * bad input rather than failing with a {@link DateTimeException} halfway through.
   */
  private static TimeInterval slotAt(Instant start, AppointmentType type, String field) {
    try {
      TimeInterval slot = TimeInterval.of(start, type.duration());
      slot.start().minus(ARITHMETIC_SLACK).atZone(ZoneOffset.UTC);
      slot.end().plus(ARITHMETIC_SLACK).atZone(ZoneOffset.UTC);
      return slot;
    } catch (DateTimeException | ArithmeticException e) {
      throw new ValidationException(field, "is out of the supported range, was " + start);
    }
  }

  private static TimeInterval buffered(TimeInterval slot, AppointmentType type) {
    return new TimeInterval(
        slot.start().minus(type.bufferBefore()), slot.end().plus(type.bufferAfter()));
  }

  /** Every closure of the tenant that the sources say may touch the dates. */
  private List<Closure> closures(TenantId tenant, LocalDate from, LocalDate to) {
    if (closureSources.isEmpty()) {
      return List.of();
    }
    List<Closure> out = new ArrayList<>();
    for (ClosureSource source : closureSources) {
      out.addAll(source.closures(tenant, from, to));
    }
    return out;
  }

  /** The closures that may touch a slot, its buffers included, on the schedule's local dates. */
  private List<Closure> closuresAround(TenantId tenant, TimeInterval slot, Schedule schedule) {
    LocalDate first = LocalDate.ofInstant(slot.start(), schedule.zone());
    LocalDate last = LocalDate.ofInstant(slot.end(), schedule.zone());
    return closures(tenant, first.minusDays(2), last.plusDays(2));
  }

  private IntervalSet externalBusy(TenantId tenant, ResourceId resource, TimeInterval range) {
    if (busySources.isEmpty()) {
      return IntervalSet.empty();
    }
    List<TimeInterval> busy = new ArrayList<>();
    for (BusySource provider : busySources) {
      if (!provider.covers(tenant, resource)) {
        continue;
      }
      try {
        busy.addAll(provider.busy(tenant, resource, range));
      } catch (RuntimeException e) {
        log.warn(
            "calendar provider {} failed to report busy time for tenant {} resource {}; "
                + "continuing without it: {}",
            provider.id(),
            tenant,
            resource,
            e.toString());
      }
    }
    return IntervalSet.of(busy);
  }

  private void notify(java.util.function.Consumer<BookingListener> event) {
    for (BookingListener listener : listeners) {
      try {
        event.accept(listener);
      } catch (RuntimeException e) {
        log.warn("booking listener {} failed", listener.getClass().getName(), e);
      }
    }
  }

  /**
   * The id every attempt of one keyed request writes: a name-based UUID of the tenant, the key and
   * the request's fingerprint, so a retry can never create a second appointment under a new id.
   */
  private static AppointmentId idempotentId(BookingRequest r, String fingerprint) {
    String name =
        "cita-idempotency\u0000"
            + r.tenant().value()
            + "\u0000"
            + r.idempotencyKey().orElseThrow()
            + "\u0000"
            + fingerprint;
    return AppointmentId.of(
        java.util.UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString());
  }

  /** The fingerprint of an all-of request: its members, marked apart from an any-of team. */
  private static String allOfPrint(BookingRequest r, List<ResourceId> members) {
    List<ResourceId> marked = new ArrayList<>(members);
    marked.add(ResourceId.of("all-of"));
    return fingerprint(r, marked);
  }

  /** A stable digest of what the request asks for, to tell a retry from a different request. */
  private static String fingerprint(BookingRequest r, List<ResourceId> team) {
    List<String> parts =
        new ArrayList<>(
            List.of(
                r.tenant().value(),
                r.resource().value(),
                r.type().value(),
                r.start().toString(),
                r.attendee().name(),
                r.attendee().email().orElse(""),
                r.attendee().phone().orElse(""),
                r.location().orElse(""),
                r.notes().orElse(""),
                r.displayZone().map(Object::toString).orElse(""),
                Boolean.toString(r.needsApproval())));
    // An any-of request also names its team; a single booking's fingerprint is unchanged.
    team.forEach(m -> parts.add(m.value()));
    String canonical = String.join("\u001f", parts);
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /**
   * Configures a {@link BookingService}. It needs an appointment, a schedule and an idempotency
   * store; {@link #build()} refuses a builder missing any of them, naming each, unless {@link
   * #inMemoryDefaults()} opted in to in-memory stores (lost on restart, not shared between nodes)
   * for those not set. A durable appointment store next to an in-memory idempotency store would
   * forget idempotency keys on restart, so that mix is never made silently.
   */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private @Nullable AppointmentStore appointments;
    private @Nullable ScheduleStore schedules;
    private @Nullable IdempotencyStore idempotency;
    private boolean inMemoryDefaults;
    private final List<CalendarProvider> providers = new ArrayList<>();
    private final List<BusySource> busySources = new ArrayList<>();
    private final List<BookingListener> listeners = new ArrayList<>();
    private boolean queueNotifications;
    private final List<Observer> observers = new ArrayList<>();
    private final List<ClosureSource> closureSources = new ArrayList<>();
    private final List<AvailabilitySource> availabilitySources = new ArrayList<>();
    private Duration availabilityRefreshTimeout = DEFAULT_AVAILABILITY_REFRESH_TIMEOUT;
    private Duration availabilityMaxAge = DEFAULT_AVAILABILITY_MAX_AGE;
    private int maxSlotsPerQuery = SlotEngine.DEFAULT_MAX_SLOTS_PER_QUERY;

    private Builder() {}

    /**
     * The most slots one {@link #findSlots} call may list (default {@value
     * SlotEngine#DEFAULT_MAX_SLOTS_PER_QUERY}); a query that would list more is refused with a
     * {@link ValidationException} on field {@code "query"} telling the caller to narrow the range,
     * and stops computing as soon as it passes the cap.
     *
     * @param maxSlotsPerQuery the cap, at least 1
     * @return this builder
     */
    public Builder maxSlotsPerQuery(int maxSlotsPerQuery) {
      this.maxSlotsPerQuery = Checks.atLeast(maxSlotsPerQuery, 1, "maxSlotsPerQuery");
      return this;
    }

    /**
     * The clock every "now" is read from (default {@link Clock#systemUTC()}); tests pass a fake
     * one.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    /**
     * Where appointments are kept. No default: required, unless {@link #inMemoryDefaults()} was
     * called (then an {@link InMemoryAppointmentStore}).
     *
     * @param store the appointment store
     * @return this builder
     */
    public Builder appointmentStore(AppointmentStore store) {
      this.appointments = Checks.notNull(store, "appointmentStore");
      return this;
    }

    /**
     * Where schedules and appointment types are kept. No default: required, unless {@link
     * #inMemoryDefaults()} was called (then an {@link InMemoryScheduleStore}).
     *
     * @param store the schedule store
     * @return this builder
     */
    public Builder scheduleStore(ScheduleStore store) {
      this.schedules = Checks.notNull(store, "scheduleStore");
      return this;
    }

    /**
     * Where the idempotency keys of {@link #book} are claimed. No default: required, unless {@link
     * #inMemoryDefaults()} was called (then an {@link InMemoryIdempotencyStore}). Keep it as
     * durable and as shared as the appointment store: an in-memory one forgets the keys on restart
     * and is not seen by other nodes.
     *
     * @param store the idempotency store
     * @return this builder
     */
    public Builder idempotencyStore(IdempotencyStore store) {
      this.idempotency = Checks.notNull(store, "idempotencyStore");
      return this;
    }

    /**
     * Opts in to in-memory stores for every store not set when {@link #build()} runs: the quick
     * start and tests. Without it, a store not set is an error.
     *
     * @return this builder
     */
    public Builder inMemoryDefaults() {
      this.inMemoryDefaults = true;
      return this;
    }

    /**
     * Adds a connected calendar whose busy time blocks slots (default: none).
     *
     * @param provider the provider; its {@link CalendarProvider#id()} must be unique in this
     *     builder
     * @return this builder
     * @throws ValidationException if a provider with the same id was added already, or its id is
     *     {@value NotificationQueue#PROVIDER}, which the notification queue's entries use
     */
    public Builder calendarProvider(CalendarProvider provider) {
      Checks.notNull(provider, "calendarProvider");
      if (NotificationQueue.PROVIDER.equals(provider.id())) {
        throw new ValidationException(
            "calendarProvider",
            "'" + NotificationQueue.PROVIDER + "' is reserved for the notification queue");
      }
      if (providers.stream().anyMatch(p -> p.id().equals(provider.id()))) {
        throw new ValidationException(
            "calendarProvider", "a provider with id '" + provider.id() + "' is already registered");
      }
      providers.add(provider);
      return this;
    }

    /**
     * Adds a calendar that is only read: its busy time blocks slots like a provider's, and it never
     * receives pushes (no outbox entries). A resource may read several calendars this way and write
     * to the one provider it books into (default: none).
     *
     * @param source the read-only source; its id must differ from every other source and provider
     * @return this builder
     */
    public Builder busySource(BusySource source) {
      Checks.notNull(source, "busySource");
      Checks.notBlank(source.id(), "busySource.id");
      if (source instanceof CalendarProvider) {
        throw new ValidationException(
            "busySource",
            "'"
                + source.id()
                + "' is a calendar provider: register it with calendarProvider(...) so it gets its"
                + " pushes, or pass BusySource.readOnly(it)");
      }
      if (busySources.stream().anyMatch(s -> s.id().equals(source.id()))
          || providers.stream().anyMatch(p -> p.id().equals(source.id()))) {
        throw new ValidationException(
            "busySource", "a source with id '" + source.id() + "' is already registered");
      }
      busySources.add(source);
      return this;
    }

    /**
     * Adds where closures come from (default: none): a {@link ClosureStore} the app writes, or a
     * computed source such as public holidays. Each closure a source returns for a tenant applies
     * to every resource of that tenant, in slot queries and at booking time (refused with {@link
     * SlotUnavailableException.Reason#CLOSED}). A source that fails fails the query or booking: a
     * closure is never silently ignored.
     *
     * @param source the source; may be added once
     * @return this builder
     * @throws ValidationException if {@code source} is null or already added
     */
    public Builder closureSource(ClosureSource source) {
      Checks.notNull(source, "closureSource");
      if (closureSources.contains(source)) {
        throw new ValidationException("closureSource", "this source is already added");
      }
      closureSources.add(source);
      return this;
    }

    /**
     * Adds where the hours of schedules built with {@code hoursFrom(source.id())} come from. A
     * calendar provider or busy source that is an {@link AvailabilitySource} (Cal.com, Calendly) is
     * found without it (default: none).
     *
     * @param source the source; its id must be unique
     * @return this builder
     */
    public Builder availabilitySource(AvailabilitySource source) {
      Checks.notNull(source, "availabilitySource");
      Checks.notBlank(source.id(), "availabilitySource.id");
      if (availabilitySources.stream().anyMatch(s -> s.id().equals(source.id()))) {
        throw new ValidationException(
            "availabilitySource", "a source with id '" + source.id() + "' is already registered");
      }
      availabilitySources.add(source);
      return this;
    }

    /**
     * How long {@link BookingService#book} and {@link BookingService#reschedule} wait for a
     * provider whose hours are not cached for the requested time; after it the time is refused as
     * {@link SlotUnavailableException.Reason#HOURS_UNKNOWN} (default 3 seconds, at most a minute).
     *
     * @param timeout positive, at most a minute
     * @return this builder
     */
    public Builder availabilityRefreshTimeout(Duration timeout) {
      this.availabilityRefreshTimeout =
          Checks.atMost(
              Checks.positive(timeout, "availabilityRefreshTimeout"),
              Duration.ofMinutes(1),
              "availabilityRefreshTimeout");
      return this;
    }

    /**
     * How old a provider's cached hours may be when a booking is checked against them (default 15
     * minutes, three rounds of the adapters' five-minute refresher): an older answer is read again
     * from the provider, waiting at most {@link #availabilityRefreshTimeout}; if that read fails,
     * the older answer is used, so a provider outage does not stop bookings.
     *
     * @param maxAge positive
     * @return this builder
     */
    public Builder availabilityMaxAge(Duration maxAge) {
      this.availabilityMaxAge = Checks.positive(maxAge, "availabilityMaxAge");
      return this;
    }

    /**
     * Writes a {@link NotificationQueue} entry with every change that is a notice (booked,
     * approved, moved, cancelled, no-show), in the same atomic store write as the appointment, for
     * a {@code NotificationWorker} to send exactly once. Off by default: turn it on only when a
     * worker drains the queue, or its rows pile up. With it on, do not also register a {@code
     * BookingNotifier} as a listener, or every notice goes out twice.
     *
     * @return this builder
     */
    public Builder queueNotifications() {
      this.queueNotifications = true;
      return this;
    }

    /**
     * Adds a listener told of every change after it is stored (default: none).
     *
     * @param listener the listener, called in the order added
     * @return this builder
     */
    public Builder listener(BookingListener listener) {
      listeners.add(Checks.notNull(listener, "listener"));
      return this;
    }

    /**
     * Adds an observer told of every slot query, booking attempt and status transition, for metrics
     * and health checks (default: none).
     *
     * @param observer the observer, called in the order added
     * @return this builder
     */
    public Builder observer(Observer observer) {
      observers.add(Checks.notNull(observer, "observer"));
      return this;
    }

    /**
     * The service.
     *
     * @return the service, ready to share between threads
     * @throws ValidationException on the first store not set (the message names every one) when
     *     {@link #inMemoryDefaults()} was not called
     */
    public BookingService build() {
      List<String> missing = new ArrayList<>();
      if (appointments == null) {
        missing.add("appointmentStore");
      }
      if (schedules == null) {
        missing.add("scheduleStore");
      }
      if (idempotency == null) {
        missing.add("idempotencyStore");
      }
      if (!missing.isEmpty()) {
        if (!inMemoryDefaults) {
          throw new ValidationException(
              missing.get(0),
              "BookingService.builder() is missing "
                  + String.join(", ", missing)
                  + ": set each, or call inMemoryDefaults() to keep the stores"
                  + " not set in memory (lost on restart, not shared between nodes)");
        }
        log.info("BookingService uses in-memory stores for {} (inMemoryDefaults())", missing);
      }
      if (appointments == null) {
        appointments = new InMemoryAppointmentStore();
      }
      if (schedules == null) {
        schedules = new InMemoryScheduleStore();
      }
      if (idempotency == null) {
        idempotency = new InMemoryIdempotencyStore();
      }
      return new BookingService(this);
    }
  }
}
