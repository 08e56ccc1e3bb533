package dev.cita.scheduling.memory;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.notify.ReminderKey;
import dev.cita.scheduling.notify.ReminderRecord;
import dev.cita.scheduling.notify.ReminderState;
import dev.cita.scheduling.spi.ReminderStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A thread-safe {@link ReminderStore} in memory. Each call is one atomic step on its key ({@link
 * ConcurrentHashMap#compute}), so two schedulers claiming the same reminder get one claim. Rows are
 * kept for the life of the store; call {@link #purgeSettledBefore(Instant)} to drop old ones.
 */
public final class InMemoryReminderStore implements ReminderStore {
  private final Map<ReminderKey, ReminderRecord> rows = new ConcurrentHashMap<>();

  @Override
  public Optional<ReminderRecord> claim(
      ReminderKey key, String worker, Instant now, Duration lease) {
    Checks.notNull(key, "key");
    Checks.notBlank(worker, "worker");
    Checks.notNull(now, "now");
    Checks.positive(lease, "lease");
    Optional<Instant> until = Optional.of(now.plus(lease));
    ReminderRecord[] claimed = new ReminderRecord[1];
    rows.compute(
        key,
        (k, row) -> {
          if (row == null) {
            claimed[0] =
                new ReminderRecord(
                    k,
                    ReminderState.CLAIMED,
                    Optional.of(worker),
                    until,
                    1,
                    0,
                    Optional.empty(),
                    Optional.empty());
            return claimed[0];
          }
          boolean free =
              row.owner().isEmpty() || row.leaseUntil().map(t -> !t.isAfter(now)).orElse(true);
          if (row.state() != ReminderState.CLAIMED || !free) {
            return row;
          }
          claimed[0] =
              new ReminderRecord(
                  k,
                  ReminderState.CLAIMED,
                  Optional.of(worker),
                  until,
                  row.claims() + 1,
                  row.failures(),
                  Optional.empty(),
                  row.lastError());
          return claimed[0];
        });
    return Optional.ofNullable(claimed[0]);
  }

  @Override
  public boolean markSent(ReminderKey key, String worker, String channelMessageId) {
    Checks.notBlank(channelMessageId, "channelMessageId");
    return settle(
        key,
        worker,
        row ->
            new ReminderRecord(
                key,
                ReminderState.SENT,
                Optional.empty(),
                Optional.empty(),
                row.claims(),
                row.failures(),
                Optional.of(channelMessageId),
                row.lastError()));
  }

  @Override
  public boolean markFailed(ReminderKey key, String worker, String error) {
    Checks.notNull(error, "error");
    return settle(
        key,
        worker,
        row ->
            new ReminderRecord(
                key,
                ReminderState.CLAIMED,
                Optional.empty(),
                Optional.empty(),
                row.claims(),
                row.failures() + 1,
                Optional.empty(),
                Optional.of(error)));
  }

  @Override
  public boolean abandon(ReminderKey key, String worker, String reason) {
    Checks.notNull(reason, "reason");
    return settle(
        key,
        worker,
        row ->
            new ReminderRecord(
                key,
                ReminderState.ABANDONED,
                Optional.empty(),
                Optional.empty(),
                row.claims(),
                row.failures(),
                Optional.empty(),
                Optional.of(reason)));
  }

  @Override
  public Optional<ReminderRecord> find(ReminderKey key) {
    return Optional.ofNullable(rows.get(Checks.notNull(key, "key")));
  }

  /** {@return every row, for tests and diagnostics} */
  public List<ReminderRecord> records() {
    return List.copyOf(rows.values());
  }

  /**
   * Drops settled rows of appointments that started before {@code cutoff}.
   *
   * @param cutoff the earliest appointment start whose rows are kept
   * @return how many rows were dropped
   */
  public int purgeSettledBefore(Instant cutoff) {
    Checks.notNull(cutoff, "cutoff");
    int before = rows.size();
    rows.values()
        .removeIf(r -> r.state() != ReminderState.CLAIMED && r.key().start().isBefore(cutoff));
    return before - rows.size();
  }

  private boolean settle(
      ReminderKey key, String worker, java.util.function.UnaryOperator<ReminderRecord> change) {
    Checks.notNull(key, "key");
    Checks.notBlank(worker, "worker");
    boolean[] done = new boolean[1];
    rows.computeIfPresent(
        key,
        (k, row) -> {
          if (row.state() != ReminderState.CLAIMED
              || !row.owner().filter(worker::equals).isPresent()) {
            return row;
          }
          done[0] = true;
          return change.apply(row);
        });
    return done[0];
  }
}
