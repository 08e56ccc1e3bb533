package dev.cita.scheduling.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExternalBusyCacheTest {
  static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
  static final TenantId T = TenantId.of("t");
  static final ResourceId R = ResourceId.of("r");
  final ExternalBusyCache cache = newCache();

  /** {@return the cache under test} A subclass runs every test on a shared cache. */
  ExternalBusyCache newCache() {
    return new ExternalBusyCache();
  }

  static TimeInterval hour(int h) {
    return TimeInterval.of(T0.plus(Duration.ofHours(h)), Duration.ofHours(1));
  }

  @Test
  void replaceWindowDropsEventsGoneFromTheWindowAndKeepsOthers() {
    cache.put(T, R, "inside-old", hour(2));
    cache.put(T, R, "outside", hour(30));

    cache.replaceWindow(
        T, R, TimeInterval.of(T0, Duration.ofHours(24)), Map.of("new", hour(5)), T0);

    assertThat(cache.busy(T, R, TimeInterval.of(T0, Duration.ofDays(3))))
        .containsExactlyInAnyOrder(hour(5), hour(30));
    assertThat(cache.refreshedAt(T, R)).contains(T0);
  }

  @Test
  void putMovesAnEventAndRemoveForgetsIt() {
    cache.put(T, R, "e1", hour(1));
    cache.put(T, R, "e1", hour(3));
    assertThat(cache.busy(T, R, TimeInterval.of(T0, Duration.ofDays(1)))).containsExactly(hour(3));

    assertThat(cache.remove(T, R, "e1")).isTrue();
    assertThat(cache.remove(T, R, "e1")).isFalse();
    assertThat(cache.busy(T, R, TimeInterval.of(T0, Duration.ofDays(1)))).isEmpty();
  }

  @Test
  void busyOnlyReturnsOverlapsOfTheRangeForThatTenantAndResource() {
    cache.put(T, R, "e1", hour(1));
    cache.put(T, R, "e2", hour(10));
    cache.put(TenantId.of("other"), R, "e3", hour(1));

    assertThat(cache.busy(T, R, TimeInterval.of(T0, Duration.ofHours(2)))).containsExactly(hour(1));
    assertThat(cache.busy(T, ResourceId.of("r2"), TimeInterval.of(T0, Duration.ofHours(2))))
        .isEmpty();
    assertThat(cache.refreshedAt(T, R)).isEmpty();
    cache.clear(T, R);
    assertThat(cache.busy(T, R, TimeInterval.of(T0, Duration.ofDays(1)))).isEmpty();
  }

  // --- known windows ----------------------------------------------------------------------------

  static TimeInterval hours(int from, int to) {
    return TimeInterval.of(T0.plus(Duration.ofHours(from)), T0.plus(Duration.ofHours(to)));
  }

  @Test
  void nothingIsKnownBeforeAReadAndPutOrRemoveDoNotMakeTimeKnown() {
    assertThat(cache.isKnown(T, R, hour(1))).isFalse();
    cache.put(T, R, "e1", hour(1));
    cache.remove(T, R, "e1");

    assertThat(cache.isKnown(T, R, hour(1))).isFalse();
    assertThat(cache.knownWindows(T, R)).isEmpty();
  }

  @Test
  void replacedWindowsBecomeKnownAddUpAndMergeWhenTheyTouch() {
    cache.replaceWindow(T, R, hours(0, 10), Map.of(), T0);
    cache.replaceWindow(T, R, hours(20, 30), Map.of(), T0);

    assertThat(cache.isKnown(T, R, hours(2, 10))).isTrue();
    assertThat(cache.isKnown(T, R, hours(9, 11))).as("reaches past the first window").isFalse();
    assertThat(cache.isKnown(T, R, hours(12, 13))).as("in the gap").isFalse();
    assertThat(cache.isKnown(T, R, hours(0, 30))).as("spans the gap").isFalse();
    assertThat(cache.knownWindows(T, R)).containsExactly(hours(0, 10), hours(20, 30));

    cache.replaceWindow(T, R, hours(10, 20), Map.of(), T0);

    assertThat(cache.knownWindows(T, R)).containsExactly(hours(0, 30));
    assertThat(cache.isKnown(T, R, hours(0, 30))).isTrue();
    assertThat(cache.isKnown(T, R, hours(-1, 1))).isFalse();
    assertThat(cache.isKnown(T, ResourceId.of("r2"), hours(1, 2))).as("another resource").isFalse();
  }

  @Test
  void aWindowCoveringSeveralKnownOnesSwallowsThem() {
    cache.replaceWindow(T, R, hours(2, 3), Map.of(), T0);
    cache.replaceWindow(T, R, hours(5, 6), Map.of(), T0);
    cache.replaceWindow(T, R, hours(40, 41), Map.of(), T0);

    cache.replaceWindow(T, R, hours(1, 8), Map.of(), T0);

    assertThat(cache.knownWindows(T, R)).containsExactly(hours(1, 8), hours(40, 41));
  }

  @Test
  void replaceAllSwapsEveryEventAndMakesAllTimeKnown() {
    cache.put(T, R, "old-near", hour(1));
    cache.put(T, R, "old-far", hour(10_000));
    Instant later = T0.plusSeconds(60);

    cache.replaceAll(T, R, Map.of("new", hour(3)), later);

    assertThat(cache.busy(T, R, TimeInterval.of(T0, Duration.ofDays(3650))))
        .containsExactly(hour(3));
    assertThat(
            cache.isKnown(
                T,
                R,
                TimeInterval.of(Instant.parse("1990-01-01T00:00:00Z"), Duration.ofDays(36500))))
        .isTrue();
    assertThat(cache.knownWindows(T, R)).containsExactly(TimeInterval.of(Instant.MIN, Instant.MAX));
    assertThat(cache.refreshedAt(T, R)).contains(later);
  }

  @Test
  void replaceAllChecksItsInputBeforeChangingAnything() {
    cache.put(T, R, "kept", hour(1));
    Map<String, TimeInterval> bad = new HashMap<>();
    bad.put(" ", hour(2));

    assertThatThrownBy(() -> cache.replaceAll(T, R, bad, T0))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("busy.eventId"));
    assertThat(cache.busy(T, R, TimeInterval.of(T0, Duration.ofDays(1)))).containsExactly(hour(1));
    assertThat(cache.isKnown(T, R, hour(1))).isFalse();
  }

  // --- unavailable ------------------------------------------------------------------------------

  @Test
  void anUnavailableMarkStaysUntilTheNextSuccessfulReadAndKeepsWhatWasKnown() {
    cache.replaceWindow(T, R, hours(0, 24), Map.of("e1", hour(2)), T0);

    cache.markUnavailable(T, R, "notFound");

    assertThat(cache.unavailable(T, R)).contains("notFound");
    assertThat(cache.unavailable(T, ResourceId.of("r2"))).isEmpty();
    assertThat(cache.busy(T, R, hours(0, 24)))
        .as("busy() itself is unchanged")
        .containsExactly(hour(2));
    assertThat(cache.isKnown(T, R, hours(0, 24))).isTrue();

    cache.put(T, R, "e2", hour(5));
    cache.remove(T, R, "e2");
    assertThat(cache.unavailable(T, R))
        .as("single events are not a full read")
        .contains("notFound");

    cache.replaceWindow(T, R, hours(0, 24), Map.of(), T0);
    assertThat(cache.unavailable(T, R)).isEmpty();

    cache.markUnavailable(T, R, "forbidden");
    cache.replaceAll(T, R, Map.of(), T0);
    assertThat(cache.unavailable(T, R)).isEmpty();
  }

  @Test
  void aResourceNeverSeenCanBeMarkedAndAMarkNeedsAReason() {
    cache.markUnavailable(T, R, "notFound");
    cache.markUnavailable(T, R, "forbidden");

    assertThat(cache.unavailable(T, R)).contains("forbidden");
    assertThat(cache.isKnown(T, R, hour(1))).isFalse();
    assertThatThrownBy(() -> cache.markUnavailable(T, R, " "))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("reason"));
  }

  @Test
  void clearForgetsKnownWindowsAndUnavailableMarks() {
    cache.replaceWindow(T, R, hours(0, 24), Map.of("e1", hour(2)), T0);
    cache.markUnavailable(T, R, "notFound");

    cache.clear(T, R);

    assertThat(cache.isKnown(T, R, hour(1))).isFalse();
    assertThat(cache.knownWindows(T, R)).isEmpty();
    assertThat(cache.unavailable(T, R)).isEmpty();
    assertThat(cache.refreshedAt(T, R)).isEmpty();
  }

  // --- bounded memory ---------------------------------------------------------------------------

  @Test
  void aLongRunningCacheDoesNotKeepEventsThatEndedLongAgo() {
    // A year of daily reads, each of the next week, with pushes for events of the day.
    for (int day = 0; day < 365; day++) {
      Instant today = T0.plus(Duration.ofDays(day));
      cache.put(T, R, "pushed-" + day, TimeInterval.of(today, Duration.ofHours(1)));
      cache.replaceWindow(
          T,
          R,
          TimeInterval.of(today, Duration.ofDays(7)),
          Map.of(
              "read-" + day, TimeInterval.of(today.plus(Duration.ofHours(2)), Duration.ofHours(1))),
          today);
    }
    Instant lastRead = T0.plus(Duration.ofDays(364));

    int kept = cache.busy(T, R, TimeInterval.of(Instant.MIN, Instant.MAX)).size();

    assertThat(kept).as("events kept after a year of reads").isLessThanOrEqualTo(10);
    assertThat(cache.busy(T, R, TimeInterval.of(lastRead, Duration.ofDays(1))))
        .as("what the last read found; the pushed event inside its window was not in it")
        .containsExactly(TimeInterval.of(lastRead.plus(Duration.ofHours(2)), Duration.ofHours(1)));
  }

  @Test
  void replaceAllDropsEventsThatEndedBeforeTheRetentionButKeepsRecentAndFutureOnes() {
    Map<String, TimeInterval> read = new HashMap<>();
    read.put("years-ago", TimeInterval.of(T0.minus(Duration.ofDays(900)), Duration.ofHours(1)));
    read.put("last-hour", TimeInterval.of(T0.minus(Duration.ofHours(1)), Duration.ofMinutes(30)));
    read.put("next-week", TimeInterval.of(T0.plus(Duration.ofDays(7)), Duration.ofHours(1)));

    cache.replaceAll(T, R, read, T0);

    assertThat(cache.busy(T, R, TimeInterval.of(Instant.MIN, Instant.MAX)))
        .containsExactlyInAnyOrder(read.get("last-hour"), read.get("next-week"));
    assertThat(cache.knownWindows(T, R)).containsExactly(TimeInterval.of(Instant.MIN, Instant.MAX));
  }

  @Test
  void pruneEndedBeforeForgetsPastEventsAndWindowsOfEveryResource() {
    ResourceId other = ResourceId.of("r2");
    cache.replaceWindow(T, R, hours(0, 10), Map.of("past", hour(1), "later", hour(8)), T0);
    cache.replaceWindow(T, R, hours(20, 30), Map.of(), T0);
    cache.put(TenantId.of("other"), other, "past-too", hour(2));

    int removed = cache.pruneEndedBefore(T0.plus(Duration.ofHours(12)));

    assertThat(removed).isEqualTo(3);
    assertThat(cache.busy(T, R, TimeInterval.of(Instant.MIN, Instant.MAX))).isEmpty();
    assertThat(cache.busy(TenantId.of("other"), other, TimeInterval.of(Instant.MIN, Instant.MAX)))
        .isEmpty();
    assertThat(cache.knownWindows(T, R)).isEqualTo(knownWindowsAfterPrune());
    assertThat(cache.isKnown(T, R, hours(21, 22))).isTrue();
  }

  /** What {@link #pruneEndedBeforeForgetsPastEventsAndWindowsOfEveryResource} leaves known. */
  List<TimeInterval> knownWindowsAfterPrune() {
    return List.of(hours(20, 30));
  }
}
