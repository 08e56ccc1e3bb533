package dev.cita.scheduling.notify;

import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Backoff;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.internal.Poller;
import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.memory.InMemoryNotificationPreferencesStore;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.observe.Observer;
import dev.cita.scheduling.spi.AppointmentStore;
import dev.cita.scheduling.spi.AuditEntry;
import dev.cita.scheduling.spi.AuditLog;
import dev.cita.scheduling.spi.NotificationChannel;
import dev.cita.scheduling.spi.NotificationPreferencesStore;
import dev.cita.scheduling.spi.OutboxStore;
import dev.cita.scheduling.spi.ScheduleStore;
import dev.cita.scheduling.spi.SendAttemptStore;
import dev.cita.scheduling.spi.StaffStore;
import dev.cita.scheduling.sync.OutboxEntry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the notices of the {@link NotificationQueue}: claims its entries with a lease, loads the
 * appointment, resolves the customer and the contacts (the tenant's {@link
 * NotificationPreferences}) and the staff ({@link StaffRecipients}), renders each tenant's
 * templates, and sends each (appointment, version, recipient, kind, channel) at most once.
 * Thread-safe; several workers (threads or nodes) may share one outbox and one {@link
 * SendAttemptStore}.
 *
 * <pre>{@code
 * NotificationWorker worker = NotificationWorker.builder()
 *     .appointmentStore(stores.appointments())
 *     .outboxStore(stores.outbox())
 *     .sendAttempts(stores.sendAttempts())
 *     .preferences(stores.notificationPreferences())
 *     .staff(stores.staff())
 *     .channel(email)
 *     .channel(push)
 *     .build();
 * worker.start();
 * }</pre>
 *
 * <p>Exactly once: the key of each delivery is claimed in the shared {@link SendAttemptStore}
 * (prefixed {@code notify:}) <em>before</em> the channel is called, and passed as the message's
 * {@link OutgoingMessage#idempotencyKey()} so a channel that de-duplicates (OneSignal) gets it. A
 * key accepted before is never sent again; a key whose send has an unknown outcome (the channel
 * timed out after the request left, or a worker died between the claim and the answer) is not sent
 * again either, and is logged and audited as {@value #OUTCOME_UNKNOWN}: a missing message is
 * preferred to a duplicate. A worker that dies before claiming a key leaves its entry to the next
 * worker once the lease ends.
 *
 * <p>Failures: a refusal ({@link SendResult#refused}), a retryable {@link ProviderException} or a
 * channel that throws releases the key, and the entry is retried with exponential backoff and full
 * jitter (or the channel's {@code Retry-After} when longer); only the deliveries not yet sent go
 * out again. After {@link Builder#maxAttempts(int)}, or at once for a permanent failure (a
 * non-retryable {@link ProviderException}, a {@link ValidationException}, a malformed entry, a
 * deleted appointment), the entry is dead-lettered with its reason. Each send and each dead letter
 * is written to the {@linkplain Builder#auditLog API log}. As in every outbox stream, a dead entry
 * holds back the later notices of the same appointment until an operator {@linkplain
 * OutboxStore#requeue requeues} it.
 *
 * <p>A confirmation or reschedule notice of an appointment cancelled since is not sent: its
 * cancellation follows.
 */
public final class NotificationWorker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NotificationWorker.class);

  /** The API log's error code for an entry given up on. */
  public static final String DEAD_LETTER = "DEAD_LETTER";

  /** The API log's error code for a delivery whose earlier send has an unknown outcome. */
  public static final String OUTCOME_UNKNOWN = "OUTCOME_UNKNOWN";

  /** The API log's error code for a delivery the channel refused or failed (retried or not). */
  public static final String SEND_FAILED = "SEND_FAILED";

  /** Claims of an entry that never ended (a worker died) tolerated before it is dead-lettered. */
  static final int MAX_UNFINISHED_CLAIMS = 3;

  private static final Duration MAX_RETRY_AFTER = Duration.ofDays(1);
  private static final String KEY_PREFIX = "notify:";

  private final Clock clock;
  private final AppointmentStore appointments;
  private final OutboxStore outbox;
  private final SendAttemptStore attempts;
  private final NotificationPreferencesStore preferences;
  private final @Nullable StaffStore staff;
  private final TenantMessageTemplates templates;
  private final NoticeSends sends;
  private final AuditLog auditLog;
  private final Observer observer;
  private final String workerId;
  private final int batchSize;
  private final Duration lease;
  private final int maxAttempts;
  private final Backoff backoff;
  private final Poller poller;

  private NotificationWorker(Builder b, AppointmentStore appointments, OutboxStore outbox) {
    this.clock = b.clock;
    this.appointments = appointments;
    this.outbox = outbox;
    this.attempts = Checks.notNull(b.attempts, "sendAttempts");
    this.preferences = b.preferences;
    this.staff = b.staff;
    this.templates = b.templates;
    this.sends = new NoticeSends(new LinkedHashMap<>(b.channels), b.schedules, b.details);
    this.auditLog = b.auditLog;
    this.observer = Observer.all(b.observers);
    this.workerId = b.workerId;
    this.batchSize = b.batchSize;
    this.lease = b.lease;
    this.maxAttempts = b.maxAttempts;
    this.backoff = new Backoff(b.baseBackoff, b.maxBackoff, b.random);
    this.poller = new Poller("cita-notify-" + workerId, b.pollInterval, lease, this::pollRound);
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
   * Claims one batch of due notification entries and sends it on the calling thread.
   *
   * @return how many entries were claimed (and sent, retried or dead-lettered)
   */
  public int runOnce() {
    List<OutboxEntry> batch =
        outbox.claimDue(
            clock.instant(), batchSize, workerId, lease, Set.of(NotificationQueue.PROVIDER));
    for (OutboxEntry entry : batch) {
      try {
        process(entry);
      } catch (RuntimeException e) {
        // A store failed while settling: the entry is claimed again when its lease ends, and the
        // keys already claimed keep what went out from going out twice.
        log.warn(
            "notification entry {} could not be settled; it is retried when its lease ends: {}",
            entry.id(),
            Redaction.error(e));
      }
    }
    return batch.size();
  }

  /**
   * Runs batches until nothing is due or {@code timeout} has passed.
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

  /** Stops claiming entries; the batch in flight finishes first. It may be started again. */
  public void stop() {
    poller.stop();
  }

  /** {@return true between {@link #start()} and {@link #stop()}} */
  public boolean isRunning() {
    return poller.isRunning();
  }

  /** Same as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  private void pollRound() {
    while (poller.isRunning() && runOnce() == batchSize) {
      // a full batch: more may be due
    }
  }

  private void process(OutboxEntry entry) {
    int unfinished = entry.claims() - 1 - entry.attempts();
    if (unfinished >= MAX_UNFINISHED_CLAIMS) {
      deadLetter(
          entry,
          entry.attempts(),
          "claimed " + unfinished + " times before without finishing: a worker stopped sending it");
      return;
    }
    QueuedNotice notice;
    try {
      notice = QueuedNotice.decode(entry.detail().orElse(null));
    } catch (ValidationException e) {
      deadLetter(entry, entry.attempts() + 1, "malformed notification entry: " + e.getMessage());
      return;
    }
    Appointment a = appointments.find(entry.tenant(), entry.appointmentId()).orElse(null);
    if (a == null) {
      deadLetter(entry, entry.attempts() + 1, "appointment not found");
      return;
    }
    if (obsolete(notice, a)) {
      log.debug("{} of appointment {} not sent: it was cancelled since", notice.kind(), a.id());
      outbox.complete(entry.id(), workerId);
      return;
    }
    List<NoticeSends.Send> planned;
    try {
      planned = plan(entry, notice, a);
    } catch (RuntimeException e) {
      retry(entry, "could not read preferences or staff: " + Redaction.error(e), Duration.ZERO);
      return;
    }
    Failures failures = new Failures();
    for (NoticeSends.Send s : planned) {
      send(entry, notice.kind(), s, failures);
    }
    if (!failures.retryable.isEmpty()) {
      retry(entry, String.join("; ", failures.retryable), failures.retryAfter);
    } else if (!failures.permanent.isEmpty()) {
      deadLetter(entry, entry.attempts() + 1, String.join("; ", failures.permanent));
    } else if (!outbox.complete(entry.id(), workerId)) {
      log.debug("notification entry {} was claimed by another worker meanwhile", entry.id());
    }
  }

  private static boolean obsolete(QueuedNotice notice, Appointment a) {
    return a.status() == AppointmentStatus.CANCELLED
        && (notice.kind() == MessageKind.CONFIRMATION || notice.kind() == MessageKind.RESCHEDULE);
  }

  private List<NoticeSends.Send> plan(OutboxEntry entry, QueuedNotice notice, Appointment a) {
    NotificationPreferences prefs = preferences.preferences(a.tenant());
    List<StaffMember> members = staff == null ? List.of() : staff.list(a.tenant());
    StaffRecipients.Event event =
        new StaffRecipients.Event(
            a.tenant(),
            a.id(),
            entry.sequence(),
            a.resource(),
            notice.kind(),
            notice.originProvider());
    MessageContext context = sends.context(a, notice.previousStart());
    return sends.plan(event, a, context, templates.forTenant(a.tenant()), prefs, members);
  }

  /** What went wrong with an entry's deliveries, without addresses. */
  private static final class Failures {
    final List<String> retryable = new ArrayList<>();
    final List<String> permanent = new ArrayList<>();
    Duration retryAfter = Duration.ZERO;
  }

  private void send(OutboxEntry entry, MessageKind kind, NoticeSends.Send s, Failures failures) {
    String key = attemptKey(s.key());
    Instant started = clock.instant();
    Optional<SendAttemptStore.Attempt> earlier = attempts.begin(key, started);
    if (earlier.isPresent()) {
      if (earlier.get().messageId().isEmpty()) {
        log.warn(
            "{} of appointment {} to {}: an attempt started at {} has an unknown outcome; not sent"
                + " again",
            kind,
            entry.appointmentId(),
            s,
            earlier.get().startedAt());
        audit(entry, kind, s, AuditEntry.Outcome.FAILURE, OUTCOME_UNKNOWN, started);
      }
      return;
    }
    OutgoingMessage message;
    try {
      message = s.message().get();
    } catch (RuntimeException e) {
      attempts.notSent(key);
      failures.permanent.add(s + ": cannot be rendered: " + Redaction.error(e));
      audit(entry, kind, s, AuditEntry.Outcome.FAILURE, SEND_FAILED, started);
      return;
    }
    try {
      SendResult result = s.channel().send(message);
      observer.notificationSend(
          entry.tenant(),
          s.channel().id(),
          kind,
          result.accepted() ? Observer.SendOutcome.SENT : Observer.SendOutcome.REFUSED);
      if (result.accepted()) {
        attempts.accepted(key, result.channelMessageId().orElseThrow(), Optional.empty());
        log.debug("sent {} ({})", message, result);
        audit(entry, kind, s, AuditEntry.Outcome.SUCCESS, null, started);
        return;
      }
      attempts.notSent(key);
      failures.retryable.add(s + " refused: " + Redaction.phones(result.reason().orElse("")));
    } catch (ProviderException e) {
      observer.notificationSend(
          entry.tenant(), s.channel().id(), kind, Observer.SendOutcome.FAILED);
      if (e.isOutcomeUnknown()) {
        log.warn(
            "{} to {}: outcome unknown, it will not be sent again: {}", message, s, e.getMessage());
        audit(entry, kind, s, AuditEntry.Outcome.FAILURE, OUTCOME_UNKNOWN, started);
        return;
      }
      attempts.notSent(key);
      if (e.isRetryable()) {
        failures.retryable.add(s + ": " + e.getMessage());
        Duration asked = e.retryAfter().orElse(Duration.ZERO);
        failures.retryAfter =
            asked.compareTo(failures.retryAfter) > 0 ? asked : failures.retryAfter;
      } else {
        failures.permanent.add(s + ": " + e.getMessage());
      }
    } catch (ValidationException e) {
      observer.notificationSend(
          entry.tenant(), s.channel().id(), kind, Observer.SendOutcome.FAILED);
      attempts.notSent(key);
      failures.permanent.add(s + ": " + e.getMessage());
    } catch (RuntimeException e) {
      observer.notificationSend(
          entry.tenant(), s.channel().id(), kind, Observer.SendOutcome.FAILED);
      // A channel throws only when the message was certainly not accepted (NotificationChannel).
      attempts.notSent(key);
      failures.retryable.add(s + ": " + Redaction.error(e));
    }
    audit(entry, kind, s, AuditEntry.Outcome.FAILURE, SEND_FAILED, started);
  }

  /** The key claimed in the send-attempt store: apart from the channels' own claims of the key. */
  static String attemptKey(String deliveryKey) {
    String key = KEY_PREFIX + deliveryKey;
    if (key.length() <= SendAttemptStore.MAX_KEY) {
      return key;
    }
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(deliveryKey.getBytes(StandardCharsets.UTF_8));
      return KEY_PREFIX + "sha256:" + HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  private void retry(OutboxEntry entry, String error, Duration retryAfter) {
    int failed = entry.attempts() + 1;
    if (failed >= maxAttempts) {
      deadLetter(entry, failed, error);
      return;
    }
    Duration wait = backoff.delayAfter(failed);
    Duration asked = retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
    if (asked.compareTo(wait) > 0) {
      wait = asked;
    }
    Instant next = clock.instant().plus(wait);
    if (outbox.retryLater(entry.id(), workerId, failed, next, error, false)) {
      log.debug(
          "notification entry {} failed attempt {}, next at {}: {}",
          entry.id(),
          failed,
          next,
          error);
    }
  }

  private void deadLetter(OutboxEntry entry, int failed, String error) {
    if (outbox.deadLetter(entry.id(), workerId, failed, error, false)) {
      auditLog.safeRecord(
          new AuditEntry(
              clock.instant(),
              Optional.of(entry.tenant()),
              NotificationQueue.PROVIDER,
              AuditEntry.Direction.OUTBOUND,
              "notify." + entry.action().name().toLowerCase(Locale.ROOT),
              AuditEntry.Outcome.FAILURE,
              0,
              Optional.of(DEAD_LETTER),
              Duration.ZERO));
      log.warn(
          "notification entry {} (appointment {}, tenant {}) is dead after {} attempt(s): {}",
          entry.id(),
          entry.appointmentId(),
          entry.tenant(),
          failed,
          error);
    }
  }

  private void audit(
      OutboxEntry entry,
      MessageKind kind,
      NoticeSends.Send s,
      AuditEntry.Outcome outcome,
      @Nullable String code,
      Instant started) {
    Instant now = clock.instant();
    auditLog.safeRecord(
        new AuditEntry(
            now,
            Optional.of(entry.tenant()),
            s.channel().id(),
            AuditEntry.Direction.OUTBOUND,
            "notify." + kind.name().toLowerCase(Locale.ROOT),
            outcome,
            0,
            Optional.ofNullable(code),
            now.isBefore(started) ? Duration.ZERO : Duration.between(started, now)));
  }

  /**
   * Configures a {@link NotificationWorker}; {@link #build()} checks it and names a bad setting.
   */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private @Nullable AppointmentStore appointments;
    private @Nullable OutboxStore outbox;
    private @Nullable SendAttemptStore attempts;
    private NotificationPreferencesStore preferences = new InMemoryNotificationPreferencesStore();
    private @Nullable StaffStore staff;
    private @Nullable ScheduleStore schedules;
    private TenantMessageTemplates templates =
        TenantMessageTemplates.of(MessageTemplates.standard());
    private final Map<String, NotificationChannel> channels = new LinkedHashMap<>();
    private AuditLog auditLog = AuditLog.noop();
    private final List<Observer> observers = new ArrayList<>();
    private String workerId = "notify-" + UUID.randomUUID();
    private int batchSize = 50;
    private Duration lease = Duration.ofMinutes(1);
    private int maxAttempts = 8;
    private Duration baseBackoff = Duration.ofSeconds(1);
    private Duration maxBackoff = Duration.ofMinutes(10);
    private RandomGenerator random = () -> ThreadLocalRandom.current().nextLong();
    private Duration pollInterval = Duration.ofSeconds(1);

    private AppointmentDetailsSource details = AppointmentDetailsSource.none();

    private Builder() {}

    /**
     * Where the branch, address, professional and manage link shown in the texts come from
     * (default: none, and the texts name only the service and the time).
     *
     * @param details the application's source
     * @return this builder
     */
    public Builder details(AppointmentDetailsSource details) {
      this.details = Checks.notNull(details, "details");
      return this;
    }

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
     * Where the appointments are read (required).
     *
     * @param store the appointment store the queue entries were written with
     * @return this builder
     */
    public Builder appointmentStore(AppointmentStore store) {
      this.appointments = Checks.notNull(store, "appointmentStore");
      return this;
    }

    /**
     * The outbox holding the queue; defaults to the outbox of an {@link InMemoryAppointmentStore}.
     *
     * @param store the outbox store; required unless the appointment store is in memory
     * @return this builder
     */
    public Builder outboxStore(OutboxStore store) {
      this.outbox = Checks.notNull(store, "outboxStore");
      return this;
    }

    /**
     * Where each delivery's key is claimed before it is sent (required); every worker must share
     * it, as they share the outbox.
     *
     * @param store the send-attempt store
     * @return this builder
     */
    public Builder sendAttempts(SendAttemptStore store) {
      this.attempts = Checks.notNull(store, "sendAttempts");
      return this;
    }

    /**
     * Each tenant's preferences; default: an in-memory store with the defaults for everyone.
     *
     * @param preferences the tenants' preferences
     * @return this builder
     */
    public Builder preferences(NotificationPreferencesStore preferences) {
      this.preferences = Checks.notNull(preferences, "preferences");
      return this;
    }

    /**
     * Where the tenants' staff members are kept; without it, only the customer and the contacts of
     * the preferences are told.
     *
     * @param staff the staff store
     * @return this builder
     */
    public Builder staff(StaffStore staff) {
      this.staff = Checks.notNull(staff, "staff");
      return this;
    }

    /**
     * Where appointment types are read to name the service; without it, messages show the type id.
     *
     * @param schedules the store holding the appointment types
     * @return this builder
     */
    public Builder scheduleStore(ScheduleStore schedules) {
      this.schedules = Checks.notNull(schedules, "scheduleStore");
      return this;
    }

    /**
     * The texts of every tenant; default {@link MessageTemplates#standard()}.
     *
     * @param templates the templates
     * @return this builder
     */
    public Builder templates(MessageTemplates templates) {
      this.templates = TenantMessageTemplates.of(templates);
      return this;
    }

    /**
     * The texts per tenant, for tenants with their own wording.
     *
     * @param templates the lookup
     * @return this builder
     */
    public Builder templates(TenantMessageTemplates templates) {
      this.templates = Checks.notNull(templates, "templates");
      return this;
    }

    /**
     * A channel messages may go through, by its {@link NotificationChannel#id()}; at least one.
     *
     * @param channel the channel; its id must be unique in this builder
     * @return this builder
     * @throws ValidationException if a channel with the same id was added already
     */
    public Builder channel(NotificationChannel channel) {
      Checks.notNull(channel, "channel");
      Checks.notBlank(channel.id(), "channel.id");
      if (channels.putIfAbsent(channel.id(), channel) != null) {
        throw new ValidationException(
            "channel", "a channel with id '" + channel.id() + "' is already registered");
      }
      return this;
    }

    /**
     * Where each send and each dead letter is recorded (operation {@code notify.<kind>}); default
     * none.
     *
     * @param auditLog the API log
     * @return this builder
     */
    public Builder auditLog(AuditLog auditLog) {
      this.auditLog = Checks.notNull(auditLog, "auditLog");
      return this;
    }

    /**
     * Adds an observer told how each send ended, by channel and kind, for metrics and health checks
     * (default: none).
     *
     * @param observer the observer, called in the order added
     * @return this builder
     */
    public Builder observer(Observer observer) {
      observers.add(Checks.notNull(observer, "observer"));
      return this;
    }

    /**
     * The owner name of this worker's claims; must be unique among workers sharing a store.
     *
     * @param workerId not blank; by default {@code notify-} and a random UUID
     * @return this builder
     */
    public Builder workerId(String workerId) {
      this.workerId = Checks.notBlank(workerId, "workerId");
      return this;
    }

    /**
     * Entries claimed per {@link NotificationWorker#runOnce()}; default 50.
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
     * How often {@link NotificationWorker#start()} looks for due entries; default 1 second.
     *
     * @param pollInterval positive
     * @return this builder
     */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = Checks.positive(pollInterval, "pollInterval");
      return this;
    }

    /**
     * Checks the settings and builds the worker; it does not poll until {@link
     * NotificationWorker#start()}.
     *
     * @return the worker
     * @throws ValidationException if a store is missing, no channel was added or {@code
     *     baseBackoff} exceeds {@code maxBackoff}
     */
    public NotificationWorker build() {
      AppointmentStore store = Checks.notNull(appointments, "appointmentStore");
      OutboxStore queue = outbox;
      if (queue == null && store instanceof InMemoryAppointmentStore memory) {
        queue = memory.outbox();
      }
      Checks.notNull(queue, "outboxStore");
      Checks.notNull(attempts, "sendAttempts");
      if (channels.isEmpty()) {
        throw new ValidationException("channel", "at least one notification channel is required");
      }
      Checks.atMost(baseBackoff, maxBackoff, "baseBackoff");
      return new NotificationWorker(this, store, queue);
    }
  }
}
