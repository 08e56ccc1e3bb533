package dev.cita.scheduling.jdbc;

import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.token.CredentialManager;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Every JDBC store of Cita over one {@link DataSource}: the one entry point of this module.
 * Creating it does not touch the schema; {@link #migrate()} applies the migrations ({@link
 * JdbcMigrations}) when the application does not run them with Flyway or Liquibase.
 *
 * <pre>{@code
 * JdbcStores stores = JdbcStores.create(dataSource).migrate();
 * BookingService service = stores.configure(BookingService.builder()).build();
 * SyncWorker worker = SyncWorker.builder()
 *     .appointmentStore(stores.appointments()).outboxStore(stores.outbox()).provider(google).build();
 * }</pre>
 *
 * <p>Each accessor returns the same store every time; the stores are thread-safe and may be shared
 * by every service of the application.
 */
public final class JdbcStores {
  private final DataSource dataSource;
  private final JdbcAppointmentStore appointments;
  private final JdbcScheduleStore schedules;
  private final JdbcIdempotencyStore idempotency;
  private final JdbcReminderStore reminders;
  private final JdbcNotificationPreferencesStore notificationPreferences;
  private final JdbcTokenStore tokens;
  private final JdbcConnectionStatusStore connectionStatuses;
  private final JdbcAuthorizationStateStore authorizationStates;
  private final JdbcWebhookInbox webhookInbox;
  private final JdbcAuditLog auditLog;
  private final JdbcConversationStateStore conversations;
  private final JdbcPushChannelStore pushChannels;
  private final JdbcCalendarAssignmentStore calendarAssignments;
  private final JdbcProviderMappingStore providerMappings;
  private final JdbcLastInboundStore lastInbound;
  private final JdbcDeliveryStatusStore deliveryStatuses;
  private final JdbcSendAttemptStore sendAttempts;
  private final JdbcBusyTimeStore busyTime;
  private final JdbcLeaseStore leases;
  private final JdbcStaffStore staff;
  private final JdbcClosureStore closures;
  private final JdbcConnectLinkStore connectLinks;

  private JdbcStores(DataSource target, Clock clock, JdbcTransactions transactions) {
    this.dataSource = Checks.notNull(target, "dataSource");
    Checks.notNull(clock, "clock");
    DataSource dataSource = JoiningDataSource.over(target, transactions);
    this.appointments = JdbcAppointmentStore.create(dataSource);
    this.schedules = new JdbcScheduleStore(dataSource);
    this.idempotency = new JdbcIdempotencyStore(dataSource);
    this.reminders = new JdbcReminderStore(dataSource);
    this.notificationPreferences = new JdbcNotificationPreferencesStore(dataSource, clock);
    this.tokens = new JdbcTokenStore(dataSource);
    this.connectionStatuses = new JdbcConnectionStatusStore(dataSource);
    this.authorizationStates = new JdbcAuthorizationStateStore(dataSource, clock);
    this.webhookInbox = new JdbcWebhookInbox(dataSource);
    this.auditLog = new JdbcAuditLog(dataSource);
    this.conversations = new JdbcConversationStateStore(dataSource);
    this.pushChannels = new JdbcPushChannelStore(dataSource);
    this.calendarAssignments = new JdbcCalendarAssignmentStore(dataSource);
    this.providerMappings = new JdbcProviderMappingStore(dataSource);
    this.lastInbound = new JdbcLastInboundStore(dataSource);
    this.deliveryStatuses = new JdbcDeliveryStatusStore(dataSource);
    this.sendAttempts = new JdbcSendAttemptStore(dataSource, clock);
    this.busyTime = new JdbcBusyTimeStore(dataSource);
    this.leases = new JdbcLeaseStore(dataSource);
    this.staff = new JdbcStaffStore(dataSource);
    this.closures = new JdbcClosureStore(dataSource);
    this.connectLinks = new JdbcConnectLinkStore(dataSource);
  }

  /**
   * The stores over {@code dataSource}, reading time from {@link Clock#systemUTC()}.
   *
   * @param dataSource the database, PostgreSQL or H2; its dialect is read from it once, here
   * @return the stores; the schema is not touched
   * @throws dev.cita.scheduling.SchedulingException if the database is neither PostgreSQL nor H2,
   *     or cannot be reached
   */
  public static JdbcStores create(DataSource dataSource) {
    return create(dataSource, Clock.systemUTC());
  }

