package dev.cita.scheduling.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.TestClock;
import dev.cita.scheduling.memory.InMemoryConnectionStatusStore;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.AuditEntry;
import dev.cita.scheduling.spi.OutboxStore;
import dev.cita.scheduling.sync.OutboxBacklog;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.ConnectionState;
import dev.cita.scheduling.token.ConnectionStatus;
import dev.cita.scheduling.webhook.WebhookResult;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each check's thresholds, row by row: the values just under, at and over each limit. */
class HealthThresholdsTest {
  private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
  private final TestClock clock = new TestClock(NOW);

  /** An outbox that answers {@code lines} to backlog() and nothing else. */
  private static OutboxStore outboxOf(List<OutboxBacklog> lines) {
    return (OutboxStore)
        Proxy.newProxyInstance(
            OutboxStore.class.getClassLoader(),
            new Class<?>[] {OutboxStore.class},
            (proxy, method, args) -> {
              if (method.getName().equals("backlog")) {
                return lines;
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }

  @ParameterizedTest(name = "lag {0}s, {1} dead -> {2}")
  @CsvSource({
    "0,    0, UP",
    "299,  0, UP",
    "300,  0, DEGRADED",
    "3599, 0, DEGRADED",
    "3600, 0, DOWN",
    "0,    1, DEGRADED",
    "3600, 5, DOWN",
  })
  void outboxLagAndDeadLetters(long lagSeconds, long dead, Health.Status expected) {
    OutboxBacklog google =
        new OutboxBacklog(
            "google",
            lagSeconds > 0 ? 3 : 0,
            lagSeconds > 0 ? Optional.of(NOW.minusSeconds(lagSeconds)) : Optional.empty(),
            dead);
    OutboxBacklog calm = new OutboxBacklog("calcom", 1, Optional.of(NOW), 0);
    OutboxHealthCheck check =
        OutboxHealthCheck.builder(outboxOf(List.of(calm, google))).clock(clock).build();

    Health health = check.check();

    assertThat(health.status()).isEqualTo(expected);
    assertThat(health.details())
        .containsEntry("google.lagSeconds", Long.toString(lagSeconds))
        .containsEntry("google.deadLetters", Long.toString(dead))
        .containsEntry("calcom.pending", "1");
  }

  @ParameterizedTest(name = "custom thresholds: lag {0}s, {1} dead -> {2}")
  @CsvSource({"59, 9, UP", "60, 9, DEGRADED", "59, 10, DEGRADED", "120, 0, DOWN"})
  void outboxThresholdsAreSettable(long lagSeconds, long dead, Health.Status expected) {
    OutboxBacklog line =
        new OutboxBacklog("google", 1, Optional.of(NOW.minusSeconds(lagSeconds)), dead);
    OutboxHealthCheck check =
        OutboxHealthCheck.builder(outboxOf(List.of(line)))
            .clock(clock)
            .lagDegraded(Duration.ofMinutes(1))
            .lagDown(Duration.ofMinutes(2))
            .deadLettersDegraded(10)
            .build();

    assertThat(check.check().status()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} needing re-authorization, threshold {1} -> {2}")
  @CsvSource({"0, 1, UP", "1, 1, DEGRADED", "2, 3, UP", "3, 3, DEGRADED"})
  void connectionsNeedingReauthorization(int count, long degradedAt, Health.Status expected) {
    InMemoryConnectionStatusStore statuses = new InMemoryConnectionStatusStore();
    for (int i = 0; i < count; i++) {
      statuses.save(
          ConnectionKey.of(TenantId.of("t" + i), "google", "agenda@t" + i + ".cl"),
          new ConnectionState(ConnectionStatus.NEEDS_REAUTHORIZATION, NOW, "invalid_grant"));
    }
    statuses.save(
        ConnectionKey.of(TenantId.of("ok"), "google", "agenda@ok.cl"),
        new ConnectionState(ConnectionStatus.CONNECTED, NOW, "authorized"));
    ReauthorizationCheck check = ReauthorizationCheck.of(statuses, degradedAt);

    Health health = check.check();

    assertThat(health.status()).isEqualTo(expected);
    assertThat(health.details())
        .isEqualTo(count == 0 ? Map.of() : Map.of("google.needsReauthorization", "" + count));
    assertThat(health.details().toString()).doesNotContain("agenda@", "t0");
    assertThat(check.tenants("google", 100)).hasSize(count);
  }

  @ParameterizedTest(name = "{0} calls, {1} failed -> {2}")
  @CsvSource({
    "9,  9, UP", // fewer than minCalls: no verdict
    "10, 2, UP",
    "10, 3, DEGRADED", // 30 % >= 25 %
    "12, 3, DEGRADED", // exactly 25 %
    "13, 3, UP",
    "100, 100, DEGRADED", // never DOWN: bookings go on
  })
  void providerErrorRate(int calls, int failed, Health.Status expected) {
    ProviderErrorRateCheck check = ProviderErrorRateCheck.of(clock);
    for (int i = 0; i < calls; i++) {
      check.audited(call("calcom", i < failed, NOW.minusSeconds(i)));
    }
    check.audited(webhook("calcom")); // inbound entries are not calls

    Health health = check.check();

    assertThat(health.status()).isEqualTo(expected);
    assertThat(health.details())
        .containsEntry("calcom.calls", "" + calls)
        .containsEntry("calcom.failures", "" + failed);
  }

  @ParameterizedTest(name = "failures {0} minutes old -> {1}")
  @CsvSource({"4, DEGRADED", "6, UP"})
  void providerErrorsOlderThanTheWindowAreForgotten(long minutesAgo, Health.Status expected) {
    ProviderErrorRateCheck check = ProviderErrorRateCheck.of(clock);
    for (int i = 0; i < 10; i++) {
      check.audited(call("google", true, NOW.minus(Duration.ofMinutes(minutesAgo))));
    }
    assertThat(check.check().status()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} bad signatures of {1} deliveries -> {2}")
  @CsvSource({"0, 100, UP", "49, 100, UP", "50, 50, DEGRADED", "500, 500, DEGRADED"})
  void webhookSignatureFailures(int bad, int deliveries, Health.Status expected) {
    WebhookSignatureCheck check = WebhookSignatureCheck.of(clock);
    for (int i = 0; i < deliveries; i++) {
      check.webhook(
          "twilio", i < bad ? WebhookResult.Outcome.UNAUTHORIZED : WebhookResult.Outcome.HANDLED);
    }

    Health health = check.check();

    assertThat(health.status()).isEqualTo(expected);
    assertThat(health.details())
        .containsEntry("twilio.deliveries", "" + deliveries)
        .containsEntry("twilio.badSignatures", "" + bad);
    clock.advance(Duration.ofMinutes(6));
    assertThat(check.check().status()).as("after the window").isEqualTo(Health.Status.UP);
  }

  @ParameterizedTest(name = "last run {0}s ago -> {1}")
  @CsvSource({
    "0,    UP",
    "299,  UP",
    "300,  DEGRADED",
    "1799, DEGRADED",
    "1800, DOWN",
  })
  void reminderSchedulerLastRun(long secondsAgo, Health.Status expected) {
    ReminderSchedulerCheck check =
        ReminderSchedulerCheck.of(
            () -> Optional.of(NOW.minusSeconds(secondsAgo)),
            clock,
            Duration.ofMinutes(5),
            Duration.ofMinutes(30));

    Health health = check.check();

    assertThat(health.status()).isEqualTo(expected);
    assertThat(health.details()).isEqualTo(Map.of("lastRunAgeSeconds", "" + secondsAgo));
  }

  @ParameterizedTest(name = "never ran, check made {0}s ago -> {1}")
  @CsvSource({"299, UP", "300, DEGRADED", "1800, DOWN"})
  void aSchedulerThatNeverRanAgesFromTheCheck(long secondsLater, Health.Status expected) {
    ReminderSchedulerCheck check =
        ReminderSchedulerCheck.of(
            Optional::empty, clock, Duration.ofMinutes(5), Duration.ofMinutes(30));
    clock.advance(Duration.ofSeconds(secondsLater));

    assertThat(check.check().status()).isEqualTo(expected);
  }

  private static AuditEntry call(String provider, boolean failed, Instant at) {
    return new AuditEntry(
        at,
        Optional.of(TenantId.of("t1")),
        provider,
        AuditEntry.Direction.OUTBOUND,
        "bookings.create",
        failed ? AuditEntry.Outcome.FAILURE : AuditEntry.Outcome.SUCCESS,
        failed ? 503 : 200,
        failed ? Optional.of("retryable") : Optional.empty(),
        Duration.ofMillis(120));
  }

  private static AuditEntry webhook(String provider) {
    return new AuditEntry(
        NOW,
        Optional.empty(),
        provider,
        AuditEntry.Direction.INBOUND,
        "webhook",
        AuditEntry.Outcome.REJECTED,
        401,
        Optional.of("unauthorized"),
        Duration.ZERO);
  }
}
