package dev.cita.scheduling.spring;

import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.health.HealthCheck;
import dev.cita.scheduling.health.HealthChecks;
import dev.cita.scheduling.health.OutboxHealthCheck;
import dev.cita.scheduling.jdbc.JdbcStores;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.notify.AppointmentDetailsSource;
import dev.cita.scheduling.notify.NotificationWorker;
import dev.cita.scheduling.notify.ReminderScheduler;
import dev.cita.scheduling.observe.Observer;
import dev.cita.scheduling.spi.CalendarProvider;
import dev.cita.scheduling.spi.NotificationChannel;
import dev.cita.scheduling.sync.BusyRefresher;
import dev.cita.scheduling.sync.SyncWorker;
import dev.cita.scheduling.webhook.ProviderWebhooks;
import dev.cita.scheduling.webhook.WebhookHandler;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Cita from a {@link DataSource}: the JDBC stores (migrated on start unless {@code
 * cita.jdbc.migrate=false}), the {@link BookingService}, the {@link WebhookHandler} over every
 * {@link ProviderWebhooks} bean, and the workers, started and stopped with the context: the {@link
 * SyncWorker} when a {@link CalendarProvider} bean exists, the {@link NotificationWorker} and the
 * {@link ReminderScheduler} when a {@link NotificationChannel} bean exists (then bookings and
 * webhooks queue their notices in the durable outbox), and the application's {@link BusyRefresher}
 * beans. Each bean gives way to the application's own.
 */
