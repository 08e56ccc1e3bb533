package dev.cita.scheduling.calendly;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.calendly.Wire.Page;
import dev.cita.scheduling.calendly.Wire.Resource;
import dev.cita.scheduling.calendly.model.AvailableTime;
import dev.cita.scheduling.calendly.model.CalendlyUser;
import dev.cita.scheduling.calendly.model.Cancellation;
import dev.cita.scheduling.calendly.model.CreateInviteeRequest;
import dev.cita.scheduling.calendly.model.EventType;
import dev.cita.scheduling.calendly.model.Invitee;
import dev.cita.scheduling.calendly.model.NoShow;
import dev.cita.scheduling.calendly.model.ScheduledEvent;
import dev.cita.scheduling.calendly.model.ScheduledEventQuery;
import dev.cita.scheduling.calendly.model.SchedulingLink;
import dev.cita.scheduling.calendly.model.WebhookSubscription;
import dev.cita.scheduling.http.ErrorFormat;
import dev.cita.scheduling.http.HttpClientConfig;
import dev.cita.scheduling.http.HttpSettings;
import dev.cita.scheduling.http.Idempotency;
import dev.cita.scheduling.http.ProviderHttpClient;
import dev.cita.scheduling.http.RetryPolicy;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.AuditLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Calendly API v2 for many tenants: every call names the tenant, whose bearer token comes from
 * {@link CalendlyCredentials}. Built on {@code scheduling-http} (timeouts, retries with backoff,
 * jitter, {@code Retry-After} and {@code X-RateLimit-Reset}, errors as {@link ProviderException}
 * with Calendly's {@code title}, {@code message} and {@code details}); each HTTP call is recorded
 * in the {@link AuditLog}. Immutable and thread-safe.
 *
 * <pre>{@code
 * CalendlyClient calendly = CalendlyClient.builder(connections).auditLog(auditLog).build();
 * CalendlyUser me = calendly.currentUser(tenant);
 * List<AvailableTime> free = calendly.availableTimes(tenant, eventTypeUri, from, to);
 * Invitee booked = calendly.createInvitee(tenant, CreateInviteeRequest.builder(eventTypeUri, start)
 *     .invitee("María Pérez", "maria@example.com", ZoneId.of("America/Santiago")).build());
 * }</pre>
 *
 * <p>Lists follow {@code pagination.next_page_token} to the end (at most {@link Builder#maxPages}
 * pages). Available times are asked for in windows of at most {@link #DEFAULT_AVAILABILITY_WINDOW}
 * (Calendly's documented limit) and merged. Reads are retried; {@code POST}s only when they never
 * left this process, except cancellation, which is idempotent.
 */
public final class CalendlyClient {
  /** The provider id used in credentials, external references and audit entries. */
  public static final String PROVIDER = "calendly";

  /** The API root. */
  public static final String DEFAULT_BASE_URL = "https://api.calendly.com/";

  /**
   * The longest range one {@code event_type_available_times} request may span: 31 days in
   * Calendly's API reference (it was 7 days before July 2026).
   */
  public static final Duration DEFAULT_AVAILABILITY_WINDOW = Duration.ofDays(31);

  /**
   * How far ahead of now {@link #availableTimes} starts at the earliest, so that network delay
   * never makes its {@code start_time} past when Calendly reads it.
   */
  public static final Duration START_MARGIN = Duration.ofMinutes(1);

  /** The longest range {@link #availableTimes} accepts (a year: 12 requests of 31 days). */
  public static final Duration MAX_AVAILABILITY_RANGE = Duration.ofDays(366);

  /** The webhook events Cita maps. */
  public static final List<String> BOOKING_EVENTS =
      List.of(
          "invitee.created",
          "invitee.canceled",
          "invitee_no_show.created",
          "invitee_no_show.deleted");

  private static final Logger log = LoggerFactory.getLogger(CalendlyClient.class);
  private static final Pattern UUID_SEGMENT = Pattern.compile("[A-Za-z0-9_-]{1,100}");
  private static final TypeReference<Resource<CalendlyUser>> USER = new TypeReference<>() {};
  private static final TypeReference<Page<EventType>> EVENT_TYPES = new TypeReference<>() {};
  private static final TypeReference<Resource<EventType>> EVENT_TYPE = new TypeReference<>() {};
  private static final TypeReference<Page<AvailableTime>> AVAILABLE = new TypeReference<>() {};
  private static final TypeReference<Resource<SchedulingLink>> LINK = new TypeReference<>() {};
  private static final TypeReference<Page<ScheduledEvent>> EVENTS = new TypeReference<>() {};
  private static final TypeReference<Resource<ScheduledEvent>> EVENT = new TypeReference<>() {};
  private static final TypeReference<Page<Invitee>> INVITEES = new TypeReference<>() {};
  private static final TypeReference<Resource<Invitee>> INVITEE = new TypeReference<>() {};
  private static final TypeReference<Resource<Cancellation>> CANCELLATION =
      new TypeReference<>() {};
  private static final TypeReference<Resource<NoShow>> NO_SHOW = new TypeReference<>() {};
  private static final TypeReference<Resource<WebhookSubscription>> SUBSCRIPTION =
      new TypeReference<>() {};
  private static final TypeReference<Page<WebhookSubscription>> SUBSCRIPTIONS =
      new TypeReference<>() {};

  private final ProviderHttpClient http;
  private final CalendlyCredentials credentials;
  private final AuditLog auditLog;
  private final Clock clock;
  private final Duration availabilityWindow;
  private final int pageSize;
  private final int maxPages;

  private CalendlyClient(Builder b, HttpSettings settings) {
    this.credentials = b.credentials;
    this.auditLog = b.auditLog;
    this.clock = settings.clock();
    this.availabilityWindow = b.availabilityWindow;
    this.pageSize = b.pageSize;
    this.maxPages = b.maxPages;
    this.http =
        ProviderHttpClient.builder(PROVIDER)
            .baseUrl(b.baseUrl)
            .settings(settings)
            .errorFormat(ErrorFormat.calendly())
            .rateLimitResetHeader("X-RateLimit-Reset")
            .build();
  }

  /**
   * Starts a client that gets each tenant's token from {@code credentials}.
   *
   * @param credentials the tenants' Calendly connections
   * @return a builder; every other setting has a default
   */
  public static Builder builder(CalendlyCredentials credentials) {
    return new Builder(Checks.notNull(credentials, "credentials"));
  }

  /**
   * Whether the tenant has a Calendly connection to call with.
   *
   * @param tenant a tenant
   * @return true if it has one
   */
  public boolean isConnected(TenantId tenant) {
    return credentials.isConnected(Checks.notNull(tenant, "tenant"));
  }

  // --- users and event types
  // ----------------------------------------------------------------------

  /**
   * {@code GET /users/me}: the connected user, with its organization.
   *
   * @param tenant the tenant whose Calendly connection makes the call
   * @return the user
   */
  public CalendlyUser currentUser(TenantId tenant) {
    return get(tenant, "users.me", url("users/me").build(), USER).resource();
  }

  /** The user a token belongs to, before it is stored (connecting with a personal access token). */
  CalendlyUser currentUserWithToken(TenantId tenant, String accessToken) {
    Request request = authorized(url("users/me").build(), accessToken).build();
    return auditLog
        .timed(clock, tenant, PROVIDER, "users.me", () -> http.execute(request, USER))
        .resource();
  }

  /**
   * {@code GET /event_types?user=}: every event type of a user, all pages.
   *
   * @param tenant the tenant whose Calendly connection makes the call
   * @param userUri the user's URI
   * @return the event types, in Calendly's order
   */
  public List<EventType> eventTypes(TenantId tenant, String userUri) {
    return pages(
        tenant,
        "event_types.list",
        url("event_types").addQueryParameter("user", Checks.notBlank(userUri, "userUri")),
        EVENT_TYPES);
  }

  /**
   * {@code GET /event_types/{uuid}}: one event type with its locations and booking questions.
   *
   * @param tenant the tenant whose Calendly connection makes the call
   * @param eventTypeUri the event type's URI, or its uuid
   * @return the event type
   */
  public EventType eventType(TenantId tenant, String eventTypeUri) {
    return get(tenant, "event_types.get", path("event_types", eventTypeUri).build(), EVENT_TYPE)
        .resource();
  }

  // --- availability and links
  // ---------------------------------------------------------------------

  /**
   * The free start times of an event type between {@code from} and {@code to}, sorted and without
   * duplicates. Calendly only answers for the future and refuses a {@code start_time} that is past
   * when the request arrives, so a {@code from} earlier than {@link #START_MARGIN} from now starts
   * then; a range longer than {@link Builder#availabilityWindow} is asked for in consecutive
   * windows.
   *
   * @param tenant the tenant whose Calendly connection makes the call
   * @param eventTypeUri the event type's URI
   * @param from the earliest start wanted (inclusive)
   * @param to the start before which times are wanted (exclusive); at most {@link
   *     #MAX_AVAILABILITY_RANGE} after {@code from} (or now)
   * @return the times, sorted by start; empty when the range is already past
   * @throws ValidationException if {@code to} is not after {@code from}, or the range is too long
   */
  public List<AvailableTime> availableTimes(
      TenantId tenant, String eventTypeUri, Instant from, Instant to) {
    Checks.notBlank(eventTypeUri, "eventTypeUri");
    Checks.notNull(from, "from");
    Checks.notNull(to, "to");
    if (!to.isAfter(from)) {
      throw new ValidationException("to", "must be after from (" + from + "), was " + to);
    }
    Instant earliest = clock.instant().plus(START_MARGIN);
    Instant start = from.isBefore(earliest) ? earliest : from;
    if (!to.isAfter(start)) {
      return List.of();
    }
    if (Duration.between(start, to).compareTo(MAX_AVAILABILITY_RANGE) > 0) {
      throw new ValidationException(
          "to",
          "must be at most "
              + MAX_AVAILABILITY_RANGE.toDays()
              + " days after from (or now), was "
              + to);
    }
    Map<Instant, AvailableTime> merged = new TreeMap<>();
    while (start.isBefore(to)) {
      Instant end =
          start.plus(availabilityWindow).isBefore(to) ? start.plus(availabilityWindow) : to;
      HttpUrl url =
          url("event_type_available_times")
              .addQueryParameter("event_type", eventTypeUri)
              .addQueryParameter("start_time", start.toString())
              .addQueryParameter("end_time", end.toString())
              .build();
      Page<AvailableTime> page = get(tenant, "event_type_available_times.list", url, AVAILABLE);
      for (AvailableTime t : nonNull(page.collection())) {
        if (t.startTime() != null && !t.startTime().isBefore(from) && t.startTime().isBefore(to)) {
          merged.putIfAbsent(t.startTime(), t);
        }
      }
      start = end;
    }
    return List.copyOf(merged.values());
  }

  /**
   * {@code POST /scheduling_links}: a link that books the event type once.
   *
   * @param tenant the tenant whose Calendly connection makes the call
   * @param eventTypeUri the event type's URI
   * @return the link
   */
  public SchedulingLink createSchedulingLink(TenantId tenant, String eventTypeUri) {
    Object body =
        new Wire.SchedulingLinkRequest(
            1, Checks.notBlank(eventTypeUri, "eventTypeUri"), "EventType");
    return post(
            tenant, "scheduling_links.create", url("scheduling_links").build(), body, LINK, false)
        .resource();
  }

  // --- scheduled events and invitees
  // --------------------------------------------------------------

  /**
   * {@code GET /scheduled_events}: every event matching the query, all pages.
   *
   * @param tenant the tenant whose Calendly connection makes the call
   * @param query whose events, which status and which starts
   * @return the events, sorted by start
   */
  public List<ScheduledEvent> scheduledEvents(TenantId tenant, ScheduledEventQuery query) {
    Checks.notNull(query, "query");
    HttpUrl.Builder url = url("scheduled_events");
    query.user().ifPresent(u -> url.addQueryParameter("user", u));
    query.organization().ifPresent(o -> url.addQueryParameter("organization", o));
    query.inviteeEmail().ifPresent(e -> url.addQueryParameter("invitee_email", e));
    query.status().ifPresent(s -> url.addQueryParameter("status", s));
    query.minStartTime().ifPresent(t -> url.addQueryParameter("min_start_time", t.toString()));
    query.maxStartTime().ifPresent(t -> url.addQueryParameter("max_start_time", t.toString()));
    url.addQueryParameter("sort", "start_time:asc");
    return pages(tenant, "scheduled_events.list", url, EVENTS);
  }

  /**
   * {@code GET /scheduled_events/{uuid}}: one scheduled event.
   *
   * @param tenant the tenant whose Calendly connection makes the call
   * @param eventUri the event's URI, or its uuid
   * @return the event
   */
  public ScheduledEvent scheduledEvent(TenantId tenant, String eventUri) {
    return get(tenant, "scheduled_events.get", path("scheduled_events", eventUri).build(), EVENT)
        .resource();
  }

  /**
   * {@code GET /scheduled_events/{uuid}/invitees}: every invitee of an event, all pages.
   *
   * @param tenant the tenant whose Calendly connection makes the call
   * @param eventUri the event's URI, or its uuid
   * @return the invitees, cancelled ones included
   */
  public List<Invitee> invitees(TenantId tenant, String eventUri) {
    return pages(
        tenant,
        "invitees.list",
        path("scheduled_events", eventUri).addPathSegment("invitees"),
        INVITEES);
  }

  /**
   * As {@link #invitees(TenantId, String)}, only those with this e-mail.
   *
   * @param tenant the tenant whose Calendly connection makes the call
   * @param eventUri the event's URI, or its uuid
   * @param email the invitee's e-mail address
   * @return the invitees with that e-mail, cancelled ones included
   */
  public List<Invitee> invitees(TenantId tenant, String eventUri, String email) {
    return pages(
        tenant,
        "invitees.list",
        path("scheduled_events", eventUri)
            .addPathSegment("invitees")
            .addQueryParameter("email", Checks.notBlank(email, "email")),
        INVITEES);
  }

  /**
   * {@code POST /scheduled_events/{uuid}/cancellation}: cancels the event for everyone on it, with
   * a reason Calendly shows to the invitees.
   *
   * @param tenant the tenant whose Calendly connection makes the call
   * @param eventUri the event's URI, or its uuid
   * @param reason the reason shown to the invitees; may be empty
   * @return the cancellation
   */
  public Cancellation cancelEvent(TenantId tenant, String eventUri, String reason) {
    HttpUrl url = path("scheduled_events", eventUri).addPathSegment("cancellation").build();
    return post(
            tenant,
            "scheduled_events.cancel",
            url,
            new Wire.CancellationRequest(Checks.notNull(reason, "reason")),
            CANCELLATION,
            true)
        .resource();
  }

  /**
   * {@code POST /invitee_no_shows}: marks the invitee as not having come.
   *
   * @param tenant the tenant whose Calendly connection makes the call
   * @param inviteeUri the invitee's URI
   * @return the mark, whose URI takes it back
   */
  public NoShow markNoShow(TenantId tenant, String inviteeUri) {
    return post(
            tenant,
            "invitee_no_shows.create",
            url("invitee_no_shows").build(),
            new Wire.NoShowRequest(Checks.notBlank(inviteeUri, "inviteeUri")),
            NO_SHOW,
            false)
        .resource();
  }

  /**
   * {@code DELETE /invitee_no_shows/{uuid}}: takes a no-show mark back.
   *
   * @param tenant the tenant whose Calendly connection makes the call
   * @param noShowUri the mark's URI, or its uuid
   */
  public void deleteNoShow(TenantId tenant, String noShowUri) {
    delete(tenant, "invitee_no_shows.delete", path("invitee_no_shows", noShowUri).build());
  }

  /**
   * {@code POST /invitees}: books the invitee directly (Calendly sends its usual e-mails and
   * calendar invitations). Not retried once sent: Calendly has no idempotency key, so a caller that
   * lost the answer looks the booking up before trying again (as {@link CalendlyCalendarProvider}
   * does).
   *
   * @param tenant the tenant whose Calendly connection makes the call
   * @param request the event type, start, invitee and answers
   * @return the new invitee; its URI is the booking's id
   */
  public Invitee createInvitee(TenantId tenant, CreateInviteeRequest request) {
    Checks.notNull(request, "request");
    return post(tenant, "invitees.create", url("invitees").build(), request, INVITEE, false)
        .resource();
  }

  // --- webhook subscriptions
  // ----------------------------------------------------------------------

  /**
   * {@code POST /webhook_subscriptions}. {@code user} is required for the {@code user} scope and
   * ignored otherwise; the signing key is what Calendly signs deliveries with.
   *
   * @param tenant the tenant whose Calendly connection makes the call
   * @param callbackUrl where Calendly posts the events
   * @param events the events to post, such as {@link #BOOKING_EVENTS}; not empty
   * @param organizationUri the organization's URI
   * @param userUri the user's URI, for the {@code user} scope
   * @param scope {@code user}, {@code organization} or {@code group}
   * @param signingKey the secret Calendly signs deliveries with
   * @return the subscription
   */
  public WebhookSubscription createWebhookSubscription(
      TenantId tenant,
      String callbackUrl,
      List<String> events,
      String organizationUri,
      String userUri,
      String scope,
      String signingKey) {
    Checks.notBlank(callbackUrl, "callbackUrl");
    Checks.notBlank(organizationUri, "organization");
    Checks.notBlank(scope, "scope");
    Checks.notBlank(signingKey, "signingKey");
    if (Checks.notNull(events, "events").isEmpty()) {
      throw new ValidationException("events", "must not be empty");
    }
    if ("user".equals(scope)) {
      Checks.notBlank(userUri, "user");
    }
    Object body =
        new Wire.WebhookSubscriptionRequest(
            callbackUrl,
            List.copyOf(events),
            organizationUri,
            "user".equals(scope) ? userUri : null,
            scope,
            signingKey);
    return post(
            tenant,
            "webhook_subscriptions.create",
            url("webhook_subscriptions").build(),
            body,
            SUBSCRIPTION,
            false)
        .resource();
  }

  /**
   * {@code GET /webhook_subscriptions}: the subscriptions of an organization (and user, for that
   * scope), all pages.
   *
   * @param tenant the tenant whose Calendly connection makes the call
   * @param organizationUri the organization's URI
   * @param scope {@code user}, {@code organization} or {@code group}
   * @param userUri the user's URI, for the {@code user} scope; ignored otherwise
   * @return the subscriptions
   */
  public List<WebhookSubscription> webhookSubscriptions(
      TenantId tenant, String organizationUri, String scope, String userUri) {
    HttpUrl.Builder url =
        url("webhook_subscriptions")
            .addQueryParameter("organization", Checks.notBlank(organizationUri, "organization"))
            .addQueryParameter("scope", Checks.notBlank(scope, "scope"));
    if ("user".equals(scope)) {
      url.addQueryParameter("user", Checks.notBlank(userUri, "user"));
    }
    return pages(tenant, "webhook_subscriptions.list", url, SUBSCRIPTIONS);
  }

  /**
   * {@code DELETE /webhook_subscriptions/{uuid}}: unsubscribes.
   *
   * @param tenant the tenant whose Calendly connection makes the call
   * @param subscriptionUri the subscription's URI, or its uuid
   */
  public void deleteWebhookSubscription(TenantId tenant, String subscriptionUri) {
    delete(
        tenant,
        "webhook_subscriptions.delete",
        path("webhook_subscriptions", subscriptionUri).build());
  }

  @Override
  public String toString() {
    return "CalendlyClient{" + http.baseUrl() + '}';
  }

  // --- plumbing
  // -----------------------------------------------------------------------------------

  private HttpUrl.Builder url(String relative) {
    return http.url(relative).newBuilder();
  }

  /**
   * {@code collection/{uuid}} from a Calendly URI (or a bare uuid), resolved against the base URL.
   */
  private HttpUrl.Builder path(String collection, String uriOrUuid) {
    return url(collection).addPathSegment(uuidOf(uriOrUuid, collection));
  }

  /** The last path segment of a Calendly resource URI. */
  static String uuidOf(String uriOrUuid, String what) {
    Checks.notBlank(uriOrUuid, what);
    String s = uriOrUuid.endsWith("/") ? uriOrUuid.substring(0, uriOrUuid.length() - 1) : uriOrUuid;
    String uuid = s.substring(s.lastIndexOf('/') + 1);
    if (!UUID_SEGMENT.matcher(uuid).matches()) {
      throw new ValidationException(what, "is not a Calendly resource URI");
    }
    return uuid;
  }

  private static Request.Builder authorized(HttpUrl url, String accessToken) {
    return new Request.Builder()
        .url(url)
        .header("Authorization", "Bearer " + accessToken)
        .header("Accept", "application/json");
  }

  private <T> T get(TenantId tenant, String operation, HttpUrl url, TypeReference<T> type) {
    return call(
        tenant, operation, token -> http.execute(authorized(url, token).get().build(), type));
  }

  private <T> T post(
      TenantId tenant,
      String operation,
      HttpUrl url,
      Object body,
      TypeReference<T> type,
      boolean idempotent) {
    return call(
        tenant,
        operation,
        token -> {
          Request request = authorized(url, token).post(http.jsonBody(body)).build();
          return http.execute(
              idempotent ? Idempotency.mark(request, Idempotency.IDEMPOTENT) : request, type);
        });
  }

  private void delete(TenantId tenant, String operation, HttpUrl url) {
    call(tenant, operation, token -> http.execute(authorized(url, token).delete().build()));
  }

  /**
   * One call with the tenant's token, recorded in the audit log. A 401 (Calendly refused a token
   * that had not expired: revoked, or replaced elsewhere) goes to {@link
   * CalendlyCredentials#rejected}: an OAuth connection is refreshed once and the call is sent once
   * more; a personal access token is marked revoked and the 401 stands. A request refused with 401
   * did nothing, so even a booking is safe to send again.
   */
  private <T> T call(TenantId tenant, String operation, Function<String, T> send) {
    Checks.notNull(tenant, "tenant");
    String token = credentials.accessToken(tenant);
    try {
      return auditLog.timed(clock, tenant, PROVIDER, operation, () -> send.apply(token));
    } catch (ProviderException e) {
      if (e.httpStatus().orElse(0) != 401) {
        throw e;
      }
      Optional<String> fresh;
      try {
        fresh = credentials.rejected(tenant, token);
      } catch (RuntimeException refresh) {
        refresh.addSuppressed(e);
        throw refresh;
      }
      if (fresh.isEmpty()) {
        throw e;
      }
      log.info(
          "Calendly refused the access token of tenant {} for {} (401); retrying once with a new"
              + " one",
          tenant,
          operation);
      return auditLog.timed(clock, tenant, PROVIDER, operation, () -> send.apply(fresh.get()));
    }
  }

  private <T> List<T> pages(
      TenantId tenant, String operation, HttpUrl.Builder first, TypeReference<Page<T>> type) {
    first.addQueryParameter("count", Integer.toString(pageSize));
    HttpUrl base = first.build();
    List<T> all = new ArrayList<>();
    String token = null;
    for (int page = 1; ; page++) {
      HttpUrl url =
          token == null ? base : base.newBuilder().addQueryParameter("page_token", token).build();
      Page<T> answer = get(tenant, operation, url, type);
      all.addAll(nonNull(answer.collection()));
      token = answer.pagination() == null ? null : answer.pagination().nextPageToken();
      if (token == null || token.isBlank()) {
        return List.copyOf(all);
      }
      if (page >= maxPages) {
        throw new ProviderException(
            PROVIDER,
            0,
            null,
            null,
            false,
            operation + " has more than " + maxPages + " pages; narrow the query",
            null);
      }
    }
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }

  /**
   * Collects the configuration of a {@link CalendlyClient}; {@link #build()} validates it. The HTTP
   * settings (timeouts, retries, a shared OkHttp client, clock, sleeper, jitter) are those of
   * {@link HttpSettings.Setters}. The default retry policy makes 4 attempts and waits out a rate
   * limit reset of up to 60 s (75 s of waiting in all); interactive callers may prefer a shorter
   * {@code maxRetryAfter}: the failure then carries the wait for a background retry.
   */
  public static final class Builder extends HttpSettings.Setters<Builder> {
    // Calendly's rate limit resets within a minute (X-RateLimit-Reset, typically 60 s): wait it
    // out.
    private static final RetryPolicy DEFAULT_RETRIES =
        RetryPolicy.defaults().toBuilder().maxTotalWait(Duration.ofSeconds(75)).build();

    private final CalendlyCredentials credentials;
    private String baseUrl = DEFAULT_BASE_URL;
    private AuditLog auditLog = AuditLog.noop();
    private Duration availabilityWindow = DEFAULT_AVAILABILITY_WINDOW;
    private int pageSize = 100;
    private int maxPages = 50;

    private Builder(CalendlyCredentials credentials) {
      super(HttpSettings.builder().retryPolicy(DEFAULT_RETRIES).build());
      this.credentials = credentials;
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * The API root; tests pass WireMock's URL. Default {@link #DEFAULT_BASE_URL}.
     *
     * @param baseUrl the root URL
     * @return this builder
     */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = Checks.notBlank(baseUrl, "baseUrl");
      return this;
    }

    /**
     * The same as {@link #httpConfig}, under its earlier name.
     *
     * @param config the timeouts, user agent and body limit
     * @return this builder
     */
    public Builder config(HttpClientConfig config) {
      return httpConfig(config);
    }

    /**
     * Where each call is logged; none by default.
     *
     * @param auditLog the log
     * @return this builder
     */
    public Builder auditLog(AuditLog auditLog) {
      this.auditLog = Checks.notNull(auditLog, "auditLog");
      return this;
    }

    /**
     * The longest range per available-times request; default {@link #DEFAULT_AVAILABILITY_WINDOW}.
     *
     * @param window a positive duration
     * @return this builder
     */
    public Builder availabilityWindow(Duration window) {
      this.availabilityWindow = Checks.positive(window, "availabilityWindow");
      return this;
    }

    /**
     * Items per page (Calendly allows 1..100); default 100.
     *
     * @param pageSize 1 to 100
     * @return this builder
     * @throws ValidationException if it is out of range
     */
    public Builder pageSize(int pageSize) {
      if (pageSize < 1 || pageSize > 100) {
        throw new ValidationException("pageSize", "must be in 1..100, was " + pageSize);
      }
      this.pageSize = pageSize;
      return this;
    }

    /**
     * The most pages one list call follows before failing; default 50.
     *
     * @param maxPages at least 1
     * @return this builder
     */
    public Builder maxPages(int maxPages) {
      this.maxPages = Checks.atLeast(maxPages, 1, "maxPages");
      return this;
    }

    /** {@return the client, immutable and thread-safe} */
    public CalendlyClient build() {
      return new CalendlyClient(this, httpSettings());
    }
  }
}
