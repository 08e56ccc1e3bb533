package dev.cita.scheduling.jdbc;

import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.token.CredentialManager;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * Every JDBC store of Cita over one {@link DataSource}: the one entry point of this module.
 * Creating it does not touch the schema; {@link #migrate()} applies the migrations
 * ({@link JdbcMigrations}) when the application does not run them with Flyway or Liquibase.
 *
 * <pre>{@code
 * JdbcStores stores = JdbcStores.create(dataSource).migrate();
 * BookingService service = stores.configure(BookingService.builder()).build();
 * SyncWorker worker = SyncWorker.builder()
 *     .appointmentStore(stores.appointments()).outboxStore(stores.outbox()).provider(google).build();
 * }</pre>
 *
 * <p>Each accessor returns the same store every time; the stores are thread-safe and may be
 * shared by every service of the application.
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

  private JdbcStores(DataSource dataSource, Clock clock) {
    this.dataSource = Checks.notNull(dataSource, "dataSource");
    Checks.notNull(clock, "clock");
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
  }

  /** The stores over {@code dataSource}, reading time from {@link Clock#systemUTC()}. */
  public static JdbcStores create(DataSource dataSource) {
    return create(dataSource, Clock.systemUTC());
  }

  /**
   * The stores over {@code dataSource}; {@code clock} is what the stores that expire or stamp
   * rows themselves (authorization states, notification preferences) read.
   */
  public static JdbcStores create(DataSource dataSource, Clock clock) {
    return new JdbcStores(dataSource, clock);
  }

  /**
   * Applies the migrations the database has not seen yet ({@link JdbcMigrations#migrate}); safe
   * to call on every start and from several nodes at once.
   *
   * @return this
   */
  public JdbcStores migrate() {
    JdbcMigrations.migrate(dataSource);
    return this;
  }

  /**
   * Sets the appointment, schedule and idempotency stores of {@code builder} to these durable
   * ones, so {@link BookingService.Builder#build()} needs no in-memory default.
   *
   * @return {@code builder}
   */
  public BookingService.Builder configure(BookingService.Builder builder) {
    return Checks.notNull(builder, "builder").appointmentStore(appointments).scheduleStore(schedules)
        .idempotencyStore(idempotency);
  }

  /**
   * Sets the status store of {@code builder} to {@link #connectionStatuses()}. The credential store
   * is still to be set: an encrypting store over {@link #tokens()}.
   *
   * @return {@code builder}
   */
  public CredentialManager.Builder configure(CredentialManager.Builder builder) {
    return Checks.notNull(builder, "builder").statusStore(connectionStatuses);
  }

  /** Appointments, with their external references, seats and outbox entries written together. */
  public JdbcAppointmentStore appointments() {
    return appointments;
  }

  /** The outbox the appointment store writes into ({@code appointments().outbox()}). */
  public JdbcOutboxStore outbox() {
    return appointments.outbox();
  }

  /** Schedules and appointment types. */
  public JdbcScheduleStore schedules() {
    return schedules;
  }

  /** Idempotency keys of bookings. */
  public JdbcIdempotencyStore idempotency() {
    return idempotency;
  }

  /** Reminder claims. */
  public JdbcReminderStore reminders() {
    return reminders;
  }

  /** Per-tenant notification preferences. */
  public JdbcNotificationPreferencesStore notificationPreferences() {
    return notificationPreferences;
  }

  /** Sealed credentials (ciphertext only): wrap it in an encrypting store. */
  public JdbcTokenStore tokens() {
    return tokens;
  }

  /** Connection statuses, for {@code CredentialManager}. */
  public JdbcConnectionStatusStore connectionStatuses() {
    return connectionStatuses;
  }

  /** One-time OAuth authorization states (with PKCE verifiers). */
  public JdbcAuthorizationStateStore authorizationStates() {
    return authorizationStates;
  }

  /** Webhook deliveries seen, for de-duplication. */
  public JdbcWebhookInbox webhookInbox() {
    return webhookInbox;
  }

  /** The API log. */
  public JdbcAuditLog auditLog() {
    return auditLog;
  }

  /** Conversation states of the booking assistant (opaque bytes). */
  public JdbcConversationStateStore conversations() {
    return conversations;
  }
}
