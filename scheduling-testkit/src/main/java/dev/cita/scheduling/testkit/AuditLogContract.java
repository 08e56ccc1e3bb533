package dev.cita.scheduling.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.AuditEntry;
import dev.cita.scheduling.spi.AuditEntry.Direction;
import dev.cita.scheduling.spi.AuditEntry.Outcome;
import dev.cita.scheduling.spi.AuditLog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link AuditLog} must have: an entry reads back field for field, a tenant's
 * recent entries come newest first and at most {@code limit} of them, a tenant never sees another
 * tenant's entries (nor those recorded without a tenant), and entries recorded from many threads at
 * once are all kept.
 *
 * <p>Extend it in your test sources and return a new, empty log from {@link #newLog()}:
 *
 * <pre>{@code
 * class MyAuditLogTest extends AuditLogContract {
 *   @Override
 *   protected AuditLog newLog() {
 *     return new MyAuditLog(freshDatabase());   // empty, once per test
 *   }
 * }
 * }</pre>
 *
 * <p>Instants are compared to the millisecond and latencies to the nanosecond.
 */
public abstract class AuditLogContract {
  private static final TenantId NORTE = TenantId.of("clinica-norte");
  private static final TenantId SUR = TenantId.of("clinica-sur");
  private static final Instant T0 = Instant.parse("2026-03-03T13:00:00.123Z");

  private AuditLog log;

  /** For subclasses, which supply the implementation under test. */
  protected AuditLogContract() {}

  /** {@return a new, empty log} Called once before every test. */
  protected abstract AuditLog newLog();

  /** Creates the log under test, through {@link #newLog()}, before every test. */
  @BeforeEach
  protected final void createAuditLog() {
    log = newLog();
    assertThat(log).as("newLog()").isNotNull();
  }

  private static AuditEntry call(TenantId tenant, Instant at, String operation) {
    return new AuditEntry(
        at,
        Optional.of(tenant),
        "calcom",
        Direction.OUTBOUND,
        operation,
        Outcome.SUCCESS,
        200,
        Optional.empty(),
        Duration.ofMillis(42));
  }

  private static List<String> operations(List<AuditEntry> entries) {
    return entries.stream().map(AuditEntry::operation).toList();
  }

  @Test
  void aFreshLogHasNothingForATenant() {
    assertThat(log.recent(NORTE, 10)).isEmpty();
  }

  @Test
  void anEntryReadsBackFieldForField() {
    AuditEntry failure =
        new AuditEntry(
            T0,
            Optional.of(NORTE),
            "google",
            Direction.OUTBOUND,
            "events.insert",
            Outcome.FAILURE,
            503,
            Optional.of("backendError"),
            Duration.ofNanos(1_234_567_891L));
    AuditEntry webhook =
        new AuditEntry(
            T0.plusSeconds(1),
            Optional.of(NORTE),
            "calcom",
            Direction.INBOUND,
            "BOOKING_CREATED",
            Outcome.SUCCESS,
            0,
            Optional.empty(),
            Duration.ZERO);

    log.record(failure);
    log.record(webhook);

    assertThat(log.recent(NORTE, 10)).containsExactly(webhook, failure);
  }

  @Test
  void everyDirectionAndOutcomeReadsBack() {
    List<AuditEntry> recorded = new ArrayList<>();
    int i = 0;
    for (Direction direction : Direction.values()) {
      for (Outcome outcome : Outcome.values()) {
        AuditEntry e =
            new AuditEntry(
                T0.plusSeconds(i++),
                Optional.of(NORTE),
                "calendly",
                direction,
                "op-" + direction + "-" + outcome,
                outcome,
                400 + i,
                Optional.of("code-" + i),
                Duration.ofMillis(i));
        log.record(e);
        recorded.add(0, e);
      }
    }

    assertThat(log.recent(NORTE, 100)).containsExactlyElementsOf(recorded);
  }

  @Test
  void recentIsNewestFirstAndAtMostTheLimit() {
    for (int i = 0; i < 5; i++) {
      log.record(call(NORTE, T0.plusSeconds(i), "op-" + i));
    }

    assertThat(operations(log.recent(NORTE, 3))).containsExactly("op-4", "op-3", "op-2");
    assertThat(operations(log.recent(NORTE, 1))).containsExactly("op-4");
    assertThat(operations(log.recent(NORTE, 50)))
        .containsExactly("op-4", "op-3", "op-2", "op-1", "op-0");
  }

  @Test
  void entriesOfOneInstantComeLatestRecordedFirst() {
    log.record(call(NORTE, T0, "first"));
    log.record(call(NORTE, T0, "second"));
    log.record(call(NORTE, T0, "third"));

    assertThat(operations(log.recent(NORTE, 10))).containsExactly("third", "second", "first");
  }

  @Test
  void aTenantSeesOnlyItsOwnEntries() {
    log.record(call(NORTE, T0, "norte-1"));
    log.record(call(SUR, T0.plusSeconds(1), "sur-1"));
    log.record(
        new AuditEntry(
            T0.plusSeconds(2),
            Optional.empty(),
            "calcom",
            Direction.INBOUND,
            "unsigned",
            Outcome.REJECTED,
            401,
            Optional.of("signature"),
            Duration.ofMillis(1)));
    log.record(call(NORTE, T0.plusSeconds(3), "norte-2"));

    assertThat(operations(log.recent(NORTE, 10))).containsExactly("norte-2", "norte-1");
    assertThat(operations(log.recent(SUR, 10))).containsExactly("sur-1");
    assertThat(log.recent(TenantId.of("clinica-oeste"), 10)).isEmpty();
  }

  @Test
  void aLimitBelowOneIsRefusedNamingIt() {
    assertThatThrownBy(() -> log.recent(NORTE, 0))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("limit"));
  }

  @Test
  void entriesRecordedFromManyThreadsAtOnceAreAllKept() throws InterruptedException {
    int perThread = 10;

    var outcomes =
        Race.run(
            Race.THREADS,
            t ->
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    log.record(call(NORTE, T0.plusMillis(t * perThread + i), "t" + t + "-" + i));
                  }
                  return null;
                });

    assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).isNull());
    List<String> expected =
        IntStream.range(0, Race.THREADS)
            .boxed()
            .flatMap(t -> IntStream.range(0, perThread).mapToObj(i -> "t" + t + "-" + i))
            .toList();
    assertThat(operations(log.recent(NORTE, 1000))).containsExactlyInAnyOrderElementsOf(expected);
  }
}
