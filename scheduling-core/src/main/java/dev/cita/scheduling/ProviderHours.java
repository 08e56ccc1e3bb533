package dev.cita.scheduling;

import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.spi.AvailabilitySource;
import dev.cita.scheduling.spi.OpenWindows;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hours of resources whose schedule takes them from an {@link AvailabilitySource} ({@code
 * Schedule.hoursFrom}): slot queries read the source's cache only, and a booking is checked against
 * the freshest cached answer, refreshed on a miss within a bounded wait. A schedule with its own
 * hours passes through untouched.
 */
final class ProviderHours {
  private static final Logger log = LoggerFactory.getLogger(ProviderHours.class);

  /** One refresh on a miss; concurrent bookings missing the same time share it. */
  private record Refresh(
      TenantId tenant, ResourceId resource, AppointmentTypeId type, TimeInterval range) {}

  private final Map<String, AvailabilitySource> sources;
  private final Duration timeout;
  private final Duration maxAge;
  private final @Nullable ExecutorService refreshes;
  private final Map<Refresh, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();

  private ProviderHours(
      Map<String, AvailabilitySource> sources, Duration timeout, Duration maxAge) {
    this.sources = Map.copyOf(sources);
    this.timeout = timeout;
    this.maxAge = maxAge;
    // Threads are made only when a booking misses the cache, and end after a minute idle.
    this.refreshes =
        sources.isEmpty()
            ? null
            : Executors.newCachedThreadPool(
                r -> {
                  Thread t = new Thread(r, "cita-availability-refresh");
                  t.setDaemon(true);
                  return t;
                });
  }

  /**
   * The sources set explicitly, then every other registered object that is one (calendar providers,
   * busy sources); two different sources with one id are refused.
   */
  static ProviderHours of(
      List<AvailabilitySource> explicit, List<?> registered, Duration timeout, Duration maxAge) {
    Map<String, AvailabilitySource> byId = new LinkedHashMap<>();
    for (AvailabilitySource s : explicit) {
      byId.put(s.id(), s);
    }
    for (Object o : registered) {
      if (o instanceof AvailabilitySource s) {
        AvailabilitySource before = byId.putIfAbsent(s.id(), s);
        if (before != null && before != s) {
          throw new ValidationException(
              "availabilitySource", "two availability sources have the id '" + s.id() + "'");
        }
      }
    }
    return new ProviderHours(byId, timeout, maxAge);
  }

  /**
   * The schedule a slot query of the local dates {@code from} to {@code to} uses: for provider
   * hours, open only in the windows the source's cache holds (time it has not read is closed, and
   * logged at debug); never a network call.
   */
  Schedule forQuery(
      TenantId tenant,
      ResourceId resource,
      AppointmentTypeId type,
      Schedule schedule,
      LocalDate from,
      LocalDate to,
      Instant now) {
    if (schedule.hoursFrom().isEmpty()) {
      return schedule;
    }
    String id = schedule.hoursFrom().get();
    Instant start = from.atStartOfDay(schedule.zone()).toInstant();
    Instant end = to.plusDays(1).atStartOfDay(schedule.zone()).toInstant();
    start =
        start.isBefore(now)
            ? now
            : start; // nothing before now is offered, and providers never answer for it
    AvailabilitySource source = sources.get(id);
    if (!end.isAfter(start) || source == null) {
      if (source == null) {
        log.warn(
            "resource {} of tenant {} takes its hours from '{}', which is not a registered"
                + " availability source; it offers no slots",
            resource,
            tenant,
            id);
      }
      return schedule.withOpenWindows(List.of());
    }
    TimeInterval range = TimeInterval.of(start, end);
    OpenWindows answer;
    try {
      answer = source.openWindows(tenant, resource, type, range);
    } catch (RuntimeException e) {
      log.warn(
          "availability source {} failed to answer for tenant {} resource {}; no slots: {}",
          id,
          tenant,
          resource,
          e.toString());
      return schedule.withOpenWindows(List.of());
    }
    if (!answer.isKnown(range)) {
      log.debug(
          "hours of tenant {} resource {} type {} from {} are known only for {} of {}; no slots"
              + " elsewhere",
          tenant,
          resource,
          type,
          id,
          answer.known(),
          range);
    }
    return schedule.withOpenWindows(answer.open());
  }