  /**
   * The stores over {@code dataSource}, with the clock that the stores which expire or stamp rows
   * themselves (authorization states, notification preferences, send attempts) read.
   *
   * @param dataSource the database, PostgreSQL or H2; its dialect is read from it once, here
   * @param clock the clock of those stores; use the booking service's clock in tests
   * @return the stores; the schema is not touched
   * @throws dev.cita.scheduling.SchedulingException if the database is neither PostgreSQL nor H2,
   *     or cannot be reached
   */
  public static JdbcStores create(DataSource dataSource, Clock clock) {
    return builder(dataSource).clock(clock).build();
  }

  /**
   * A builder of the stores over {@code dataSource}: the clock and whose transactions they work in.
   *
   * @param dataSource the database, PostgreSQL or H2; its dialect is read from it in {@link
   *     Builder#build()}
   * @return a builder with {@link Clock#systemUTC()} and {@link JdbcTransactions#own()}
   */
  public static Builder builder(DataSource dataSource) {
    return new Builder(Checks.notNull(dataSource, "dataSource"));
  }

  /** Sets up {@link JdbcStores}: the clock and the transactions they join. */
  public static final class Builder {
    private final DataSource dataSource;
    private Clock clock = Clock.systemUTC();
    private JdbcTransactions transactions = JdbcTransactions.own();

    private Builder(DataSource dataSource) {
      this.dataSource = dataSource;
    }

    /**
     * Sets the clock of the stores that expire or stamp rows themselves.
     *
     * @param clock the booking service's clock in tests
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    /**
     * Sets whose transactions the stores work in: {@link JdbcTransactions#own()} (the default), or
     * one that lets them join the application's ongoing transaction (the Spring Boot starter's,
     * with {@code cita.jdbc.join-spring-transactions=true}). Migrations and the health check always
     * use connections of their own.
     *
     * @param transactions the transactions to join
     * @return this builder
     */
    public Builder transactions(JdbcTransactions transactions) {
      this.transactions = Checks.notNull(transactions, "transactions");
      return this;
    }

    /**
     * {@return the stores; the schema is not touched}
     *
     * @throws dev.cita.scheduling.SchedulingException if the database is neither PostgreSQL nor H2,
     *     or cannot be reached
     */
    public JdbcStores build() {
      return new JdbcStores(dataSource, clock, transactions);
    }
  }

  /**
   * Applies the migrations the database has not seen yet ({@link JdbcMigrations#migrate}); safe to
   * call on every start and from several nodes at once.
   *
   * @return this
   */
  public JdbcStores migrate() {
    JdbcMigrations.migrate(dataSource);
    return this;
  }

  /**
   * Sets the appointment, schedule and idempotency stores of {@code builder} to these durable ones,
   * so {@link BookingService.Builder#build()} needs no in-memory default.
   *
   * @param builder the builder to set the stores on
   * @return {@code builder}
   */
  public BookingService.Builder configure(BookingService.Builder builder) {
    return Checks.notNull(builder, "builder")
        .appointmentStore(appointments)
        .scheduleStore(schedules)
        .idempotencyStore(idempotency);
  }

  /**
   * Sets the status store of {@code builder} to {@link #connectionStatuses()}. The credential store
   * is still to be set: an encrypting store over {@link #tokens()}.
   *
   * @param builder the builder to set the status store on
   * @return {@code builder}
   */
  public CredentialManager.Builder configure(CredentialManager.Builder builder) {
    return Checks.notNull(builder, "builder").statusStore(connectionStatuses);
  }

  /**
   * {@return a health probe of the database: {@code SELECT 1} with {@code timeout}}
   *
   * @param timeout the probe's timeout, rounded up to whole seconds; positive
   * @see JdbcHealthCheck
   */
  public JdbcHealthCheck healthCheck(Duration timeout) {
    return JdbcHealthCheck.of(dataSource, timeout);
  }

  /**
   * {@return the appointment store} It writes an appointment with its external references, seats
   * and outbox entries in one transaction.
   */
  public JdbcAppointmentStore appointments() {
    return appointments;
  }

