package dev.cita.scheduling.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.function.ToIntFunction;

/** How the provider caches forget the past, so memory stays bounded in a long-running app. */
final class Retention {
  private Retention() {}

  /**
   * The time before which a read at {@code readAt} forgets what ended: {@code retention} earlier.
   */
  static Instant cutoff(Instant readAt, Duration retention) {
    return readAt.isBefore(Instant.MIN.plus(retention)) ? Instant.MIN : readAt.minus(retention);
  }

  /**
   * Runs {@code prune} on every entry under the entry's own lock; returns the sum of what it
   * dropped.
   */
  static <E> int pruneEach(Collection<E> entries, ToIntFunction<E> prune) {
    int removed = 0;
    for (E e : entries) {
      synchronized (e) {
        removed += prune.applyAsInt(e);
      }
    }
    return removed;
  }
}
