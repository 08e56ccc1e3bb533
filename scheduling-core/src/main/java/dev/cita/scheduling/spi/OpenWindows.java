package dev.cita.scheduling.spi;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TimeInterval;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A provider's answer, from a cache, to "when may this resource be booked for this type within a
 * range": the open windows it reported, the parts of the range it has read at all (time outside
 * them is unknown, never taken as closed or open), and how fresh that reading is.
 *
 * @param open the open windows that overlap the range, sorted by start (each may reach outside it)
 * @param known the parts of the range the provider was read for, sorted and joined
 * @param readAt when the oldest of those reads was made; empty when nothing of the range is known
 */
public record OpenWindows(
    List<TimeInterval> open, List<TimeInterval> known, Optional<Instant> readAt) {
  /**
   * Copies the lists.
   *
   * @param open the open windows that overlap the range, sorted by start
   * @param known the parts of the range the provider was read for, sorted and joined
   * @param readAt when the oldest of those reads was made; empty when nothing of the range is known
   */
  public OpenWindows {
    open = List.copyOf(Checks.notNull(open, "open"));
    known = List.copyOf(Checks.notNull(known, "known"));
    Checks.notNull(readAt, "readAt");
  }

  /**
   * Nothing of the range was read.
   *
   * @return an answer that knows nothing
   */
  public static OpenWindows unknown() {
    return new OpenWindows(List.of(), List.of(), Optional.empty());
  }

  /**
   * True when {@code range} lies wholly inside what was read, so {@link #open} is the provider's
   * answer for it.
   *
   * @param range the time asked about
   * @return whether every instant of {@code range} was read
   */
  public boolean isKnown(TimeInterval range) {
    Checks.notNull(range, "range");
    return known.stream()
        .anyMatch(k -> !k.start().isAfter(range.start()) && !k.end().isBefore(range.end()));
  }
}
