package dev.cita.scheduling.microsoft;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.http.Idempotency;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.internal.Contract;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.spi.AppointmentStore;
import dev.cita.scheduling.spi.CalendarAssignmentStore;
import dev.cita.scheduling.spi.CalendarProvider;
import dev.cita.scheduling.spi.ResourceCalendar;
import dev.cita.scheduling.sync.BusyRefresher;
import dev.cita.scheduling.sync.ExternalBusyCache;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.webhook.ProviderWebhooks;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
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

  /**
   * What this node knows of one resource: which mailbox it read, the delta link if synced, the
   * window of the last full read, Cita's events in it (id → when Graph last changed it), and when
   * it last synced.
   */
  private record State(
      String calendarId,
      @Nullable String deltaLink,
      TimeInterval window,
      Map<String, Instant> citasEvents,
      @Nullable Instant syncedAt) {}

  /** Events per page of a delta round (learn.microsoft.com/graph/api/event-delta). */
  static final String PAGE_SIZE = "odata.maxpagesize=50";

  private final MicrosoftGraph graph;
  private final CalendarAssignmentStore calendars;
  private final ExternalBusyCache cache;
  private final Function<Appointment, String> subject;
  private final boolean inviteAttendees;
  private final String cancelComment;
  private final Duration scheduleChunk;
  private final Duration syncHorizon;
  private final ZoneId mailboxZone;
  private final @Nullable AppointmentStore appointments;
  private final Map<Key, State> states = new ConcurrentHashMap<>();

  /**
   * This process's secret for the requests that carry Cita's changed events into the webhook
   * pipeline ({@code GraphNotifications}); random per provider, never sent anywhere.
   */
  private final String changesSecret = randomSecret();

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
    this.appointments = b.appointments;
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

  private static String randomSecret() {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
  }

  String changesSecret() {
    return changesSecret;
  }

  /** Every assigned Microsoft mailbox, of every tenant. */
  List<ResourceCalendar> mailboxes() {
    return calendars.list(MicrosoftOAuth.PROVIDER);
  }

  MicrosoftGraph graph() {
    return graph;
  }

  /**
   * The adapter to register with the {@link dev.cita.scheduling.webhook.WebhookHandler} that
   * applies Outlook's changes to Cita's own events, for an application without change notifications
   * (with them, register {@link MicrosoftSubscriptions#webhooks()} instead: it accepts the same
   * changes). It accepts only the requests this provider builds after a sync.
   *
   * @return the adapter for provider {@code "microsoft"}
   */
  public ProviderWebhooks webhooks() {
    return new GraphNotifications(null, changesSecret);
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
            Idempotency.IDEMPOTENT);
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
          Idempotency.IDEMPOTENT); // cancelling twice is cancelling once
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
   * Receives the changed events of Cita's own appointments that one sync read (Graph's event JSON;
   * a removed event that is gone from the mailbox as {@code {"id", "@removed",
   * "lastModifiedDateTime"}}) and says whether they were applied, so that the delta link may
   * advance.
   */
  @FunctionalInterface
  interface ChangeSink {
    boolean accept(ResourceCalendar mailbox, List<JsonNode> citasEvents);
  }

  /** A sink that applies nothing: the sync only keeps busy time. */
  static final ChangeSink BUSY_ONLY = (mailbox, events) -> true;

  /**
   * Reads what changed in the resource's calendar view since the last sync, through the stored
   * delta link (everything in the sync window, now − 1 day to now + the horizon, the first time,
   * after {@link #forgetDeltaLink}, when Graph rejects the link: 410 or {@code syncStateNotFound},
   * and once the window of the last full read is a day old, so it keeps reaching the horizon), and
   * updates the busy time {@link #busy} answers with. Cita's own events are left out: the
   * appointments block their time already. Changes made in Outlook to Cita's own events are not
   * applied to the appointments here; {@link MicrosoftSubscriptions#handle} and {@link
   * MicrosoftSyncScheduler} pass them through the webhook pipeline.
   *
   * @param tenant the resource's tenant
   * @param resource a resource with a Microsoft mailbox
   * @return true if this was a full read
   * @throws ValidationException if the resource has no Microsoft mailbox
   * @throws ProviderException if a call fails after the retries allowed; busy time stays as it was
   */
  public boolean sync(TenantId tenant, ResourceId resource) {
    return sync(mailboxOf(tenant, resource), BUSY_ONLY);
  }

  ResourceCalendar mailboxOf(TenantId tenant, ResourceId resource) {
    return calendarOf(Checks.notNull(tenant, "tenant"), Checks.notNull(resource, "resource"))
        .orElseThrow(() -> new ValidationException("resource", resource + " has no mailbox"));
  }

  /**
   * One sync of the mailbox; the changed events of Cita's appointments go to {@code sink}, and the
   * delta link advances only when the sink applied them (else the next sync reads them again).
   */
  boolean sync(ResourceCalendar a, ChangeSink sink) {
    Key key = new Key(a.tenant(), a.resource());
    synchronized (lockOf(key)) {
      State s = states.get(key);
      Instant now = graph.clock().instant();
      // A delta link keeps the window of its full read; once that has aged a day, read afresh so
      // the window keeps reaching the horizon.
      if (isSynced(s, a) && !s.window().start().isBefore(now.minus(Duration.ofDays(2)))) {
        try {
          syncFrom(a, HttpUrl.get(Objects.requireNonNull(s.deltaLink())), s, sink);
          return false;
        } catch (ProviderException e) {
          if (!isRejectedDeltaLink(e)) {
            throw e;
          }
          // learn.microsoft.com/graph/delta-query-overview, "Synchronization reset" and "Token
          // duration": 410 Gone, or a 40X with a code such as syncStateNotFound, means start over
          // with a full synchronization.
          log.info(
              "delta link of {}/{} rejected ({}); full sync",
              a.tenant(),
              a.resource(),
              e.getMessage());
        }
      }
      TimeInterval window = TimeInterval.of(now.minus(Duration.ofDays(1)), now.plus(syncHorizon));
      // calendarView/delta needs startDateTime and endDateTime on the first request only; the
      // next and delta links carry them (learn.microsoft.com/graph/api/event-delta, "Query
      // parameters").
      HttpUrl first =
          mailboxUrl(a, "calendarView", "delta")
              .addQueryParameter("startDateTime", iso(window.start()))
              .addQueryParameter("endDateTime", iso(window.end()))
              .build();
      // Cita's events this node knew in the mailbox: those a full read no longer lists are read
      // again by id, so one deleted while the delta link was lost still cancels its appointment.
      Map<String, Instant> known =
          new LinkedHashMap<>(
              s != null && s.calendarId().equals(a.calendarId()) ? s.citasEvents() : Map.of());
      storedEvents(a, window).forEach(id -> known.putIfAbsent(id, Instant.EPOCH));
      syncFrom(a, first, new State(a.calendarId(), null, window, known, null), sink);
      return true;
    }
  }

  /**
   * When this node last synced the resource's current mailbox, if it has a delta link for it.
   *
   * @param tenant the resource's tenant
   * @param resource the resource
   * @return the time of the last sync that ended with a delta link
   */
  Optional<Instant> lastSynced(TenantId tenant, ResourceId resource) {
    State s = states.get(new Key(tenant, resource));
    Optional<ResourceCalendar> a = calendarOf(tenant, resource);
    return a.isPresent() && isSynced(s, a.get())
        ? Optional.ofNullable(s.syncedAt())
        : Optional.empty();
  }

  /**
   * Makes the resource's next {@link #sync} a full one (after a {@code missed} notification).
   *
   * @param tenant the resource's tenant
   * @param resource the resource
   */
  public void forgetDeltaLink(TenantId tenant, ResourceId resource) {
    // The ids of Cita's events stay: the full read compares them with what it lists.
    states.computeIfPresent(
        new Key(tenant, resource),
        (k, s) -> new State(s.calendarId(), null, s.window(), s.citasEvents(), null));
  }

  /** Makes the next sync of every resource of the tenant a full one (a node taking it over). */
  void forgetDeltaLinks(TenantId tenant) {
    for (Key k : states.keySet()) {
      if (k.tenant().equals(tenant)) {
        forgetDeltaLink(k.tenant(), k.resource());
      }
    }
  }

  /**
   * The events the appointment store links to the resource's appointments in the window (none
   * without a store): what a node that never synced the mailbox (a restart, a new node) knows of
   * Cita's events there.
   */
  private List<String> storedEvents(ResourceCalendar a, TimeInterval window) {
    if (appointments == null) {
      return List.of();
    }
    return appointments
        .findTimeHolding(a.tenant(), a.resource(), window.start(), window.end())
        .stream()
        .flatMap(ap -> eventIn(ap, a.resource()).stream())
        .toList();
  }

  /**
   * The appointment's event in this resource's mailbox: a collective appointment's member event
   * (each member has its own), else the primary event when the resource holds it as host. Another
   * member's event id must not be looked for here: it is not in this mailbox, and reading it by id
   * would take it for deleted.
   */
  private static Optional<String> eventIn(Appointment ap, ResourceId resource) {
    Optional<String> own = ap.externalRef(MicrosoftOAuth.PROVIDER, resource);
    if (own.isPresent() || ap.memberRefs().containsKey(MicrosoftOAuth.PROVIDER)) {
      return own;
    }
    return ap.resource().equals(resource)
        ? ap.externalRef(MicrosoftOAuth.PROVIDER)
        : Optional.empty();
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

  /**
   * One round of delta calls from {@code first} (a delta link, or the first request of a full read
   * when {@code before} has none). Cita's own events never become busy time; those that changed go
   * to the sink. A removed event is not always a deleted one: a delta round also reports as removed
   * the events moved out of the window (learn.microsoft.com/graph/api/event-delta, "Response"), so
   * a removed event of Cita's is read again by id, and reported cancelled only when Graph no longer
   * has it.
   */
  private void syncFrom(ResourceCalendar a, HttpUrl first, State before, ChangeSink sink) {
    boolean full = before.deltaLink() == null;
    Map<String, TimeInterval> busy = new LinkedHashMap<>();
    Set<String> free = new LinkedHashSet<>();
    Map<String, JsonNode> ours = new LinkedHashMap<>();
    Set<String> removed = new LinkedHashSet<>();
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
              GraphEvents.PREFER_UTC,
              PAGE_SIZE);
      // One event may come more than once in a round ("Replays" in
      // learn.microsoft.com/graph/delta-query-overview): the last mention wins.
      for (JsonNode e : page.path("value")) {
        String id = e.path("id").asText("");
        if (id.isBlank()) {
          continue;
        }
        busy.remove(id);
        free.remove(id);
        ours.remove(id);
        removed.remove(id);
        if (e.has("@removed")) {
          removed.add(id);
          free.add(id);
        } else if (GraphEvents.isCitas(e)) {
          ours.put(id, e);
        } else {
          GraphEvents.busyInterval(e, mailboxZone)
              .ifPresentOrElse(i -> busy.put(id, i), () -> free.add(id));
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
    Set<String> toReread = new LinkedHashSet<>();
    Map<String, Instant> citas = new LinkedHashMap<>();
    if (full) {
      toReread.addAll(before.citasEvents().keySet());
      toReread.removeAll(ours.keySet());
    } else {
      citas.putAll(before.citasEvents());
      removed.stream().filter(before.citasEvents()::containsKey).forEach(toReread::add);
    }
    for (String id : toReread) {
      Instant lastSeen = before.citasEvents().getOrDefault(id, Instant.EPOCH);
      ours.put(id, reread(a, id).orElseGet(() -> gone(id, lastSeen)));
    }
    Instant seen = graph.clock().instant();
    ours.forEach(
        (id, e) -> {
          if (e.has("@removed")) {
            citas.remove(id);
          } else {
            citas.put(id, GraphEvents.modifiedAt(e).orElse(seen));
          }
        });
    boolean applied = ours.isEmpty() || sink.accept(a, List.copyOf(ours.values()));
    Instant now = graph.clock().instant();
    if (full) {
      cache.replaceWindow(a.tenant(), a.resource(), before.window(), busy, now);
    } else {
      busy.forEach((id, i) -> cache.put(a.tenant(), a.resource(), id, i));
      free.forEach(id -> cache.remove(a.tenant(), a.resource(), id));
    }
    State after =
        applied
            ? new State(a.calendarId(), deltaLink, before.window(), Map.copyOf(citas), now)
            : before;
    states.put(new Key(a.tenant(), a.resource()), after);
    if (!applied) {
      log.info(
          "changes of {}/{} were not applied; the next sync reads them again",
          a.tenant(),
          a.resource());
    }
  }

  /**
   * The event as Graph has it now, with Cita's extended property, or empty when it is gone (404,
   * 410): a removed event of Cita's was deleted, or moved out of the window.
   */
  private Optional<JsonNode> reread(ResourceCalendar a, String eventId) {
    HttpUrl url =
        mailboxUrl(a, "events", eventId)
            .addQueryParameter(
                "$expand",
                "singleValueExtendedProperties($filter=id eq '"
                    + GraphEvents.APPOINTMENT_PROPERTY
                    + "')")
            .build();
    try {
      JsonNode e =
          graph.call(
              a.connection(),
              "events.get",
              new Request.Builder().url(url).get(),
              Idempotency.IDEMPOTENT,
              GraphEvents.PREFER_UTC);
      return e.path("id").asText("").isBlank() ? Optional.empty() : Optional.of(e);
    } catch (ProviderException e) {
      int status = e.httpStatus().orElse(0);
      if (status == 404 || status == 410) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * A removed event that Graph no longer has, stamped with when this node found it gone, and never
   * before the last change it saw of it (the pipeline applies nothing older than what it applied).
   */
  private JsonNode gone(String eventId, Instant lastSeen) {
    Instant now = graph.clock().instant();
    Instant at = now.isAfter(lastSeen) ? now : lastSeen.plusMillis(1);
    ObjectNode e = JsonNodeFactory.instance.objectNode();
    e.put("id", eventId);
    e.putObject("@removed").put("reason", "deleted");
    e.put("lastModifiedDateTime", at.toString());
    return e;
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
    private @Nullable AppointmentStore appointments;

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

    /**
     * Where a full read looks up Cita's events in the mailbox besides those this node saw: the
     * time-holding appointments of the resource in the sync window that name a Microsoft event. A
     * full read that no longer lists one of them reads it again by id, so an event deleted in
     * Outlook while no node knew it (every node restarted, or a new node took the tenant) still
     * cancels its appointment. Set it to the {@code BookingService}'s store.
     *
     * @param store the appointments; without it, only the events this node saw are compared
     * @return this builder
     */
    public Builder appointments(AppointmentStore store) {
      this.appointments = Checks.notNull(store, "appointments");
      return this;
    }

    /** {@return the provider, thread-safe} */
    public MicrosoftCalendarProvider build() {
      return new MicrosoftCalendarProvider(this);
    }
  }
}
