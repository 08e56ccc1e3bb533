package dev.cita.scheduling.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The composite: worst status wins, a throwing or hanging check is DOWN, never a hang. */
class HealthChecksTest {
  private static HealthCheck fixed(String name, Health.Status status) {
    return HealthCheck.of(name, () -> new Health(status, Map.of("probe", name)));
  }

  @Test
  void theReportIsTheWorstCheckAndKeepsTheirOrder() {
    HealthChecks checks =
        HealthChecks.builder()
            .add(fixed("store", Health.Status.UP))
            .add(fixed("outbox", Health.Status.DEGRADED))
            .add(fixed("reminders", Health.Status.UP))
            .build();

    HealthReport report = checks.check();

    assertThat(report.status()).isEqualTo(Health.Status.DEGRADED);
    assertThat(report.checks()).containsOnlyKeys("store", "outbox", "reminders");
    assertThat(report.checks().keySet()).containsExactly("store", "outbox", "reminders");
    assertThat(HealthChecks.builder().build().check().status()).isEqualTo(Health.Status.UP);
  }

  @Test
  void aCheckThatThrowsIsDownWithItsClassNameOnly() {
    HealthCheck throwing =
        HealthCheck.of(
            "store",
            () -> {
              throw new IllegalStateException("jdbc:postgresql://db:5432/cita?password=hunter2");
            });

    HealthReport report =
        HealthChecks.builder().add(throwing).add(fixed("outbox", Health.Status.UP)).build().check();

    assertThat(report.status()).isEqualTo(Health.Status.DOWN);
    assertThat(report.checks().get("store").details())
        .isEqualTo(Map.of("error", "IllegalStateException"));
    assertThat(report.toString()).doesNotContain("hunter2");
  }

  @Test
  void aHangingCheckIsDownAtTheTimeoutAndIsNotStartedAgainWhileItHangs() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger started = new AtomicInteger();
    HealthCheck hanging =
        HealthCheck.of(
            "store",
            () -> {
              started.incrementAndGet();
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return Health.up(Map.of());
            });
    HealthChecks checks =
        HealthChecks.builder()
            .add(hanging)
            .add(fixed("outbox", Health.Status.UP))
            .timeout(Duration.ofMillis(300))
            .build();

    long t0 = System.nanoTime();
    HealthReport first = checks.check();
    long firstMillis = (System.nanoTime() - t0) / 1_000_000;
    HealthReport second = checks.check();

    assertThat(first.status()).isEqualTo(Health.Status.DOWN);
    assertThat(first.checks().get("store").details())
        .containsEntry("error", "timed out after PT0.3S");
    assertThat(first.checks().get("outbox").status()).isEqualTo(Health.Status.UP);
    assertThat(firstMillis).as("answered at the timeout, loosely").isBetween(250L, 5_000L);
    assertThat(second.checks().get("store").details())
        .containsEntry("error", "previous probe still running");
    assertThat(started).hasValue(1);

    release.countDown();
    Thread.sleep(50);
    for (int i = 0; i < 100 && checks.check().status() != Health.Status.UP; i++) {
      Thread.sleep(20); // the hung probe's thread finishes; the next run starts afresh
    }
    assertThat(checks.check().status()).isEqualTo(Health.Status.UP);
    assertThat(started.get()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void checkNamesAreUniqueAndTheTimeoutBounded() {
    HealthChecks.Builder b = HealthChecks.builder().add(fixed("store", Health.Status.UP));
    assertThatThrownBy(() -> b.add(fixed("store", Health.Status.UP)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("store");
    assertThatThrownBy(() -> b.timeout(Duration.ZERO)).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> b.timeout(Duration.ofMinutes(2)))
        .isInstanceOf(ValidationException.class);
  }
}
