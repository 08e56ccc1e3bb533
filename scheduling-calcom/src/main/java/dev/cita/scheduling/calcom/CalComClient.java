package dev.cita.scheduling.calcom;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.calcom.api.BookingPage;
import dev.cita.scheduling.calcom.api.BookingSearch;
import dev.cita.scheduling.calcom.api.CalComBooking;
import dev.cita.scheduling.calcom.api.CalComEventType;
import dev.cita.scheduling.calcom.api.CalComProfile;
import dev.cita.scheduling.calcom.api.CalComSlot;
import dev.cita.scheduling.calcom.api.CancelBookingRequest;
import dev.cita.scheduling.calcom.api.CreateBookingRequest;
import dev.cita.scheduling.calcom.api.DeclineBookingRequest;
import dev.cita.scheduling.calcom.api.MarkAbsentRequest;
import dev.cita.scheduling.calcom.api.RescheduleBookingRequest;
import dev.cita.scheduling.http.ErrorFormat;
import dev.cita.scheduling.http.HttpSettings;
import dev.cita.scheduling.http.ProviderHttpClient;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.spi.AuditLog;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.jspecify.annotations.Nullable;

/**
 * A typed client of the Cal.com API v2 over {@code scheduling-http}: every request carries {@code
 * Authorization: Bearer …} and the {@code cal-api-version} its endpoint needs (bookings {@value
 * #BOOKINGS_API_VERSION}, slots {@value #SLOTS_API_VERSION}, event types {@value
 * #EVENT_TYPES_API_VERSION}), has the configured timeouts, and is recorded in the {@link AuditLog}
 * with tenant, operation, outcome and latency (never a body or token). Immutable and thread-safe:
 * build one and share it among all tenants; each call names its tenant and base URL through a
 * {@link CalComAccess}.
 *
 * <pre>{@code
 * CalComClient calcom = CalComClient.builder().auditLog(auditLog).build();
 * CalComAccess branch = CalComAccess.of(tenant, "https://api.cal.com/", credentials, key);
 * CalComBooking booking = calcom.createBooking(branch, request);
 * }</pre>
 *
 * <p>Retries: GETs are retried by the HTTP client on network failures, 429 and 5xx. POSTs are not,
 * since Cal.com has no idempotency key; a POST that failed after it was sent ends with a {@link
 * ProviderException} saying the outcome is unknown, and the caller must look the booking up before
 * sending again (as {@link CalComCalendarProvider} does).
 */
public final class CalComClient {
  /** The provider id used in external references, audit entries and credentials. */
  public static final String PROVIDER = "calcom";

  /** Cal.com's cloud API root. */
  public static final String DEFAULT_BASE_URL = "https://api.cal.com/";

  /** {@code cal-api-version} of the bookings endpoints. */
  public static final String BOOKINGS_API_VERSION = "2024-08-13";

  /** {@code cal-api-version} of {@code GET /v2/slots}. */
  public static final String SLOTS_API_VERSION = "2024-09-04";

  /** {@code cal-api-version} of {@code GET /v2/event-types}. */
  public static final String EVENT_TYPES_API_VERSION = "2024-06-14";

  static final String VERSION_HEADER = "cal-api-version";

  private static final TypeReference<Envelope<CalComBooking>> BOOKING = new TypeReference<>() {};
  private static final TypeReference<Envelope<List<CalComBooking>>> BOOKINGS =
      new TypeReference<>() {};
  private static final TypeReference<Envelope<Map<LocalDate, List<CalComSlot>>>> SLOTS =
      new TypeReference<>() {};
  private static final TypeReference<Envelope<List<CalComEventType>>> EVENT_TYPES =
      new TypeReference<>() {};
  private static final TypeReference<Envelope<CalComEventType>> EVENT_TYPE =
      new TypeReference<>() {};
  private static final TypeReference<Envelope<CalComProfile>> PROFILE = new TypeReference<>() {};

  /** Cal.com's response wrapper: {@code {status, data, pagination}}. */
  record Envelope<T>(String status, T data, Pagination pagination) {}

  /** The pagination block of list answers. */
  record Pagination(Boolean hasNextPage) {}

  private final ProviderHttpClient http;
  private final AuditLog auditLog;
  private final Clock clock;

  private CalComClient(Builder b, HttpSettings settings) {
    this.auditLog = b.auditLog;
    this.clock = settings.clock();
    this.http =
        ProviderHttpClient.builder(PROVIDER)
            .baseUrl(DEFAULT_BASE_URL)
            .settings(settings)
            .errorFormat(ErrorFormat.calcom())
            .build();
  }

