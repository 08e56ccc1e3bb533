package dev.cita.scheduling.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.CapturingLogProvider;
import dev.cita.scheduling.internal.LogContext;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.spi.CalendarProvider;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** SyncWorker pushes each outbox entry with its tenant, appointment, provider and id in the MDC. */
class SyncWorkerLogContextTest {
  private final SyncFixture fx = new SyncFixture();
  private final List<Map<String, String>> seen = new CopyOnWriteArrayList<>();

  @AfterEach
  void clear() {
    MDC.clear();
  }

  private volatile Appointment failed;

  /** The fixture's fake Google, seeing the MDC of every push; the second push fails. */
  private final CalendarProvider capturing =
      new CalendarProvider() {
        @Override
        public String id() {
          return fx.google.id();
        }

        @Override
        public List<TimeInterval> busy(TenantId tenant, ResourceId resource, TimeInterval range) {
          return fx.google.busy(tenant, resource, range);
        }

        @Override
        public String createEvent(Appointment appointment) {
          seen.add(CapturingLogProvider.mdc());
          if (seen.size() == 2) {
            failed = appointment;
            throw new IllegalStateException("adapter bug");
          }
          return fx.google.createEvent(appointment);
        }

        @Override
        public void updateEvent(Appointment appointment, String externalId) {
          fx.google.updateEvent(appointment, externalId);
        }

        @Override
        public void cancelEvent(Appointment appointment, String externalId) {
          fx.google.cancelEvent(appointment, externalId);
        }
      };

  @Test
  void eachEntryIsPushedInItsOwnContextAndNothingIsLeftAfter() {
    Appointment first = fx.book("10:00");
    Appointment second = fx.book("11:00");
    OutboxEntry firstEntry = fx.only(first);
    OutboxEntry secondEntry = fx.only(second);

    CapturingLogProvider.clear();
    fx.worker("w-1", capturing).build().runOnce();
    MDC.put("after", "yes");
    LoggerFactory.getLogger(SyncWorkerLogContextTest.class).warn("after the run");

    assertThat(seen)
        .containsExactlyInAnyOrder(
            Map.of(
                LogContext.TENANT, SyncFixture.TENANT.value(),
                LogContext.APPOINTMENT, first.id().value(),
                LogContext.PROVIDER, "google",
                LogContext.DELIVERY, firstEntry.id()),
            Map.of(
                LogContext.TENANT, SyncFixture.TENANT.value(),
                LogContext.APPOINTMENT, second.id().value(),
                LogContext.PROVIDER, "google",
                LogContext.DELIVERY, secondEntry.id()));
    // The capturing appender: the worker's line about the failed push carries that entry's keys,
    // and a line logged after the run none of them.
    OutboxEntry failedEntry = fx.only(failed);
    List<CapturingLogProvider.Event> lines = CapturingLogProvider.events();
    assertThat(lines)
        .filteredOn(e -> e.logger().equals(SyncWorker.class.getName()))
        .isNotEmpty()
        .allSatisfy(
            e ->
                assertThat(e.mdc())
                    .containsEntry(LogContext.APPOINTMENT, failed.id().value())
                    .containsEntry(LogContext.DELIVERY, failedEntry.id())
                    .containsEntry(LogContext.PROVIDER, "google"));
    assertThat(lines.get(lines.size() - 1).mdc()).isEqualTo(Map.of("after", "yes"));
  }
}
