package dev.cita.scheduling.calendly;

import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.calendly.model.AvailableTime;
import dev.cita.scheduling.calendly.model.ScheduledEvent;
import dev.cita.scheduling.calendly.model.ScheduledEventQuery;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.spi.AppointmentStore;
import dev.cita.scheduling.spi.AvailabilitySource;
import dev.cita.scheduling.spi.CalendarProvider;
import dev.cita.scheduling.spi.OpenWindows;
import dev.cita.scheduling.sync.AvailabilityCache;
import dev.cita.scheduling.sync.BusyRefresher;
import dev.cita.scheduling.sync.ExternalBusyCache;
import dev.cita.scheduling.webhook.AppointmentTagSigner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calendly as a Cita {@link CalendarProvider}, for tenants whose availability is managed on
 * Calendly: the outbox pushes bookings there with {@code POST /invitees}, and the hosts' Calendly
 * bookings are busy time.
 *
 * <ul>
 *   <li>{@link #busy} answers from an {@link ExternalBusyCache} and never calls Calendly; fill it
 *       with {@link #syncBusy} on a schedule (webhooks keep the appointments themselves current).
 *       Events that already are Cita appointments are left out, so they are not counted twice.
 *   <li>Every booking carries Cita's tag in its UTM tracking ({@code utm_source=cita}, {@code
 *       utm_campaign=<tenant>}, {@code utm_content=cita:<appointment id>}), which Calendly echoes
 *       in webhooks, so {@link CalendlyWebhooks} links the echo of Cita's own booking to its
 *       appointment.
 *   <li>{@link #createEvent} first looks for the booking it may already have made (a lost answer:
 *       events of the host starting at that time, booked by that e-mail, of that event type), and
 *       books only if there is none; the invitee URI is the external id. If the booking request
 *       fails after it was sent, it looks again at once, and otherwise reports a retryable failure,
 *       so the next attempt looks before booking.
 *   <li>{@link #cancelEvent} cancels the scheduled event; one that is already cancelled or gone is
 *       fine. {@link #markNoShow} marks the invitee.
 *   <li>{@link #moveEvent} books the new time and then cancels the old booking, since Calendly's
 *       API has no reschedule call; it returns the new invitee URI. {@link #updateEvent}, which
 *       could not hand back the new id, fails without retry.
 *   <li>As an {@link AvailabilitySource} (schedules built with {@code hoursFrom("calendly")}), each
 *       available start time of the event type mapped to the resource ({@code GET
 *       /event_type_available_times}) is an open window as long as the event type, cached in an
 *       {@link AvailabilityCache} by {@link #availabilityRefresher} and read again on a booking's
 *       cache miss, so Cita offers and books only times Calendly offers.
 * </ul>
 */
public final class CalendlyCalendarProvider implements CalendarProvider, AvailabilitySource {
  private static final Logger log = LoggerFactory.getLogger(CalendlyCalendarProvider.class);

  /**
   * The cancellation reason of the old booking when Cita moves one (Calendly shows it to the
   * invitee); webhooks recognise Cita's own moves by it.
   */
  public static final String MOVE_REASON = "Moved to a new time by Cita";

  private final CalendlyClient client;
  private final CalendlyMappings mappings;
  private final ExternalBusyCache cache;
  private final AvailabilityCache availability;
  private final @Nullable AppointmentStore appointments;
  private final Clock clock;
  private final Duration longestEvent;
  private final AppointmentTagSigner tagSigner;
  private final CalendlyBookingWrites writes;

  private CalendlyCalendarProvider(Builder b) {
    this.client = Checks.notNull(b.client, "client");
    this.mappings = Checks.notNull(b.mappings, "mappings");
    this.cache = b.cache;
    this.availability = b.availability;
    this.appointments = b.appointments;
    this.clock = b.clock;
    this.longestEvent = b.longestEvent;
    this.tagSigner = b.tagSigner;
    this.writes = new CalendlyBookingWrites(client, mappings, b.cancelReason, b.tagSigner);
  }

  /**
   * Starts a provider that calls Calendly through {@code client}.
   *
   * @param client the Calendly API client
   * @param mappings each tenant's Calendly users and event types as Cita resources and types
   * @return a builder; every other setting has a default
   */
  public static Builder builder(CalendlyClient client, CalendlyMappings mappings) {
    return new Builder(client, mappings);
  }

  CalendlyClient client() {
    return client;
  }

  CalendlyMappings mappings() {
    return mappings;
  }

  @Override
  public String id() {
    return CalendlyClient.PROVIDER;
  }

  /**
   * True: Calendly decides which bookings exist. A create it refuses (the slot was taken, the event
   * type is gone, the data is invalid) means the branch has no booking, so the sync worker cancels
   * the appointment in Cita and the customer is told.
   */
  @Override
  public boolean decidesBookings() {
    return true;
  }

  /**
   * True only when the tenant has connected Calendly and its mapping names the resource, so {@code
   * BookingService} queues no Calendly pushes (and reads no Calendly busy time) for tenants or
   * resources that are not on Calendly.
   */
  @Override
  public boolean covers(TenantId tenant, ResourceId resource) {
    if (tenant == null || resource == null) {
      return false;
    }
    return mappings.forTenant(tenant).filter(m -> m.maps(resource)).isPresent()
        && client.isConnected(tenant);
  }

  /** {@return the cache {@link #busy} reads and {@link #syncBusy} fills} */
  public ExternalBusyCache busyCache() {
    return cache;
  }

  @Override
  public List<TimeInterval> busy(TenantId tenant, ResourceId resource, TimeInterval range) {
    return cache.busy(tenant, resource, range);
  }

  /**
   * A builder of the background refresher that runs {@link #syncBusy} for every host resource of
   * each tenant {@code tenants} lists (asked again every round), every 10 minutes by default.
   * Tenants without a Calendly connection or mapping are skipped; a resource that fails does not
   * stop its tenant's other resources, and the tenant is then reported as failed.
   *
   * @param tenants the tenants to refresh, asked again every round
   * @return a builder of the refresher; start it after building
   */
  public BusyRefresher.Builder busyRefresher(Supplier<? extends Collection<TenantId>> tenants) {
    return BusyRefresher.builder(CalendlyClient.PROVIDER, this::syncTenant, tenants)
        .interval(Duration.ofMinutes(10));
  }

  private OptionalInt syncTenant(TenantId tenant, TimeInterval window) {
    Optional<CalendlyMapping> mapping = mappings.forTenant(tenant);
    if (mapping.isEmpty() || !client.isConnected(tenant)) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(
        sumAll(mapping.get().hostResources(), resource -> syncBusy(tenant, resource, window)));
  }

  /**
   * The sum of {@code read} over every item; one that fails does not stop the others, and its
   * failure is thrown.
   */
  private static <T> int sumAll(Collection<T> items, ToIntFunction<T> read) {
    int total = 0;
    RuntimeException failure = null;
    for (T item : items) {
      try {
        total += read.applyAsInt(item);
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
    return total;
  }

  @Override
  public OpenWindows openWindows(
      TenantId tenant, ResourceId resource, AppointmentTypeId type, TimeInterval range) {
    return availability.openWindows(tenant, resource, type, range);
  }

  /**
   * Reads the available times of the event type mapped with this resource and type (its duration,
   * then {@code GET /event_type_available_times}) into the cache.
   *
   * @throws ValidationException when no event type is mapped with this resource and type
   */
  @Override
  public void refresh(
      TenantId tenant, ResourceId resource, AppointmentTypeId type, TimeInterval range) {
    Checks.notNull(range, "range");
    CalendlyMapping mapping = mapping(tenant);
    String eventType =
        mapping
            .eventTypeFor(Checks.notNull(resource, "resource"), Checks.notNull(type, "type"))
            .filter(uri -> resource.equals(mapping.eventTypeResources().get(uri)))
            .orElseThrow(
                () ->
                    new ValidationException(
                        "type",
                        "no Calendly event type is mapped to resource "
                            + resource
                            + " and type "
                            + type
                            + " (hours are read from event types mapped with their resource)"));
    readAvailableTimes(tenant, resource, type, eventType, range);
  }

  /**
   * A builder of the background refresher that runs {@link #refreshAvailability} for each tenant
   * {@code tenants} lists, every 10 minutes by default; start it for tenants whose schedules take
   * their hours from Calendly. Tenants without a Calendly connection or mapping are skipped.
   *
   * @param tenants the tenants whose hours to keep fresh, asked every round
   * @return a refresher builder; set its interval and window, then build and start it
   */
  public BusyRefresher.Builder availabilityRefresher(
      Supplier<? extends Collection<TenantId>> tenants) {
    return BusyRefresher.builder(CalendlyClient.PROVIDER, this::refreshAvailabilityOf, tenants)
        .kind("availability")
        .interval(Duration.ofMinutes(10));
  }

  private OptionalInt refreshAvailabilityOf(TenantId tenant, TimeInterval window) {
    if (mappings.forTenant(tenant).isEmpty() || !client.isConnected(tenant)) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(refreshAvailability(tenant, window));
  }

  /**
   * Reads the available times over {@code window} of every event type the tenant maps with its
   * resource, and replaces what the availability cache holds there; an event type that fails does
   * not stop the others.
   *
   * @return how many available times were read
   * @param tenant the tenant
   * @param window the time to read
   */
  public int refreshAvailability(TenantId tenant, TimeInterval window) {
    Checks.notNull(window, "window");
    CalendlyMapping mapping = mapping(tenant);
    return sumAll(
        mapping.eventTypeResources().entrySet(),
        e ->
            readAvailableTimes(
                tenant,
                e.getValue(),
                mapping.typeOf(e.getKey()).orElseThrow(),
                e.getKey(),
                window));
  }

  /**
   * Reads one event type's available times whose window (start plus the event type's duration)
   * overlaps {@code window}, and replaces what the cache holds there.
   */
  private int readAvailableTimes(
      TenantId tenant,
      ResourceId resource,
      AppointmentTypeId type,
      String eventType,
      TimeInterval window) {
    Instant readAt = clock.instant();
    Integer minutes = client.eventType(tenant, eventType).duration();
    if (minutes == null || minutes <= 0) {
      throw new ProviderException(
          id(),
          0,
          null,
          null,
          false,
          "Calendly event type "
              + eventType
              + " has no duration, so its available times say nothing about how long they are open",
          null);
    }
    Duration length = Duration.ofMinutes(minutes);
    List<TimeInterval> open = new ArrayList<>();
    for (AvailableTime t :
        client.availableTimes(tenant, eventType, window.start().minus(length), window.end())) {
      if (t.startTime() != null && (t.status() == null || "available".equals(t.status()))) {
        TimeInterval w = TimeInterval.of(t.startTime(), length);
        if (w.overlaps(window)) {
          open.add(w);
        }
      }
    }
    availability.replaceWindow(tenant, resource, type, window, open, readAt);
    return open.size();
  }

  /**
   * Reads the active Calendly events of the resource's host within {@code window} and replaces what
   * the cache knows there; returns how many are busy time.
   *
   * @param tenant the resource's tenant
   * @param resource a resource that is a Calendly host in the tenant's mapping
   * @param window the time to read; events that began up to the {@linkplain Builder#longestEvent
   *     longest event} before it are found too
   * @return how many events are busy time in the window (Cita's own appointments left out)
   * @throws ValidationException if the tenant has no mapping or the resource no Calendly host
   */
  public int syncBusy(TenantId tenant, ResourceId resource, TimeInterval window) {
    Checks.notNull(window, "window");
    CalendlyMapping mapping = mapping(tenant);
    String host =
        mapping
            .hostOf(Checks.notNull(resource, "resource"))
            .orElseThrow(
                () ->
                    new ValidationException(
                        "resource", "has no Calendly host in the tenant's mapping"));
    List<ScheduledEvent> events =
        client.scheduledEvents(
            tenant,
            ScheduledEventQuery.forUser(host)
                .active()
                .startingBetween(window.start().minus(longestEvent), window.end())
                .build());
    Map<String, TimeInterval> busy = new HashMap<>();
    for (ScheduledEvent e : events) {
      if (e.uri() == null
          || e.startTime() == null
          || e.endTime() == null
          || !e.endTime().isAfter(e.startTime())
          || !e.isActive()) {
        continue;
      }
      TimeInterval time = TimeInterval.of(e.startTime(), e.endTime());
      if (time.overlaps(window) && !isCitaAppointment(tenant, resource, e, time)) {
        busy.put(e.uri(), time);
      }
    }
    cache.replaceWindow(tenant, resource, window, busy, clock.instant());
    return busy.size();
  }

  /**
   * True when a time-holding appointment of this resource at this time is one of the event's
   * invitees.
   */
  private boolean isCitaAppointment(
      TenantId tenant, ResourceId resource, ScheduledEvent e, TimeInterval time) {
    if (appointments == null) {
      return false;
    }
    String prefix = e.uri() + "/invitees/";
    return appointments.findTimeHolding(tenant, resource, time.start(), time.end()).stream()
        .anyMatch(a -> a.externalRef(id()).map(ref -> ref.startsWith(prefix)).orElse(false));
  }

  @Override
  public String createEvent(Appointment appointment) {
    return writes.create(appointment);
  }

  /**
   * Always fails without retry: Calendly's API cannot move a booking in place, and a move done as
   * cancel + book gives the booking a new id, which only {@link #moveEvent} can hand back.
   */
  @Override
  public void updateEvent(Appointment appointment, String externalId) {
    writes.update(appointment, externalId);
  }

  /**
   * Moves a booking the only way Calendly's API allows: books the appointment's new time with
   * {@code POST /invitees} (looking first, so a retry never books twice), then cancels the old
   * scheduled event with {@link #MOVE_REASON}, and returns the new invitee URI for the sync worker
   * to record. If the cancel fails after the new booking was made, the failure is retryable and the
   * next attempt finds the new booking instead of making a third one, then cancels the old one.
   * When the booking already is at the appointment's time, nothing is written and the id stays.
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

  private CalendlyMapping mapping(TenantId tenant) {
    return writes.mapping(tenant);
  }

  @Override
  public String toString() {
    return "CalendlyCalendarProvider{" + client + '}';
  }

  /** Collects a {@link CalendlyCalendarProvider}. */
  public static final class Builder {
    private final CalendlyClient client;
    private final CalendlyMappings mappings;
    private ExternalBusyCache cache = new ExternalBusyCache();
    private AvailabilityCache availability = new AvailabilityCache();
    private @Nullable AppointmentStore appointments;
    private Clock clock = Clock.systemUTC();
    private String cancelReason = "Cancelled by the business";
    private Duration longestEvent = Duration.ofHours(24);
    private AppointmentTagSigner tagSigner = AppointmentTagSigner.ephemeral();

    /**
     * Signs the tag written in each invitee's UTM tracking; give the {@code WebhookHandler} one
     * with the same keys. {@link AppointmentTagSigner#ephemeral()} by default.
     *
     * @param tagSigner the signer
     * @return this builder
     */
    public Builder tagSigner(AppointmentTagSigner tagSigner) {
      this.tagSigner = Checks.notNull(tagSigner, "tagSigner");
      return this;
    }

    private Builder(CalendlyClient client, CalendlyMappings mappings) {
      this.client = client;
      this.mappings = mappings;
    }

    /**
     * The busy cache to fill and read; a new one by default.
     *
     * @param cache the cache; give each provider its own
     * @return this builder
     */
    public Builder busyCache(ExternalBusyCache cache) {
      this.cache = Checks.notNull(cache, "busyCache");
      return this;
    }

    /**
     * The availability cache to fill and answer {@link CalendlyCalendarProvider#openWindows} from;
     * a new one by default.
     *
     * @param cache the cache; a new one if not set
     * @return this builder
     */
    public Builder availabilityCache(AvailabilityCache cache) {
      this.availability = Checks.notNull(cache, "availabilityCache");
      return this;
    }

    /**
     * The appointment store, so that Calendly events that are Cita appointments are not busy twice.
     *
     * @param appointments the store the booking service writes to
     * @return this builder
     */
    public Builder appointmentStore(AppointmentStore appointments) {
      this.appointments = Checks.notNull(appointments, "appointmentStore");
      return this;
    }

    /**
     * Sets the clock that stamps what {@link CalendlyCalendarProvider#syncBusy} read.
     *
     * @param clock the clock; {@link Clock#systemUTC()} if not set
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    /**
     * The reason Calendly shows invitees when Cita cancels; default "Cancelled by the business".
     *
     * @param reason the reason, not blank
     * @return this builder
     */
    public Builder cancelReason(String reason) {
      this.cancelReason = Checks.notBlank(reason, "cancelReason");
      return this;
    }

    /**
     * How long an event may last, so sync finds events that began before its window; default 24 h.
     *
     * @param longest a positive duration
     * @return this builder
     */
    public Builder longestEvent(Duration longest) {
      this.longestEvent = Checks.positive(longest, "longestEvent");
      return this;
    }

    /** {@return the provider, thread-safe} */
    public CalendlyCalendarProvider build() {
      return new CalendlyCalendarProvider(this);
    }
  }
}
