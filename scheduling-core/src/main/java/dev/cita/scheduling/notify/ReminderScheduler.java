package dev.cita.scheduling.notify;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.internal.LogContext;
import dev.cita.scheduling.internal.Poller;
import dev.cita.scheduling.memory.InMemoryNotificationPreferencesStore;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.observe.Observer;
import dev.cita.scheduling.spi.AppointmentStore;
import dev.cita.scheduling.spi.NotificationChannel;
import dev.cita.scheduling.spi.NotificationPreferencesStore;
import dev.cita.scheduling.spi.ReminderStore;
import dev.cita.scheduling.spi.ScheduleStore;
import dev.cita.scheduling.status.AppointmentLifecycle;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends appointment reminders, each exactly once, from one or many app nodes sharing a {@link
 * ReminderStore}.
 *
 * <pre>{@code
 * ReminderScheduler reminders = ReminderScheduler.builder()
 *     .appointmentStore(appointments)
 *     .reminderStore(reminderStore)
 *     .tenants(() -> tenantDirectory.activeTenants())
 *     .channel(whatsapp)
 *     .preferences(preferencesStore)
 *     .scheduleStore(schedules)
 *     .build();
 * reminders.start();     // polls every minute; or call runOnce() from your own scheduler
 * ...
 * reminders.stop();
 * }</pre>
 *
 * <p>How "exactly once" holds:
 *
 * <ul>
 *   <li>Each run asks the {@link AppointmentStore} for the time-holding appointments whose
 *       reminders are due now under the {@link ReminderPolicy} (one narrow window per offset).
 *   <li>Every reminder has a {@link ReminderKey} (tenant, appointment, start, offset, recipient,
 *       channel). {@link ReminderStore#claim} is atomic: of two schedulers racing, one gets it.
 *   <li>After claiming, the appointment is read again; the reminder goes out only if it still holds
 *       time and still starts at the key's start. A rescheduled appointment therefore gets new keys
 *       for its new time, and the old keys are abandoned when met; cancelled, completed and no-show
 *       appointments get none.
 *   <li>A reminder the channel accepted is marked SENT and never claimed again. If that mark cannot
 *       be stored, this scheduler remembers it, keeps trying, and never sends it again.
 *   <li>A failed send (the channel threw or refused) releases the claim, so the next run tries
 *       again, up to {@link Builder#maxAttempts(int)} sends; then it is abandoned and logged. A
 *       worker that died mid-send leaves a claim that expires after the lease; the reminder is then
 *       sent by another run (the channel gets the same {@link OutgoingMessage#idempotencyKey()} to
 *       de-duplicate the rare case where the dead worker's send did go out).
 *   <li>Retries happen only inside the reminder's grace window: a reminder is never sent late.
 * </ul>
 */
public final class ReminderScheduler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ReminderScheduler.class);

  /** Immediate attempts at storing a SENT mark before it is kept in memory for later runs. */
  private static final int MARK_ATTEMPTS = 3;

  private final Clock clock;
  private final AppointmentStore appointments;
  private final ReminderStore reminders;
  private final Supplier<? extends Collection<TenantId>> tenants;
  private final Deliveries deliveries;
  private final NotificationPreferencesStore preferences;
  private final ReminderPolicy policy;
  private final String workerId;
  private final Duration lease;
  private final int maxAttempts;
  private final int maxUnfinishedClaims;
  private final Duration pollInterval;

  /**
   * Reminders the channel accepted whose SENT mark could not be stored yet: never send these again.
   */
  private final Map<ReminderKey, String> unrecorded = new ConcurrentHashMap<>();

  private final Observer observer;
  private volatile @Nullable Instant lastRun;

  private final Poller poller;

  private ReminderScheduler(Builder b) {
    this.clock = b.clock;
    this.appointments = Checks.notNull(b.appointments, "appointmentStore");
    this.reminders = Checks.notNull(b.reminders, "reminderStore");
    this.tenants = Checks.notNull(b.tenants, "tenants");
    this.deliveries =
        new Deliveries(new LinkedHashMap<>(b.channels), b.templates, b.schedules, b.details);
    this.preferences = b.preferences;
    this.policy = b.policy;
    this.workerId = b.workerId;
    this.lease = b.lease;
    this.maxAttempts = b.maxAttempts;
    this.maxUnfinishedClaims = b.maxUnfinishedClaims;
    this.pollInterval = b.pollInterval;
    this.observer = Observer.all(b.observers);
    this.poller = new Poller("cita-reminders-" + workerId, pollInterval, lease, this::runOnce);
  }

  /** {@return a builder with the defaults described on its setters} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the owner name of this scheduler's claims} */
  public String workerId() {
    return workerId;
  }

  /**
   * Sends the reminders due now, on the calling thread. Safe to call from several threads or nodes
   * at once; each reminder goes out once.
   *
   * @return how many reminders the channels accepted in this run
   */
  public int runOnce() {
    int sent = run();
    lastRun = clock.instant();
    observer.reminderRun(sent);
    return sent;
  }

  /**
   * {@return when the last run ended, empty before the first} A run that could not list tenants
   * counts too: the scheduler is alive, and the failure is logged. For health checks.
   */
  public Optional<Instant> lastRun() {
    return Optional.ofNullable(lastRun);
  }

  private int run() {
    recordUnrecorded();
    Instant now = clock.instant();
    Collection<TenantId> all;
    try {
      all = List.copyOf(tenants.get());
    } catch (RuntimeException e) {
      log.warn(
          "reminder scheduler {} could not list tenants; nothing sent this run: {}",
          workerId,
          e.toString());
      return 0;
    }
    int sent = 0;
    for (TenantId tenant : all) {
      try {
        sent += runTenant(tenant, now);
      } catch (RuntimeException e) {
        log.warn(
            "reminder scheduler {} failed for tenant {}; its due reminders are tried next run: {}",
            workerId,
            tenant,
            Redaction.error(e));
      }
    }
    return sent;
  }

  private int runTenant(TenantId tenant, Instant now) {
    NotificationPreferences prefs = preferences.preferences(tenant);
    if (prefs.recipients(MessageKind.REMINDER).isEmpty()) {
      return 0;
    }
    int sent = 0;
    for (Duration offset : policy.offsets()) {
      // Due: sendAt <= now <= sendAt + grace, i.e. start in [now + offset - grace, now + offset].
      Instant latestStart = now.plus(offset);
      List<Appointment> due =
          appointments.findStartingBetween(
              tenant, latestStart.minus(policy.grace()), latestStart.plusNanos(1));
      for (Appointment a : due) {
        sent +=
            LogContext.open()
                .tenant(tenant)
                .appointment(a.id())
                .call(() -> remind(a, offset, prefs, now));
      }
    }
    return sent;
  }

  /** Sends the appointment's due reminders for {@code offset}; how many the channels accepted. */
  private int remind(Appointment a, Duration offset, NotificationPreferences prefs, Instant now) {
    if (!policy.isDue(a.start(), offset, now)
        || policy.sendAt(a.start(), offset).isBefore(a.createdAt())) {
      return 0;
    }
    int sent = 0;
    for (Deliveries.Delivery d : deliveries.plan(MessageKind.REMINDER, a, prefs)) {
      ReminderKey key =
          new ReminderKey(a.tenant(), a.id(), a.start(), offset, d.recipient(), d.channel().id());
      if (unrecorded.containsKey(key)) {
        continue;
      }
      try {
        if (sendOne(key, prefs, now)) {
          sent++;
        }
      } catch (RuntimeException e) {
        log.warn(
            "{} could not be processed; it is tried again when its claim ends: {}",
            key,
            Redaction.error(e));
      }
    }
    return sent;
  }

  /** Claims, re-checks and sends one reminder; true if the channel accepted it. */
  private boolean sendOne(ReminderKey key, NotificationPreferences prefs, Instant now) {
    Optional<ReminderRecord> claimed = reminders.claim(key, workerId, now, lease);
    if (claimed.isEmpty()) {
      return false;
    }
    ReminderRecord record = claimed.get();
    int unfinished = record.unfinishedClaims();
    if (unfinished >= maxUnfinishedClaims) {
      abandon(
          key,
          "claimed "
              + unfinished
              + " times before without finishing: a worker stopped while sending it");
      return false;
    }
    Appointment current = appointments.find(key.tenant(), key.appointmentId()).orElse(null);
    if (current == null
        || !AppointmentLifecycle.holdsTime(current.status())
        || !current.start().equals(key.start())) {
      abandon(
          key,
          current == null
              ? "appointment not found"
              : "appointment is now " + current.status() + " at " + current.start());
      return false;
    }
    Optional<Deliveries.Delivery> delivery =
        deliveries.plan(MessageKind.REMINDER, current, prefs).stream()
            .filter(d -> d.matches(key.recipient(), key.channel()))
            .findFirst();
    if (delivery.isEmpty()) {
      abandon(key, "no " + key.recipient() + " address for channel " + key.channel() + " any more");
      return false;
    }
    Deliveries.Delivery d = delivery.get();
    OutgoingMessage message =
        deliveries.message(d, MessageKind.REMINDER, current, deliveries.context(current), key.id());
    SendResult result;
    try {
      result = d.channel().send(message);
    } catch (RuntimeException e) {
      observer.notificationSend(
          key.tenant(), d.channel().id(), MessageKind.REMINDER, Observer.SendOutcome.FAILED);
      failed(record, message, Redaction.error(e));
      return false;
    }
    observer.notificationSend(
        key.tenant(),
        d.channel().id(),
        MessageKind.REMINDER,
        result.accepted() ? Observer.SendOutcome.SENT : Observer.SendOutcome.REFUSED);
    if (!result.accepted()) {
      failed(record, message, "refused: " + Redaction.phones(result.reason().orElse("")));
      return false;
    }
    recordSent(key, result.channelMessageId().orElseThrow());
    log.debug("sent {} ({})", message, result);
    return true;
  }

  private void failed(ReminderRecord record, OutgoingMessage message, String error) {
    int failures = record.failures() + 1;
    if (failures >= maxAttempts) {
      if (reminders.abandon(record.key(), workerId, error)) {
        log.warn(
            "gave up {} after {} failed attempt(s): {}; last error: {}",
            record.key(),
            failures,
            message,
            error);
      }
    } else if (reminders.markFailed(record.key(), workerId, error)) {
      log.info(
          "{} failed attempt {} of {}, tried again next run: {}",
          record.key(),
          failures,
          maxAttempts,
          error);
    }
  }

  private void abandon(ReminderKey key, String reason) {
    if (reminders.abandon(key, workerId, reason)) {
      log.debug("{} not sent: {}", key, reason);
    }
  }

  /** Stores the SENT mark; if the store fails, remembers it so this node never sends it again. */
  private void recordSent(ReminderKey key, String channelMessageId) {
    for (int attempt = 1; attempt <= MARK_ATTEMPTS; attempt++) {
      try {
        if (!reminders.markSent(key, workerId, channelMessageId)) {
          log.warn(
              "{} was sent, but its claim had passed to another worker, which may send it again; "
                  + "the lease ({}) is shorter than a send",
              key,
              lease);
        }
        return;
      } catch (RuntimeException e) {
        if (attempt == MARK_ATTEMPTS) {
          unrecorded.put(key, channelMessageId);
          log.error(
              "{} was sent (message {}) but could not be marked sent: {}; this scheduler will not"
                  + " send it again and keeps trying to mark it",
              key,
              channelMessageId,
              Redaction.error(e));
        }
      }
    }
  }

  private void recordUnrecorded() {
    unrecorded.forEach(
        (key, channelMessageId) -> {
          try {
            reminders.markSent(key, workerId, channelMessageId);
            unrecorded.remove(key);
          } catch (RuntimeException e) {
            log.debug("{} still cannot be marked sent: {}", key, e.toString());
          }
        });
  }

  /** Polls {@link #runOnce()} every poll interval on a daemon thread, until {@link #stop()}. */
  public void start() {
    poller.start();
  }

  /**
   * Stops polling and waits (up to the lease) for the current run to finish. Nothing is lost: a
   * reminder claimed but not sent is taken over when its claim ends. A stopped scheduler may be
   * started again.
   */
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

  /**
   * Configures a {@link ReminderScheduler}; {@link #build()} checks the settings and names a bad
   * one.
   */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private @Nullable AppointmentStore appointments;
    private @Nullable ReminderStore reminders;
    private @Nullable Supplier<? extends Collection<TenantId>> tenants;
    private final Map<String, NotificationChannel> channels = new LinkedHashMap<>();
    private MessageTemplates templates = MessageTemplates.standard();
    private NotificationPreferencesStore preferences = new InMemoryNotificationPreferencesStore();
    private @Nullable ScheduleStore schedules;
    private ReminderPolicy policy = ReminderPolicy.defaults();
    private String workerId = "reminders-" + UUID.randomUUID();
    private Duration lease = Duration.ofMinutes(2);
    private int maxAttempts = 3;
    private int maxUnfinishedClaims = 3;
    private Duration pollInterval = Duration.ofMinutes(1);
    private final List<Observer> observers = new ArrayList<>();

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
     * Where due appointments are found ({@link AppointmentStore#findStartingBetween}) and re-read.
     *
     * @param appointments the appointment store (required)
     * @return this builder
     */
    public Builder appointmentStore(AppointmentStore appointments) {
      this.appointments = Checks.notNull(appointments, "appointmentStore");
      return this;
    }

    /**
     * Where reminders are claimed and marked sent; shared by every node.
     *
     * @param reminders the reminder store (required)
     * @return this builder
     */
    public Builder reminderStore(ReminderStore reminders) {
      this.reminders = Checks.notNull(reminders, "reminderStore");
      return this;
    }

    /**
     * The tenants to send reminders for, asked once per run (tenants come and go).
     *
     * @param tenants the source of tenant ids (required, unless {@link #tenants(TenantId...)} is
     *     used)
     * @return this builder
     */
    public Builder tenants(Supplier<? extends Collection<TenantId>> tenants) {
      this.tenants = Checks.notNull(tenants, "tenants");
      return this;
    }

    /**
     * A fixed set of tenants.
     *
     * @param tenants the tenants
     * @return this builder
     */
    public Builder tenants(TenantId... tenants) {
      Checks.notNull(tenants, "tenants");
      List<TenantId> fixed = List.of(tenants);
      this.tenants = () -> fixed;
      return this;
    }

    /**
     * Adds an observer told how each reminder send ended and when each run ended, for metrics and
     * health checks (default: none).
     *
     * @param observer the observer, called in the order added
     * @return this builder
     */
    public Builder observer(Observer observer) {
      observers.add(Checks.notNull(observer, "observer"));
      return this;
    }

    /**
     * A channel reminders may go through, by its {@link NotificationChannel#id()}; at least one.
     *
     * @param channel the channel; its id must be unique in this builder
     * @return this builder
     * @throws dev.cita.scheduling.ValidationException if a channel with the same id was added
     *     already
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
     * The texts; default {@link MessageTemplates#standard()}.
     *
     * @param templates the templates
     * @return this builder
     */
    public Builder templates(MessageTemplates templates) {
      this.templates = Checks.notNull(templates, "templates");
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
     * When reminders go out; default {@link ReminderPolicy#defaults()}.
     *
     * @param policy the offsets and grace
     * @return this builder
     */
    public Builder policy(ReminderPolicy policy) {
      this.policy = Checks.notNull(policy, "policy");
      return this;
    }

    /**
     * The owner name of this scheduler's claims; unique among schedulers sharing a store.
     *
     * @param workerId not blank; by default {@code reminders-} and a random UUID
     * @return this builder
     */
    public Builder workerId(String workerId) {
      this.workerId = Checks.notBlank(workerId, "workerId");
      return this;
    }

    /**
     * How long a claim lasts before another scheduler may take the reminder over; longer than a
     * send can take (channel timeouts included), shorter than the policy's grace. Default 2
     * minutes.
     *
     * @param lease positive
     * @return this builder
     */
    public Builder lease(Duration lease) {
      this.lease = Checks.positive(lease, "lease");
      return this;
    }

    /**
     * Failed sends of one reminder before it is abandoned; default 3.
     *
     * @param maxAttempts at least 1
     * @return this builder
     */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = Checks.atLeast(maxAttempts, 1, "maxAttempts");
      return this;
    }

    /**
     * Claims of one reminder that ended with the worker gone before it is abandoned; default 3.
     *
     * @param maxUnfinishedClaims at least 1
     * @return this builder
     */
    public Builder maxUnfinishedClaims(int maxUnfinishedClaims) {
      this.maxUnfinishedClaims = Checks.atLeast(maxUnfinishedClaims, 1, "maxUnfinishedClaims");
      return this;
    }

    /**
     * How often {@link ReminderScheduler#start()} runs; default 1 minute. Keep it well under the
     * grace.
     *
     * @param pollInterval positive
     * @return this builder
     */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = Checks.positive(pollInterval, "pollInterval");
      return this;
    }

    /**
     * Checks the settings and builds the scheduler; it does not start polling until {@link
     * ReminderScheduler#start()}.
     *
     * @return the scheduler
     * @throws dev.cita.scheduling.ValidationException if a required setting is missing, no channel
     *     was added, or the lease or poll interval is not shorter than the policy's grace
     */
    public ReminderScheduler build() {
      Checks.notNull(appointments, "appointmentStore");
      Checks.notNull(reminders, "reminderStore");
      Checks.notNull(tenants, "tenants");
      if (channels.isEmpty()) {
        throw new ValidationException("channel", "at least one notification channel is required");
      }
      if (lease.compareTo(policy.grace()) >= 0) {
        throw new ValidationException(
            "lease",
            "must be shorter than the reminder grace ("
                + policy.grace()
                + "), or a reminder whose sender died could never be retried in time; was "
                + lease);
      }
      if (pollInterval.compareTo(policy.grace()) >= 0) {
        throw new ValidationException(
            "pollInterval",
            "must be shorter than the reminder grace ("
                + policy.grace()
                + "), or reminders would be skipped between runs; was "
                + pollInterval);
      }
      return new ReminderScheduler(this);
    }
  }
}
