package dev.cita.scheduling.memory;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.internal.ConversationStates;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.ConversationStateRecord;
import dev.cita.scheduling.spi.ConversationStateStore;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A thread-safe {@link ConversationStateStore} in memory, for tests and single-node apps;
 * conversations are lost on restart. Each write is one atomic {@code compute} on its key.
 */
public final class InMemoryConversationStateStore implements ConversationStateStore {
  private record Key(TenantId tenant, String customer) {}

  private final Map<Key, ConversationStateRecord> rows = new ConcurrentHashMap<>();

  /** An empty store. */
  public InMemoryConversationStateStore() {}

  @Override
  public Optional<ConversationStateRecord> find(TenantId tenant, String customerKey, Instant now) {
    Checks.notNull(tenant, "tenant");
    ConversationStates.checkKey(customerKey);
    Checks.notNull(now, "now");
    return Optional.ofNullable(rows.get(new Key(tenant, customerKey))).filter(r -> r.isLiveAt(now));
  }

  @Override
  public ConversationStateRecord save(
      TenantId tenant, String customerKey, byte[] state, Instant now, Instant expiresAt) {
    ConversationStates.checkWrite(tenant, customerKey, state, now, expiresAt);
    return rows.compute(
        new Key(tenant, customerKey),
        (k, current) ->
            new ConversationStateRecord(
                tenant,
                customerKey,
                state,
                current == null ? 1 : current.version() + 1,
                now,
                expiresAt));
  }

  @Override
  public Optional<ConversationStateRecord> replace(
      TenantId tenant,
      String customerKey,
      long expectedVersion,
      byte[] state,
      Instant now,
      Instant expiresAt) {
    ConversationStates.checkWrite(tenant, customerKey, state, now, expiresAt);
    ConversationStates.checkExpectedVersion(expectedVersion);
    ConversationStateRecord[] written = {null};
    rows.compute(
        new Key(tenant, customerKey),
        (k, current) -> {
          boolean live = current != null && current.isLiveAt(now);
          boolean matches =
              expectedVersion == 0 ? !live : live && current.version() == expectedVersion;
          if (!matches) {
            return current;
          }
          written[0] =
              new ConversationStateRecord(
                  tenant,
                  customerKey,
                  state,
                  current == null ? 1 : current.version() + 1,
                  now,
                  expiresAt);
          return written[0];
        });
    return Optional.ofNullable(written[0]);
  }

  @Override
  public boolean delete(TenantId tenant, String customerKey) {
    Checks.notNull(tenant, "tenant");
    ConversationStates.checkKey(customerKey);
    return rows.remove(new Key(tenant, customerKey)) != null;
  }

  @Override
  public int purgeExpired(Instant now) {
    Checks.notNull(now, "now");
    int[] removed = {0};
    rows.forEach(
        (key, row) -> {
          if (!row.isLiveAt(now) && rows.remove(key, row)) {
            removed[0]++;
          }
        });
    return removed[0];
  }

  /** {@return how many rows are stored, live or expired (for tests)} */
  public int size() {
    return rows.size();
  }
}