@AutoConfiguration(
    afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass(JdbcStores.class)
@ConditionalOnBean(DataSource.class)
@EnableConfigurationProperties(CitaProperties.class)
public class CitaAutoConfiguration {

  /** Creates the configuration; Spring calls it. */
  public CitaAutoConfiguration() {}

  /** {@return the clock every Cita bean reads the time from} */
  @Bean
  @ConditionalOnMissingBean
  public Clock citaClock() {
    return Clock.systemUTC();
  }

  /**
   * {@return the JDBC stores over the data source, migrated unless turned off, joining the
   * application's Spring-managed transactions with {@code cita.jdbc.join-spring-transactions}}
   *
   * @param dataSource the application's data source
   * @param clock the clock
   * @param properties the settings
   */
  @Bean
  @ConditionalOnMissingBean
  public JdbcStores citaJdbcStores(DataSource dataSource, Clock clock, CitaProperties properties) {
    JdbcStores.Builder builder = JdbcStores.builder(dataSource).clock(clock);
    if (properties.getJdbc().isJoinSpringTransactions()) {
      builder.transactions(new SpringTransactions());
    }
    JdbcStores stores = builder.build();
    return properties.getJdbc().isMigrate() ? stores.migrate() : stores;
  }

  /**
   * {@return the booking service over the JDBC stores}
   *
   * @param stores the stores
   * @param clock the clock
   * @param observer the observer, when there is one (metrics)
   * @param channels the notification channels; any turns on the durable notification queue
   */
  @Bean
  @ConditionalOnMissingBean
  public BookingService citaBookingService(
      JdbcStores stores,
      Clock clock,
      ObjectProvider<Observer> observer,
      ObjectProvider<NotificationChannel> channels) {
    BookingService.Builder builder =
        stores.configure(BookingService.builder()).clock(clock).observer(observer(observer));
    if (channels.iterator().hasNext()) {
      builder.queueNotifications();
    }
    return builder.build();
  }

  /**
   * {@return the webhook handler over every provider adapter bean}
   *
   * @param stores the stores
   * @param clock the clock
   * @param providers the provider adapters; at least one
   * @param observer the observer, when there is one (metrics)
   * @param channels the notification channels; any turns on the durable notification queue
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(ProviderWebhooks.class)
  public WebhookHandler citaWebhookHandler(
      JdbcStores stores,
      Clock clock,
      List<ProviderWebhooks> providers,
      ObjectProvider<Observer> observer,
      ObjectProvider<NotificationChannel> channels) {
    WebhookHandler.Builder builder =
        WebhookHandler.builder()
            .appointmentStore(stores.appointments())
            .inbox(stores.webhookInbox())
            .outboxStore(stores.outbox())
            .auditLog(stores.auditLog())
            .clock(clock)
            .observer(observer(observer));
    providers.forEach(builder::provider);
    if (channels.iterator().hasNext()) {
      builder.queueNotifications();
    }
    return builder.build();
  }

  /**
   * {@return the worker that pushes local changes to the calendar providers}
   *
   * @param stores the stores
   * @param bookings the booking service
   * @param clock the clock
   * @param providers the calendar providers; at least one
   * @param observer the observer, when there is one (metrics)
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(CalendarProvider.class)
  public SyncWorker citaSyncWorker(
      JdbcStores stores,
      BookingService bookings,
      Clock clock,
      List<CalendarProvider> providers,
      ObjectProvider<Observer> observer) {
    SyncWorker.Builder builder =
        SyncWorker.builder()
            .appointmentStore(stores.appointments())
            .outboxStore(stores.outbox())
            .bookingService(bookings)
            .auditLog(stores.auditLog())
            .clock(clock)
            .observer(observer(observer));
    providers.forEach(builder::provider);
    return builder.build();
  }

  /**
   * {@return the sync worker's start and stop with the context}
   *
   * @param worker the worker
   * @param properties the settings
   */
  @Bean
  @ConditionalOnBean(SyncWorker.class)
  public WorkerLifecycle citaSyncWorkerLifecycle(SyncWorker worker, CitaProperties properties) {
    return new WorkerLifecycle(
        "sync worker",
        worker::start,
        worker::stop,
        worker::isRunning,
        worker::drain,
        properties.getWorkers().getDrainTimeout());
  }

  /**
   * {@return the worker that sends the queued notices, exactly once}
   *
   * @param stores the stores
   * @param clock the clock
   * @param channels the notification channels; at least one
   * @param observer the observer, when there is one (metrics)
   * @param details the branch, address and professional shown in notices, when there is a source
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(NotificationChannel.class)
  public NotificationWorker citaNotificationWorker(
      JdbcStores stores,
      Clock clock,
      List<NotificationChannel> channels,
      ObjectProvider<Observer> observer,
      ObjectProvider<AppointmentDetailsSource> details) {
    NotificationWorker.Builder builder =
        NotificationWorker.builder()
            .appointmentStore(stores.appointments())
            .outboxStore(stores.outbox())
            .sendAttempts(stores.sendAttempts())
            .preferences(stores.notificationPreferences())
            .staff(stores.staff())
            .scheduleStore(stores.schedules())
            .auditLog(stores.auditLog())
            .clock(clock)
            .observer(observer(observer));
    channels.forEach(builder::channel);
    details.ifAvailable(builder::details);
    return builder.build();
  }

  /**
   * {@return the notification worker's start and stop with the context}
   *
   * @param worker the worker
   * @param properties the settings
   */
  @Bean
  @ConditionalOnBean(NotificationWorker.class)
  public WorkerLifecycle citaNotificationWorkerLifecycle(
      NotificationWorker worker, CitaProperties properties) {
    return new WorkerLifecycle(
        "notification worker",
        worker::start,
        worker::stop,
        worker::isRunning,
        worker::drain,
        properties.getWorkers().getDrainTimeout());
  }

  /**
   * {@return the scheduler that sends reminders before appointments}
   *
   * @param stores the stores
   * @param clock the clock
   * @param channels the notification channels; at least one
   * @param observer the observer, when there is one (metrics)
   * @param properties the settings; {@code cita.reminders.tenants} is required without a {@link
   *     ReminderTenants} bean
   * @param tenantSource the tenants, asked on every pass, when the application defines them
   * @param details the branch, address and professional shown in reminders, when there is a source
   * @throws IllegalStateException naming {@code cita.reminders.tenants} when it is empty and there
   *     is no {@link ReminderTenants} bean
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(NotificationChannel.class)
  public ReminderScheduler citaReminderScheduler(
      JdbcStores stores,
      Clock clock,
      List<NotificationChannel> channels,
      ObjectProvider<Observer> observer,
      CitaProperties properties,
      ObjectProvider<ReminderTenants> tenantSource,
      ObjectProvider<AppointmentDetailsSource> details) {
    ReminderTenants source = tenantSource.getIfAvailable();
    if (source == null) {
      List<TenantId> tenants =
          properties.getReminders().getTenants().stream().map(TenantId::of).toList();
      if (tenants.isEmpty()) {
        throw new IllegalStateException(
            "cita.reminders.tenants is required when a NotificationChannel bean is defined: list"
                + " the tenants whose appointments get reminders, or define a ReminderTenants bean"
                + " or your own ReminderScheduler");
      }
      source = () -> tenants;
    }
    ReminderTenants tenants = source;
    ReminderScheduler.Builder builder =
        ReminderScheduler.builder()
            .appointmentStore(stores.appointments())
            .reminderStore(stores.reminders())
            .preferences(stores.notificationPreferences())
            .scheduleStore(stores.schedules())
            .tenants(tenants::tenants)
            .clock(clock)
            .observer(observer(observer));
    channels.forEach(builder::channel);
    details.ifAvailable(builder::details);
    return builder.build();
  }

  /**
   * {@return the reminder scheduler's start and stop with the context}
   *
   * @param scheduler the scheduler
   * @param properties the settings
   */
  @Bean
  @ConditionalOnBean(ReminderScheduler.class)
  public WorkerLifecycle citaReminderSchedulerLifecycle(
      ReminderScheduler scheduler, CitaProperties properties) {
    return new WorkerLifecycle(
        "reminder scheduler",
        scheduler::start,
        scheduler::stop,
        scheduler::isRunning,
        timeout -> true,
        properties.getWorkers().getDrainTimeout());
  }

  /**
   * {@return the start and stop with the context of every {@link BusyRefresher} bean} A refresher
   * has nothing queued, so stopping it waits only for its round in progress ({@code stopWait}).
   *
   * @param refreshers the application's busy refreshers; at least one
   * @param properties the settings
   */
  @Bean
  @ConditionalOnBean(BusyRefresher.class)
  public WorkerLifecycle citaBusyRefreshersLifecycle(
      List<BusyRefresher> refreshers, CitaProperties properties) {
    return new WorkerLifecycle(
        refreshers.size() + " busy refresher(s)",
        () -> refreshers.forEach(BusyRefresher::start),
        () -> refreshers.forEach(BusyRefresher::stop),
        () -> refreshers.stream().anyMatch(BusyRefresher::isRunning),
        timeout -> true,
        properties.getWorkers().getDrainTimeout());
  }

  /**
   * {@return Cita's health checks: the database and the outbox}
   *
   * @param stores the stores
   * @param clock the clock
   * @param properties the settings
   */
  @Bean
  @ConditionalOnMissingBean
  public HealthChecks citaHealthChecks(JdbcStores stores, Clock clock, CitaProperties properties) {
    HealthCheck outbox = OutboxHealthCheck.builder(stores.outbox()).clock(clock).build();
    return HealthChecks.builder()
        .add(stores.healthCheck(properties.getHealth().getTimeout()))
        .add(outbox)
        .timeout(properties.getHealth().getTimeout())
        .build();
  }

  private static Observer observer(ObjectProvider<Observer> observer) {
    return observer.getIfAvailable(() -> Observer.NONE);
  }
}
