package dev.cita.scheduling.memory;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.spi.ConnectionStatusStore;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.ConnectionState;
import dev.cita.scheduling.token.ConnectionStatus;
import dev.cita.scheduling.token.PendingRevocation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/** A thread-safe {@link ConnectionStatusStore} in memory, pending revocations included. */
public final class InMemoryConnectionStatusStore implements ConnectionStatusStore {
  private record Row(ConnectionState state, @Nullable PendingRevocation revocation) {
    /** The revocation, while the status says one is under way. */
    @Nullable PendingRevocation pending() {
      return state.status() == ConnectionStatus.REVOKING ? revocation : null;
    }
  }

  private final Map<ConnectionKey, Row> rows = new ConcurrentHashMap<>();

  @Override
  public Optional<ConnectionState> load(ConnectionKey connection) {
    return Optional.ofNullable(rows.get(Checks.notNull(connection, "connection"))).map(Row::state);
  }

  @Override
  public void save(ConnectionKey connection, ConnectionState state) {
    rows.put(
        Checks.notNull(connection, "connection"), new Row(Checks.notNull(state, "state"), null));
  }

  @Override
  public boolean claimRevocation(
      ConnectionState state, PendingRevocation next, int expectedAttempts) {
    Checks.notNull(state, "state");
    Checks.notNull(next, "next");
    Checks.atLeast(expectedAttempts, 0, "expectedAttempts");
    if (state.status() != ConnectionStatus.REVOKING) {
      throw new ValidationException("state.status", "must be REVOKING, was " + state.status());
    }
    boolean[] claimed = {false};
    rows.compute(
        next.connection(),
        (key, row) -> {
          if (attemptsOf(row) != expectedAttempts) {
            return row;
          }
          claimed[0] = true;
          return new Row(state, next);
        });
    return claimed[0];
  }

  @Override
  public List<PendingRevocation> dueRevocations(Instant now, int limit) {
    Checks.notNull(now, "now");
    Checks.atLeast(limit, 1, "limit");
    List<PendingRevocation> pending = new ArrayList<>();
    for (Row row : rows.values()) {
      PendingRevocation p = row.pending();
      if (p != null && !p.dueAt().isAfter(now)) {
        pending.add(p);
      }
    }
    return pending.stream()
        .sorted(Comparator.comparing(PendingRevocation::dueAt))
        .limit(limit)
        .toList();
  }

  @Override
  public SortedMap<String, Long> countByProvider(ConnectionStatus status) {
    Checks.notNull(status, "status");
    SortedMap<String, Long> counts = new TreeMap<>();
    for (Map.Entry<ConnectionKey, Row> e : rows.entrySet()) {
      if (e.getValue().state().status() == status) {
        counts.merge(e.getKey().provider(), 1L, Long::sum);
      }
    }
    return counts;
  }

  @Override
  public List<ConnectionKey> withStatus(ConnectionStatus status, String provider, int limit) {
    Checks.notNull(status, "status");
    Checks.notBlank(provider, "provider");
    Checks.atLeast(limit, 1, "limit");
    return rows.entrySet().stream()
        .filter(e -> e.getKey().provider().equals(provider))
        .filter(e -> e.getValue().state().status() == status)
        .map(Map.Entry::getKey)
        .sorted(
            Comparator.comparing((ConnectionKey k) -> k.tenant().value())
                .thenComparing(ConnectionKey::account))
        .limit(limit)
        .toList();
  }

  /** 0 for a connection that is not being revoked. */
  private static int attemptsOf(@Nullable Row row) {
    PendingRevocation pending = row == null ? null : row.pending();
    return pending == null ? 0 : pending.attempts();
  }
}
