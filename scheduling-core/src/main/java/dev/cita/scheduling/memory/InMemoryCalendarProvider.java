package dev.cita.scheduling.memory;

import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.spi.CalendarProvider;
import dev.cita.scheduling.token.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake connected calendar for tests and demos: busy time is whatever you {@link #addBusy add},
 * events live in a map, and the fake can be told to misbehave as real providers do: be down ({@link
 * #failing(boolean)}), fail the next few writes ({@link #failNextWrites}), answer 429 with {@code
 * Retry-After} ({@link #rateLimitNextWrites}), be slow ({@link #slowDown}), or refuse one
 * appointment for good ({@link #rejectPermanently}).
 *
 * <p>{@link #createEvent} is idempotent per appointment and calendar as the SPI requires: a
 * repeated create returns the first external id and makes no second event, while the members of a
 * collective appointment each get their own event in their own calendar (the appointment's {@link
 * Appointment#resource()}). Every successful write is recorded in order in {@link #calls()}.
 */
public final class InMemoryCalendarProvider implements CalendarProvider {
  /**
   * A write the fake accepted: what was done, to which appointment, at which version.
   *
   * @param operation the kind of write
   * @param appointmentId the appointment written
   * @param version the appointment's version at the write
   * @param externalId the fake's id of the event
   */
  public record Call(
      Operation operation, AppointmentId appointmentId, long version, String externalId) {}

  /** The kinds of write. */
  public enum Operation {
    /** An event was created. */
    CREATE,
    /** An event was updated or moved. */
    UPDATE,
    /** An event was cancelled. */
    CANCEL,
    /** An event was marked as a no-show. */
    NO_SHOW
  }

  private record ResourceKey(TenantId tenant, ResourceId resource) {}

  /** One appointment's event in one resource's calendar. */
  private record EventKey(AppointmentId appointment, ResourceId calendar) {}

  private final String id;
  private final Map<ResourceKey, List<TimeInterval>> busy = new ConcurrentHashMap<>();
  private final Map<String, Appointment> events = new ConcurrentHashMap<>();
  private final Map<EventKey, String> created = new ConcurrentHashMap<>();
  private final Map<ResourceId, AtomicInteger> failFor = new ConcurrentHashMap<>();
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final Set<AppointmentId> rejected = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean failing = new AtomicBoolean();
  private final AtomicInteger failNext = new AtomicInteger();
  private final AtomicInteger rateLimitNext = new AtomicInteger();
  private volatile Duration retryAfter = Duration.ZERO;
  private volatile Duration delay = Duration.ZERO;
  private volatile Sleeper sleeper = Sleeper.threadSleep();
  private volatile boolean bookingTool;
  private final AtomicInteger writeAttempts = new AtomicInteger();

  /**
   * Creates a fake with no busy time and no events that never fails until told to.
   *
   * @param id the provider id, e.g. {@code "google"}; not blank
   */
  public InMemoryCalendarProvider(String id) {
    this.id = Checks.notBlank(id, "provider.id");
  }

  @Override
  public String id() {
    return id;
  }

  /**
   * Marks time as busy in the resource's connected calendar.
   *
   * @param tenant the tenant
   * @param resource the resource
   * @param interval the busy time
   * @return this fake
   */
  public InMemoryCalendarProvider addBusy(
      TenantId tenant, ResourceId resource, TimeInterval interval) {
    busy.computeIfAbsent(new ResourceKey(tenant, resource), k -> new CopyOnWriteArrayList<>())
        .add(Checks.notNull(interval, "interval"));
    return this;
  }

  /**
   * While true, every call throws a retryable {@link ProviderException} as if the provider were
   * unreachable.
   *
   * @param fail true to fail every call, false to work again
   */
  public void failing(boolean fail) {
    failing.set(fail);
  }

  /**
   * The next {@code count} writes (create, update, cancel, no-show) fail with a retryable error.
   *
   * @param count how many writes fail; 0 to stop
   * @return this fake
   */
  public InMemoryCalendarProvider failNextWrites(int count) {
    failNext.set(Checks.atLeast(count, 0, "count"));
    return this;
  }

  /**
   * The next {@code count} writes to one resource's calendar fail with a retryable error; writes to
   * other calendars go through.
   *
   * @param resource the resource whose calendar fails
   * @param count how many of its writes fail; 0 to stop
   * @return this fake
   */
  public InMemoryCalendarProvider failNextWritesTo(ResourceId resource, int count) {
    failFor
        .computeIfAbsent(Checks.notNull(resource, "resource"), r -> new AtomicInteger())
        .set(Checks.atLeast(count, 0, "count"));
    return this;
  }

  /**
   * The next {@code count} writes answer HTTP 429 asking to wait {@code wait}.
   *
   * @param count how many writes are refused; 0 to stop
   * @param wait the {@code Retry-After} to report; not negative
   * @return this fake
   */
  public InMemoryCalendarProvider rateLimitNextWrites(int count, Duration wait) {
    retryAfter = Checks.notNegative(wait, "retryAfter");
    rateLimitNext.set(Checks.atLeast(count, 0, "count"));
    return this;
  }

  /**
   * Every write first waits {@code by} through {@code sleeper} (a test passes one that blocks on a
   * latch).
   *
   * @param by the delay per write; {@link Duration#ZERO} to stop
   * @param sleeper how to wait
   * @return this fake
   */
  public InMemoryCalendarProvider slowDown(Duration by, Sleeper sleeper) {
    this.sleeper = Checks.notNull(sleeper, "sleeper");
    delay = Checks.notNegative(by, "delay");
    return this;
  }

  /**
   * Makes this fake {@linkplain CalendarProvider#decidesBookings() decide bookings}, as a booking
   * tool (Cal.com, Calendly) does; by default it is a calendar that only records them.
   *
   * @return this fake
   */
  public InMemoryCalendarProvider asBookingTool() {
    bookingTool = true;
    return this;
  }

  @Override
  public boolean decidesBookings() {
    return bookingTool;
  }

  /**
   * Every write for this appointment fails with a non-retryable error (HTTP 400), as a poison
   * entry.
   *
   * @param appointment the appointment whose writes fail
   * @return this fake
   */
  public InMemoryCalendarProvider rejectPermanently(AppointmentId appointment) {
    rejected.add(Checks.notNull(appointment, "appointment"));
    return this;
  }

  /** {@return the events this fake holds, keyed by their external id} A copy. */
  public Map<String, Appointment> events() {
    return Map.copyOf(events);
  }

  /** {@return the successful writes, in the order they happened} A copy. */
  public List<Call> calls() {
    return List.copyOf(calls);
  }

  /**
   * {@return how many distinct remote events were ever created (a repeated create of one
   * appointment counts once)}
   */
  public int eventsCreated() {
    return created.size();
  }

  /**
   * {@return how many distinct remote events were ever created in one resource's calendar}
   *
   * @param resource the resource whose calendar is counted
   */
  public int eventsCreatedIn(ResourceId resource) {
    return (int) created.keySet().stream().filter(k -> k.calendar().equals(resource)).count();
  }

  /** {@return every write call made, including the ones that failed} */
  public int writeAttempts() {
    return writeAttempts.get();
  }

  @Override
  public List<TimeInterval> busy(TenantId tenant, ResourceId resource, TimeInterval range) {
    failIfDown();
    List<TimeInterval> out = new ArrayList<>();
    for (TimeInterval i : busy.getOrDefault(new ResourceKey(tenant, resource), List.of())) {
      if (i.overlaps(range)) {
        out.add(i);
      }
    }
    return out;
  }

  @Override
  public synchronized String createEvent(Appointment appointment) {
    beforeWrite(appointment);
    EventKey key = new EventKey(appointment.id(), appointment.resource());
    String externalId = created.get(key);
    if (externalId == null) {
      // The first calendar keeps the plain id; the other members' events are told apart by theirs.
      boolean first =
          created.keySet().stream().noneMatch(k -> k.appointment().equals(key.appointment()));
      externalId =
          id + "-" + appointment.id().value() + (first ? "" : "-" + appointment.resource().value());
      created.put(key, externalId);
    }
    events.putIfAbsent(externalId, appointment);
    calls.add(new Call(Operation.CREATE, appointment.id(), appointment.version(), externalId));
    return externalId;
  }

  @Override
  public void updateEvent(Appointment appointment, String externalId) {
    beforeWrite(appointment);
    events.put(externalId, appointment);
    calls.add(new Call(Operation.UPDATE, appointment.id(), appointment.version(), externalId));
  }

  @Override
  public void cancelEvent(Appointment appointment, String externalId) {
    beforeWrite(appointment);
    events.remove(externalId);
    calls.add(new Call(Operation.CANCEL, appointment.id(), appointment.version(), externalId));
  }

  @Override
  public void markNoShow(Appointment appointment, String externalId) {
    beforeWrite(appointment);
    events.put(externalId, appointment);
    calls.add(new Call(Operation.NO_SHOW, appointment.id(), appointment.version(), externalId));
  }

  private void beforeWrite(Appointment appointment) {
    writeAttempts.incrementAndGet();
    Duration wait = delay;
    if (!wait.isZero()) {
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw ProviderException.network(id, "interrupted (simulated)", e);
      }
    }
    failIfDown();
    if (rejected.contains(appointment.id())) {
      throw new ProviderException(
          id, 400, "invalid_event", null, false, "event rejected (simulated)", null);
    }
    if (takeOne(rateLimitNext)) {
      throw new ProviderException(
          id, 429, "rate_limited", null, true, "rate limited (simulated)", null, retryAfter);
    }
    AtomicInteger calendarFails = failFor.get(appointment.resource());
    if (takeOne(failNext) || (calendarFails != null && takeOne(calendarFails))) {
      throw new ProviderException(id, 503, null, null, true, "unavailable (simulated)", null);
    }
  }

  private static boolean takeOne(AtomicInteger counter) {
    return counter.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
  }

  private void failIfDown() {
    if (failing.get()) {
      throw ProviderException.network(id, "provider is unavailable (simulated)", null);
    }
  }
}
