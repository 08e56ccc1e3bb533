package dev.cita.scheduling.whatsapp.channel;

import dev.cita.scheduling.internal.Checks;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A {@link MessageStatusTracker} in a concurrent map; each update is one atomic {@code compute}, so
 * concurrent callbacks for the same message cannot lose the newest status.
 */
public final class InMemoryMessageStatusTracker implements MessageStatusTracker {
  private final ConcurrentMap<String, MessageStatusRecord> records = new ConcurrentHashMap<>();

  /** An empty tracker. */
  public InMemoryMessageStatusTracker() {}

  @Override
  public boolean recordStatus(
      String messageSid, MessageStatus status, Optional<String> errorCode, Instant at) {
    Checks.notNull(messageSid, "messageSid");
    Checks.notNull(status, "status");
    Optional<String> code = Checks.notNull(errorCode, "errorCode").filter(c -> !c.isBlank());
    Checks.notNull(at, "at");
    boolean[] changed = {false};
    records.compute(
        messageSid,
        (sid, held) -> {
          if (held == null) {
            changed[0] = true;
            return new MessageStatusRecord(sid, status, code, at);
          }
          if (!held.status().canMoveTo(status)) {
            return held;
          }
          changed[0] = true;
          return new MessageStatusRecord(sid, status, held.errorCode().or(() -> code), at);
        });
    return changed[0];
  }

  @Override
  public Optional<MessageStatusRecord> status(String messageSid) {
    return Optional.ofNullable(records.get(messageSid));
  }

  @Override
  public String toString() {
    return "InMemoryMessageStatusTracker{messages=" + records.size() + '}';
  }
}
