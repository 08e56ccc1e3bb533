package dev.cita.scheduling.availability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The slot engine's list of free starts: order, one entry per start, and the cap. */
class PackedStartsTest {
  private static String describe(long[] packed) {
    return Arrays.toString(
        Arrays.stream(packed)
            .mapToObj(p -> (p >> SlotEngine.SEAT_BITS) + ":" + (p & SlotEngine.SEAT_MASK))
            .toArray());
  }

  /** A list of the given capacity and limit after adding the given (start, seats) pairs. */
  private static PackedStarts added(long capacity, int limit, long... startsAndSeats) {
    PackedStarts out = new PackedStarts(capacity, limit);
    for (int i = 0; i < startsAndSeats.length; i += 2) {
      out.add(startsAndSeats[i], (int) startsAndSeats[i + 1]);
    }
    return out;
  }

  @Test
  void startsInOrderAreListedAsAdded() {
    PackedStarts out = added(2, 10, 100, 2, 200, 1, 300, 3);
    assertThat(describe(out.sortedUnique())).isEqualTo("[100:2, 200:1, 300:3]");
  }

  @Test
  void interleavedStartsAreSortedWithOneEntryPerStartAndTheFewestSeats() {
    PackedStarts out = added(4, 10, 300, 2, 100, 4, 300, 1, 200, 3, 100, 2);
    assertThat(describe(out.sortedUnique())).isEqualTo("[100:2, 200:3, 300:1]");
  }

  @Test
  void aStartRepeatedRightAfterItselfIsListedOnceWithTheFewestSeats() {
    PackedStarts more = added(4, 10, 100, 1, 100, 3);
    assertThat(describe(more.sortedUnique())).isEqualTo("[100:1]");

    PackedStarts fewer = added(4, 10, 100, 3, 100, 1);
    assertThat(describe(fewer.sortedUnique())).isEqualTo("[100:1]");
  }

  @Test
  void oneDistinctStartMoreThanTheLimitIsRefusedNamingWhereTheCapWasReached() {
    PackedStarts out = added(1, 2, 0, 1, 60, 1);
    assertThatThrownBy(() -> out.add(120, 1))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("more than 2 slots")
        .hasMessageContaining("1970-01-01T00:02:00Z");
  }

  @Test
  void duplicatesDoNotCountTowardsTheLimit() {
    // Full on paper (three adds, limit three), but only two distinct starts: compacting makes room.
    PackedStarts out = added(3, 3, 300, 1, 100, 1, 100, 1, 200, 1);
    assertThat(describe(out.sortedUnique())).isEqualTo("[100:1, 200:1, 300:1]");
  }

  @Test
  void whenFullAStartAlreadyListedMayComeAgainAndKeepsTheFewestSeats() {
    PackedStarts out = added(3, 3, 200, 0, 100, 5, 300, 5);
    out.add(200, 4); // full: found exactly as (200, 0 seats), which stays
    out.add(100, 2); // full: the first start, now with fewer seats
    out.add(300, 7); // full: the last start; more seats change nothing
    assertThat(describe(out.sortedUnique())).isEqualTo("[100:2, 200:0, 300:5]");
    assertThatThrownBy(() -> out.add(150, 1)).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> out.add(400, 1)).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> out.add(50, 1)).isInstanceOf(ValidationException.class);
  }

  @Test
  void fullAndSortedAnExactRepeatAtTheFirstIndexIsAccepted() {
    PackedStarts out = added(2, 2, 100, 0, 200, 1, 100, 0, 200, 1);
    assertThat(describe(out.sortedUnique())).isEqualTo("[100:0, 200:1]");
  }

  /** After 2038 a start no longer fits 31 bits; the order check must still compare starts. */
  @Test
  void startsAfter2038ArriveOutOfOrderAndAreSortedToo() {
    long t = 2_200_000_000L; // 2039-09-19
    PackedStarts out = added(4, 10, t + 60, 1, t, 2, t + 60, 3);
    assertThat(describe(out.sortedUnique())).isEqualTo("[" + t + ":2, " + (t + 60) + ":1]");
  }
}
