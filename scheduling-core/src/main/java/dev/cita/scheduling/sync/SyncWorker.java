package dev.cita.scheduling.sync;

import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.ConcurrentUpdateException;
import dev.cita.scheduling.NotFoundException;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.SchedulingException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Backoff;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.internal.LogContext;
import dev.cita.scheduling.internal.Poller;
import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.notify.NotificationQueue;
import dev.cita.scheduling.observe.Observer;
import dev.cita.scheduling.spi.AppointmentStore;
import dev.cita.scheduling.spi.AuditEntry;
import dev.cita.scheduling.spi.AuditLog;
import dev.cita.scheduling.spi.CalendarProvider;
import dev.cita.scheduling.spi.ConflictCheck;
import dev.cita.scheduling.spi.OutboxStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes outbox entries to calendar providers: claims due entries with a lease, calls the provider,
 * stores the external reference a create returns, and settles the entry. Failures are retried with
 * exponential backoff and full jitter (or the provider's {@code Retry-After} when longer) up to
 * {@link Builder#maxAttempts(int)}, then the entry goes to the dead letter state with its last
 * error. Thread-safe; several workers (threads or nodes) may share one store.
 *
 * <pre>{@code
 * SyncWorker worker = SyncWorker.builder()
 *     .appointmentStore(appointments)
 *     .outboxStore(appointments.outbox())
 *     .provider(googleCalendar)
 *     .build();
 * worker.start();
 * ...
 * worker.stop();                          // on shutdown: no new claims, the current batch finishes
 * worker.drain(Duration.ofSeconds(10));   // optionally push what is due before exiting
 * }</pre>
 *
 * <p>Exactly one remote event per appointment rests on two things: a create is skipped when the
 * appointment already has the provider's external reference, and {@link
 * CalendarProvider#createEvent} is idempotent per appointment id and calendar, so a create repeated
 * after a crash between the remote call and the local bookkeeping returns the first event. A
 * crashed worker's entries are claimed again when their lease ends.
 *
 * <p>A collective appointment at a calendar provider (one that does not {@linkplain
 * CalendarProvider#decidesBookings() decide bookings}) gets one event per held resource the
 * provider covers, each in that member's calendar and recorded in {@link Appointment#memberRefs()}
 * as soon as it is created; moves, cancels and no-shows go to every member's event. A booking tool
 * keeps one booking per appointment.
 *
 * <p>What a provider refuses is never silent. A permanent failure leaves the entry dead with its
 * reason; when the provider {@linkplain CalendarProvider#decidesBookings() decides bookings} (the
 * branch's Cal.com or Calendly) and refused a create, there is no booking at the branch, so the
 * appointment is also cancelled through {@link BookingService#cancelRefused} (with the reason, and
 * the listeners told), which is why such a provider needs {@link Builder#bookingService}. Every
 * dead letter is also written to the {@linkplain Builder#auditLog API log} (operation {@code
 * outbox.<action>}, error code {@value #DEAD_LETTER} or {@value #REFUSED_CANCELLED}), next to the
 * adapter's own entry for the failed call.
 *
 * <p>A create that never left Cita is not sent once the appointment is cancelled: a backlog holding
 * a create and a later cancel of an appointment never pushed (the provider was down the whole time)
 * sends nothing, rather than an invitation followed by a cancellation. Once an attempt may have
 * reached the provider ({@link OutboxEntry#possiblySent()}), both are sent, so no event is left
 * behind.
 */
public final class SyncWorker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SyncWorker.class);

  /**
   * Stale-version retries when storing an external reference next to concurrent booking changes.
   */
  private static final int MAX_REF_ATTEMPTS = 5;

  /** The API log's error code for an entry given up on. */
  public static final String DEAD_LETTER = "DEAD_LETTER";

  /**
   * The API log's error code for a create a booking tool refused, whose appointment was cancelled.
   */
  public static final String REFUSED_CANCELLED = "REFUSED_APPOINTMENT_CANCELLED";

  /** The longest Retry-After honoured; a larger one is most likely a provider bug. */
  private static final Duration MAX_RETRY_AFTER = Duration.ofDays(1);

  private final Clock clock;
  private final AppointmentStore appointments;
  private final OutboxStore outbox;
  private final Map<String, CalendarProvider> providers;
  private final @Nullable BookingService bookings;
  private final AuditLog auditLog;
  private final Observer observer;
  private final String workerId;
  private final int batchSize;
  private final Duration lease;
  private final int maxAttempts;
  private final Backoff backoff;
  private final Duration pollInterval;
  private final Poller poller;

  private SyncWorker(Builder b) {
    this.clock = b.clock;
    this.appointments = Checks.notNull(b.appointments, "appointmentStore");
    this.outbox = Checks.notNull(b.outbox, "outboxStore");
    this.providers = Map.copyOf(b.providers);
    this.bookings = b.bookings;
    this.auditLog = b.auditLog;
    this.observer = Observer.all(b.observers);
    this.workerId = b.workerId;
    this.batchSize = b.batchSize;
    this.lease = b.lease;
    this.maxAttempts = b.maxAttempts;
    this.backoff = new Backoff(b.baseBackoff, b.maxBackoff, b.random);
    this.pollInterval = b.pollInterval;
    // A round keeps going while batches come back full: more may be due.
    this.poller = new Poller("cita-sync-" + workerId, pollInterval, lease, this::pollRound);
  }

  /** {@return a builder with the defaults described on its setters} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return this worker's id, the owner of its claims} */
  public String workerId() {
    return workerId;
  }

  /**
   * Claims one batch of due entries and processes it on the calling thread.
   *
   * @return how many entries were claimed (and pushed, retried or dead-lettered)
   */
  public int runOnce() {
    List<OutboxEntry> batch =
        outbox.claimDue(clock.instant(), batchSize, workerId, lease, providers.keySet());
    for (OutboxEntry entry : batch) {
      LogContext.open()
          .tenant(entry.tenant())
          .appointment(entry.appointmentId())
          .provider(entry.provider())
          .delivery(entry.id())
          .run(() -> settle(entry));
    }
    return batch.size();
  }

  /**
   * Runs batches until nothing is due or {@code timeout} has passed; entries waiting for a later
   * retry are not due. Use it on shutdown, after {@link #stop()}, to push what can be pushed now.
   *
   * @param timeout how long to keep going; not negative
   * @return true if nothing was due any more, false on timeout
   */
  public boolean drain(Duration timeout) {
    Checks.notNegative(timeout, "timeout");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (runOnce() > 0) {
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
    }
    return true;
  }

  /** Starts polling for due entries every poll interval on a daemon thread of its own. */
  public void start() {
    poller.start();
  }

  /**
   * Stops claiming entries; the batch in flight finishes first (waiting at most one lease, after
   * which its entries may be claimed by another worker anyway). A stopped worker may be started
   * again.
   */
  public void stop() {
    poller.stop();
  }

  /** {@return true between {@link #start()} and {@link #stop()}} */
  public boolean isRunning() {
    return poller.isRunning();
  }

  /** One polling round: batches until one comes back less than full (nothing more is due). */
  private void pollRound() {
    while (poller.isRunning() && runOnce() == batchSize) {
      // a full batch: more may be due
    }
  }

  /** Same as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  /** Interrupted pushes (worker died) tolerated per entry before it is dead-lettered. */
  static final int MAX_UNFINISHED_CLAIMS = 3;

  private void settle(OutboxEntry entry) {
    try {
      process(entry);
    } catch (RuntimeException e) {
      // The outbox or appointment store failed while settling: the entry is retried when its
      // lease ends, and the push itself is idempotent.
      log.warn(
          "outbox entry {} could not be settled; it is retried when its lease ends: {}",
          entry.id(),
          e.toString());
    }
  }

  private void process(OutboxEntry entry) {
    // Claims that never ended in a failure or completion are workers that died mid-push (a
    // crash, an Error): capped like failures, so one entry cannot take down worker after worker.
    int unfinished = entry.claims() - 1 - entry.attempts();
    if (unfinished >= MAX_UNFINISHED_CLAIMS) {
      deadLetter(
          entry,
          entry.attempts(),
          "claimed "
              + unfinished
              + " times before without finishing: a worker stopped while pushing it",
          true);
      return;
    }
    Appointment appointment = appointments.find(entry.tenant(), entry.appointmentId()).orElse(null);
    if (appointment == null) {
      deadLetter(entry, entry.attempts() + 1, "appointment not found", false);
      return;
    }
    try {
      push(entry, appointment, entry.possiblySent() || unfinished > 0);
    } catch (ProviderException e) {
      if (e.isRetryable()) {
        retry(entry, e.getMessage(), e.retryAfter().orElse(Duration.ZERO), e.isOutcomeUnknown());
      } else {
        settleRefusal(
            entry,
            appointment,
            e.getMessage(),
            e.isRefusal(),
            e.isOutcomeUnknown(),
            e.httpStatus().orElse(0));
      }
      return;
    } catch (ValidationException e) {
      // The adapter refuses this appointment's data (no mapping for its type, no e-mail where the
      // provider needs one): retrying the same data cannot help. An operator fixes the cause and
      // requeues it.
      settleRefusal(
          entry, appointment, "refused by the adapter: " + e.getMessage(), true, false, 0);
      return;
    } catch (RuntimeException e) {
      // Unknown failure: it may have happened after the request left.
      retry(entry, e.getClass().getSimpleName() + ": " + e.getMessage(), Duration.ZERO, true);
      return;
    }
    if (outbox.complete(entry.id(), workerId)) {
      observed(entry, Observer.PushOutcome.PUSHED);
    } else {
      log.debug(
          "outbox entry {} was claimed by another worker before it was completed", entry.id());
    }
  }

  /**
   * A permanent failure: the entry is dead with its reason; a create refused by a provider that
   * decides bookings first cancels the appointment (if that fails, the entry is retried instead, so
   * the refusal is never left silent).
   */
  private void settleRefusal(
      OutboxEntry entry,
      Appointment appointment,
      String error,
      boolean refusal,
      boolean possiblySent,
      int httpStatus) {
    CalendarProvider provider = providers.get(entry.provider());
    if (refusal
        && entry.action() == SyncAction.CREATE
        && provider != null
        && provider.decidesBookings()
        && bookings != null) { // build() requires the service with such a provider
      try {
        bookings.cancelRefused(appointment.tenant(), appointment.id(), provider.id(), error);
      } catch (RuntimeException e) {
        retry(
            entry,
            error + "; cancelling the refused appointment failed: " + e,
            Duration.ZERO,
            possiblySent);
        return;
      }
      deadLetter(
          entry,
          entry.attempts() + 1,
          "refused; appointment cancelled: " + error,
          possiblySent,
          REFUSED_CANCELLED,
          httpStatus);
      return;
    }
    deadLetter(entry, entry.attempts() + 1, error, possiblySent, DEAD_LETTER, httpStatus);
  }

  private void push(OutboxEntry entry, Appointment stored, boolean possiblySent) {
    CalendarProvider provider = providers.get(entry.provider());
    if (provider == null) {
      throw new SchedulingException(
          "no calendar provider '" + entry.provider() + "' is registered with this worker");
    }
    if (!stored.participants().isEmpty() && !provider.decidesBookings()) {
      pushToMembers(entry, stored, provider, possiblySent);
      return;
    }
    Appointment appointment = forProvider(provider, stored);
    switch (entry.action()) {
      case CREATE -> {
        if (appointment.externalRef(provider.id()).isPresent()) {
          return;
        }
        if (dropCreate(entry, appointment, possiblySent)) {
          return;
        }
        storeExternalRef(stored, provider.id(), null, provider.createEvent(appointment));
      }
      case UPDATE -> {
        if (moveIsObsolete(entry, appointment)) {
          return;
        }
        provider
            .moveEvent(appointment, externalRef(appointment, provider))
            .ifPresent(newId -> storeExternalRef(stored, provider.id(), null, newId));
      }
      case CANCEL -> {
        // No event: the create was dropped (cancelled before it was sent) or never queued.
        Optional<String> event = appointment.externalRef(provider.id());
        if (event.isEmpty()) {
          log.debug(
              "outbox entry {}: appointment {} has no {} event; nothing to cancel",
              entry.id(),
              appointment.id(),
              provider.id());
          return;
        }
        provider.cancelEvent(appointment, event.get());
      }
      case NO_SHOW -> provider.markNoShow(appointment, externalRef(appointment, provider));
    }
  }

  /**
   * A collective appointment at a calendar provider: one event per held resource the provider
   * covers, each in that member's calendar (the appointment as that member sees it). Creates are
   * recorded one by one as they succeed, so a retry after a failure at one member creates only the
   * members still missing; every other change goes to every member's event.
   */
  private void pushToMembers(
      OutboxEntry entry, Appointment stored, CalendarProvider provider, boolean possiblySent) {
    String id = provider.id();
    Optional<ResourceId> primary = primaryResource(provider, stored);
    switch (entry.action()) {
      case CREATE -> {
        Appointment current = stored;
        for (ResourceId member : stored.resources()) {
          if (!provider.covers(stored.tenant(), member)
              || eventOf(current, id, member, primary).isPresent()) {
            continue;
          }
          if (dropCreate(entry, current, possiblySent)) {
            return;
          }
          String event = provider.createEvent(writtenFor(member, current, primary));
          current = storeExternalRef(current, id, member, event);
        }
      }
      case UPDATE -> {
        if (moveIsObsolete(entry, stored)) {
          return;
        }
        Appointment current = stored;
        for (ResourceId member : stored.resources()) {
          Optional<String> event = eventOf(current, id, member, primary);
          if (event.isPresent()) {
            Optional<String> moved =
                provider.moveEvent(writtenFor(member, current, primary), event.get());
            if (moved.isPresent()) {
              current = storeExternalRef(current, id, member, moved.get());
            }
          }
        }
      }
      case CANCEL, NO_SHOW -> {
        for (ResourceId member : stored.resources()) {
          Optional<String> event = eventOf(stored, id, member, primary);
          if (event.isEmpty()) {
            continue;
          }
          Appointment seen = writtenFor(member, stored, primary);
          if (entry.action() == SyncAction.CANCEL) {
            provider.cancelEvent(seen, event.get());
          } else {
            provider.markNoShow(seen, event.get());
          }
        }
      }
    }
  }

  /**
   * The appointment as it is written into one member's calendar: as that member sees it. Only the
   * primary event names the customer's e-mail, so a calendar that sends invitations sends the
   * customer one, not one per member; the other members' copies carry the customer's name only.
   */
  private static Appointment writtenFor(
      ResourceId member, Appointment a, Optional<ResourceId> primary) {
    Appointment seen = ConflictCheck.asSeenBy(member, a);
    if (primary.filter(member::equals).isPresent() || seen.attendee().email().isEmpty()) {
      return seen;
    }
    return seen.toBuilder().attendee(seen.attendee().toBuilder().email(null).build()).build();
  }

  /**
   * The member whose calendar holds the primary event ({@link Appointment#externalRefs()}): the
   * host if the provider covers it, else the first covered participant; empty if it covers none.
   */
  private static Optional<ResourceId> primaryResource(CalendarProvider provider, Appointment a) {
    return a.resources().stream().filter(r -> provider.covers(a.tenant(), r)).findFirst();
  }

  /**
   * The member's event: its recorded one, or the primary event for the primary member (an
   * appointment pushed before events were recorded per member has only that one).
   */
  private static Optional<String> eventOf(
      Appointment a, String provider, ResourceId member, Optional<ResourceId> primary) {
    Optional<String> own = a.externalRef(provider, member);
    if (own.isPresent() || !primary.filter(member::equals).isPresent()) {
      return own;
    }
    return a.externalRef(provider);
  }

  /**
   * Whether a create is dropped: the appointment was cancelled before anything reached the
   * provider, so there is nothing to create, and the CANCEL entry that follows finds no event to
   * cancel. The customer gets no invitation to withdraw.
   */
  private static boolean dropCreate(OutboxEntry entry, Appointment a, boolean possiblySent) {
    if (a.status() != AppointmentStatus.CANCELLED || possiblySent) {
      return false;
    }
    log.debug(
        "outbox entry {}: appointment {} was cancelled before it was ever sent; create dropped",
        entry.id(),
        a.id());
    return true;
  }

  /**
   * Whether a queued move is obsolete: the appointment was cancelled since, by Cita (its CANCEL
   * entry follows this one) or at the provider (a webhook). Moving it would restore the cancelled
   * event (Google) or book it anew (providers that move by cancel + book).
   */
  private static boolean moveIsObsolete(OutboxEntry entry, Appointment a) {
    if (a.status() != AppointmentStatus.CANCELLED) {
      return false;
    }
    log.debug(
        "outbox entry {}: appointment {} was cancelled since; move not pushed", entry.id(), a.id());
    return true;
  }

  /**
   * The appointment as the provider is to write it: itself, unless it is a collective appointment
   * whose host the provider does not cover; then as the first participant the provider covers sees
   * it (that participant's calendar gets the event). One event per provider and appointment: the
   * way of providers that decide bookings (a booking tool books the meeting once, for the host).
   */
  private static Appointment forProvider(CalendarProvider provider, Appointment a) {
    if (a.participants().isEmpty()) {
      return a;
    }
    return primaryResource(provider, a).map(r -> ConflictCheck.asSeenBy(r, a)).orElse(a);
  }

  private static String externalRef(Appointment appointment, CalendarProvider provider) {
    return appointment
        .externalRef(provider.id())
        .orElseThrow(
            () ->
                new SchedulingException(
                    "appointment " + appointment.id() + " has no " + provider.id() + " event yet"));
  }

  /**
   * Records an event id: the primary one (when {@code member} is null, or when the appointment has
   * none yet) and, for a member, that member's. Retries on a concurrent booking change.
   *
   * @return the appointment as stored with the id
   */
  private Appointment storeExternalRef(
      Appointment appointment, String provider, @Nullable ResourceId member, String externalId) {
    Checks.notBlank(externalId, "externalId");
    Appointment current = appointment;
    for (int attempt = 1; ; attempt++) {
      boolean primaryDone =
          current.externalRef(provider).filter(externalId::equals).isPresent()
              || (member != null && current.externalRef(provider).isPresent());
      boolean memberDone =
          member == null
              || current.externalRef(provider, member).filter(externalId::equals).isPresent();
      if (primaryDone && memberDone) {
        return current;
      }
      Appointment.Builder next = current.toBuilder();
      if (!primaryDone) {
        next.externalRef(provider, externalId);
      }
      if (member != null && !memberDone) {
        next.externalRef(provider, member, externalId);
      }
      try {
        return appointments.update(next.build(), ConflictCheck.none());
      } catch (ConcurrentUpdateException e) {
        if (attempt >= MAX_REF_ATTEMPTS) {
          throw e;
        }
        current =
            appointments
                .find(appointment.tenant(), appointment.id())
                .orElseThrow(() -> new NotFoundException("appointment", appointment.id()));
      }
    }
  }

  private void retry(OutboxEntry entry, String error, Duration retryAfter, boolean possiblySent) {
    int attempts = entry.attempts() + 1;
    if (attempts >= maxAttempts) {
      deadLetter(entry, attempts, error, possiblySent);
      return;
    }
    Duration wait = backoff.delayAfter(attempts);
    Duration asked = retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
    if (asked.compareTo(wait) > 0) {
      wait = asked;
    }
    Instant next = clock.instant().plus(wait);
    if (outbox.retryLater(entry.id(), workerId, attempts, next, error, possiblySent)) {
      observed(entry, Observer.PushOutcome.RETRY);
      log.debug(
          "outbox entry {} failed attempt {}, next at {}: {}", entry.id(), attempts, next, error);
    }
  }

  private void deadLetter(OutboxEntry entry, int attempts, String error, boolean possiblySent) {
    deadLetter(entry, attempts, error, possiblySent, DEAD_LETTER, 0);
  }

  private void deadLetter(
      OutboxEntry entry,
      int attempts,
      String error,
      boolean possiblySent,
      String code,
      int httpStatus) {
    if (outbox.deadLetter(entry.id(), workerId, attempts, error, possiblySent)) {
      observed(entry, Observer.PushOutcome.DEAD_LETTER);
      auditLog.safeRecord(
          new AuditEntry(
              clock.instant(),
              Optional.of(entry.tenant()),
              entry.provider(),
              AuditEntry.Direction.OUTBOUND,
              "outbox." + entry.action().name().toLowerCase(Locale.ROOT),
              AuditEntry.Outcome.FAILURE,
              httpStatus,
              Optional.of(code),
              Duration.ZERO));
      log.warn(
          "outbox entry {} ({} of appointment {} to {}, tenant {}) is dead after {} attempt(s): {}",
          entry.id(),
          entry.action(),
          entry.appointmentId(),
          entry.provider(),
          entry.tenant(),
          attempts,
          error);
    }
  }

  private void observed(OutboxEntry entry, Observer.PushOutcome outcome) {
    observer.outboxPush(entry.tenant(), entry.provider(), entry.action(), outcome);
  }

  /** Configures a {@link SyncWorker}; {@link #build()} checks the settings and names a bad one. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private @Nullable AppointmentStore appointments;
    private @Nullable OutboxStore outbox;
    private final Map<String, CalendarProvider> providers = new HashMap<>();
    private @Nullable BookingService bookings;
    private AuditLog auditLog = AuditLog.noop();
    private final List<Observer> observers = new ArrayList<>();
    private String workerId = "sync-" + UUID.randomUUID();
    private int batchSize = 50;
    private Duration lease = Duration.ofMinutes(1);
    private int maxAttempts = 8;
    private Duration baseBackoff = Duration.ofSeconds(1);
    private Duration maxBackoff = Duration.ofMinutes(10);
    private RandomGenerator random = () -> ThreadLocalRandom.current().nextLong();
    private Duration pollInterval = Duration.ofSeconds(1);

    private Builder() {}

    /**
     * Sets the clock "now" is read from; default {@link Clock#systemUTC()}, tests pass a fake one.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    /**
     * Where appointments are read and external references stored.
     *
     * @param store the appointment store (required)
     * @return this builder
     */
    public Builder appointmentStore(AppointmentStore store) {
      this.appointments = Checks.notNull(store, "appointmentStore");
      return this;
    }

    /**
     * The service that cancels an appointment a provider refused (see {@link
     * BookingService#cancelRefused}); also sets the appointment store to the service's when none is
     * set. Required when a provider {@linkplain CalendarProvider#decidesBookings() decides
     * bookings}.
     *
     * @param service the booking service of the same appointment store
     * @return this builder
     */
    public Builder bookingService(BookingService service) {
      this.bookings = Checks.notNull(service, "bookingService");
      return this;
    }

    /**
     * Where each dead letter is recorded (operation {@code outbox.<action>}, outcome failure, code
     * {@value SyncWorker#DEAD_LETTER} or {@value SyncWorker#REFUSED_CANCELLED}); default none. Use
     * the adapters' API log so a refusal shows next to the call that was refused.
     *
     * @param auditLog the API log
     * @return this builder
     */
    public Builder auditLog(AuditLog auditLog) {
      this.auditLog = Checks.notNull(auditLog, "auditLog");
      return this;
    }

    /**
     * Adds an observer told how each push attempt ended (pushed, retry, dead letter), for metrics
     * and health checks (default: none).
     *
     * @param observer the observer, called in the order added
     * @return this builder
     */
    public Builder observer(Observer observer) {
      observers.add(Checks.notNull(observer, "observer"));
      return this;
    }

    /**
     * The outbox to drain; defaults to the outbox of an {@link InMemoryAppointmentStore}.
     *
     * @param store the outbox store; required unless the appointment store is in memory
     * @return this builder
     */
    public Builder outboxStore(OutboxStore store) {
      this.outbox = Checks.notNull(store, "outboxStore");
      return this;
    }

    /**
     * A provider entries are pushed to, by its {@link CalendarProvider#id()}.
     *
     * @param provider the provider; its id must be unique in this builder
     * @return this builder
     * @throws dev.cita.scheduling.ValidationException if a provider with the same id was added
     *     already, or its id is {@value NotificationQueue#PROVIDER}, reserved for notifications
     */
    public Builder provider(CalendarProvider provider) {
      Checks.notNull(provider, "provider");
      if (NotificationQueue.PROVIDER.equals(provider.id())) {
        throw new ValidationException(
            "provider",
            "'" + NotificationQueue.PROVIDER + "' is reserved for the notification queue");
      }
      if (providers.putIfAbsent(provider.id(), provider) != null) {
        throw new ValidationException(
            "provider", "a provider with id '" + provider.id() + "' is already registered");
      }
      return this;
    }

    /**
     * The owner name of this worker's claims; must be unique among workers sharing a store.
     *
     * @param workerId not blank; by default {@code sync-} and a random UUID
     * @return this builder
     */
    public Builder workerId(String workerId) {
      this.workerId = Checks.notBlank(workerId, "workerId");
      return this;
    }

    /**
     * Entries claimed per {@link SyncWorker#runOnce()}; default 50.
     *
     * @param batchSize at least 1
     * @return this builder
     */
    public Builder batchSize(int batchSize) {
      this.batchSize = Checks.atLeast(batchSize, 1, "batchSize");
      return this;
    }

    /**
     * How long a claim lasts before another worker may take the entry over; default 1 minute.
     *
     * @param lease positive
     * @return this builder
     */
    public Builder lease(Duration lease) {
      this.lease = Checks.positive(lease, "lease");
      return this;
    }

    /**
     * Attempts before an entry is dead-lettered; default 8.
     *
     * @param maxAttempts at least 1
     * @return this builder
     */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = Checks.atLeast(maxAttempts, 1, "maxAttempts");
      return this;
    }

    /**
     * The ceiling of the first retry's random wait; doubles per attempt. Default 1 second.
     *
     * @param baseBackoff positive, at most {@code maxBackoff}
     * @return this builder
     */
    public Builder baseBackoff(Duration baseBackoff) {
      this.baseBackoff = Checks.positive(baseBackoff, "baseBackoff");
      return this;
    }

    /**
     * The largest ceiling of a retry's random wait; default 10 minutes.
     *
     * @param maxBackoff positive
     * @return this builder
     */
    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = Checks.positive(maxBackoff, "maxBackoff");
      return this;
    }

    /**
     * The source of jitter; tests pass a seeded one.
     *
     * @param random the generator
     * @return this builder
     */
    public Builder random(RandomGenerator random) {
      this.random = Checks.notNull(random, "random");
      return this;
    }

    /**
     * How often {@link SyncWorker#start()} looks for due entries; default 1 second.
     *
     * @param pollInterval positive
     * @return this builder
     */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = Checks.positive(pollInterval, "pollInterval");
      return this;
    }

    /**
     * Checks the settings and builds the worker; it does not poll until {@link SyncWorker#start()}.
     *
     * @return the worker
     * @throws dev.cita.scheduling.ValidationException if a store is missing, no provider was added
     *     or {@code baseBackoff} exceeds {@code maxBackoff}
     */
    public SyncWorker build() {
      if (appointments == null && bookings != null) {
        appointments = bookings.appointmentStore();
      }
      Checks.notNull(appointments, "appointmentStore");
      if (outbox == null && appointments instanceof InMemoryAppointmentStore memory) {
        outbox = memory.outbox();
      }
      Checks.notNull(outbox, "outboxStore");
      if (providers.isEmpty()) {
        throw new ValidationException("provider", "at least one calendar provider is required");
      }
      Checks.atMost(baseBackoff, maxBackoff, "baseBackoff");
      for (CalendarProvider provider : providers.values()) {
        if (provider.decidesBookings() && bookings == null) {
          throw new ValidationException(
              "bookingService",
              "is required with provider '"
                  + provider.id()
                  + "', which decides bookings: a create it refuses must cancel the appointment and"
                  + " tell the customer");
        }
      }
      return new SyncWorker(this);
    }
  }
}
