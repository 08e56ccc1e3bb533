package dev.cita.scheduling.google;

import com.google.api.client.util.DateTime;
import com.google.api.services.calendar.model.Event;
import com.google.api.services.calendar.model.Events;
import com.google.api.services.calendar.model.FreeBusyCalendar;
import com.google.api.services.calendar.model.FreeBusyRequest;
import com.google.api.services.calendar.model.FreeBusyRequestItem;
import com.google.api.services.calendar.model.FreeBusyResponse;
import com.google.api.services.calendar.model.TimePeriod;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.google.internal.EventMapping;
import dev.cita.scheduling.google.internal.GoogleCalls;
import dev.cita.scheduling.google.internal.GoogleHttp;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.internal.Contract;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.spi.AuditLog;
import dev.cita.scheduling.spi.CalendarProvider;
import dev.cita.scheduling.sync.ExternalBusyCache;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.CredentialManager;
import dev.cita.scheduling.token.Sleeper;
import dev.cita.scheduling.webhook.AppointmentTagSigner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Google Calendar as a Cita {@link CalendarProvider}: writes appointments as events with ids
 * derived from the appointment id (so a retried create never makes a second event), and answers
 * {@link #busy} from memory, never from the network.
 *
 * <p>Busy time comes from two places. {@link #sync} reads the resource's calendar with {@code
 * events.list} (a full read the first time, then incremental with the {@code syncToken}, and full
 * again when Google answers 410); after the first sync it is the whole answer, and it leaves out
 * Cita's own events (the appointments already block their time). Until then, {@link #refreshBusy}
 * fills in a free/busy snapshot of a range you choose. Both land in a core {@link
 * ExternalBusyCache}, which also remembers which time was read and which calendars Google reported
 * an error for. {@link GoogleSyncScheduler} runs both on a schedule (sync from push notifications
 * via {@link GooglePushChannels} and, as a safety net, every few minutes; refreshBusy for the
 * booking horizon until a resource has synced). A resource whose busy time is unknown, or whose
 * calendar Google reported an error for, makes {@link #busy} throw instead of reading as free.
 *
 * <pre>{@code
 * GoogleCalendarProvider google = GoogleCalendarProvider.builder(config)
 *     .credentialManager(credentials)
 *     .calendars(calendars)
 *     .build();
 * google.refreshBusy(clinic, List.of(drAna), TimeInterval.of(now, Duration.ofDays(60)));
 * google.sync(clinic, drAna);
 * BookingService service = BookingService.builder()....calendarProvider(google).build();
 * }</pre>
 */
public final class GoogleCalendarProvider implements CalendarProvider {
  /** Google rejects free/busy ranges much beyond 90 days; chunks stay well inside. */
  public static final Duration DEFAULT_FREE_BUSY_CHUNK = Duration.ofDays(60);

  /** Google's limit of calendars per free/busy query. */
  public static final int MAX_CALENDARS_PER_FREE_BUSY = 50;

  private static final int MAX_SYNC_PAGES = 1000;
  private static final TimeZone UTC = TimeZone.getTimeZone("UTC");
  private static final Logger log = LoggerFactory.getLogger(GoogleCalendarProvider.class);

  /**
   * Receives Cita's own changed events of one sync; returns true when the sync token may advance.
   */
  @FunctionalInterface
  interface ChangeSink {
    boolean accept(
        CalendarAssignment assignment, List<Event> appointmentEvents, ZoneId calendarZone);
  }

  private record Key(TenantId tenant, ResourceId resource) {}

  /**
   * What the busy cache holds for one resource: read from which calendar, whether by sync (then
   * sync alone keeps it current and free/busy no longer writes to it), the sync token, and when it
   * last synced.
   */
  private record State(
      String calendarId, boolean synced, @Nullable String syncToken, @Nullable Instant syncedAt) {
    static State snapshot(String calendarId) {
      return new State(calendarId, false, null, null);
    }
  }

  /** Busy intervals of a free/busy snapshot have no event id; they get one from their bounds. */
  private static final String FREE_BUSY_ID = "freebusy:";

  /**
   * The error {@link #refreshBusy} reports for calendars whose connection was not granted
   * free/busy.
   */
  public static final String FREE_BUSY_NOT_GRANTED = "freeBusyNotGranted";

  private static final TimeInterval ALL_TIME = TimeInterval.of(Instant.MIN, Instant.MAX);

  private final GoogleConfig config;
  private final GoogleCalendars calendars;
  private final GoogleCalls calls;
  private final Clock clock;
  private final CredentialManager credentials;
  private final Function<Appointment, String> summary;
  private final Duration freeBusyChunk;
  private final int pageSize;
  private final ExternalBusyCache cache;
  private final AppointmentTagSigner tagSigner;
  private final Map<Key, State> states = new ConcurrentHashMap<>();

  /**
   * Locks that keep two syncs of one resource apart, striped by (tenant, resource) so that their
   * number stays fixed however many resources come and go.
   */
  private final Object[] syncLocks = newLocks(64);

  private GoogleCalendarProvider(Builder b) {
    this.config = b.config;
    this.calendars = Checks.notNull(b.calendars, "google.calendars");
    CredentialManager credentials = Checks.notNull(b.credentials, "google.credentialManager");
    this.clock = b.clock;
    this.summary = b.summary;
    this.freeBusyChunk = b.freeBusyChunk;
    this.pageSize = b.pageSize;
    this.cache = b.cache;
    this.tagSigner = b.tagSigner;
    this.credentials = credentials;
    this.calls =
        new GoogleCalls(
            new GoogleHttp(config).calendar(),
            credentials,
            config,
            clock,
            b.sleeper,
            b.random,
            b.auditLog);
  }

  /**
   * Starts a provider that talks to Google as {@code config} says.
   *
   * @param config the OAuth client, endpoints, timeouts and retry limits
   * @return a builder that needs a {@linkplain Builder#credentialManager credential manager} and
   *     the {@linkplain Builder#calendars calendars}
   */
  public static Builder builder(GoogleConfig config) {
    return new Builder(Checks.notNull(config, "config"));
  }

  @Override
  public String id() {
    return GoogleOAuth.PROVIDER;
  }

  /** What the connection's stored grant allows (see {@link GoogleOAuth#grant}). */
  GoogleGrant grant(ConnectionKey connection) {
    return GoogleGrant.of(credentials.credential(connection), config);
  }

  GoogleCalls calls() {
    return calls;
  }

  GoogleCalendars calendars() {
    return calendars;
  }

  Clock clock() {
    return clock;
  }

  GoogleConfig config() {
    return config;
  }

  CredentialManager credentials() {
    return credentials;
  }

  /**
   * The cache {@link #busy} answers from, for example to read {@link
   * ExternalBusyCache#refreshedAt}. Sync and {@link #refreshBusy} keep it; {@link
   * ExternalBusyCache#clear clearing} a resource makes its next sync a full one.
   *
   * @return the cache
   */
  public ExternalBusyCache busyCache() {
    return cache;
  }

  /** When the resource's current calendar last synced successfully, if it ever did. */
  Optional<Instant> lastSynced(CalendarAssignment a) {
    State s = states.get(new Key(a.tenant(), a.resource()));
    return isSynced(s, a) ? Optional.ofNullable(s.syncedAt()) : Optional.empty();
  }

  /**
   * Forgets the sync tokens of the tenant's resources, so that their next syncs are full ones: for
   * a node that has just taken over the tenant's work from another (see {@link
   * GoogleSyncScheduler}).
   */
  void forgetSyncTokens(TenantId tenant) {
    states.keySet().removeIf(k -> k.tenant().equals(tenant));
  }

  /**
   * True when the cache holds what sync read from the assignment's calendar (and was not cleared).
   */
  @Contract("null, _ -> false")
  private boolean isSynced(@Nullable State s, CalendarAssignment a) {
    return s != null
        && s.synced()
        && s.calendarId().equals(a.calendarId())
        && cache.isKnown(a.tenant(), a.resource(), ALL_TIME);
  }

  private Object lockOf(Key key) {
    return syncLocks[Math.floorMod(key.hashCode(), syncLocks.length)];
  }

  private static Object[] newLocks(int n) {
    Object[] locks = new Object[n];
    for (int i = 0; i < n; i++) {
      locks[i] = new Object();
    }
    return locks;
  }

  // --- busy time ------------------------------------------------------------------------------

  /** Only resources assigned a Google calendar: others get no pushes and no busy-time reads. */
  @Override
  public boolean covers(TenantId tenant, ResourceId resource) {
    return calendars.find(tenant, resource).isPresent();
  }

  /**
   * Busy time from memory. A resource with no Google calendar assigned has none.
   *
   * @param tenant the resource's tenant
   * @param resource the resource
   * @param range the time asked about
   * @return the busy intervals that overlap {@code range}, in no particular order
   * @throws ProviderException (retryable) if the resource's busy time is not known for the range,
   *     or Google reported an error for its calendar
   */
  @Override
  public List<TimeInterval> busy(TenantId tenant, ResourceId resource, TimeInterval range) {
    Checks.notNull(range, "range");
    Optional<CalendarAssignment> a = calendars.find(tenant, resource);
    if (a.isEmpty()) {
      return List.of();
    }
    State s = states.get(new Key(tenant, resource));
    // Without a state of its own, this node answers from what another node read into a shared
    // cache (ExternalBusyCache.shared), if anything; a state of another calendar is out of date.
    boolean readElsewhere = s == null && !cache.knownWindows(tenant, resource).isEmpty();
    if (!readElsewhere && (s == null || !s.calendarId().equals(a.get().calendarId()))) {
      throw unknown(tenant, resource, "no busy time is known yet: run sync or refreshBusy first");
    }
    Optional<String> error = cache.unavailable(tenant, resource);
    if (error.isPresent()) {
      throw new ProviderException(
          GoogleCalls.PROVIDER,
          0,
          error.get(),
          null,
          true,
          "Google reported an error for the calendar of "
              + tenant
              + "/"
              + resource
              + " in the last free/busy query",
          null);
    }
    if (!cache.isKnown(tenant, resource, range)) {
      throw unknown(
          tenant,
          resource,
          "busy time is known only for "
              + describe(cache.knownWindows(tenant, resource))
              + ", not for "
              + range.start()
              + ".."
              + range.end());
    }
    return cache.busy(tenant, resource, range);
  }

  private static ProviderException unknown(TenantId tenant, ResourceId resource, String why) {
    return new ProviderException(
        GoogleCalls.PROVIDER,
        0,
        "busyUnknown",
        null,
        true,
        "busy time of " + tenant + "/" + resource + " is unknown: " + why,
        null);
  }

  private static String describe(List<TimeInterval> windows) {
    List<String> out = new ArrayList<>();
    for (TimeInterval w : windows) {
      out.add(w.start() + ".." + w.end());
    }
    return out.isEmpty() ? "no time" : String.join(", ", out);
  }

  /**
   * {@link #refreshBusy(TenantId, Collection, TimeInterval)} for one resource.
   *
   * @param tenant the resource's tenant
   * @param resource a resource with a Google calendar assigned
   * @param range the time to read, such as now to the booking horizon
   * @return the busy time read, or Google's error for the calendar
   * @throws ValidationException if the resource has no Google calendar assigned
   */
  public FreeBusyResult refreshBusy(TenantId tenant, ResourceId resource, TimeInterval range) {
    return refreshBusy(tenant, List.of(Checks.notNull(resource, "resource")), range);
  }

  /**
   * Asks Google's free/busy for the resources' calendars over {@code range} and keeps the answer
   * for {@link #busy} (until a sync of the resource replaces it; once a resource has synced, its
   * answer is only returned, since sync knows more). Ranges read at different times add up. The
   * range is split into chunks Google accepts and the calendars into groups of at most 50 per
   * query, one connection at a time. A calendar Google reports an error for is returned in {@link
   * FreeBusyResult#errors()} and makes {@link #busy} throw; it never reads as free. The calendars
   * of a connection whose grant lacks free/busy ({@link GoogleGrant#canReadFreeBusy()}) are not
   * asked: they are returned in {@link FreeBusyResult#errors()} as {@value #FREE_BUSY_NOT_GRANTED}
   * and their busy time stays as it was (it comes from {@link #sync} alone).
   *
   * @param tenant the resources' tenant
   * @param resources resources with a Google calendar assigned; repeats are asked once
   * @param range the time to read, such as now to the booking horizon
   * @return the busy time read per resource, and the resources Google reported an error for
   * @throws ValidationException if a resource has no Google calendar assigned (nothing is queried)
   * @throws ProviderException if a query fails (after the retries allowed); the answers for the
   *     connections queried before it are kept
   */
  public FreeBusyResult refreshBusy(
      TenantId tenant, Collection<ResourceId> resources, TimeInterval range) {
    Checks.notNull(tenant, "tenant");
    Checks.notNull(range, "range");
    Checks.notNull(resources, "resources");
    Map<ConnectionKey, List<CalendarAssignment>> byConnection = new LinkedHashMap<>();
    for (ResourceId r : new LinkedHashSet<>(resources)) {
      CalendarAssignment a =
          calendars
              .find(tenant, Checks.notNull(r, "resources[]"))
              .orElseThrow(
                  () ->
                      new ValidationException(
                          "resources", "resource " + r + " has no Google calendar assigned"));
      byConnection.computeIfAbsent(a.connection(), k -> new ArrayList<>()).add(a);
    }
    Map<ResourceId, List<TimeInterval>> busy = new HashMap<>();
    Map<ResourceId, String> errors = new HashMap<>();
    for (Map.Entry<ConnectionKey, List<CalendarAssignment>> group : byConnection.entrySet()) {
      if (!grant(group.getKey()).canReadFreeBusy()) {
        // The tenant unticked free/busy on the consent screen: Google would answer 403. Busy time
        // of
        // these calendars comes from sync alone; nothing is asked and the cache is left as it is.
        for (CalendarAssignment a : group.getValue()) {
          errors.put(a.resource(), FREE_BUSY_NOT_GRANTED);
        }
        log.info(
            "free/busy of {} skipped: {} does not grant {}",
            group.getValue().stream().map(CalendarAssignment::resource).toList(),
            group.getKey(),
            GoogleConfig.SCOPE_FREEBUSY);
        continue;
      }
      List<String> ids =
          group.getValue().stream().map(CalendarAssignment::calendarId).distinct().toList();
      Map<String, List<TimeInterval>> found = new HashMap<>();
      Map<String, String> failed = new HashMap<>();
      queryFreeBusy(group.getKey(), ids, range, found, failed);
      for (CalendarAssignment a : group.getValue()) {
        String error = failed.get(a.calendarId());
        if (error != null) {
          errors.put(a.resource(), error);
          keepSnapshot(a, range, null, error);
          log.warn(
              "free/busy of {}/{} (calendar {}) failed: {}",
              tenant,
              a.resource(),
              a.calendarId(),
              error);
        } else {
          List<TimeInterval> merged = merge(found.getOrDefault(a.calendarId(), List.of()));
          busy.put(a.resource(), merged);
          keepSnapshot(a, range, merged, null);
        }
      }
    }
    return new FreeBusyResult(busy, errors);
  }

  /**
   * Puts one resource's free/busy answer (or Google's error for it) into the cache, unless the
   * resource has synced its current calendar: sync's answer is better.
   */
  private void keepSnapshot(
      CalendarAssignment a,
      TimeInterval range,
      @Nullable List<TimeInterval> busy,
      @Nullable String error) {
    Key key = new Key(a.tenant(), a.resource());
    synchronized (lockOf(key)) {
      State s = states.get(key);
      if (isSynced(s, a)) {
        return;
      }
      if (s == null || !s.calendarId().equals(a.calendarId())) {
        cache.clear(a.tenant(), a.resource()); // anything there belongs to another calendar
      }
      if (error != null) {
        cache.markUnavailable(a.tenant(), a.resource(), error);
      } else {
        // Free/busy clips busy time to the range asked for: keep the parts of older snapshots'
        // intervals that reach out of this range, which replacing the window would drop.
        Map<String, TimeInterval> snapshot = new HashMap<>();
        for (TimeInterval old : cache.busy(a.tenant(), a.resource(), range)) {
          if (old.start().isBefore(range.start())) {
            putFreeBusy(snapshot, TimeInterval.of(old.start(), range.start()));
          }
          if (old.end().isAfter(range.end())) {
            putFreeBusy(snapshot, TimeInterval.of(range.end(), old.end()));
          }
        }
        Objects.requireNonNull(busy, "busy").forEach(i -> putFreeBusy(snapshot, i));
        cache.replaceWindow(a.tenant(), a.resource(), range, snapshot, clock.instant());
      }
      states.put(key, State.snapshot(a.calendarId()));
    }
  }

  private static void putFreeBusy(Map<String, TimeInterval> snapshot, TimeInterval interval) {
    snapshot.put(FREE_BUSY_ID + interval.start() + "/" + interval.end(), interval);
  }

  private void queryFreeBusy(
      ConnectionKey connection,
      List<String> ids,
      TimeInterval range,
      Map<String, List<TimeInterval>> found,
      Map<String, String> failed) {
    for (Instant from = range.start();
        from.isBefore(range.end());
        from = from.plus(freeBusyChunk)) {
      Instant to =
          from.plus(freeBusyChunk).isBefore(range.end()) ? from.plus(freeBusyChunk) : range.end();
      for (int i = 0; i < ids.size(); i += MAX_CALENDARS_PER_FREE_BUSY) {
        List<String> batch = ids.subList(i, Math.min(ids.size(), i + MAX_CALENDARS_PER_FREE_BUSY));
        FreeBusyRequest body =
            new FreeBusyRequest()
                .setTimeMin(utc(from))
                .setTimeMax(utc(to))
                .setTimeZone("UTC")
                .setItems(batch.stream().map(id -> new FreeBusyRequestItem().setId(id)).toList());
        FreeBusyResponse response =
            calls.execute(connection, "freebusy.query", c -> c.freebusy().query(body));
        Map<String, FreeBusyCalendar> answered =
            response.getCalendars() == null ? Map.of() : response.getCalendars();
        for (String id : batch) {
          FreeBusyCalendar cal = answered.get(id);
          if (cal == null) {
            failed.putIfAbsent(id, "missingFromResponse");
          } else if (cal.getErrors() != null && !cal.getErrors().isEmpty()) {
            String reason = cal.getErrors().get(0).getReason();
            failed.putIfAbsent(id, reason == null ? "unknownError" : reason);
          } else if (cal.getBusy() != null) {
            List<TimeInterval> list = found.computeIfAbsent(id, k -> new ArrayList<>());
            for (TimePeriod p : cal.getBusy()) {
              Instant s = Instant.ofEpochMilli(p.getStart().getValue());
              Instant e = Instant.ofEpochMilli(p.getEnd().getValue());
              if (e.isAfter(s)) {
                list.add(TimeInterval.of(s, e));
              }
            }
          }
        }
      }
    }
  }

  /**
   * Sorted, with overlapping or touching intervals (such as those split at a chunk edge) joined.
   */
  private static List<TimeInterval> merge(List<TimeInterval> intervals) {
    List<TimeInterval> sorted = new ArrayList<>(intervals);
    sorted.sort(Comparator.comparing(TimeInterval::start));
    List<TimeInterval> out = new ArrayList<>();
    for (TimeInterval i : sorted) {
      TimeInterval last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (last != null && !i.start().isAfter(last.end())) {
        if (i.end().isAfter(last.end())) {
          out.set(out.size() - 1, TimeInterval.of(last.start(), i.end()));
        }
      } else {
        out.add(i);
      }
    }
    return out;
  }

  private static DateTime utc(Instant at) {
    return new DateTime(new Date(at.toEpochMilli()), UTC);
  }

  // --- events ---------------------------------------------------------------------------------

  /**
   * Inserts the appointment's event with its deterministic id. If Google answers 409 (a retry of an
   * insert whose answer was lost), the existing event is read and, when it belongs to this
   * appointment, its id is returned as the result; if that event was deleted in Google (status
   * {@code cancelled}, which keeps its id), it is first restored by a patch with the appointment's
   * current data and status.
   */
  @Override
  public String createEvent(Appointment appointment) {
    CalendarAssignment a = assignmentOf(appointment);
    Event event = EventMapping.toEvent(appointment, summary, true, tagSigner);
    String eventId = event.getId();
    try {
      Event created =
          calls.execute(
              a.connection(),
              "events.insert",
              c ->
                  c.events()
                      .insert(a.calendarId(), event)
                      .setSendUpdates(config.sendUpdates().wireValue()));
      return created.getId() == null ? eventId : created.getId();
    } catch (ProviderException e) {
      if (e.httpStatus().orElse(0) != 409) {
        throw e;
      }
    }
    Event existing =
        calls.execute(a.connection(), "events.get", c -> c.events().get(a.calendarId(), eventId));
    Optional<AppointmentId> owner = EventMapping.appointmentOf(existing);
    if (owner.isPresent() && !owner.get().equals(appointment.id())) {
      throw new ProviderException(
          GoogleOAuth.PROVIDER,
          409,
          "duplicate",
          null,
          false,
          "event id " + eventId + " is taken by an event of another appointment",
          null);
    }
    if ("cancelled".equals(existing.getStatus())) {
      // A deleted event keeps its id, so the insert got 409; restore it with the appointment's
      // data.
      Event restore = EventMapping.toEvent(appointment, summary, false, tagSigner);
      calls.execute(
          a.connection(),
          "events.patch",
          c ->
              c.events()
                  .patch(a.calendarId(), eventId, restore)
                  .setSendUpdates(config.sendUpdates().wireValue()));
      log.info(
          "event {} of appointment {} had been deleted in Google; restored it",
          eventId,
          appointment.id());
      return eventId;
    }
    log.info(
        "event {} of appointment {} already existed (a retried insert); keeping it",
        eventId,
        appointment.id());
    return eventId;
  }

  /** Patches the event with the appointment's time, status, summary, location and attendee. */
  @Override
  public void updateEvent(Appointment appointment, String externalId) {
    Checks.notBlank(externalId, "externalId");
    CalendarAssignment a = assignmentOf(appointment);
    Event patch = EventMapping.toEvent(appointment, summary, false, tagSigner);
    calls.execute(
        a.connection(),
        "events.patch",
        c ->
            c.events()
                .patch(a.calendarId(), externalId, patch)
                .setSendUpdates(config.sendUpdates().wireValue()));
  }

  /** Deletes the event; one that is already gone (404 or 410) counts as cancelled. */
  @Override
  public void cancelEvent(Appointment appointment, String externalId) {
    Checks.notBlank(externalId, "externalId");
    CalendarAssignment a = assignmentOf(appointment);
    try {
      calls.execute(
          a.connection(),
          "events.delete",
          c ->
              c.events()
                  .delete(a.calendarId(), externalId)
                  .setSendUpdates(config.sendUpdates().wireValue()));
    } catch (ProviderException e) {
      int status = e.httpStatus().orElse(0);
      if (status != 404 && status != 410) {
        throw e;
      }
      log.debug("event {} was already gone", externalId);
    }
  }

  private CalendarAssignment assignmentOf(Appointment appointment) {
    Checks.notNull(appointment, "appointment");
    return calendars
        .find(appointment.tenant(), appointment.resource())
        .orElseThrow(
            () ->
                new ProviderException(
                    GoogleOAuth.PROVIDER,
                    0,
                    "notAssigned",
                    null,
                    false,
                    "resource "
                        + appointment.resource()
                        + " of tenant "
                        + appointment.tenant()
                        + " has no Google calendar assigned",
                    null));
  }

  // --- sync -----------------------------------------------------------------------------------

  /**
   * Reads what changed in the resource's calendar since the last sync (everything, the first time
   * or after a 410) and updates the busy time {@link #busy} answers with. Syncs of one resource run
   * one at a time.
   *
   * @param tenant the resource's tenant
   * @param resource a resource with a Google calendar assigned
   * @return what the sync read
   * @throws ValidationException if the resource has no Google calendar assigned
   * @throws ProviderException if a call to Google fails (after the retries allowed); the busy time
   *     stays as it was
   */
  public GoogleSyncResult sync(TenantId tenant, ResourceId resource) {
    CalendarAssignment a =
        calendars
            .find(Checks.notNull(tenant, "tenant"), Checks.notNull(resource, "resource"))
            .orElseThrow(
                () ->
                    new ValidationException(
                        "resource", "resource " + resource + " has no Google calendar assigned"));
    return sync(a, (assignment, events, zone) -> true);
  }

  GoogleSyncResult sync(CalendarAssignment a, ChangeSink sink) {
    Key key = new Key(a.tenant(), a.resource());
    synchronized (lockOf(key)) {
      State before = states.get(key);
      String token = isSynced(before, a) ? before.syncToken() : null;
      try {
        return syncFrom(a, token, sink);
      } catch (ProviderException e) {
        if (token == null || e.httpStatus().orElse(0) != 410) {
          throw e;
        }
        log.info(
            "sync token of {}/{} expired (410); running a full sync", a.tenant(), a.resource());
        return syncFrom(a, null, sink);
      }
    }
  }

  /** One sync from {@code token} (a full one when null); the caller holds the resource's lock. */
  private GoogleSyncResult syncFrom(CalendarAssignment a, @Nullable String token, ChangeSink sink) {
    boolean full = token == null;
    Map<String, Event> changed = new LinkedHashMap<>();
    String pageToken = null;
    String nextSyncToken = null;
    String timeZone = null;
    int pages = 0;
    do {
      if (++pages > MAX_SYNC_PAGES) {
        throw new ProviderException(
            GoogleOAuth.PROVIDER,
            0,
            "tooManyPages",
            null,
            false,
            "sync of "
                + a.calendarId()
                + " read "
                + MAX_SYNC_PAGES
                + " pages without reaching the end",
            null);
      }
      String page = pageToken;
      Events events =
          calls.execute(
              a.connection(),
              "events.list",
              c -> {
                var list =
                    c.events().list(a.calendarId()).setSingleEvents(true).setMaxResults(pageSize);
                if (token != null) {
                  list.setSyncToken(token);
                }
                if (page != null) {
                  list.setPageToken(page);
                }
                return list;
              });
      if (events.getItems() != null) {
        for (Event e : events.getItems()) {
          if (e.getId() != null) {
            changed.put(e.getId(), e);
          }
        }
      }
      if (events.getTimeZone() != null) {
        timeZone = events.getTimeZone();
      }
      pageToken = events.getNextPageToken();
      nextSyncToken = events.getNextSyncToken();
    } while (pageToken != null);

    ZoneId zone = EventMapping.zone(timeZone);
    Map<String, TimeInterval> busy = new HashMap<>();
    Set<String> free = new HashSet<>();
    List<Event> ours = new ArrayList<>();
    for (Event e : changed.values()) {
      if (EventMapping.appointmentOf(e, a.tenant()).isPresent()) {
        ours.add(e);
        free.add(e.getId());
      } else {
        EventMapping.busyInterval(e, zone)
            .ifPresentOrElse(i -> busy.put(e.getId(), i), () -> free.add(e.getId()));
      }
    }
    boolean commit = sink.accept(a, ours, zone);
    String keep = commit ? nextSyncToken : token;
    Instant now = clock.instant();
    if (full) {
      cache.replaceAll(a.tenant(), a.resource(), busy, now);
    } else {
      busy.forEach((id, interval) -> cache.put(a.tenant(), a.resource(), id, interval));
      free.forEach(id -> cache.remove(a.tenant(), a.resource(), id));
    }
    states.put(new Key(a.tenant(), a.resource()), new State(a.calendarId(), true, keep, now));
    if (nextSyncToken == null) {
      log.warn(
          "sync of {}/{} ended without a nextSyncToken; the next sync is a full one",
          a.tenant(),
          a.resource());
    }
    return new GoogleSyncResult(
        full,
        pages,
        changed.size(),
        ours.size(),
        cache.busy(a.tenant(), a.resource(), ALL_TIME).size());
  }

  /**
   * Collects a {@link GoogleCalendarProvider}; {@link #build()} checks that the required parts are
   * set.
   */
  public static final class Builder {
    private final GoogleConfig config;
    private @Nullable CredentialManager credentials;
    private @Nullable GoogleCalendars calendars;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.threadSleep();
    private AuditLog auditLog = AuditLog.noop();
    private RandomGenerator random = () -> ThreadLocalRandom.current().nextLong();
    private Function<Appointment, String> summary =
        a -> a.attendee().name() + " (" + a.type().value() + ")";
    private Duration freeBusyChunk = DEFAULT_FREE_BUSY_CHUNK;
    private int pageSize = 250;
    private ExternalBusyCache cache = new ExternalBusyCache();
    private AppointmentTagSigner tagSigner = AppointmentTagSigner.ephemeral();

    private Builder(GoogleConfig config) {
      this.config = config;
    }

    /**
     * Signs the tag written in each event's private properties; give the {@code WebhookHandler} one
     * with the same keys. {@link AppointmentTagSigner#ephemeral()} by default.
     *
     * @param tagSigner the signer
     * @return this builder
     */
    public Builder tagSigner(AppointmentTagSigner tagSigner) {
      this.tagSigner = Checks.notNull(tagSigner, "tagSigner");
      return this;
    }

    /**
     * Hands out the tenants' access tokens; register {@link GoogleTokenRefresher} with it.
     * Required.
     *
     * @param credentials the manager of the tenants' Google connections
     * @return this builder
     */
    public Builder credentialManager(CredentialManager credentials) {
      this.credentials = Checks.notNull(credentials, "credentialManager");
      return this;
    }

    /**
     * Which calendar each resource uses. Required.
     *
     * @param calendars the assignments of calendars to resources
     * @return this builder
     */
    public Builder calendars(GoogleCalendars calendars) {
      this.calendars = Checks.notNull(calendars, "calendars");
      return this;
    }

    /**
     * Sets the clock that stamps syncs and snapshots and measures an HTTP-date {@code Retry-After}.
     *
     * @param clock the clock; {@link Clock#systemUTC()} if not set
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    /**
     * Sets how to wait between retries; tests pass one that returns at once.
     *
     * @param sleeper the sleeper; {@link Sleeper#threadSleep()} if not set
     * @return this builder
     */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Checks.notNull(sleeper, "sleeper");
      return this;
    }

    /**
     * Sets the source of backoff jitter.
     *
     * @param random a thread-safe source; {@link ThreadLocalRandom} if not set
     * @return this builder
     */
    public Builder random(RandomGenerator random) {
      this.random = Checks.notNull(random, "random");
      return this;
    }

    /**
     * Records every Calendar API call of this provider, and of the {@link GooglePushChannels} and
     * {@link GoogleSyncScheduler} built on it, in the API log (as {@code CalComClient} and {@code
     * CalendlyClient} do): tenant, operation such as {@code events.insert}, outcome, HTTP status,
     * Google's reason and latency; never a token, a body or an attendee's contact.
     *
     * @param auditLog the log; {@link AuditLog#noop()} if not set
     * @return this builder
     */
    public Builder auditLog(AuditLog auditLog) {
      this.auditLog = Checks.notNull(auditLog, "auditLog");
      return this;
    }

    /**
     * Sets the event title, which everyone who can see the calendar reads.
     *
     * @param summary makes the title from the appointment; "attendee name (appointment type)" if
     *     not set
     * @return this builder
     */
    public Builder eventSummary(Function<Appointment, String> summary) {
      this.summary = Checks.notNull(summary, "eventSummary");
      return this;
    }

    /**
     * Sets the longest range of one free/busy query; longer ranges are split.
     *
     * @param chunk positive, at most 90 days; {@link #DEFAULT_FREE_BUSY_CHUNK} (60 days) if not set
     * @return this builder
     */
    public Builder freeBusyChunk(Duration chunk) {
      Checks.positive(chunk, "freeBusyChunk");
      Checks.atMost(chunk, Duration.ofDays(90), "freeBusyChunk");
      this.freeBusyChunk = chunk;
      return this;
    }

    /**
     * Sets the number of events per page of a sync.
     *
     * @param pageSize 1 to 2500 (Google's limit); 250 if not set
     * @return this builder
     */
    public Builder pageSize(int pageSize) {
      Checks.atLeast(pageSize, 1, "pageSize");
      if (pageSize > 2500) {
        throw new ValidationException("pageSize", "must be at most 2500, was " + pageSize);
      }
      this.pageSize = pageSize;
      return this;
    }

    /**
     * The cache {@link #busy} answers from; a new one if not set. Give each provider its own: the
     * cache is keyed by tenant and resource only.
     *
     * @param cache the cache
     * @return this builder
     */
    public Builder busyCache(ExternalBusyCache cache) {
      this.cache = Checks.notNull(cache, "busyCache");
      return this;
    }

    /**
     * Builds the provider.
     *
     * @return the provider, thread-safe
     * @throws ValidationException if the credential manager or the calendars are not set
     */
    public GoogleCalendarProvider build() {
      return new GoogleCalendarProvider(this);
    }
  }
}