  /** {@return a new builder; every setting has a default} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Free slots of an event type between two dates ({@code GET /v2/slots?format=range}), by local
   * date in {@code zone}; seated event types carry their seat counts. Both dates are inclusive and
   * local to {@code zone}: Cal.com reads a date-only {@code start}/{@code end} as 00:00Z /
   * 23:59:59Z whatever {@code timeZone} says ({@code GetAvailableSlotsInput_2024_09_04}), which
   * would cut the evening of the last day west of UTC, so the local range is sent as UTC instants.
   *
   * @param access the tenant, base URL and credentials of the call
   * @param eventTypeId the event type
   * @param start the first local date
   * @param end the last local date, not before {@code start}
   * @param zone the zone the dates are local to, and the slots' offsets are in
   * @param duration the length to ask for, for event types with several lengths, or null
   * @return the slots by local date, sorted; dates without slots may be missing
   * @throws ValidationException if {@code end} is before {@code start}
   */
  public SortedMap<LocalDate, List<CalComSlot>> slots(
      CalComAccess access,
      long eventTypeId,
      LocalDate start,
      LocalDate end,
      ZoneId zone,
      @Nullable Duration duration) {
    Checks.notNull(start, "slots.start");
    Checks.notNull(end, "slots.end");
    Checks.notNull(zone, "slots.timeZone");
    if (end.isBefore(start)) {
      throw new ValidationException(
          "slots.end", "must not be before start " + start + ", was " + end);
    }
    HttpUrl.Builder url =
        url(access, "v2/slots")
            .newBuilder()
            .addQueryParameter("eventTypeId", Long.toString(eventTypeId))
            .addQueryParameter("start", start.atStartOfDay(zone).toInstant().toString())
            .addQueryParameter(
                "end", end.plusDays(1).atStartOfDay(zone).toInstant().minusSeconds(1).toString())
            .addQueryParameter("timeZone", zone.getId());
    if (duration != null) {
      url.addQueryParameter(
          "duration", Long.toString(Checks.positive(duration, "slots.duration").toMinutes()));
    }
    url.addQueryParameter("format", "range");
    Map<LocalDate, List<CalComSlot>> data =
        send(
            access,
            "slots.get",
            get(url.build(), SLOTS_API_VERSION),
            r -> http.execute(r, SLOTS).data());
    SortedMap<LocalDate, List<CalComSlot>> sorted = new TreeMap<>();
    if (data != null) {
      data.forEach(
          (date, slots) -> sorted.put(date, slots == null ? List.of() : List.copyOf(slots)));
    }
    return Collections.unmodifiableSortedMap(sorted);
  }

  /**
   * Creates a booking ({@code POST /v2/bookings}); never retried after it was sent (see the type).
   *
   * @param access the tenant, base URL and credentials of the call
   * @param request the booking, with Cita's appointment id in its metadata
   * @return the new booking
   * @throws ValidationException if the metadata has more than 50 keys
   */
  public CalComBooking createBooking(CalComAccess access, CreateBookingRequest request) {
    Checks.notNull(request, "request");
    if (request.metadata().size() > 50) {
      throw new ValidationException(
          "request.metadata", "Cal.com accepts at most 50 keys, was " + request.metadata().size());
    }
    return booking(access, "bookings.create", post(access, url(access, "v2/bookings"), request));
  }

