package dev.cita.scheduling.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.health.HealthChecks;
import dev.cita.scheduling.jdbc.JdbcStores;
import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.memory.InMemoryCalendarProvider;
import dev.cita.scheduling.memory.InMemoryReminderStore;
import dev.cita.scheduling.memory.InMemorySendAttemptStore;
import dev.cita.scheduling.memory.InMemoryWebhookInbox;
import dev.cita.scheduling.micrometer.CitaMetrics;
import dev.cita.scheduling.notify.NotificationWorker;
import dev.cita.scheduling.notify.ReminderScheduler;
import dev.cita.scheduling.observe.Observer;
import dev.cita.scheduling.spi.CalendarProvider;
import dev.cita.scheduling.spi.NotificationChannel;
import dev.cita.scheduling.sync.BusyRefresher;
import dev.cita.scheduling.sync.SyncWorker;
import dev.cita.scheduling.webhook.ProviderWebhooks;
import dev.cita.scheduling.webhook.WebhookHandler;
import dev.cita.scheduling.webhook.WebhookRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class CitaAutoConfigurationTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  CitaAutoConfiguration.class, CitaObservabilityAutoConfiguration.class))
          .withBean(DataSource.class, TestSupport::h2);

  private static boolean tableExists(DataSource ds, String table) throws SQLException {
    try (Connection c = ds.getConnection();
        var rs = c.getMetaData().getTables(null, null, table.toUpperCase(), null)) {
      return rs.next();
    }
  }

  @Test
  void startsWithOnlyADataSourceAndMigrates() {
    runner.run(
        context -> {
          assertThat(context).hasNotFailed();
          assertThat(context)
              .hasSingleBean(JdbcStores.class)
              .hasSingleBean(BookingService.class)
              .hasSingleBean(HealthChecks.class)
              .hasSingleBean(CitaHealthIndicator.class)
              .doesNotHaveBean(WebhookHandler.class) // no provider adapter
              .doesNotHaveBean(SyncWorker.class) // no calendar provider
              .doesNotHaveBean(NotificationWorker.class) // no channel
              .doesNotHaveBean(CitaMetrics.class); // no meter registry
          assertThat(tableExists(context.getBean(DataSource.class), "cita_appointment")).isTrue();
        });
  }

  @Test
  void migrationsCanBeTurnedOff() {
    runner
        .withPropertyValues("cita.jdbc.migrate=false")
        .run(
            context -> {
              assertThat(context).hasSingleBean(JdbcStores.class);
              assertThat(tableExists(context.getBean(DataSource.class), "cita_appointment"))
                  .isFalse();
            });
  }

  @Test
  void workersStartWithTheContextAndStopWithIt() {
    List<Object> workers = new ArrayList<>();
    runner
        .withBean(CalendarProvider.class, () -> new InMemoryCalendarProvider("google"))
        .withBean(NotificationChannel.class, TestSupport.SilentChannel::new)
        .withPropertyValues("cita.reminders.tenants=sucursal-centro")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              SyncWorker sync = context.getBean(SyncWorker.class);
              NotificationWorker notify = context.getBean(NotificationWorker.class);
              ReminderScheduler reminders = context.getBean(ReminderScheduler.class);
              assertThat(sync.isRunning()).isTrue();
              assertThat(notify.isRunning()).isTrue();
              assertThat(reminders.isRunning()).isTrue();
              workers.addAll(List.of(sync, notify, reminders));
            });
    assertThat(workers).hasSize(3);
    assertThat(((SyncWorker) workers.get(0)).isRunning()).isFalse();
    assertThat(((NotificationWorker) workers.get(1)).isRunning()).isFalse();
    assertThat(((ReminderScheduler) workers.get(2)).isRunning()).isFalse();
  }

  @Test
  void busyRefreshersStartWithTheContextAndStopWithIt() {
    List<BusyRefresher> refreshers =
        List.of(
            BusyRefresher.builder("google", (tenant, window) -> OptionalInt.empty(), List::of)
                .build(),
            BusyRefresher.builder("calendly", (tenant, window) -> OptionalInt.empty(), List::of)
                .build());
    runner
        .withBean("google", BusyRefresher.class, () -> refreshers.get(0))
        .withBean("calendly", BusyRefresher.class, () -> refreshers.get(1))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(refreshers).allSatisfy(r -> assertThat(r.isRunning()).isTrue());
            });
    assertThat(refreshers).allSatisfy(r -> assertThat(r.isRunning()).isFalse());
  }

  @Test
  void theTwilioWebhookNeedsItsAuthTokenAndFailsTheStartNamingIt() {
    ApplicationContextRunner twilio =
        runner
            .withConfiguration(AutoConfigurations.of(CitaTwilioAutoConfiguration.class))
            .withPropertyValues("cita.twilio.webhook-enabled=true");
    twilio.run(
        context ->
            assertThat(context)
                .getFailure()
                .rootCause()
                .hasMessageContaining("cita.twilio.auth-token"));
    twilio
        .withPropertyValues("cita.twilio.auth-token=auth-token-abc")
        .run(
            context -> {
              assertThat(context).hasNotFailed().hasSingleBean(WebhookHandler.class);
              assertThat(context.getBean("citaTwilioWebhooks"))
                  .isInstanceOf(dev.cita.scheduling.whatsapp.TwilioWebhooks.class);
            });
  }

  @Test
  void aMissingRequiredPropertyFailsTheStartNamingIt() {
    runner
        .withBean(NotificationChannel.class, TestSupport.SilentChannel::new)
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("cita.reminders.tenants"));
  }

  @Test
  void aReminderTenantsBeanStandsForThePropertyAndIsAskedAgain() {
    java.util.concurrent.atomic.AtomicInteger asked =
        new java.util.concurrent.atomic.AtomicInteger();
    runner
        .withBean(NotificationChannel.class, TestSupport.SilentChannel::new)
        .withBean(
            ReminderTenants.class,
            () ->
                () -> {
                  asked.incrementAndGet();
                  return List.of(TestSupport.BRANCH);
                })
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(ReminderScheduler.class).isRunning()).isTrue();
              long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
              while (asked.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
              }
              assertThat(asked.get()).isPositive();
            });
  }

  @Test
  void everyAutoConfiguredBeanGivesWayToTheApplicationsOwn() {
    InMemoryAppointmentStore store = new InMemoryAppointmentStore();
    Clock clock = TestSupport.clock();
    BookingService bookings =
        BookingService.builder().appointmentStore(store).inMemoryDefaults().build();
    WebhookHandler handler =
        WebhookHandler.builder()
            .appointmentStore(store)
            .inbox(new InMemoryWebhookInbox())
            .provider(TestSupport.calcom())
            .build();
    CalendarProvider google = new InMemoryCalendarProvider("google");
    NotificationChannel channel = new TestSupport.SilentChannel();
    SyncWorker sync = SyncWorker.builder().appointmentStore(store).provider(google).build();
    NotificationWorker notify =
        NotificationWorker.builder()
            .appointmentStore(store)
            .sendAttempts(new InMemorySendAttemptStore(clock, java.time.Duration.ofDays(30)))
            .channel(channel)
            .build();
    ReminderScheduler reminders =
        ReminderScheduler.builder()
            .appointmentStore(store)
            .reminderStore(new InMemoryReminderStore())
            .tenants(TestSupport.BRANCH)
            .channel(channel)
            .build();
    HealthChecks checks = HealthChecks.builder().build();
    runner
        .withBean(Clock.class, () -> clock)
        .withBean(ProviderWebhooks.class, TestSupport::calcom)
        .withBean(CalendarProvider.class, () -> google)
        .withBean(NotificationChannel.class, () -> channel)
        .withBean(BookingService.class, () -> bookings)
        .withBean(WebhookHandler.class, () -> handler)
        .withBean(SyncWorker.class, () -> sync)
        .withBean(NotificationWorker.class, () -> notify)
        .withBean(ReminderScheduler.class, () -> reminders)
        .withBean(HealthChecks.class, () -> checks)
        .run(
            context -> {
              // No cita.reminders.tenants: the application's own scheduler needs none.
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(Clock.class)).isSameAs(clock);
              assertThat(context.getBean(BookingService.class)).isSameAs(bookings);
              assertThat(context.getBean(WebhookHandler.class)).isSameAs(handler);
              assertThat(context.getBean(SyncWorker.class)).isSameAs(sync);
              assertThat(context.getBean(NotificationWorker.class)).isSameAs(notify);
              assertThat(context.getBean(ReminderScheduler.class)).isSameAs(reminders);
              assertThat(context.getBean(HealthChecks.class)).isSameAs(checks);
              // The application's workers are still started with the context.
              assertThat(sync.isRunning()).isTrue();
              assertThat(reminders.isRunning()).isTrue();
            });
    assertThat(sync.isRunning()).isFalse();
  }

  @Test
  void healthIndicatorReportsTheDatabaseAndTheOutbox() {
    runner.run(
        context -> {
          var health = context.getBean(CitaHealthIndicator.class).health();
          assertThat(health.getStatus()).isEqualTo(Status.UP);
          assertThat(health.getDetails()).hasSize(2);
        });
  }

  @Test
  void healthIndicatorIsDownWhenTheDatabaseIsGone() {
    runner
        .withPropertyValues("cita.jdbc.migrate=false")
        .run(
            context -> {
              DataSource ds = context.getBean(DataSource.class);
              try (Connection c = ds.getConnection()) {
                c.createStatement().execute("SHUTDOWN");
              }
              assertThat(context.getBean(CitaHealthIndicator.class).health().getStatus())
                  .isEqualTo(Status.DOWN);
            });
  }

  @Test
  void metersAreBoundWhenAMeterRegistryExists() {
    runner
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withBean(ProviderWebhooks.class, TestSupport::calcom)
        .run(
            context -> {
              assertThat(context).hasSingleBean(CitaMetrics.class).hasSingleBean(Observer.class);
              MeterRegistry registry = context.getBean(MeterRegistry.class);
              context
                  .getBean(WebhookHandler.class)
                  .handle(
                      "nobody",
                      WebhookRequest.builder("POST", "https://app.example/cita/webhooks/nobody")
                          .body("{}")
                          .build());
              assertThat(registry.find(CitaMetrics.WEBHOOKS).counter()).isNotNull();
              assertThat(registry.find(CitaMetrics.WEBHOOKS).counter().count()).isEqualTo(1.0);
            });
  }
}
