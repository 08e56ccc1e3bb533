package dev.cita.scheduling.sync;

import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.spi.BusyTimeStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The time a cache has read in full from a provider, each part with when it was read, so that a gap
 * is never mistaken for "free" (or "closed") and an answer can say how fresh it is. Immutable:
 * every change returns a new value. Shared by {@link ExternalBusyCache} and {@link
 * AvailabilityCache}.
 */
final class KnownWindows {
  /** One read part; segments are sorted by start, disjoint, and may touch. */
  private record Segment(Instant start, Instant end, Instant readAt) {}

  static final KnownWindows NONE = new KnownWindows(List.of());

  private final List<Segment> segments;

  private KnownWindows(List<Segment> segments) {
    this.segments = segments;
  }

  /** The windows {@code spans} describe (as {@link #readSpans()} gave them). */
  static KnownWindows of(List<BusyTimeStore.ReadSpan> spans) {
    if (spans.isEmpty()) {
      return NONE;
    }
    List<Segment> out = new ArrayList<>(spans.size());
    for (BusyTimeStore.ReadSpan s : spans) {
      out.add(new Segment(s.span().start(), s.span().end(), s.readAt()));
    }
    out.sort(Comparator.comparing(Segment::start));
    return new KnownWindows(List.copyOf(out));
  }

  /** These windows as read spans, sorted by start, for a {@link BusyTimeStore}. */
  List<BusyTimeStore.ReadSpan> readSpans() {
    List<BusyTimeStore.ReadSpan> out = new ArrayList<>(segments.size());
    for (Segment s : segments) {
      out.add(new BusyTimeStore.ReadSpan(TimeInterval.of(s.start(), s.end()), s.readAt()));
    }
    return out;
  }

  /** All time, read at {@code readAt} (a complete read of a calendar). */
  static KnownWindows all(Instant readAt) {
    return new KnownWindows(List.of(new Segment(Instant.MIN, Instant.MAX, readAt)));
  }

  /** These windows with {@code window} read at {@code readAt}, replacing what was known of it. */
  KnownWindows with(TimeInterval window, Instant readAt) {
    List<Segment> out = new ArrayList<>(segments.size() + 2);
    for (Segment s : segments) {
      if (!s.end().isAfter(window.start()) || !s.start().isBefore(window.end())) {
        out.add(s);
        continue;
      }
      if (s.start().isBefore(window.start())) {
        out.add(new Segment(s.start(), window.start(), s.readAt()));
      }
      if (s.end().isAfter(window.end())) {
        out.add(new Segment(window.end(), s.end(), s.readAt()));
      }
    }
    out.add(new Segment(window.start(), window.end(), readAt));
    out.sort(Comparator.comparing(Segment::start));
    return new KnownWindows(List.copyOf(out));
  }

  /** True when {@code range} lies wholly inside what was read (touching parts join). */
  boolean covers(TimeInterval range) {
    return spans().stream()
        .anyMatch(w -> !w.start().isAfter(range.start()) && !w.end().isBefore(range.end()));
  }

  /** What was read, sorted, with touching parts joined. */
  List<TimeInterval> spans() {
    List<TimeInterval> out = new ArrayList<>();
    Instant start = null;
    Instant end = null;
    for (Segment s : segments) {
      if (end != null && !s.start().isAfter(end)) {
        end = s.end().isAfter(end) ? s.end() : end;
        continue;
      }
      if (start != null && end != null) {
        out.add(TimeInterval.of(start, end));
      }
      start = s.start();
      end = s.end();
    }
    if (start != null && end != null) {
      out.add(TimeInterval.of(start, end));
    }
    return List.copyOf(out);
  }

  /** The parts of {@code range} that were read, sorted and joined. */
  List<TimeInterval> within(TimeInterval range) {
    List<TimeInterval> out = new ArrayList<>();
    for (TimeInterval w : spans()) {
      if (w.overlaps(range)) {
        Instant start = w.start().isBefore(range.start()) ? range.start() : w.start();
        Instant end = w.end().isAfter(range.end()) ? range.end() : w.end();
        out.add(TimeInterval.of(start, end));
      }
    }
    return List.copyOf(out);
  }

  /** The oldest read among the parts overlapping {@code range}; empty when none does. */
  Optional<Instant> oldestRead(TimeInterval range) {
    return segments.stream()
        .filter(s -> s.start().isBefore(range.end()) && s.end().isAfter(range.start()))
        .map(Segment::readAt)
        .min(Comparator.naturalOrder());
  }

  /**
   * These windows without the joined spans that ended at or before {@code cutoff}; a span reaching
   * past it is kept whole.
   */
  KnownWindows endedAfter(Instant cutoff) {
    List<TimeInterval> kept = spans().stream().filter(w -> w.end().isAfter(cutoff)).toList();
    if (kept.size() == spans().size()) {
      return this;
    }
    return new KnownWindows(
        segments.stream()
            .filter(
                s ->
                    kept.stream()
                        .anyMatch(w -> !s.start().isBefore(w.start()) && !s.end().isAfter(w.end())))
            .toList());
  }
}