  /** {@return the outbox the appointment store writes into ({@code appointments().outbox()})} */
  public JdbcOutboxStore outbox() {
    return appointments.outbox();
  }

  /** {@return the store of schedules and appointment types} */
  public JdbcScheduleStore schedules() {
    return schedules;
  }

  /** {@return the store of booking idempotency keys} */
  public JdbcIdempotencyStore idempotency() {
    return idempotency;
  }

  /**
   * {@return the store of reminder claims, which keeps two nodes from sending the same reminder}
   */
  public JdbcReminderStore reminders() {
    return reminders;
  }

  /** {@return the store of per-tenant notification preferences} */
  public JdbcNotificationPreferencesStore notificationPreferences() {
    return notificationPreferences;
  }

  /**
   * {@return the store of sealed credentials} It holds ciphertext only: wrap it in an encrypting
   * store.
   */
  public JdbcTokenStore tokens() {
    return tokens;
  }

  /** {@return the store of connection statuses, for {@code CredentialManager}} */
  public JdbcConnectionStatusStore connectionStatuses() {
    return connectionStatuses;
  }

  /** {@return the store of one-time OAuth authorization states (with their PKCE verifiers)} */
  public JdbcAuthorizationStateStore authorizationStates() {
    return authorizationStates;
  }

  /** {@return the inbox of webhook deliveries seen, for de-duplication} */
  public JdbcWebhookInbox webhookInbox() {
    return webhookInbox;
  }

  /**
   * {@return the API log: every provider call and webhook, per tenant, with its outcome and
   * latency}
   */
  public JdbcAuditLog auditLog() {
    return auditLog;
  }

  /** {@return the store of the booking assistant's conversation states (opaque bytes)} */
  public JdbcConversationStateStore conversations() {
    return conversations;
  }

  /**
   * {@return the store of push channels (Google {@code events.watch}), so any node verifies a
   * notification for a channel another node opened}
   */
  public JdbcPushChannelStore pushChannels() {
    return pushChannels;
  }

  /** {@return the store of each tenant's staff told about appointments (issue 19)} */
  public JdbcStaffStore staff() {
    return staff;
  }

  /**
   * {@return the store of each tenant's closures (issue 21)} Pass it to {@code
   * BookingService.Builder.closureSource}.
   */
  public JdbcClosureStore closures() {
    return closures;
  }

  /**
   * {@return the store of one-time onboarding links (issue 23)} The Spring Boot starter's {@code
   * ConnectLinks} keeps its links there.
   */
  public JdbcConnectLinkStore connectLinks() {
    return connectLinks;
  }

  /** {@return the store of which provider calendar holds each resource's time} */
  public JdbcCalendarAssignmentStore calendarAssignments() {
    return calendarAssignments;
  }

  /**
   * {@return the store of each branch's mapping between a booking tool (Cal.com, Calendly) and
   * Cita's resources and appointment types}
   */
  public JdbcProviderMappingStore providerMappings() {
    return providerMappings;
  }

  /**
   * {@return when each contact last wrote, per scope: the customer service windows every node
   * shares} The WhatsApp module reads it through {@code CustomerWindow.over(store, clock)}.
   */
  public JdbcLastInboundStore lastInbound() {
    return lastInbound;
  }

  /**
   * {@return the delivery status of sent messages, by the provider's message id} The WhatsApp
   * module reads it through {@code MessageStatusTracker.over(store)}.
   */
  public JdbcDeliveryStatusStore deliveryStatuses() {
    return deliveryStatuses;
  }

  /**
   * {@return the send attempts of a channel's idempotency keys, with the free-text messages the
   * provider accepted} The WhatsApp channel takes it as its {@code sentMessages} store.
   */
  public JdbcSendAttemptStore sendAttempts() {
    return sendAttempts;
  }

  /**
   * {@return the busy time of connected calendars that every node shares} Use it through {@code
   * ExternalBusyCache.shared(stores.busyTime(), "google")}.
   */
  public JdbcBusyTimeStore busyTime() {
    return busyTime;
  }

  /**
   * {@return the named leases that let one node at a time refresh a tenant} Use it through {@code
   * BusyRefresher.Builder.lease(stores.leases(), nodeId)}.
   */
  public JdbcLeaseStore leases() {
    return leases;
  }
}
