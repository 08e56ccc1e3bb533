package dev.cita.scheduling.calcom;

import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.calcom.api.BookingPage;
import dev.cita.scheduling.calcom.api.BookingSearch;
import dev.cita.scheduling.calcom.api.CalComAttendee;
import dev.cita.scheduling.calcom.api.CalComBooking;
import dev.cita.scheduling.calcom.api.CalComEventType;
import dev.cita.scheduling.calcom.api.CalComSlot;
import dev.cita.scheduling.calcom.api.CancelBookingRequest;
import dev.cita.scheduling.calcom.api.CreateBookingRequest;
import dev.cita.scheduling.calcom.api.MarkAbsentRequest;
import dev.cita.scheduling.calcom.api.RescheduleBookingRequest;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.internal.LogSafe;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.spi.AvailabilitySource;
import dev.cita.scheduling.spi.CalendarProvider;
import dev.cita.scheduling.spi.OpenWindows;
import dev.cita.scheduling.sync.AvailabilityCache;
import dev.cita.scheduling.sync.BusyRefresher;
import dev.cita.scheduling.sync.ExternalBusyCache;
import dev.cita.scheduling.token.CredentialManager;
import dev.cita.scheduling.webhook.AppointmentTagSigner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cal.com as a Cita {@link CalendarProvider} (id {@code "calcom"}), one Cal.com account per tenant
 * (branch) as its {@link CalComTenant} says. Busy time is answered from an {@link
 * ExternalBusyCache} filled by {@link #refreshBusy}, never with a network call; free times come
 * from Cal.com's slots with {@link #freeSlots}; bookings are written by the {@code SyncWorker}
 * through the outbox, so a branch that is offline keeps booking and Cal.com catches up later.
 *
 * <pre>{@code
 * CalComCalendarProvider calcom = CalComCalendarProvider.builder(client, tenants, credentials).build();
 * BookingService service = BookingService.builder()...calendarProvider(calcom).build();
 * SyncWorker worker = SyncWorker.builder().bookingService(service).provider(calcom).build();   // refusals cancel through the service
 * }</pre>
 *
 * <p>Exactly one Cal.com booking per appointment: Cal.com has no idempotency key, so every create
 * carries the appointment id in the booking {@code metadata} ({@value #APPOINTMENT_KEY}, with the
 * tenant in {@value #TENANT_KEY}), and <em>every</em> create first looks for a booking of the event
 * type created since the appointment was, carrying that id. The lookup runs before every create
 * rather than only after a failed one because the provider cannot know whether an earlier attempt
 * of the same outbox entry (on another node, or before a restart) reached Cal.com; it is one GET
 * off the booking path. A create whose outcome is unknown (the request was sent, the answer was
 * lost) is reported as retryable, since the retry's lookup makes it safe.
 *
 * <p>A move returns the new booking's uid (Cal.com gives a rescheduled booking a new one), which
 * the sync worker stores at once. Moves, cancels and no-shows still follow the booking's {@code
 * rescheduledToUid} chain from the stored uid when it is behind (a move whose answer was lost), and
 * skip work that is already done (a booking already at the new time, already cancelled, or gone),
 * so each of them is idempotent too. Tokens come from {@link CredentialManager} per call (OAuth
 * tokens refreshed, API keys as stored).
 *
 * <p>When the branch keeps its hours in Cal.com, it is also the resource's {@link
 * AvailabilitySource} (a schedule built with {@code hoursFrom("calcom")}): each slot Cal.com offers
 * for the mapped event type ({@code GET /v2/slots}) is an open window, cached in an {@link
 * AvailabilityCache} by {@link #availabilityRefresher} and read again on a booking's cache miss, so
 * Cita offers and books only the starts Cal.com offers.
 */
public final class CalComCalendarProvider implements CalendarProvider, AvailabilitySource {
  /** Metadata key carrying Cita's appointment id on bookings Cita creates. */
  public static final String APPOINTMENT_KEY = "citaAppointmentId";

  /** Metadata key carrying Cita's tenant id on bookings Cita creates. */
  public static final String TENANT_KEY = "citaTenant";

  /**
   * Metadata key carrying the signature of the tag ({@link AppointmentTagSigner}), without which a
   * webhook's tag never links a booking to an appointment.
   */
  public static final String SIGNATURE_KEY = "citaTagSignature";

  /** How far before an appointment's creation a booking carrying it is looked for (clock skew). */
  static final Duration CREATED_MARGIN = Duration.ofDays(1);

  /** The most pages (of 100) a lookup or busy refresh reads. */
  static final int MAX_PAGES = 20;

  /** How long after the booking's start a no-show waiting for it is tried again (clock skew). */
  static final Duration NO_SHOW_MARGIN = Duration.ofMinutes(1);

  /** The longest rescheduledToUid chain followed. */
  static final int MAX_HOPS = 25;

  private static final Logger log = LoggerFactory.getLogger(CalComCalendarProvider.class);

  private final CalComClient client;
  private final CalComTenants tenants;
  private final CredentialManager credentials;
  private final ExternalBusyCache busy;
  private final AvailabilityCache availability;
  private final Clock clock;
  private final String cancellationReason;
  private final @Nullable String reschedulingReason;
  private final AppointmentTagSigner tagSigner;

  private CalComCalendarProvider(Builder b) {
    this.client = b.client;
    this.tenants = b.tenants;
    this.credentials = b.credentials;
    this.busy = b.busy;
    this.availability = b.availability;
    this.clock = b.clock;
    this.cancellationReason = b.cancellationReason;
    this.reschedulingReason = b.reschedulingReason;
    this.tagSigner = b.tagSigner;
  }

  /**
   * Starts a provider over a shared client, the tenants' configuration and their credentials.
   *
   * @param client the Cal.com API client, shared by every tenant
   * @param tenants each branch's Cal.com configuration
   * @param credentials the manager of the branches' Cal.com credentials
   * @return a builder; every other setting has a default
   */
  public static Builder builder(
      CalComClient client, CalComTenants tenants, CredentialManager credentials) {
    return new Builder(client, tenants, credentials);
  }

  @Override
  public String id() {
    return CalComClient.PROVIDER;
  }

  /** {@return the cache {@link #busy} answers from and {@link #refreshBusy} fills} */
  public ExternalBusyCache busyCache() {
    return busy;
  }

  /**
   * True: Cal.com decides which bookings exist. A create it refuses (the slot was taken, the event
   * type is gone, the data is invalid) means the branch has no booking, so the sync worker cancels
   * the appointment in Cita and the customer is told.
   */
  @Override
  public boolean decidesBookings() {
    return true;
  }

  /**
   * True only when {@code tenant} has a Cal.com configuration that maps {@code resource} (an event
   * type of it, or a resource its bookings block). {@code BookingService} queues pushes and reads
   * busy time only for covered resources, so a tenant without Cal.com, or a resource Cal.com does
   * not keep, never collects Cal.com outbox entries that could only fail. Answered from
   * configuration.
   */
  @Override
  public boolean covers(TenantId tenant, ResourceId resource) {
    Checks.notNull(tenant, "tenant");
    Checks.notNull(resource, "resource");
    return tenants
        .find(tenant)
        .filter(
            c ->
                c.busyResources().contains(resource)
                    || c.eventTypes().stream().anyMatch(m -> m.resource().equals(resource)))
        .isPresent();
  }

  /** Busy time from the cache (see {@link #refreshBusy}); never a network call. */
  @Override
  public List<TimeInterval> busy(TenantId tenant, ResourceId resource, TimeInterval range) {
    return busy.busy(tenant, resource, range);
  }

  /**
   * A builder of the background refresher that calls {@link #refreshBusy} for each tenant {@code
   * tenants} lists (the application's connected branches, asked again every round), every 5 minutes
   * by default.
   *
   * @param tenants the tenants to refresh, asked again every round
   * @return a builder of the refresher; start it after building
   */
  public BusyRefresher.Builder busyRefresher(Supplier<? extends Collection<TenantId>> tenants) {
    return BusyRefresher.builder(
            CalComClient.PROVIDER,
            (tenant, window) -> OptionalInt.of(refreshBusy(tenant, window)),
            tenants)
        .interval(Duration.ofMinutes(5));
  }

  /**
   * Reads the tenant's Cal.com bookings that overlap {@code window} and replaces what the cache
   * knows of that window, for every resource the account blocks. Bookings this tenant's Cita made
   * are left out (they are already appointments), and so are cancelled, rejected and
   * rescheduled-away ones; a booking tagged by another tenant sharing the account does block time.
   * Call it on a schedule (and after a webhook) for every connected tenant.
   *
   * @param tenant a tenant with a Cal.com configuration
   * @param window the time to read, such as now to the booking horizon
   * @return how many busy bookings were found
   */
  public int refreshBusy(TenantId tenant, TimeInterval window) {
    Checks.notNull(window, "window");
    CalComTenant config = config(tenant);
    CalComAccess access = access(config);
    Map<String, TimeInterval> found = new HashMap<>();
    BookingSearch search =
        BookingSearch.builder()
            .afterStart(window.start().minus(Duration.ofDays(1)))
            .beforeEnd(window.end().plus(Duration.ofDays(1)))
            .take(100)
            .build();
    Instant readAt = clock.instant();
    for (int page = 0; page < MAX_PAGES; page++) {
      BookingPage result = client.bookings(access, search);
      for (CalComBooking b : result.bookings()) {
        if (b.isCancelled()
            || b.movedTo().isPresent()
            || b.start() == null
            || b.end() == null
            || !b.end().isAfter(b.start())
            || madeBy(b, tenant)) {
          continue;
        }
        TimeInterval interval = TimeInterval.of(b.start(), b.end());
        if (interval.overlaps(window)) {
          found.put(b.uid(), interval);
        }
      }
      if (!result.hasNextPage() || result.bookings().isEmpty()) {
        break;
      }
      if (page == MAX_PAGES - 1) {
        // Replacing the window with part of it would drop busy time the cache still knows.
        throw tooManyPages("busy refresh of tenant " + tenant);
      }
      search = search.next(result.bookings().size());
    }
    for (ResourceId resource : config.busyResources()) {
      busy.replaceWindow(tenant, resource, window, found, readAt);
    }
    return found.size();
  }

  /** Cal.com slots as the availability refresher last read them; never a network call. */
  @Override
  public OpenWindows openWindows(
      TenantId tenant, ResourceId resource, AppointmentTypeId type, TimeInterval range) {
    return availability.openWindows(tenant, resource, type, range);
  }

  /**
   * One {@code GET /v2/slots} of the event type mapped to this resource and type, into the cache.
   *
   * @throws ValidationException when no event type is mapped to them
   */
  @Override
  public void refresh(
      TenantId tenant, ResourceId resource, AppointmentTypeId type, TimeInterval range) {
    Checks.notNull(range, "range");
    CalComTenant config = config(tenant);
    EventTypeMapping mapping =
        config
            .eventTypeFor(resource, type)
            .orElseThrow(
                () ->
                    new ValidationException(
                        "type",
                        "no Cal.com event type is mapped to resource "
                            + resource
                            + " and type "
                            + type));
    readSlots(config, access(config), mapping, range);
  }

  /**
   * A builder of the background refresher that calls {@link #refreshAvailability} for each tenant
   * {@code tenants} lists, every 5 minutes by default; start it for branches whose schedules take
   * their hours from Cal.com.
   *
   * @param tenants the tenants (branches) whose hours to keep fresh, asked every round
   * @return a refresher builder; set its interval and window, then build and start it
   */
  public BusyRefresher.Builder availabilityRefresher(
      Supplier<? extends Collection<TenantId>> tenants) {
    return BusyRefresher.builder(
            CalComClient.PROVIDER,
            (tenant, window) -> OptionalInt.of(refreshAvailability(tenant, window)),
            tenants)
        .kind("availability")
        .interval(Duration.ofMinutes(5));
  }

  /**
   * Reads the slots of every event type the tenant maps over {@code window} (one {@code GET
   * /v2/slots} each) and replaces what the availability cache holds there.
   *
   * @return how many slots were read
   * @param tenant the branch
   * @param window the time to read
   */
  public int refreshAvailability(TenantId tenant, TimeInterval window) {
    Checks.notNull(window, "window");
    CalComTenant config = config(tenant);
    CalComAccess access = access(config);
    int read = 0;
    for (EventTypeMapping m : config.eventTypes()) {
      read += readSlots(config, access, m, window);
    }
    return read;
  }

  /**
   * Reads one event type's slots overlapping {@code window}, in the branch's zone, into the cache:
   * each slot is an open window. Event types with several lengths are read at their default one.
   */
  private int readSlots(
      CalComTenant config, CalComAccess access, EventTypeMapping mapping, TimeInterval window) {
    Instant readAt = clock.instant();
    // A slot that began up to a day before the window may reach into it; Cal.com offers nothing
    // past.
    Instant first = window.start().minus(Duration.ofDays(1));
    first = first.isBefore(readAt) ? readAt : first;
    ZoneId zone = config.zone();
    SortedMap<LocalDate, List<CalComSlot>> slots =
        client.slots(
            access,
            mapping.eventTypeId(),
            LocalDate.ofInstant(first, zone),
            LocalDate.ofInstant(window.end(), zone),
            zone,
            null);
    List<TimeInterval> open = new ArrayList<>();
    for (List<CalComSlot> day : slots.values()) {
      for (CalComSlot slot : day) {
        if (slot.start() != null && slot.end() != null && slot.end().isAfter(slot.start())) {
          TimeInterval w = TimeInterval.of(slot.start().toInstant(), slot.end().toInstant());
          if (w.overlaps(window)) {
            open.add(w);
          }
        }
      }
    }
    availability.replaceWindow(
        config.tenant(), mapping.resource(), mapping.type(), window, open, readAt);
    return open.size();
  }

  /**
   * Free slots of the Cal.com event type mapped to {@code resource} and {@code type}, by local date
   * in the branch's zone, straight from Cal.com (a network call: for showing Cal.com's own view,
   * not for the slot engine's hot path).
   *
   * @param tenant a tenant with a Cal.com configuration
   * @param resource the resource of the mapping
   * @param type the appointment type of the mapping
   * @param from the first local date
   * @param to the last local date, not before {@code from}
   * @return the slots by local date, sorted
   * @throws ValidationException if no event type is mapped to that resource and type
   */
  public SortedMap<LocalDate, List<CalComSlot>> freeSlots(
      TenantId tenant, ResourceId resource, AppointmentTypeId type, LocalDate from, LocalDate to) {
    CalComTenant config = config(tenant);
    EventTypeMapping mapping =
        config
            .eventTypeFor(resource, type)
            .orElseThrow(
                () ->
                    new ValidationException(
                        "type",
                        "no Cal.com event type is mapped to resource "
                            + resource
                            + " and type "
                            + type));
    return client.slots(access(config), mapping.eventTypeId(), from, to, config.zone(), null);
  }

  /**
   * Reads every event type the tenant maps and refuses the mapping if one cannot be pushed to: a
   * seated event type (see {@link #createEvent}). Call it when a branch is configured, so the admin
   * learns it then rather than from dead-lettered pushes.
   *
   * @param tenant a tenant with a Cal.com configuration
   * @throws ValidationException naming the event type that cannot be mapped
   */
  public void checkEventTypes(TenantId tenant) {
    CalComTenant config = config(tenant);
    CalComAccess access = access(config);
    for (EventTypeMapping m : config.eventTypes()) {
      if (client.eventType(access, m.eventTypeId()).isSeated()) {
        throw new ValidationException(
            "calcomTenant.eventTypes",
            "Cal.com event type "
                + m.eventTypeId()
                + " has seats, which Cita does not map (moves and cancels would act on every"
                + " seat)");
      }
    }
  }

  @Override
  public String createEvent(Appointment appointment) {
    CalComTenant config = config(appointment.tenant());
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
    CalComAccess access = access(config);
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

  @Override
  public void updateEvent(Appointment appointment, String externalId) {
    moveEvent(appointment, externalId);
  }

  /**
   * Moves the booking to the appointment's time. Cal.com's reschedule gives the booking a new uid
   * and answers with the new booking, whose uid is returned so the sync worker stores it at once
   * (the next cancel or move goes straight to it). When the stored uid is behind (an earlier
   * attempt's answer was lost), the {@code rescheduledToUid} chain is followed to the booking in
   * force, and its uid is returned when it differs from the stored one.
   */
  @Override
  public Optional<String> moveEvent(Appointment appointment, String externalId) {
    CalComAccess access = access(config(appointment.tenant()));
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
            || config(appointment.tenant())
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

  @Override
  public void cancelEvent(Appointment appointment, String externalId) {
    CalComAccess access = access(config(appointment.tenant()));
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

  @Override
  public void markNoShow(Appointment appointment, String externalId) {
    CalComAccess access = access(config(appointment.tenant()));
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

  /** True for a booking this tenant's Cita made (it is already an appointment). */
  private static boolean madeBy(CalComBooking b, TenantId tenant) {
    return b.metadataValue(APPOINTMENT_KEY).isPresent()
        && b.metadataValue(TENANT_KEY).filter(tenant.value()::equals).isPresent();
  }

  private static boolean carries(CalComBooking b, Appointment a) {
    return b.metadataValue(APPOINTMENT_KEY).filter(a.id().value()::equals).isPresent()
        && b.metadataValue(TENANT_KEY).filter(a.tenant().value()::equals).isPresent();
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
            APPOINTMENT_KEY,
            a.id().value(),
            TENANT_KEY,
            a.tenant().value(),
            SIGNATURE_KEY,
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
    return config(a.tenant())
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

  private CalComTenant config(TenantId tenant) {
    Checks.notNull(tenant, "tenant");
    return tenants
        .find(tenant)
        .orElseThrow(
            () ->
                new ProviderException(
                    CalComClient.PROVIDER,
                    0,
                    "not_connected",
                    null,
                    false,
                    "tenant " + tenant + " has not connected Cal.com",
                    null));
  }

  private CalComAccess access(CalComTenant config) {
    return CalComAccess.of(
        config.tenant(),
        config.baseUrl(),
        config.baseUrlPolicy(),
        credentials,
        config.connection());
  }

  private static ProviderException notPushable(Appointment a, String why) {
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
  private static ProviderException tooManyPages(String what) {
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

  @Override
  public String toString() {
    return "CalComCalendarProvider{" + client + "}";
  }

  /** Configures a {@link CalComCalendarProvider}. */
  public static final class Builder {
    private final CalComClient client;
    private final CalComTenants tenants;
    private final CredentialManager credentials;
    private ExternalBusyCache busy = new ExternalBusyCache();
    private AvailabilityCache availability = new AvailabilityCache();
    private Clock clock = Clock.systemUTC();
    private String cancellationReason = "Cancelled in Cita";
    private @Nullable String reschedulingReason;
    private AppointmentTagSigner tagSigner = AppointmentTagSigner.ephemeral();

    private Builder(CalComClient client, CalComTenants tenants, CredentialManager credentials) {
      this.client = Checks.notNull(client, "client");
      this.tenants = Checks.notNull(tenants, "tenants");
      this.credentials = Checks.notNull(credentials, "credentials");
    }

    /**
     * The busy cache to fill and answer from; a new one by default.
     *
     * @param cache the cache; give each provider its own
     * @return this builder
     */
    public Builder busyCache(ExternalBusyCache cache) {
      this.busy = Checks.notNull(cache, "busyCache");
      return this;
    }

    /**
     * The availability cache to fill and answer {@link CalComCalendarProvider#openWindows} from; a
     * new one by default.
     *
     * @param cache the cache; a new one if not set
     * @return this builder
     */
    public Builder availabilityCache(AvailabilityCache cache) {
      this.availability = Checks.notNull(cache, "availabilityCache");
      return this;
    }

    /**
     * Sets the clock that stamps what {@link CalComCalendarProvider#refreshBusy} read.
     *
     * @param clock the clock; {@link Clock#systemUTC()} if not set
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    /**
     * The reason sent with cancellations made in Cita; {@code "Cancelled in Cita"} by default.
     *
     * @param reason the reason, not blank
     * @return this builder
     */
    public Builder cancellationReason(String reason) {
      this.cancellationReason = Checks.notBlank(reason, "cancellationReason");
      return this;
    }

    /**
     * The reason sent with moves made in Cita; none by default.
     *
     * @param reason the reason, not blank
     * @return this builder
     */
    public Builder reschedulingReason(String reason) {
      this.reschedulingReason = Checks.notBlank(reason, "reschedulingReason");
      return this;
    }

    /**
     * Signs the tag written in each booking's metadata; give the {@code WebhookHandler} one with
     * the same keys. {@link AppointmentTagSigner#ephemeral()} by default.
     *
     * @param tagSigner the signer
     * @return this builder
     */
    public Builder tagSigner(AppointmentTagSigner tagSigner) {
      this.tagSigner = Checks.notNull(tagSigner, "tagSigner");
      return this;
    }

    /** {@return the provider, thread-safe} */
    public CalComCalendarProvider build() {
      return new CalComCalendarProvider(this);
    }
  }
}
