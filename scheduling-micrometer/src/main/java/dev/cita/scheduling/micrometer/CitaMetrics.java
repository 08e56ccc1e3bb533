package dev.cita.scheduling.micrometer;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.observe.Observer;
import dev.cita.scheduling.spi.AuditLog;
import dev.cita.scheduling.spi.ConnectionStatusStore;
import dev.cita.scheduling.spi.OutboxStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Cita's meters on a Micrometer {@link MeterRegistry}, bound by one call. Hand {@link #observer()}
 * to the builders whose work should be counted, and wrap the API log with {@link #auditLog} so
 * provider calls are timed:
 *
 * <pre>{@code
 * CitaMetrics metrics = CitaMetrics.builder(registry)
 *     .outboxStore(stores.outbox())               // gauges: backlog per provider
 *     .connectionStatusStore(stores.connections()) // gauge: connections to reconnect
 *     .bind();
 * AuditLog apiLog = metrics.auditLog(stores.auditLog());
 * BookingService service = BookingService.builder()...observer(metrics.observer()).build();
 * WebhookHandler webhooks = WebhookHandler.builder()...observer(metrics.observer()).build();
 * }</pre>
 *
 * <p>The meters (tags in brackets; every tag value is bounded: enum names in lower case with
 * dashes, registered provider and channel ids, operation names, intents):
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th></tr>
 *   <tr><td>{@value #SLOT_QUERIES}</td><td>timer, p50/p95/p99</td><td>mode: single, any-of,
 *       all-of</td></tr>
 *   <tr><td>{@value #BOOKINGS}</td><td>counter</td><td>outcome: booked, idempotent-replay,
 *       slot-unavailable, validation, not-found, key-reused, outcome-unknown, failed; reason: the
 *       refusing rule (other-appointment, time-off, ...) or none</td></tr>
 *   <tr><td>{@value #TRANSITIONS}</td><td>counter</td><td>from (none for a new appointment),
 *       to</td></tr>
 *   <tr><td>{@value #WEBHOOKS}</td><td>counter</td><td>provider (unknown for an unregistered
 *       one), outcome: handled, duplicate, ignored, rejected, bad-signature, bad-request,
 *       payload-too-large, unknown-provider, rate-limited, failed</td></tr>
 *   <tr><td>{@value #PROVIDER_CALLS}</td><td>timer</td><td>provider, operation, outcome:
 *       success, failure</td></tr>
 *   <tr><td>{@value #OUTBOX_PUSHES}</td><td>counter</td><td>provider, action, outcome: pushed,
 *       retry, dead-letter</td></tr>
 *   <tr><td>{@value #OUTBOX_PENDING}</td><td>gauge</td><td>provider</td></tr>
 *   <tr><td>{@value #OUTBOX_OLDEST_PENDING_AGE}</td><td>gauge, seconds</td><td>provider</td></tr>
 *   <tr><td>{@value #OUTBOX_DEAD_LETTERS}</td><td>gauge</td><td>provider</td></tr>
 *   <tr><td>{@value #NOTIFICATIONS}</td><td>counter</td><td>channel, kind (reminder,
 *       confirmation, ...), outcome: sent, refused, failed</td></tr>
 *   <tr><td>{@value #REMINDER_RUNS}</td><td>counter</td><td>none</td></tr>
 *   <tr><td>{@value #TOKEN_REFRESHES}</td><td>counter</td><td>provider, outcome: refreshed,
 *       reauthorization-required, failed</td></tr>
 *   <tr><td>{@value #CONNECTIONS_NEEDING_REAUTHORIZATION}</td><td>gauge</td><td>provider</td></tr>
 *   <tr><td>{@value #BACKLOG_PROVIDERS}</td><td>gauge</td><td>none: how many providers the
 *       gauges above show a backlog or a re-authorization for</td></tr>
 *   <tr><td>{@value #ASSISTANT_TURNS}</td><td>counter</td><td>intent, outcome: the conversation's
 *       state after the turn (offered, awaiting_confirmation, ...) or failed</td></tr>
 * </table>
 *
 * <p>No tenant, appointment, customer or message id is a tag by default. {@link
 * Builder#tenantTags(boolean)} adds a {@code tenant} tag to the meters of one tenant's work (every
 * meter but the webhooks, the reminder runs and the gauges): one series per tenant, so only for a
 * few hundred tenants at most.
 *
 * <p>The gauges read the stores at most once per {@link Builder#pollInterval poll interval} (10
 * seconds by default), through {@link OutboxStore#backlog()} and {@link
 * ConnectionStatusStore#countByProvider}, which use indexes over the pending, dead and
 * re-authorization rows only. A provider's gauges appear once it is seen: in a store read, an
 * outbox push, or {@link Builder#providers}.
 */
public final class CitaMetrics {
  /** Slot query latency. */
  public static final String SLOT_QUERIES = "cita.slot.queries";

  /** Booking attempts by outcome. */
  public static final String BOOKINGS = "cita.bookings";

  /** Appointment status transitions stored. */
  public static final String TRANSITIONS = "cita.appointment.transitions";

  /** Webhook deliveries by outcome. */
  public static final String WEBHOOKS = "cita.webhooks";

  /** Provider API calls, timed. */
  public static final String PROVIDER_CALLS = "cita.provider.calls";

  /** Outbox push attempts by outcome. */
  public static final String OUTBOX_PUSHES = "cita.outbox.pushes";

  /** Outbox entries waiting to be pushed. */
  public static final String OUTBOX_PENDING = "cita.outbox.pending";

  /** Age of the oldest pending outbox entry, in seconds. */
  public static final String OUTBOX_OLDEST_PENDING_AGE = "cita.outbox.oldest.pending.age";

  /** Outbox dead letters awaiting an operator. */
  public static final String OUTBOX_DEAD_LETTERS = "cita.outbox.dead.letters";

  /** Notification and reminder sends by channel, kind and outcome. */
  public static final String NOTIFICATIONS = "cita.notifications";

  /** Reminder scheduler runs. */
  public static final String REMINDER_RUNS = "cita.reminder.runs";

  /** Token refreshes by outcome. */
  public static final String TOKEN_REFRESHES = "cita.token.refreshes";

  /**
   * Providers with an outbox backlog or connections needing re-authorization; reading it polls the
   * stores, which registers the gauges of providers seen for the first time.
   */
  public static final String BACKLOG_PROVIDERS = "cita.backlog.providers";

  /** Connections needing re-authorization. */
  public static final String CONNECTIONS_NEEDING_REAUTHORIZATION =
      "cita.connections.reauthorization.required";

  /** Booking assistant turns by intent and outcome. */
  public static final String ASSISTANT_TURNS = "cita.assistant.turns";

  private final Observer observer;

  private CitaMetrics(Builder b) {
    BacklogGauges gauges =
        new BacklogGauges(b.registry, b.outbox, b.connections, b.clock, b.pollInterval);
    gauges.register();
    b.providers.forEach(gauges::watch);
    gauges.poll();
    this.observer = Observer.all(List.of(new MeterObserver(b.registry, b.tenantTags, gauges)));
  }

  /**
   * Binds the counters and timers (no gauges: use {@link #builder} with the stores for those).
   *
   * @param registry the registry the meters are registered in
   * @return the bound metrics
   */
  public static CitaMetrics bind(MeterRegistry registry) {
    return builder(registry).bind();
  }

  /**
   * {@return a builder for metrics on {@code registry}}
   *
   * @param registry the registry the meters are registered in
   */
  public static Builder builder(MeterRegistry registry) {
    return new Builder(Checks.notNull(registry, "registry"));
  }

  /**
   * {@return the observer to hand to Cita's builders} ({@code BookingService}, {@code
   * WebhookHandler}, {@code SyncWorker}, {@code ReminderScheduler}, {@code BookingNotifier}, {@code
   * CredentialManager}, {@code BookingAssistant}); it never throws.
   */
  public Observer observer() {
    return observer;
  }

  /**
   * {@return {@code log}, also timing every provider call it records in {@value #PROVIDER_CALLS}}
   * Pass it as the API log of the adapters and the {@code SyncWorker}.
   *
   * @param log the API log to wrap (for example {@code AuditLog.noop()} to time calls without
   *     keeping a log)
   */
  public AuditLog auditLog(AuditLog log) {
    return observer.auditLog(log);
  }

  /** Collects the settings of {@link CitaMetrics}; {@link #bind()} registers the meters. */
  public static final class Builder {
    private final MeterRegistry registry;
    private @Nullable OutboxStore outbox;
    private @Nullable ConnectionStatusStore connections;
    private boolean tenantTags;
    private Clock clock = Clock.systemUTC();
    private Duration pollInterval = Duration.ofSeconds(10);
    private final List<String> providers = new ArrayList<>();

    private Builder(MeterRegistry registry) {
      this.registry = registry;
    }

    /**
     * Adds the outbox gauges ({@value CitaMetrics#OUTBOX_PENDING}, ...) read from {@code outbox};
     * the store must implement {@link OutboxStore#backlog()}.
     *
     * @param outbox the outbox the booking service writes to
     * @return this builder
     */
    public Builder outboxStore(OutboxStore outbox) {
      this.outbox = Checks.notNull(outbox, "outboxStore");
      return this;
    }

    /**
     * Adds the re-authorization gauge read from {@code connections}; the store must implement
     * {@link ConnectionStatusStore#countByProvider}.
     *
     * @param connections the credential manager's connection status store
     * @return this builder
     */
    public Builder connectionStatusStore(ConnectionStatusStore connections) {
      this.connections = Checks.notNull(connections, "connectionStatusStore");
      return this;
    }

    /**
     * Registers the gauges of these providers at once (with value 0 until the stores say
     * otherwise), so dashboards see them before their first entry.
     *
     * @param providers provider ids, e.g. {@code "google"}
     * @return this builder
     */
    public Builder providers(String... providers) {
      for (String p : Checks.notNull(providers, "providers")) {
        this.providers.add(Checks.notBlank(p, "providers"));
      }
      return this;
    }

    /**
     * Opt-in: tag the meters of one tenant's work with {@code tenant}. Off by default: it makes one
     * series per tenant and meter, which a metrics backend pays for; use it for at most a few
     * hundred tenants.
     *
     * @param tenantTags true to add the tag
     * @return this builder
     */
    public Builder tenantTags(boolean tenantTags) {
      this.tenantTags = tenantTags;
      return this;
    }

    /**
     * How often the gauges read the stores at most; default 10 seconds.
     *
     * @param pollInterval positive
     * @return this builder
     */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = Checks.positive(pollInterval, "pollInterval");
      return this;
    }

    /**
     * The clock the poll interval and the oldest pending age are read from; tests pass a fake one.
     *
     * @param clock default {@link Clock#systemUTC()}
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    /**
     * Registers the gauges, reads the stores once, and returns the bound metrics.
     *
     * @return the bound metrics
     */
    public CitaMetrics bind() {
      return new CitaMetrics(this);
    }
  }
}
