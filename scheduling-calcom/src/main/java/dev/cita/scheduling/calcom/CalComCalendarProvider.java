package dev.cita.scheduling.calcom;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.calcom.api.BookingPage;
import dev.cita.scheduling.calcom.api.BookingSearch;
import dev.cita.scheduling.calcom.api.CalComBooking;
import dev.cita.scheduling.calcom.api.CalComSlot;
import dev.cita.scheduling.internal.Checks;
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

  private static final Logger log = LoggerFactory.getLogger(CalComCalendarProvider.class);

  private final CalComClient client;
  private final CalComAccounts accounts;
  private final ExternalBusyCache busy;
  private final AvailabilityCache availability;
  private final Clock clock;
  private final CalComBookingWrites writes;

  private CalComCalendarProvider(Builder b) {
    this.client = b.client;
    this.accounts = new CalComAccounts(b.tenants, b.credentials);
    this.busy = b.busy;
    this.availability = b.availability;
    this.clock = b.clock;
    this.writes =
        new CalComBookingWrites(
            client, accounts, clock, b.cancellationReason, b.reschedulingReason, b.tagSigner);
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
    return accounts
        .tenants()
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
    CalComTenant config = accounts.config(tenant);
    CalComAccess access = accounts.access(config);
    Map<String, TimeInterval> found = new HashMap<>();
    BookingSearch search =
        BookingSearch.builder()
            .afterStart(window.start().minus(Duration.ofDays(1)))
            .beforeEnd(window.end().plus(Duration.ofDays(1)))
            .take(100)
            .build();
    Instant readAt = clock.instant();
    for (int page = 0; page < CalComBookingWrites.MAX_PAGES; page++) {
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
      if (page == CalComBookingWrites.MAX_PAGES - 1) {
        // Replacing the window with part of it would drop busy time the cache still knows.
        throw CalComBookingWrites.tooManyPages("busy refresh of tenant " + tenant);
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
    CalComTenant config = accounts.config(tenant);
    EventTypeMapping mapping = mapped(config, resource, type);
    readSlots(config, accounts.access(config), mapping, range);
  }

  private static EventTypeMapping mapped(
      CalComTenant config, ResourceId resource, AppointmentTypeId type) {
    return config
        .eventTypeFor(resource, type)
        .orElseThrow(
            () ->
                new ValidationException(
                    "type",
                    "no Cal.com event type is mapped to resource "
                        + resource
                        + " and type "
                        + type));
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
    CalComTenant config = accounts.config(tenant);
    CalComAccess access = accounts.access(config);
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
    CalComTenant config = accounts.config(tenant);
    EventTypeMapping mapping = mapped(config, resource, type);
    return client.slots(
        accounts.access(config), mapping.eventTypeId(), from, to, config.zone(), null);
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
    CalComTenant config = accounts.config(tenant);
    CalComAccess access = accounts.access(config);
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
    return writes.create(appointment);
  }

  @Override
  public void updateEvent(Appointment appointment, String externalId) {
    writes.move(appointment, externalId);
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
    return writes.move(appointment, externalId);
  }

  @Override
  public void cancelEvent(Appointment appointment, String externalId) {
    writes.cancel(appointment, externalId);
  }

  @Override
  public void markNoShow(Appointment appointment, String externalId) {
    writes.markNoShow(appointment, externalId);
  }

  /** True for a booking this tenant's Cita made (it is already an appointment). */
  private static boolean madeBy(CalComBooking b, TenantId tenant) {
    return b.metadataValue(APPOINTMENT_KEY).isPresent()
        && b.metadataValue(TENANT_KEY).filter(tenant.value()::equals).isPresent();
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
