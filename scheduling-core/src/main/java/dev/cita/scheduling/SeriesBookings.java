package dev.cita.scheduling;

import dev.cita.scheduling.BookingService.Occurrence;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.internal.LogContext;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.SeriesId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.AppointmentStore;
import dev.cita.scheduling.spi.Placement;
import dev.cita.scheduling.status.AppointmentLifecycle;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Recurring appointments, reached through {@link BookingService#series()}: a series booked from an
 * RFC 5545 RRULE, all or none or occurrence by occurrence, and "this and following" moved or
 * cancelled. One occurrence is moved or cancelled with {@link BookingService#reschedule} or {@link
 * BookingService#cancel}; it stays in its series.
 *
 * <p><b>Expansion.</b> The rule is expanded by lib-recur in the resource's zone, from the first
 * start's local date-time, so "10:00 every Tuesday" stays 10:00 across DST changes. A local time
 * that does not exist on a day (a DST gap: America/Santiago skips 00:00–00:59 on the first Sunday
 * of September) is <em>refused</em>, not shifted: that occurrence is reported with reason {@link
 * SlotUnavailableException.Reason#OUTSIDE_HOURS}, as the slot engine never offers a start that does
 * not exist; an ambiguous local time (DST overlap) takes the earlier offset, as slots do. A date
 * {@code UNTIL} includes its whole local day; a UTC {@code UNTIL} is read in the resource's zone.
 *
 * <p><b>Bounds.</b> At most {@value SeriesRequest#MAX_OCCURRENCES} occurrences, and every one must
 * start within the type's booking horizon from now; otherwise nothing is booked and a {@link
 * ValidationException} names {@code series.rrule.count} (COUNT too large), {@code
 * series.rrule.until} (more occurrences before UNTIL) or {@code series.rrule} (an unbounded or
 * invalid rule, one whose first occurrence is not the first start, or one reaching past the
 * horizon).
 *
 * <p><b>Idempotency.</b> With a key on the first request, occurrence {@code n} is booked with the
 * key {@code key#n} and the id a keyed {@link BookingService#book} of it would have, and the series
 * id is derived from the tenant and the key: sending the same series again, in either mode, returns
 * what the first attempt wrote and never books an occurrence twice.
 */
public final class SeriesBookings {
  /** Stale-version retries of a move of the rest of a series. */
  private static final int MAX_MOVE_ATTEMPTS = 3;

  private final BookingService service;

  SeriesBookings(BookingService service) {
    this.service = service;
  }

  /**
   * Books a series. {@link SeriesRequest.Mode#ALL_OR_NONE} writes every occurrence in one atomic
   * store write ({@link AppointmentStore#insertAll}) or none; {@link SeriesRequest.Mode#EACH} books
   * each occurrence as {@link BookingService#book} would. Either way the result names every
   * occurrence refused and why. Listeners hear of each booked occurrence.
   *
   * @param request the first occurrence, the rule and the mode
   * @return the series, the occurrences written and those refused
   * @throws ValidationException naming {@code series.rrule}, {@code series.rrule.count} or {@code
   *     series.rrule.until} (see the class comment), or a field of the first request
   * @throws IdempotencyKeyReusedException if the key was used for another request
   * @throws NotFoundException if the appointment type or the resource's schedule does not exist
   * @throws UnsupportedOperationException in all-or-none mode, if the appointment store does not
   *     implement {@link AppointmentStore#insertAll}
   */
  public SeriesResult book(SeriesRequest request) {
    Checks.notNull(request, "request");
    BookingRequest first = request.first();
    return LogContext.open().tenant(first.tenant()).call(() -> bookSeries(request));
  }

  private SeriesResult bookSeries(SeriesRequest request) {
    BookingRequest first = request.first();
    if (first.start().getNano() != 0) {
      throw new ValidationException("booking.start", "must be a whole second");
    }
    ZoneId zone = service.zoneOf(first.tenant(), first.resource());
    AppointmentType type = service.appointmentType(first.tenant(), first.type());
    Instant now = service.clock().instant();
    List<SeriesResult.Refused> refused = new ArrayList<>();
    Map<Integer, BookingRequest> occurrences = new LinkedHashMap<>();
    Instant last = first.start();
    List<LocalDateTime> locals = request.rrule().localStarts(local(first.start(), zone), zone);
    for (int i = 0; i < locals.size(); i++) {
      Instant start = i == 0 ? first.start() : exact(locals.get(i), zone);
      if (start == null) {
        refused.add(gap(i + 1, locals.get(i), zone));
        continue;
      }
      last = start;
      occurrences.put(i + 1, first.occurrence(start, keyOf(first, i + 1)));
    }
    if (!last.isBefore(now.plus(type.horizon()))) {
      throw new ValidationException(
          "series.rrule",
          "the series reaches "
              + LocalDateTime.ofInstant(last, zone)
              + ", beyond the type's booking horizon of "
              + type.horizon());
    }
    SeriesId series =
        first.idempotencyKey().map(k -> keyedSeries(first.tenant(), k)).orElse(SeriesId.random());
    return request.mode() == SeriesRequest.Mode.EACH
        ? bookEach(series, occurrences, refused)
        : bookAllOrNone(series, occurrences, refused, now);
  }

  private SeriesResult bookEach(
      SeriesId series, Map<Integer, BookingRequest> occurrences, List<SeriesResult.Refused> gaps) {
    List<Appointment> booked = new ArrayList<>();
    List<SeriesResult.Refused> refused = new ArrayList<>(gaps);
    occurrences.forEach(
        (n, r) -> {
          try {
            booked.add(service.bookOccurrence(r, new Occurrence(series, r.start())));
          } catch (SlotUnavailableException e) {
            refused.add(new SeriesResult.Refused(n, r.start(), e.reason(), e.getMessage()));
          }
        });
    refused.sort(Comparator.comparingInt(SeriesResult.Refused::occurrence));
    return new SeriesResult(series, booked, refused);
  }

  private SeriesResult bookAllOrNone(
      SeriesId series,
      Map<Integer, BookingRequest> occurrences,
      List<SeriesResult.Refused> gaps,
      Instant now) {
    if (!gaps.isEmpty()) {
      return new SeriesResult(series, List.of(), gaps);
    }
    List<Placement> placements = new ArrayList<>();
    Map<AppointmentId, Integer> numbers = new HashMap<>();
    occurrences.forEach(
        (n, r) -> {
          Placement p = service.occurrencePlacement(r, new Occurrence(series, r.start()), now);
          placements.add(p);
          numbers.put(p.appointment().id(), n);
        });
    TenantId tenant = placements.get(0).appointment().tenant();
    try {
      List<Appointment> stored = service.appointmentStore().insertAll(placements);
      stored.forEach(service::announceBooked);
      return new SeriesResult(series, stored, List.of());
    } catch (PlacementsRefusedException e) {
      return new SeriesResult(series, List.of(), refusals(e, numbers, placements));
    } catch (DuplicateAppointmentException e) {
      // A retry of a series written before (every occurrence's id is there): answer what the first
      // attempt wrote. Anything else holds one of the keys for another request.
      List<Appointment> earlier = new ArrayList<>();
      for (Placement p : placements) {
        service.appointmentStore().find(tenant, p.appointment().id()).ifPresent(earlier::add);
      }
      if (earlier.size() != placements.size()
          || placements.get(0).appointment().idempotencyKey().isEmpty()) {
        throw new IdempotencyKeyReusedException();
      }
      return new SeriesResult(series, earlier, List.of());
    }
  }

  /**
   * Cancels an occurrence and every later one of its series (by the rule's order, whatever moves
   * happened since), each as {@link BookingService#cancel} does; occurrences already cancelled,
   * completed or missed are left alone. Each cancel is its own write, so a failure part-way leaves
   * the earlier ones cancelled: calling it again cancels the rest.
   *
   * @param tenant the tenant that owns the series
   * @param id the first occurrence to cancel
   * @return the occurrences cancelled, in the rule's order
   * @throws NotFoundException if the tenant has no such appointment
   * @throws ValidationException on {@code appointmentId} if the appointment is not in a series
   */
  public List<Appointment> cancelFollowing(TenantId tenant, AppointmentId id) {
    Checks.notNull(tenant, "tenant");
    Checks.notNull(id, "appointmentId");
    List<Appointment> cancelled = new ArrayList<>();
    for (Appointment a : following(tenant, id)) {
      try {
        cancelled.add(service.cancel(tenant, a.id()));
      } catch (InvalidTransitionException e) {
        // final meanwhile (completed, cancelled elsewhere): nothing to cancel
      }
    }
    return cancelled;
  }

  /**
   * Moves an occurrence to {@code newStart} and every later one of its series by the same shift of
   * local time (Tuesday 10:00 to Wednesday 11:00 moves each later Tuesday 10:00 to its Wednesday
   * 11:00, across DST), all or none in one atomic store write ({@link AppointmentStore#updateAll}),
   * each by the rules of {@link BookingService#reschedule}. A shifted local time that does not
   * exist (DST gap) refuses that occurrence. Occurrences already cancelled, completed or missed
   * stay.
   *
   * @param tenant the tenant that owns the series
   * @param id the first occurrence to move
   * @param newStart its new start, a whole second
   * @return the occurrences moved (all), or none and those refused with their reasons
   * @throws NotFoundException if the tenant has no such appointment
   * @throws ValidationException on {@code appointmentId} if the appointment is not in a series, or
   *     on {@code newStart}
   * @throws ConcurrentUpdateException if the occurrences kept changing meanwhile
   * @throws UnsupportedOperationException if the store does not implement {@link
   *     AppointmentStore#updateAll}
   */
  public SeriesResult moveFollowing(TenantId tenant, AppointmentId id, Instant newStart) {
    Checks.notNull(tenant, "tenant");
    Checks.notNull(id, "appointmentId");
    Checks.notNull(newStart, "newStart");
    if (newStart.getNano() != 0) {
      throw new ValidationException("newStart", "must be a whole second");
    }
    return LogContext.open()
        .tenant(tenant)
        .appointment(id)
        .call(() -> moveWithRetries(tenant, id, newStart));
  }

  private SeriesResult moveWithRetries(TenantId tenant, AppointmentId id, Instant newStart) {
    for (int attempt = 1; ; attempt++) {
      try {
        return move(tenant, id, newStart);
      } catch (ConcurrentUpdateException e) {
        if (attempt >= MAX_MOVE_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private SeriesResult move(TenantId tenant, AppointmentId id, Instant newStart) {
    Appointment from = get(tenant, id);
    SeriesId series = seriesOf(from);
    List<Appointment> all = service.appointmentStore().findSeries(tenant, series);
    List<Appointment> moving = following(from, all);
    ZoneId zone = service.zoneOf(tenant, from.resource());
    Duration shift = Duration.between(local(from.start(), zone), local(newStart, zone));
    Instant now = service.clock().instant();
    List<SeriesResult.Refused> refused = new ArrayList<>();
    List<Placement> placements = new ArrayList<>();
    Map<AppointmentId, Integer> numbers = new HashMap<>();
    for (Appointment a : moving) {
      int n = all.indexOf(a) + 1;
      LocalDateTime target = local(a.start(), zone).plus(shift);
      Instant start = a.equals(from) ? newStart : exact(target, zone);
      if (start == null) {
        refused.add(gap(n, target, zone));
        continue;
      }
      numbers.put(a.id(), n);
      placements.add(service.movePlacement(a, start, now));
    }
    if (!refused.isEmpty() || placements.isEmpty()) {
      return new SeriesResult(series, List.of(), refused);
    }
    // Sequential checks: move first the ones going into time no other occurrence still holds.
    Comparator<Placement> byStart = Comparator.comparing(p -> p.appointment().start());
    placements.sort(shift.isNegative() ? byStart : byStart.reversed());
    try {
      List<Appointment> moved = service.appointmentStore().updateAll(placements);
      for (Appointment after : moved) {
        service.announceRescheduled(
            moving.stream().filter(b -> b.id().equals(after.id())).findFirst().orElseThrow(),
            after);
      }
      List<Appointment> ordered = new ArrayList<>(moved);
      ordered.sort(Comparator.comparing(a -> numbers.get(a.id())));
      return new SeriesResult(series, ordered, List.of());
    } catch (PlacementsRefusedException e) {
      return new SeriesResult(series, List.of(), refusals(e, numbers, placements));
    }
  }

  /**
   * Every occurrence of a series, whatever its status, in the rule's order.
   *
   * @param tenant the tenant that owns the series
   * @param series the series
   * @return the occurrences; empty if none
   */
  public List<Appointment> occurrences(TenantId tenant, SeriesId series) {
    Checks.notNull(tenant, "tenant");
    Checks.notNull(series, "series");
    return service.appointmentStore().findSeries(tenant, series);
  }

  private List<Appointment> following(TenantId tenant, AppointmentId id) {
    Appointment from = get(tenant, id);
    return following(from, service.appointmentStore().findSeries(tenant, seriesOf(from)));
  }

  /** The occurrences of {@code all} from {@code from}'s on, by the rule's order, not final. */
  private static List<Appointment> following(Appointment from, List<Appointment> all) {
    Instant since = from.occurrenceStart().orElseThrow();
    return all.stream()
        .filter(a -> !a.occurrenceStart().orElseThrow().isBefore(since))
        .filter(a -> !AppointmentLifecycle.isFinal(a.status()))
        .toList();
  }

  private Appointment get(TenantId tenant, AppointmentId id) {
    return service
        .appointment(tenant, id)
        .orElseThrow(() -> new NotFoundException("appointment", id));
  }

  private static SeriesId seriesOf(Appointment a) {
    return a.seriesId()
        .orElseThrow(
            () -> new ValidationException("appointmentId", "is not an occurrence of a series"));
  }

  /** The store's refusals as refused occurrences (number, start asked), in the rule's order. */
  private static List<SeriesResult.Refused> refusals(
      PlacementsRefusedException e,
      Map<AppointmentId, Integer> numbers,
      List<Placement> placements) {
    List<SeriesResult.Refused> out = new ArrayList<>();
    for (Placement p : placements) {
      SlotUnavailableException refusal = e.refusals().get(p.appointment().id());
      if (refusal != null) {
        out.add(
            new SeriesResult.Refused(
                Objects.requireNonNull(numbers.get(p.appointment().id())),
                p.appointment().start(),
                refusal.reason(),
                refusal.getMessage()));
      }
    }
    out.sort(Comparator.comparingInt(SeriesResult.Refused::occurrence));
    return out;
  }

  // --- expansion ---------------------------------------------------------------------------------

  /**
   * The instant of a local time in the zone: the earlier offset when it is ambiguous, null when it
   * does not exist (a DST gap).
   */
  private static @Nullable Instant exact(LocalDateTime local, ZoneId zone) {
    if (zone.getRules().getValidOffsets(local).isEmpty()) {
      return null;
    }
    return local.atZone(zone).toInstant();
  }

  private static SeriesResult.Refused gap(int n, LocalDateTime local, ZoneId zone) {
    return new SeriesResult.Refused(
        n,
        local.atZone(zone).toInstant(),
        SlotUnavailableException.Reason.OUTSIDE_HOURS,
        "the local time " + local + " does not exist in " + zone + " (a DST gap)");
  }

  private static LocalDateTime local(Instant instant, ZoneId zone) {
    return LocalDateTime.ofInstant(instant, zone);
  }

  /** Occurrence {@code n}'s idempotency key: the series' key, {@code #} and {@code n}. */
  private static @Nullable String keyOf(BookingRequest first, int n) {
    return first.idempotencyKey().map(k -> k + "#" + n).orElse(null);
  }

  /** The series id every attempt of one keyed series request gets. */
  private static SeriesId keyedSeries(TenantId tenant, String key) {
    String name = "cita-series\u0000" + tenant.value() + "\u0000" + key;
    return SeriesId.of(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString());
  }
}
