package dev.cita.scheduling.microsoft;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.http.Idempotency;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.internal.Contract;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.spi.CalendarAssignmentStore;
import dev.cita.scheduling.spi.CalendarProvider;
import dev.cita.scheduling.spi.ResourceCalendar;
import dev.cita.scheduling.sync.BusyRefresher;
import dev.cita.scheduling.sync.ExternalBusyCache;
import dev.cita.scheduling.token.ConnectionKey;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outlook / Microsoft 365 calendars as a Cita {@link CalendarProvider}, through Microsoft Graph.
 * Each resource's mailbox is a {@link ResourceCalendar} of provider {@code "microsoft"} in a {@link
 * CalendarAssignmentStore}: its calendar id is {@value #ME} (the connected account's own mailbox)
 * or another mailbox's SMTP address that the account may read and write.
 *
 * <p><b>Busy time</b> is answered from an {@link ExternalBusyCache}, never from the network, and
 * comes from two reads: {@link #refreshBusy} asks {@code POST /me/calendar/getSchedule} for several
 * mailboxes per request (at most {@value #MAX_SCHEDULES_PER_REQUEST} schedules and {@link
 * #DEFAULT_SCHEDULE_CHUNK} per request; see the package notes on the limits), and {@link #sync}
 * reads the calendar view with delta queries ({@code /calendarView/delta}), keeping the delta link
 * and starting over with a full read when Graph rejects it (410, {@code syncStateNotFound}). Which
 * statuses block time is listed on {@code GraphEvents}: busy, out of office, tentative and unknown
 * do, free and working elsewhere do not, cancelled and declined events never do. Times are asked
 * for in UTC ({@code Prefer: outlook.timezone="UTC"}) and read with whatever zone Graph names,
 * Windows names included ({@link WindowsZones}); all-day events cover their dates in the mailbox's
 * zone.
 *
 * <p><b>Writes</b> come from the outbox. A create first looks the appointment's event up by Cita's
 * single-value extended property ({@code $filter}), and only when there is none posts it with a
 * {@code transactionId} derived from the appointment id (Graph's own de-duplication of retried
 * creates) and the property; so a create whose answer was lost finds its event instead of making a
 * second one. Updates are {@code PATCH}es; a cancel deletes the event, or, when attendees are
 * invited, posts {@code /cancel} with a comment so Outlook tells them.
 *
 * <pre>{@code
 * MicrosoftCalendarProvider outlook = MicrosoftCalendarProvider.builder(graph, assignments).build();
 * outlook.refreshBusy(clinic, List.of(drAna), TimeInterval.of(now, Duration.ofDays(30)));
 * BookingService service = BookingService.builder()....calendarProvider(outlook).build();
 * }</pre>
 */
public final class MicrosoftCalendarProvider implements CalendarProvider {
  /** The calendar id of the connected account's own mailbox. */
  public static final String ME = "me";

  /**
   * The most schedules asked for in one {@code getSchedule} request. Graph's reference does not
   * print the cap; 20 is the figure integrators document (for example Nylas's getSchedule guide).
   */
  public static final int MAX_SCHEDULES_PER_REQUEST = 20;

  /**
   * The span of one {@code getSchedule} request. "Get free/busy schedule of Outlook calendar users
   * and resources" (learn.microsoft.com/graph/outlook-get-free-busy-schedule, "Limits and error
   * conditions", as quoted on Microsoft's answers site) asks for a period of less than 42 days.
   */
  public static final Duration DEFAULT_SCHEDULE_CHUNK = Duration.ofDays(31);

  /** The longest span one {@code getSchedule} request may cover: less than 42 days. */
  static final Duration MAX_SCHEDULE_CHUNK = Duration.ofDays(41);

  /** How far ahead delta sync reads the calendar view by default. */
  public static final Duration DEFAULT_SYNC_HORIZON = Duration.ofDays(90);

  private static final int MAX_SYNC_PAGES = 1000;
  private static final Logger log = LoggerFactory.getLogger(MicrosoftCalendarProvider.class);

  private record Key(TenantId tenant, ResourceId resource) {}

  /** What this node knows of one resource: which mailbox it read and the delta link, if synced. */
  private record State(String calendarId, @Nullable String deltaLink, TimeInterval window) {}

  private final MicrosoftGraph graph;
  private final CalendarAssignmentStore calendars;
  private final ExternalBusyCache cache;
  private final Function<Appointment, String> subject;
  private final boolean inviteAttendees;
  private final String cancelComment;
  private final Duration scheduleChunk;
  private final Duration syncHorizon;
  private final ZoneId mailboxZone;
  private final Map<Key, State> states = new ConcurrentHashMap<>();

  private MicrosoftCalendarProvider(Builder b) {
    this.graph = b.graph;
    this.calendars = b.calendars;
    this.cache = b.cache;
    this.subject = b.subject;
    this.inviteAttendees = b.inviteAttendees;
    this.cancelComment = b.cancelComment;
    this.scheduleChunk = b.scheduleChunk;
    this.syncHorizon = b.syncHorizon;
    this.mailboxZone = b.mailboxZone;
  }

  /**
   * Starts a provider.
   *
   * @param graph the Graph client
   * @param calendars which mailbox each resource books into
   * @return a builder; every other setting has a default
   */
  public static Builder builder(MicrosoftGraph graph, CalendarAssignmentStore calendars) {
    return new Builder(Checks.notNull(graph, "graph"), Checks.notNull(calendars, "calendars"));
  }

  @Override
  public String id() {
    return MicrosoftOAuth.PROVIDER;
  }

  /** {@return the cache {@link #busy} answers from} */
  public ExternalBusyCache busyCache() {
    return cache;
  }

  Optional<ResourceCalendar> calendarOf(TenantId tenant, ResourceId resource) {
    return calendars.find(tenant, resource, MicrosoftOAuth.PROVIDER);
  }

  /** Only resources with a Microsoft mailbox assigned. */
  @Override
  public boolean covers(TenantId tenant, ResourceId resource) {
    return calendarOf(tenant, resource).isPresent();
  }

  /**
   * Busy time from memory; a resource without a Microsoft mailbox has none.
   *
   * @throws ProviderException (retryable) when the resource's busy time is not known for the range,
   *     or Graph reported an error for its mailbox
   */
  @Override
  public List<TimeInterval> busy(TenantId tenant, ResourceId resource, TimeInterval range) {
    Checks.notNull(range, "range");
    if (calendarOf(tenant, resource).isEmpty()) {
      return List.of();
    }
    Optional<String> error = cache.unavailable(tenant, resource);
    if (error.isPresent()) {
      throw unknown(tenant, resource, "Graph reported " + error.get() + " for its mailbox");
    }
    if (!cache.isKnown(tenant, resource, range)) {
      throw unknown(tenant, resource, "not read for " + range.start() + ".." + range.end());
    }
    return cache.busy(tenant, resource, range);
  }

  private static ProviderException unknown(TenantId tenant, ResourceId resource, String why) {
    return new ProviderException(
        MicrosoftOAuth.PROVIDER,
        0,
        "busyUnknown",
        null,
        true,
        "busy time of " + tenant + "/" + resource + " is unknown: " + why,
        null);
  }

  // --- getSchedule -------------------------------------------------------------------------------

  /**
   * Reads the resources' busy time over {@code range} with {@code getSchedule} and keeps it for
   * {@link #busy} (a resource that has synced keeps its sync's answer, which knows more). Mailboxes
   * of one connection are asked together, at most {@value #MAX_SCHEDULES_PER_REQUEST} per request,
   * the range in chunks. A mailbox Graph answers with an {@code error} is returned in the result
   * and makes {@link #busy} throw; it never reads as free.
   *
   * @param tenant the resources' tenant
   * @param resources resources with a Microsoft mailbox; repeats are asked once
   * @param range the time to read
   * @return per resource, the busy time read or Graph's error
   * @throws ValidationException if a resource has no Microsoft mailbox (nothing is asked)
   * @throws ProviderException if a request fails after the retries allowed
   */
  public Map<ResourceId, Optional<List<TimeInterval>>> refreshBusy(
      TenantId tenant, Collection<ResourceId> resources, TimeInterval range) {
    Checks.notNull(tenant, "tenant");
    Checks.notNull(range, "range");
    Map<ConnectionKey, Map<String, List<ResourceCalendar>>> byConnection = new LinkedHashMap<>();
    for (ResourceId r : new LinkedHashSet<>(Checks.notNull(resources, "resources"))) {
      ResourceCalendar a =
          calendarOf(tenant, Checks.notNull(r, "resources[]"))
              .orElseThrow(
                  () -> new ValidationException("resources", r + " has no Microsoft mailbox"));
      byConnection
          .computeIfAbsent(a.connection(), k -> new LinkedHashMap<>())
          .computeIfAbsent(address(a), k -> new ArrayList<>())
          .add(a);
    }
    Map<ResourceId, Optional<List<TimeInterval>>> out = new LinkedHashMap<>();
    for (var group : byConnection.entrySet()) {
      Map<String, List<TimeInterval>> found = new HashMap<>();
      Map<String, String> failed = new HashMap<>();
      List<String> addresses = new ArrayList<>(group.getValue().keySet());
      for (Instant from = range.start();
          from.isBefore(range.end());
          from = from.plus(scheduleChunk)) {
        Instant to = min(from.plus(scheduleChunk), range.end());
        for (int i = 0; i < addresses.size(); i += MAX_SCHEDULES_PER_REQUEST) {
          List<String> batch =
              addresses.subList(i, Math.min(addresses.size(), i + MAX_SCHEDULES_PER_REQUEST));
          getSchedule(group.getKey(), batch, TimeInterval.of(from, to), found, failed);
        }
      }
      group
          .getValue()
          .forEach(
              (address, assigned) -> {
                for (ResourceCalendar a : assigned) {
                  String error = failed.get(address);
                  List<TimeInterval> busy = found.getOrDefault(address, List.of());
                  keepSnapshot(a, range, error == null ? busy : null, error);
                  out.put(a.resource(), error == null ? Optional.of(busy) : Optional.empty());
                }
              });
    }
    return out;
  }

  /**
   * A builder of the background refresher that calls {@link #refreshBusy} for every Microsoft
   * mailbox of each tenant {@code tenants} lists (asked again every round), every 5 minutes by
   * default; with {@code lease(leases, nodeId)} each tenant is read by one node at a time. A tenant
   * with no Microsoft mailbox is skipped.
   *
   * @param tenants the tenants to refresh, asked again every round
   * @return a builder of the refresher; start it after building
   */
  public BusyRefresher.Builder busyRefresher(Supplier<? extends Collection<TenantId>> tenants) {
    return BusyRefresher.builder(MicrosoftOAuth.PROVIDER, this::refreshTenant, tenants)
        .interval(Duration.ofMinutes(5));
  }

  private OptionalInt refreshTenant(TenantId tenant, TimeInterval window) {
    List<ResourceId> resources =
        calendars.list(MicrosoftOAuth.PROVIDER).stream()
            .filter(a -> a.tenant().equals(tenant))
            .map(ResourceCalendar::resource)
            .toList();
    if (resources.isEmpty()) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(
        refreshBusy(tenant, resources, window).values().stream()
            .mapToInt(busy -> busy.map(List::size).orElse(0))
            .sum());
  }

  private void getSchedule(
      ConnectionKey connection,
      List<String> addresses,
      TimeInterval span,
      Map<String, List<TimeInterval>> found,
      Map<String, String> failed) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("schedules", addresses);
    body.put("startTime", GraphEvents.utc(span.start()));
    body.put("endTime", GraphEvents.utc(span.end()));
    body.put("availabilityViewInterval", 15);
    JsonNode answer =
        graph.call(
            connection,
            "calendar.getSchedule",
            new Request.Builder().url(graph.url("me/calendar/getSchedule")).post(graph.json(body)),
            Idempotency.IDEMPOTENT, // a read, though a POST
            GraphEvents.PREFER_UTC);
    Map<String, JsonNode> bySchedule = new HashMap<>();
    for (JsonNode info : answer.path("value")) {
      bySchedule.put(info.path("scheduleId").asText("").toLowerCase(java.util.Locale.ROOT), info);
    }
    for (String address : addresses) {
      JsonNode info = bySchedule.get(address.toLowerCase(java.util.Locale.ROOT));
      if (info == null) {
        failed.putIfAbsent(address, "missingFromResponse");
      } else if (info.hasNonNull("error")) {
        failed.putIfAbsent(address, info.path("error").path("responseCode").asText("error"));
      } else {
        List<TimeInterval> list = found.computeIfAbsent(address, k -> new ArrayList<>());
        for (JsonNode item : info.path("scheduleItems")) {
          if (!GraphEvents.blocks(item.path("status").asText(null))) {
            continue;
          }
          Optional<Instant> s = GraphEvents.instant(item.get("start"));
          Optional<Instant> e = GraphEvents.instant(item.get("end"));
          if (s.isPresent() && e.isPresent() && e.get().isAfter(s.get())) {
            list.add(TimeInterval.of(s.get(), e.get()));
          }
        }
      }
    }
  }

  private void keepSnapshot(
      ResourceCalendar a,
      TimeInterval range,
      @Nullable List<TimeInterval> busy,
      @Nullable String error) {
    Key key = new Key(a.tenant(), a.resource());
    synchronized (lockOf(key)) {
      if (isSynced(states.get(key), a)) {
        return; // sync keeps this resource, and knows more
      }
      if (error != null) {
        cache.markUnavailable(a.tenant(), a.resource(), error);
        return;
      }
      Map<String, TimeInterval> snapshot = new HashMap<>();
      for (TimeInterval i : Objects.requireNonNull(busy)) {
        snapshot.put("schedule:" + i.start() + "/" + i.end(), i);
      }
      cache.replaceWindow(a.tenant(), a.resource(), range, snapshot, graph.clock().instant());
    }
  }

  /** True when this node has a delta link for the resource's current mailbox. */
  @Contract("null, _ -> false")
  private static boolean isSynced(@Nullable State s, ResourceCalendar a) {
    return s != null && s.deltaLink() != null && s.calendarId().equals(a.calendarId());
  }

  /** One lock per resource (as many as there are assigned mailboxes): its syncs run one by one. */
  private final Map<Key, Object> locks = new ConcurrentHashMap<>();

  private Object lockOf(Key key) {
    return locks.computeIfAbsent(key, k -> new Object());
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  /** The SMTP address {@code getSchedule} needs: the account's own for {@value #ME}. */
  private String address(ResourceCalendar a) {
    if (!ME.equalsIgnoreCase(a.calendarId())) {
      return a.calendarId();
    }
    return graph
        .credentials()
        .credential(a.connection())
        .accountEmail()
        .orElseThrow(
            () ->
                new ValidationException(
                    "calendarId", a.connection() + " has no e-mail address: name the mailbox"));
  }

  /** The Graph path of the mailbox, {@code me/...} or {@code users/{address}/...}. */
  HttpUrl.Builder mailboxUrl(ResourceCalendar a, String... segments) {
    HttpUrl.Builder url = graph.url("").newBuilder();
    if (ME.equalsIgnoreCase(a.calendarId())) {
      url.addPathSegment(ME);
    } else {
      url.addPathSegment("users").addPathSegment(a.calendarId());
    }
    for (String s : segments) {
      url.addPathSegment(s);
    }
    return url;
  }

  // --- events ------------------------------------------------------------------------------------

  /**
   * Returns the appointment's event if one exists (found by Cita's extended property), else posts
   * it with the appointment's {@code transactionId}. A post whose answer was lost fails retryably
   * with its outcome unknown; the retry finds the event.
   */
  @Override
  public String createEvent(Appointment appointment) {
    ResourceCalendar a = assignmentOf(appointment);
    Optional<String> existing = findEvent(a, appointment);
    if (existing.isPresent()) {
      log.info("event of appointment {} already existed; keeping it", appointment.id());
      return existing.get();
    }
    JsonNode created;
    try {
      created =
          graph.call(
              a.connection(),
              "events.create",
              new Request.Builder()
                  .url(mailboxUrl(a, "events").build())
                  .post(
                      graph.json(GraphEvents.toEvent(appointment, subject, true, inviteAttendees))),
              Idempotency.NOT_IDEMPOTENT,
              GraphEvents.PREFER_UTC);
    } catch (ProviderException e) {
      if (e.isOutcomeUnknown()) {
        throw ProviderException.retryableOutcomeUnknown(
            MicrosoftOAuth.PROVIDER,
            "events.create of appointment "
                + appointment.id()
                + " may have happened; a retry"
                + " looks it up first",
            e);
      }
      throw e;
    }
    String id = created.path("id").asText("");
    if (id.isBlank()) {
      throw new ProviderException(
          MicrosoftOAuth.PROVIDER, 201, null, null, false, "events.create answered no id", null);
    }
    return id;
  }

  private Optional<String> findEvent(ResourceCalendar a, Appointment appointment) {
    HttpUrl url =
        mailboxUrl(a, "events")
            .addQueryParameter("$filter", GraphEvents.filterFor(appointment.id()))
            .addQueryParameter("$select", "id")
            .build();
    JsonNode found =
        graph.call(
            a.connection(),
            "events.find",
            new Request.Builder().url(url).get(),
            Idempotency.IDEMPOTENT,
            null);
    for (JsonNode e : found.path("value")) {
      if (!e.path("id").asText("").isBlank()) {
        return Optional.of(e.path("id").asText());
      }
    }
    return Optional.empty();
  }

  /** Patches the event with the appointment's time, subject, location and attendee. */
  @Override
  public void updateEvent(Appointment appointment, String externalId) {
    Checks.notBlank(externalId, "externalId");
    ResourceCalendar a = assignmentOf(appointment);
    graph.call(
        a.connection(),
        "events.update",
        new Request.Builder()
            .url(mailboxUrl(a, "events", externalId).build())
            .patch(graph.json(GraphEvents.toEvent(appointment, subject, false, inviteAttendees))),
        Idempotency.IDEMPOTENT, // the same patch twice leaves the same event
        GraphEvents.PREFER_UTC);
  }

  /**
   * Deletes the event, or with {@linkplain Builder#inviteAttendees invited attendees} posts {@code
   * /cancel} with the comment (Outlook tells them); an event already gone (404, 410) is cancelled.
   */
  @Override
  public void cancelEvent(Appointment appointment, String externalId) {
    Checks.notBlank(externalId, "externalId");
    ResourceCalendar a = assignmentOf(appointment);
    Request.Builder request =
        inviteAttendees
            ? new Request.Builder()
                .url(mailboxUrl(a, "events", externalId, "cancel").build())
                .post(graph.json(Map.of("comment", cancelComment)))
            : new Request.Builder().url(mailboxUrl(a, "events", externalId).build()).delete();
    try {
      graph.call(
          a.connection(),
          inviteAttendees ? "events.cancel" : "events.delete",
          request,
          Idempotency.IDEMPOTENT, // cancelling twice is cancelling once
          null);
    } catch (ProviderException e) {
      int status = e.httpStatus().orElse(0);
      if (status != 404 && status != 410) {
        throw e;
      }
      log.debug("event {} was already gone", externalId);
    }
  }

  private ResourceCalendar assignmentOf(Appointment appointment) {
    Checks.notNull(appointment, "appointment");
    return calendarOf(appointment.tenant(), appointment.resource())
        .orElseThrow(
            () ->
                new ProviderException(
                    MicrosoftOAuth.PROVIDER,
                    0,
                    "notAssigned",
                    null,
                    false,
                    appointment.resource() + " of " + appointment.tenant() + " has no mailbox",
                    null));
  }

  // --- delta sync --------------------------------------------------------------------------------

  /**
   * Reads what changed in the resource's calendar view since the last sync, through the stored
   * delta link (everything in the sync window, now − 1 day to now + the horizon, the first time,
   * after {@link #forgetDeltaLink}, when Graph rejects the link: 410 or {@code syncStateNotFound},
   * and once the window of the last full read is a day old, so it keeps reaching the horizon), and
   * updates the busy time {@link #busy} answers with. Cita's own events are left out: the
   * appointments block their time already.
   *
   * @param tenant the resource's tenant
   * @param resource a resource with a Microsoft mailbox
   * @return true if this was a full read
   * @throws ValidationException if the resource has no Microsoft mailbox
   * @throws ProviderException if a call fails after the retries allowed; busy time stays as it was
   */
  public boolean sync(TenantId tenant, ResourceId resource) {
    ResourceCalendar a =
        calendarOf(Checks.notNull(tenant, "tenant"), Checks.notNull(resource, "resource"))
            .orElseThrow(() -> new ValidationException("resource", resource + " has no mailbox"));
    Key key = new Key(tenant, resource);
    synchronized (lockOf(key)) {
      State s = states.get(key);
      Instant now = graph.clock().instant();
      // A delta link keeps the window of its full read; once that has aged a day, read afresh so
      // the window keeps reaching the horizon.
      if (isSynced(s, a) && !s.window().start().isBefore(now.minus(Duration.ofDays(2)))) {
        try {
          syncFrom(a, HttpUrl.get(Objects.requireNonNull(s.deltaLink())), s.window(), false);
          return false;
        } catch (ProviderException e) {
          if (!isRejectedDeltaLink(e)) {
            throw e;
          }
          log.info(
              "delta link of {}/{} rejected ({}); full sync", tenant, resource, e.getMessage());
        }
      }
      TimeInterval window = TimeInterval.of(now.minus(Duration.ofDays(1)), now.plus(syncHorizon));
      HttpUrl first =
          mailboxUrl(a, "calendarView", "delta")
              .addQueryParameter("startDateTime", iso(window.start()))
              .addQueryParameter("endDateTime", iso(window.end()))
              .build();
      syncFrom(a, first, window, true);
      return true;
    }
  }

  /**
   * Makes the resource's next {@link #sync} a full one (after a {@code missed} notification).
   *
   * @param tenant the resource's tenant
   * @param resource the resource
   */
  public void forgetDeltaLink(TenantId tenant, ResourceId resource) {
    states.remove(new Key(tenant, resource));
  }

  private static boolean isRejectedDeltaLink(ProviderException e) {
    String code = e.providerCode().orElse("");
    return e.httpStatus().orElse(0) == 410
        || code.equalsIgnoreCase("syncStateNotFound")
        || code.equalsIgnoreCase("resyncRequired")
        || code.equalsIgnoreCase("syncStateInvalid");
  }

  private static String iso(Instant at) {
    return GraphEvents.utcText(at) + "Z";
  }

  private void syncFrom(ResourceCalendar a, HttpUrl first, TimeInterval window, boolean full) {
    Map<String, TimeInterval> busy = new LinkedHashMap<>();
    List<String> free = new ArrayList<>();
    HttpUrl next = first;
    String deltaLink = null;
    for (int pages = 1; next != null; pages++) {
      if (pages > MAX_SYNC_PAGES || !graph.isGraphLink(next)) {
        throw new ProviderException(
            MicrosoftOAuth.PROVIDER,
            0,
            pages > MAX_SYNC_PAGES ? "tooManyPages" : "foreignLink",
            null,
            false,
            "delta sync of " + a.tenant() + "/" + a.resource() + " stopped: bad paging",
            null);
      }
      JsonNode page =
          graph.call(
              a.connection(),
              "calendarView.delta",
              new Request.Builder().url(next).get(),
              Idempotency.IDEMPOTENT,
              GraphEvents.PREFER_UTC + ", odata.maxpagesize=50");
      for (JsonNode e : page.path("value")) {
        String id = e.path("id").asText("");
        if (id.isBlank()) {
          continue;
        }
        Optional<TimeInterval> interval =
            GraphEvents.isCitas(e) ? Optional.empty() : GraphEvents.busyInterval(e, mailboxZone);
        if (interval.isPresent()) {
          busy.put(id, interval.get());
          free.remove(id);
        } else {
          busy.remove(id);
          free.add(id);
        }
      }
      next =
          page.hasNonNull("@odata.nextLink")
              ? HttpUrl.parse(page.get("@odata.nextLink").asText())
              : null;
      if (page.hasNonNull("@odata.deltaLink")) {
        deltaLink = page.get("@odata.deltaLink").asText();
      }
    }
    Instant now = graph.clock().instant();
    if (full) {
      cache.replaceWindow(a.tenant(), a.resource(), window, busy, now);
    } else {
      busy.forEach((id, i) -> cache.put(a.tenant(), a.resource(), id, i));
      free.forEach(id -> cache.remove(a.tenant(), a.resource(), id));
    }
    states.put(new Key(a.tenant(), a.resource()), new State(a.calendarId(), deltaLink, window));
  }

  /**
   * Configures a {@link MicrosoftCalendarProvider}; every setting but the two given has a default.
   */
  public static final class Builder {
    private final MicrosoftGraph graph;
    private final CalendarAssignmentStore calendars;
    private ExternalBusyCache cache = new ExternalBusyCache();
    private Function<Appointment, String> subject = a -> a.attendee().name();
    private boolean inviteAttendees;
    private String cancelComment = "Cancelled";
    private Duration scheduleChunk = DEFAULT_SCHEDULE_CHUNK;
    private Duration syncHorizon = DEFAULT_SYNC_HORIZON;
    private ZoneId mailboxZone = ZoneOffset.UTC;

    private Builder(MicrosoftGraph graph, CalendarAssignmentStore calendars) {
      this.graph = graph;
      this.calendars = calendars;
    }

    /**
     * The cache busy time is kept in; share one ({@code ExternalBusyCache.shared}) between nodes.
     *
     * @param cache the cache; a new one-node cache if not set
     * @return this builder
     */
    public Builder busyCache(ExternalBusyCache cache) {
      this.cache = Checks.notNull(cache, "busyCache");
      return this;
    }

    /**
     * The event's subject.
     *
     * @param subject from the appointment; the attendee's name if not set
     * @return this builder
     */
    public Builder eventSubject(Function<Appointment, String> subject) {
      this.subject = Checks.notNull(subject, "eventSubject");
      return this;
    }

    /**
     * Whether the customer is added as an attendee (Outlook then e-mails an invitation from the
     * mailbox, and a cancel posts {@code /cancel} so it e-mails the cancellation); false by
     * default: the event is only the mailbox owner's.
     *
     * @param invite true to invite
     * @param cancelComment the comment Outlook sends with a cancellation
     * @return this builder
     */
    public Builder inviteAttendees(boolean invite, String cancelComment) {
      this.inviteAttendees = invite;
      this.cancelComment = Checks.notBlank(cancelComment, "cancelComment");
      return this;
    }

    /**
     * The span of one {@code getSchedule} request.
     *
     * @param chunk positive, at most 41 days; {@link #DEFAULT_SCHEDULE_CHUNK} if not set
     * @return this builder
     */
    public Builder scheduleChunk(Duration chunk) {
      Checks.positive(chunk, "scheduleChunk");
      if (chunk.compareTo(MAX_SCHEDULE_CHUNK) > 0) {
        throw new ValidationException("scheduleChunk", "must be at most 41 days, was " + chunk);
      }
      this.scheduleChunk = chunk;
      return this;
    }

    /**
     * How far ahead delta sync reads.
     *
     * @param horizon positive; {@link #DEFAULT_SYNC_HORIZON} if not set
     * @return this builder
     */
    public Builder syncHorizon(Duration horizon) {
      this.syncHorizon = Checks.positive(horizon, "syncHorizon");
      return this;
    }

    /**
     * The zone all-day events are read in when Graph names none for them.
     *
     * @param zone the mailboxes' zone; UTC if not set
     * @return this builder
     */
    public Builder mailboxZone(ZoneId zone) {
      this.mailboxZone = Checks.notNull(zone, "mailboxZone");
      return this;
    }

    /** {@return the provider, thread-safe} */
    public MicrosoftCalendarProvider build() {
      return new MicrosoftCalendarProvider(this);
    }
  }
}
