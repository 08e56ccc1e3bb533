package dev.cita.scheduling.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.TestClock;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.AuditEntry;
import dev.cita.scheduling.spi.AuditEntry.Direction;
import dev.cita.scheduling.spi.AuditEntry.Outcome;
import dev.cita.scheduling.spi.AuditLog;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InMemoryAuditLogTest {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  private static final TenantId A = TenantId.of("a");
  private static final TenantId B = TenantId.of("b");
  private final TestClock clock = new TestClock(T0);

  private static AuditEntry entry(TenantId tenant, String op) {
    return new AuditEntry(
        T0,
        Optional.of(tenant),
        "calcom",
        Direction.OUTBOUND,
        op,
        Outcome.SUCCESS,
        0,
        Optional.empty(),
        Duration.ZERO);
  }

  @Test
  void recentIsPerTenantNewestFirstAndLimited() {
    InMemoryAuditLog log = new InMemoryAuditLog();
    log.record(entry(A, "one"));
    log.record(entry(B, "other"));
    log.record(entry(A, "two"));
    log.record(entry(A, "three"));

    assertThat(log.recent(A, 2)).extracting(AuditEntry::operation).containsExactly("three", "two");
    assertThat(log.recent(B, 10)).extracting(AuditEntry::operation).containsExactly("other");
  }

  @Test
  void capacityDropsTheOldest() {
    InMemoryAuditLog log = new InMemoryAuditLog(2);
    log.record(entry(A, "one"));
    log.record(entry(A, "two"));
    log.record(entry(A, "three"));
    assertThat(log.all()).extracting(AuditEntry::operation).containsExactly("two", "three");
  }

  @Test
  void timedRecordsSuccessWithLatencyAndPassesTheResultThrough() {
    InMemoryAuditLog log = new InMemoryAuditLog();
    String result =
        log.timed(
            clock,
            A,
            "calcom",
            "bookings.create",
            () -> {
              clock.advance(Duration.ofMillis(120));
              return "uid-1";
            });
    assertThat(result).isEqualTo("uid-1");
    assertThat(log.all())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.outcome()).isEqualTo(Outcome.SUCCESS);
              assertThat(e.latency()).isEqualTo(Duration.ofMillis(120));
              assertThat(e.at()).isEqualTo(T0);
              assertThat(e.tenant()).contains(A);
            });
  }

  @Test
  void timedRecordsAProviderFailureWithStatusAndCodeAndRethrowsIt() {
    InMemoryAuditLog log = new InMemoryAuditLog();
    ProviderException boom =
        new ProviderException("calcom", 429, "TooManyRequests", "req-1", true, "slow down", null);
    assertThatThrownBy(
            () ->
                log.timed(
                    clock,
                    A,
                    "calcom",
                    "slots.get",
                    () -> {
                      throw boom;
                    }))
        .isSameAs(boom);
    AuditEntry e = log.all().get(0);
    assertThat(e.outcome()).isEqualTo(Outcome.FAILURE);
    assertThat(e.httpStatus()).isEqualTo(429);
    assertThat(e.status()).hasValue(429);
    assertThat(e.errorCode()).contains("TooManyRequests");
  }

  @Test
  void aFailingLogNeverFailsTheCall() {
    AuditLog broken =
        new AuditLog() {
          @Override
          public void record(AuditEntry entry) {
            throw new IllegalStateException("disk full");
          }

          @Override
          public List<AuditEntry> recent(TenantId tenant, int limit) {
            return List.of();
          }
        };
    assertThat(broken.timed(clock, A, "calcom", "me", () -> 7)).isEqualTo(7);
  }

  @Test
  void entriesRefuseOverlongTextAndImpossibleStatusesNamingTheField() {
    assertThatThrownBy(
            () ->
                new AuditEntry(
                    T0,
                    Optional.empty(),
                    "calcom",
                    Direction.INBOUND,
                    "x".repeat(101),
                    Outcome.SUCCESS,
                    200,
                    Optional.empty(),
                    Duration.ZERO))
        .isInstanceOf(ValidationException.class)
        .extracting(e -> ((ValidationException) e).field())
        .isEqualTo("auditEntry.operation");
    assertThatThrownBy(
            () ->
                new AuditEntry(
                    T0,
                    Optional.empty(),
                    "calcom",
                    Direction.INBOUND,
                    "op",
                    Outcome.SUCCESS,
                    42,
                    Optional.empty(),
                    Duration.ZERO))
        .isInstanceOf(ValidationException.class)
        .extracting(e -> ((ValidationException) e).field())
        .isEqualTo("auditEntry.httpStatus");
  }

  @Test
  void noopKeepsNothing() {
    AuditLog.noop().record(entry(A, "x"));
    assertThat(AuditLog.noop().recent(A, 5)).isEmpty();
  }
}
