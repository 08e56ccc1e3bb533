package dev.cita.scheduling.sync;

import dev.cita.scheduling.ConcurrentUpdateException;
import dev.cita.scheduling.NotFoundException;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.SchedulingException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Backoff;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.internal.Poller;
import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.spi.AppointmentStore;
import dev.cita.scheduling.spi.CalendarProvider;
import dev.cita.scheduling.spi.ConflictCheck;
import dev.cita.scheduling.spi.OutboxStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes outbox entries to calendar providers: claims due entries with a lease, calls the
 * provider, stores the external reference a create returns, and settles the entry. Failures are
 * retried with exponential backoff and full jitter (or the provider's {@code Retry-After} when
 * longer) up to {@link Builder#maxAttempts(int)}, then the entry goes to the dead letter state
 * with its last error. Thread-safe; several workers (threads or nodes) may share one store.
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
 * appointment already has the provider's external reference, and {@link CalendarProvider#createEvent}
 * is idempotent per appointment id, so a create repeated after a crash between the remote call and
 * the local bookkeeping returns the first event. A crashed worker's entries are claimed again when
 * their lease ends.
 */
public final class SyncWorker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SyncWorker.class);
  /** Stale-version retries when storing an external reference next to concurrent booking changes. */
  private static final int MAX_REF_ATTEMPTS = 5;
  /** The longest Retry-After honoured; a larger one is most likely a provider bug. */
  private static final Duration MAX_RETRY_AFTER = Duration.ofDays(1);

  private final Clock clock;
  private final AppointmentStore appointments;
  private final OutboxStore outbox;
  private final Map<String, CalendarProvider> providers;
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
    this.workerId = b.workerId;
    this.batchSize = b.batchSize;
    this.lease = b.lease;
    this.maxAttempts = b.maxAttempts;
    this.backoff = new Backoff(b.baseBackoff, b.maxBackoff, b.random);
    this.pollInterval = b.pollInterval;
    // A round keeps going while batches come back full: more may be due.
    this.poller = new Poller("cita-sync-" + workerId, pollInterval, lease, this::pollRound);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** This worker's id, the owner of its claims. */
  public String workerId() {
    return workerId;
  }

  /**
   * Claims one batch of due entries and processes it on the calling thread.
   *
   * @return how many entries were claimed (and pushed, retried or dead-lettered)
   */
  public int runOnce() {
    List<OutboxEntry> batch = outbox.claimDue(clock.instant(), batchSize, workerId, lease);
    for (OutboxEntry entry : batch) {
      try {
        process(entry);
      } catch (RuntimeException e) {
        // The outbox or appointment store failed while settling: the entry is retried when its
        // lease ends, and the push itself is idempotent.
        log.warn("outbox entry {} could not be settled; it is retried when its lease ends: {}",
            entry.id(), e.toString());
      }
    }
    return batch.size();
  }

  /**
   * Runs batches until nothing is due or {@code timeout} has passed; entries waiting for a later
   * retry are not due. Use it on shutdown, after {@link #stop()}, to push what can be pushed now.
   *
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
   * which its entries may be claimed by another worker anyway). A stopped worker may be started again.
   */
  public void stop() {
    poller.stop();
  }

  /** True between {@link #start()} and {@link #stop()}. */
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

  private void process(OutboxEntry entry) {
    // Claims that never ended in a failure or completion are workers that died mid-push (a
    // crash, an Error): capped like failures, so one entry cannot take down worker after worker.
    int unfinished = entry.claims() - 1 - entry.attempts();
    if (unfinished >= MAX_UNFINISHED_CLAIMS) {
      deadLetter(entry, entry.attempts(), "claimed " + unfinished
          + " times before without finishing: a worker stopped while pushing it");
      return;
    }
    Appointment appointment = appointments.find(entry.tenant(), entry.appointmentId()).orElse(null);
    if (appointment == null) {
      deadLetter(entry, entry.attempts() + 1, "appointment not found");
      return;
    }
    try {
      push(entry, appointment);
    } catch (ProviderException e) {
      if (e.isRetryable()) {
        retry(entry, e.getMessage(), e.retryAfter().orElse(Duration.ZERO));
      } else {
        deadLetter(entry, entry.attempts() + 1, e.getMessage());
      }
      return;
    } catch (ValidationException e) {
      // The adapter refuses this appointment's data (no mapping for its type, no e-mail where the
      // provider needs one): retrying the same data cannot help. An operator fixes the cause and
      // requeues it.
      deadLetter(entry, entry.attempts() + 1, "refused by the adapter: " + e.getMessage());
      return;
    } catch (RuntimeException e) {
      retry(entry, e.getClass().getSimpleName() + ": " + e.getMessage(), Duration.ZERO);
      return;
    }
    if (!outbox.complete(entry.id(), workerId)) {
      log.debug("outbox entry {} was claimed by another worker before it was completed", entry.id());
    }
  }

  private void push(OutboxEntry entry, Appointment appointment) {
    CalendarProvider provider = providers.get(entry.provider());
    if (provider == null) {
      throw new SchedulingException("no calendar provider '" + entry.provider() + "' is registered with this worker");
    }
    switch (entry.action()) {
      case CREATE -> {
        if (appointment.externalRef(provider.id()).isEmpty()) {
          storeExternalRef(appointment, provider.id(), provider.createEvent(appointment));
        }
      }
      case UPDATE -> {
        if (appointment.status() == AppointmentStatus.CANCELLED) {
          // Cancelled since the move was queued: by Cita (its CANCEL entry follows this one) or at
          // the provider (a webhook). Moving it would restore the cancelled event (Google) or book
          // it anew (providers that move by cancel + book): the move is obsolete.
          log.debug("outbox entry {}: appointment {} was cancelled since; move not pushed", entry.id(), appointment.id());
          return;
        }
        provider.moveEvent(appointment, externalRef(appointment, provider))
            .ifPresent(newId -> storeExternalRef(appointment, provider.id(), newId));
      }
      case CANCEL -> provider.cancelEvent(appointment, externalRef(appointment, provider));
      case NO_SHOW -> provider.markNoShow(appointment, externalRef(appointment, provider));
    }
  }

  private static String externalRef(Appointment appointment, CalendarProvider provider) {
    return appointment.externalRef(provider.id()).orElseThrow(() -> new SchedulingException(
        "appointment " + appointment.id() + " has no " + provider.id() + " event yet"));
  }

  private void storeExternalRef(Appointment appointment, String provider, String externalId) {
    Checks.notBlank(externalId, "externalId");
    Appointment current = appointment;
    for (int attempt = 1; ; attempt++) {
      if (current.externalRef(provider).filter(externalId::equals).isPresent()) {
        return;
      }
      try {
        appointments.update(current.toBuilder().externalRef(provider, externalId).build(), ConflictCheck.none());
        return;
      } catch (ConcurrentUpdateException e) {
        if (attempt >= MAX_REF_ATTEMPTS) {
          throw e;
        }
        current = appointments.find(appointment.tenant(), appointment.id())
            .orElseThrow(() -> new NotFoundException("appointment", appointment.id()));
      }
    }
  }

  private void retry(OutboxEntry entry, String error, Duration retryAfter) {
    int attempts = entry.attempts() + 1;
    if (attempts >= maxAttempts) {
      deadLetter(entry, attempts, error);
      return;
    }
    Duration wait = backoff.delayAfter(attempts);
    Duration asked = retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
    if (asked.compareTo(wait) > 0) {
      wait = asked;
    }
    Instant next = clock.instant().plus(wait);
    if (outbox.retryLater(entry.id(), workerId, attempts, next, error)) {
      log.debug("outbox entry {} failed attempt {}, next at {}: {}", entry.id(), attempts, next, error);
    }
  }

  private void deadLetter(OutboxEntry entry, int attempts, String error) {
    if (outbox.deadLetter(entry.id(), workerId, attempts, error)) {
      log.warn("outbox entry {} ({} of appointment {} to {}, tenant {}) is dead after {} attempt(s): {}",
          entry.id(), entry.action(), entry.appointmentId(), entry.provider(), entry.tenant(), attempts, error);
    }
  }

  /** Configures a {@link SyncWorker}; {@link #build()} checks the settings and names a bad one. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private @Nullable AppointmentStore appointments;
    private @Nullable OutboxStore outbox;
    private final Map<String, CalendarProvider> providers = new HashMap<>();
    private String workerId = "sync-" + UUID.randomUUID();
    private int batchSize = 50;
    private Duration lease = Duration.ofMinutes(1);
    private int maxAttempts = 8;
    private Duration baseBackoff = Duration.ofSeconds(1);
    private Duration maxBackoff = Duration.ofMinutes(10);
    private RandomGenerator random = () -> ThreadLocalRandom.current().nextLong();
    private Duration pollInterval = Duration.ofSeconds(1);

    private Builder() {}

    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    /** Where appointments are read and external references stored. */
    public Builder appointmentStore(AppointmentStore store) {
      this.appointments = Checks.notNull(store, "appointmentStore");
      return this;
    }

    /** The outbox to drain; defaults to the outbox of an {@link InMemoryAppointmentStore}. */
    public Builder outboxStore(OutboxStore store) {
      this.outbox = Checks.notNull(store, "outboxStore");
      return this;
    }

    /** A provider entries are pushed to, by its {@link CalendarProvider#id()}. */
    public Builder provider(CalendarProvider provider) {
      Checks.notNull(provider, "provider");
      if (providers.putIfAbsent(provider.id(), provider) != null) {
        throw new ValidationException("provider", "a provider with id '" + provider.id() + "' is already registered");
      }
      return this;
    }

    /** The owner name of this worker's claims; must be unique among workers sharing a store. */
    public Builder workerId(String workerId) {
      this.workerId = Checks.notBlank(workerId, "workerId");
      return this;
    }

    /** Entries claimed per {@link SyncWorker#runOnce()}; default 50. */
    public Builder batchSize(int batchSize) {
      this.batchSize = Checks.atLeast(batchSize, 1, "batchSize");
      return this;
    }

    /** How long a claim lasts before another worker may take the entry over; default 1 minute. */
    public Builder lease(Duration lease) {
      this.lease = Checks.positive(lease, "lease");
      return this;
    }

    /** Attempts before an entry is dead-lettered; default 8. */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = Checks.atLeast(maxAttempts, 1, "maxAttempts");
      return this;
    }

    /** The ceiling of the first retry's random wait; doubles per attempt. Default 1 second. */
    public Builder baseBackoff(Duration baseBackoff) {
      this.baseBackoff = Checks.positive(baseBackoff, "baseBackoff");
      return this;
    }

    /** The largest ceiling of a retry's random wait; default 10 minutes. */
    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = Checks.positive(maxBackoff, "maxBackoff");
      return this;
    }

    /** The source of jitter; tests pass a seeded one. */
    public Builder random(RandomGenerator random) {
      this.random = Checks.notNull(random, "random");
      return this;
    }

    /** How often {@link SyncWorker#start()} looks for due entries; default 1 second. */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = Checks.positive(pollInterval, "pollInterval");
      return this;
    }

    public SyncWorker build() {
      Checks.notNull(appointments, "appointmentStore");
      if (outbox == null && appointments instanceof InMemoryAppointmentStore memory) {
        outbox = memory.outbox();
      }
      Checks.notNull(outbox, "outboxStore");
      if (providers.isEmpty()) {
        throw new ValidationException("provider", "at least one calendar provider is required");
      }
      Checks.atMost(baseBackoff, maxBackoff, "baseBackoff");
      return new SyncWorker(this);
    }
  }
}