  /**
   * One booking by uid ({@code GET /v2/bookings/{uid}}).
   *
   * @param access the tenant, base URL and credentials of the call
   * @param uid the booking's uid
   * @return the booking, or empty when Cal.com answers 404
   */
  public Optional<CalComBooking> booking(CalComAccess access, String uid) {
    Request request = get(bookingUrl(access, uid, null), BOOKINGS_API_VERSION);
    try {
      return Optional.ofNullable(booking(access, "bookings.get", request));
    } catch (ProviderException e) {
      if (e.httpStatus().orElse(0) == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * One page of bookings matching {@code search} ({@code GET /v2/bookings}).
   *
   * @param access the tenant, base URL and credentials of the call
   * @param search the filters, page size and offset
   * @return the page; {@link BookingSearch#next} asks for the following one
   */
  public BookingPage bookings(CalComAccess access, BookingSearch search) {
    Checks.notNull(search, "search");
    HttpUrl.Builder url = url(access, "v2/bookings").newBuilder();
    search.status().ifPresent(s -> url.addQueryParameter("status", s));
    search.attendeeEmail().ifPresent(e -> url.addQueryParameter("attendeeEmail", e));
    search.eventTypeId().ifPresent(id -> url.addQueryParameter("eventTypeId", Long.toString(id)));
    search.afterStart().ifPresent(t -> url.addQueryParameter("afterStart", t.toString()));
    search.beforeEnd().ifPresent(t -> url.addQueryParameter("beforeEnd", t.toString()));
    search.afterCreatedAt().ifPresent(t -> url.addQueryParameter("afterCreatedAt", t.toString()));
    url.addQueryParameter("take", Integer.toString(search.take()));
    url.addQueryParameter("skip", Integer.toString(search.skip()));
    Envelope<List<CalComBooking>> page =
        send(
            access,
            "bookings.list",
            get(url.build(), BOOKINGS_API_VERSION),
            r -> http.execute(r, BOOKINGS));
    List<CalComBooking> bookings = page.data() == null ? List.of() : page.data();
    boolean more =
        page.pagination() != null && Boolean.TRUE.equals(page.pagination().hasNextPage());
    return new BookingPage(bookings, more);
  }

  /**
   * Moves a booking ({@code POST /v2/bookings/{uid}/reschedule}).
   *
   * @param access the tenant, base URL and credentials of the call
   * @param uid the booking's uid
   * @param request the new start and, optionally, the reason
   * @return the new booking, with a new uid
   */
  public CalComBooking reschedule(
      CalComAccess access, String uid, RescheduleBookingRequest request) {
    Checks.notNull(request, "request");
    Checks.notNull(request.start(), "request.start");
    return booking(
        access,
        "bookings.reschedule",
        post(access, bookingUrl(access, uid, "reschedule"), request));
  }

  /**
   * Cancels a booking ({@code POST /v2/bookings/{uid}/cancel}).
   *
   * @param access the tenant, base URL and credentials of the call
   * @param uid the booking's uid
   * @param request the cancellation reason
   * @return the cancelled booking
   */
  public CalComBooking cancel(CalComAccess access, String uid, CancelBookingRequest request) {
    Checks.notNull(request, "request");
    return booking(
        access, "bookings.cancel", post(access, bookingUrl(access, uid, "cancel"), request));
  }

  /**
   * Marks (or unmarks) the host or attendees absent ({@code POST /v2/bookings/{uid}/mark-absent}).
   *
   * @param access the tenant, base URL and credentials of the call
   * @param uid the booking's uid
   * @param request who was absent
   * @return the booking as it is now
   */
  public CalComBooking markAbsent(CalComAccess access, String uid, MarkAbsentRequest request) {
    Checks.notNull(request, "request");
    return booking(
        access,
        "bookings.markAbsent",
        post(access, bookingUrl(access, uid, "mark-absent"), request));
  }

  /**
   * Approves a booking that requires confirmation ({@code POST /v2/bookings/{uid}/confirm}).
   *
   * @param access the tenant, base URL and credentials of the call
   * @param uid the booking's uid
   * @return the confirmed booking
   */
  public CalComBooking confirm(CalComAccess access, String uid) {
    return booking(
        access, "bookings.confirm", post(access, bookingUrl(access, uid, "confirm"), null));
  }

  /**
   * Declines a booking that requires confirmation ({@code POST /v2/bookings/{uid}/decline}).
   *
   * @param access the tenant, base URL and credentials of the call
   * @param uid the booking's uid
   * @param request the reason
   * @return the declined booking
   */
  public CalComBooking decline(CalComAccess access, String uid, DeclineBookingRequest request) {
    Checks.notNull(request, "request");
    return booking(
        access, "bookings.decline", post(access, bookingUrl(access, uid, "decline"), request));
  }

  /**
   * The connected user's event types ({@code GET /v2/event-types}).
   *
   * @param access the tenant, base URL and credentials of the call
   * @return the event types, as listed (without booking fields)
   */
  public List<CalComEventType> eventTypes(CalComAccess access) {
    List<CalComEventType> types =
        send(
            access,
            "eventTypes.list",
            get(url(access, "v2/event-types"), EVENT_TYPES_API_VERSION),
            r -> http.execute(r, EVENT_TYPES).data());
    return types == null ? List.of() : List.copyOf(types);
  }

  /**
   * One event type with its booking fields, lengths and seats ({@code GET /v2/event-types/{id}}).
   *
   * @param access the tenant, base URL and credentials of the call
   * @param eventTypeId the event type
   * @return the event type
   * @throws ProviderException 404 when the account has no such event type
   */
  public CalComEventType eventType(CalComAccess access, long eventTypeId) {
    HttpUrl url =
        url(access, "v2/event-types")
            .newBuilder()
            .addPathSegment(Long.toString(eventTypeId))
            .build();
    CalComEventType type =
        send(
            access,
            "eventTypes.get",
            get(url, EVENT_TYPES_API_VERSION),
            r -> http.execute(r, EVENT_TYPE).data());
    if (type == null) {
      throw new ProviderException(
          PROVIDER,
          200,
          null,
          null,
          false,
          "GET /v2/event-types/" + eventTypeId + " answered without data",
          null);
    }
    return type;
  }

  /**
   * The user the token belongs to ({@code GET /v2/me}), for example to name a new OAuth connection.
   *
   * @param access the tenant, base URL and credentials of the call
   * @return the user
   */
  public CalComProfile me(CalComAccess access) {
    CalComProfile profile =
        send(
            access,
            "me.get",
            get(url(access, "v2/me"), null),
            r -> http.execute(r, PROFILE).data());
    if (profile == null) {
      throw new ProviderException(
          PROVIDER, 200, null, null, false, "GET /v2/me answered without data", null);
    }
    return profile;
  }

  private CalComBooking booking(CalComAccess access, String operation, Request request) {
    CalComBooking booking = send(access, operation, request, r -> http.execute(r, BOOKING).data());
    if (booking == null || booking.uid() == null || booking.uid().isBlank()) {
      throw new ProviderException(
          PROVIDER,
          200,
          null,
          null,
          false,
          request.method() + " " + request.url().encodedPath() + " answered without a booking uid",
          null);
    }
    return booking;
  }

  /**
   * Signs {@code request} with the access's token and runs it as one audited call. When Cal.com
   * answers 401, the access decides: an OAuth access token is refreshed once and the call is made
   * once more with the new token (a 401 means the request was refused before anything happened, so
   * even a create is safe to repeat); an API key marks its connection revoked and fails.
   */
  private <T> T send(
      CalComAccess access, String operation, Request request, Function<Request, T> execute) {
    String token = access.bearerTokenRevealingSecret();
    try {
      return auditLog.timed(
          clock, access.tenant(), PROVIDER, operation, () -> execute.apply(signed(request, token)));
    } catch (ProviderException e) {
      if (e.httpStatus().orElse(0) != 401) {
        throw e;
      }
      String retryWith = access.tokenAfterRejection(token, e);
      return auditLog.timed(
          clock,
          access.tenant(),
          PROVIDER,
          operation,
          () -> execute.apply(signed(request, retryWith)));
    }
  }

  private static Request signed(Request request, String token) {
    return request.newBuilder().header("Authorization", "Bearer " + token).build();
  }

  private static HttpUrl url(CalComAccess access, String relative) {
    return access.baseUrl().resolve(relative);
  }

  private static HttpUrl bookingUrl(CalComAccess access, String uid, @Nullable String action) {
    Checks.notBlank(uid, "bookingUid");
    HttpUrl.Builder url = url(access, "v2/bookings").newBuilder().addPathSegment(uid);
    if (action != null) {
      url.addPathSegment(action);
    }
    return url.build();
  }

  private static Request get(HttpUrl url, @Nullable String version) {
    return versioned(new Request.Builder().url(url), version).get().build();
  }

  private Request post(CalComAccess access, HttpUrl url, @Nullable Object body) {
    RequestBody payload = body == null ? RequestBody.create(new byte[0]) : http.jsonBody(body);
    return versioned(new Request.Builder().url(url), BOOKINGS_API_VERSION).post(payload).build();
  }

  /** Everything but the token, which {@link #send} adds per attempt. */
  private static Request.Builder versioned(Request.Builder request, @Nullable String version) {
    request.header("Accept", "application/json");
    if (version != null) {
      request.header(VERSION_HEADER, version);
    }
    return request;
  }

  @Override
  public String toString() {
    return "CalComClient{" + http + "}";
  }

  /**
   * Configures a {@link CalComClient}; every setting has a default. The HTTP settings (timeouts,
   * retries of GETs, a shared OkHttp client, clock, sleeper, jitter) are those of {@link
   * HttpSettings.Setters}.
   */
  public static final class Builder extends HttpSettings.Setters<Builder> {
    private AuditLog auditLog = AuditLog.noop();

    private Builder() {
      super(HttpSettings.defaults());
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Where each call is recorded; {@link AuditLog#noop()} by default.
     *
     * @param auditLog the log
     * @return this builder
     */
    public Builder auditLog(AuditLog auditLog) {
      this.auditLog = Checks.notNull(auditLog, "auditLog");
      return this;
    }

    /** {@return the client, immutable and thread-safe} */
    public CalComClient build() {
      return new CalComClient(this, httpSettings());
    }
  }
}