  /**
   * The schedule a booking of {@code slot} is checked against: for provider hours, the source's
   * freshest cached answer, read again from the provider when the cache does not know the slot's
   * time or its answer is older than the maximum age (waiting at most the timeout; a stale answer
   * still decides when the read fails).
   *
   * @throws SlotUnavailableException with {@link SlotUnavailableException.Reason#HOURS_UNKNOWN}
   *     when the slot's time is still not known
   */
  Schedule forBooking(
      TenantId tenant,
      ResourceId resource,
      AppointmentTypeId type,
      Schedule schedule,
      TimeInterval slot,
      Instant now) {
    if (schedule.hoursFrom().isEmpty()) {
      return schedule;
    }
    String id = schedule.hoursFrom().get();
    AvailabilitySource source = sources.get(id);
    if (source == null) {
      throw unknown(resource, id, slot, "it is not a registered availability source");
    }
    OpenWindows answer = cached(source, tenant, resource, type, slot);
    if (!answer.isKnown(slot)) {
      log.debug(
          "hours of tenant {} resource {} at {} are not in {}'s cache; reading them",
          tenant,
          resource,
          slot.start(),
          id);
      String why = refresh(source, new Refresh(tenant, resource, type, slot));
      answer = cached(source, tenant, resource, type, slot);
      if (!answer.isKnown(slot)) {
        throw unknown(resource, id, slot, why);
      }
    } else if (answer.readAt().orElseThrow().isBefore(now.minus(maxAge))) {
      log.debug(
          "hours of tenant {} resource {} at {} in {}'s cache were read at {}; reading them again",
          tenant,
          resource,
          slot.start(),
          id,
          answer.readAt().get());
      String why = refresh(source, new Refresh(tenant, resource, type, slot));
      OpenWindows again = cached(source, tenant, resource, type, slot);
      if (again.isKnown(slot)
          && !again.readAt().orElseThrow().isBefore(answer.readAt().orElseThrow())) {
        answer = again;
      } else {
        log.warn(
            "hours of tenant {} resource {} at {} from {} could not be read again ({}); using"
                + " those read at {}",
            tenant,
            resource,
            slot.start(),
            id,
            why,
            answer.readAt().get());
      }
    }
    return schedule.withOpenWindows(answer.open());
  }

  private static OpenWindows cached(
      AvailabilitySource source,
      TenantId tenant,
      ResourceId resource,
      AppointmentTypeId type,
      TimeInterval slot) {
    try {
      return source.openWindows(tenant, resource, type, slot);
    } catch (RuntimeException e) {
      log.warn(
          "availability source {} failed to answer for tenant {} resource {}: {}",
          source.id(),
          tenant,
          resource,
          e.toString());
      return OpenWindows.unknown();
    }
  }

  /**
   * Runs (or joins) one refresh and waits at most the timeout; returns why the time may still be
   * unknown.
   */
  private String refresh(AvailabilitySource source, Refresh key) {
    CompletableFuture<Void> mine = new CompletableFuture<>();
    CompletableFuture<Void> running = inFlight.putIfAbsent(key, mine);
    if (running == null) {
      running = mine;
      try {
        // A source exists, so the executor does (it is made whenever sources are).
        java.util.Objects.requireNonNull(refreshes, "refreshes")
            .execute(() -> run(source, key, mine));
      } catch (RejectedExecutionException e) {
        inFlight.remove(key, mine);
        mine.completeExceptionally(e);
      }
    }
    try {
      running.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return "the provider's answer did not cover it";
    } catch (TimeoutException e) {
      // The read goes on in the background and fills the cache for the next attempt.
      log.warn(
          "availability source {} did not answer within {} for tenant {} resource {} at {}",
          source.id(),
          timeout,
          key.tenant(),
          key.resource(),
          key.range().start());
      return "the provider did not answer within " + timeout;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      log.warn(
          "availability source {} failed to read tenant {} resource {} at {}: {}",
          source.id(),
          key.tenant(),
          key.resource(),
          key.range().start(),
          cause.toString());
      return "reading the provider failed: "
          + cause.getClass().getSimpleName()
          + ": "
          + cause.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted while reading the provider";
    }
  }

  private void run(AvailabilitySource source, Refresh key, CompletableFuture<Void> done) {
    Throwable failure = null;
    try {
      source.refresh(key.tenant(), key.resource(), key.type(), key.range());
    } catch (Throwable t) {
      failure = t;
    }
    inFlight.remove(
        key, done); // before completing, so a booking that sees it done starts its own next time
    if (failure == null) {
      done.complete(null);
    } else {
      done.completeExceptionally(failure);
    }
  }

  private static SlotUnavailableException unknown(
      ResourceId resource, String id, TimeInterval slot, String why) {
    return new SlotUnavailableException(
        SlotUnavailableException.Reason.HOURS_UNKNOWN,
        "the hours of resource "
            + resource
            + " come from '"
            + id
            + "', whose answer for "
            + slot.start()
            + " is not known: "
            + why);
  }
}
