package dev.cita.scheduling.availability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link SeatGroups}: seats taken per identical {@code [start, end)}. */
class SeatGroupsTest {
  @Test
  void moreGroupsThanTheInitialCapacityAreAllKept() {
    SeatGroups groups = new SeatGroups();
    for (int i = 0; i < 20; i++) {
      groups.add(i * 1000L, i * 1000L + 500, 10, 20);
    }
    groups.add(19_000, 19_500, 30, 40);
    groups.seal();
    assertThat(groups.seatsTaken(19_000, 19_500, 0, 0)).isEqualTo(2);
    assertThat(groups.seatsTaken(8_000, 8_500, 0, 0)).isEqualTo(1);
    assertThat(groups.seatsTaken(0, 500, 0, 0)).isEqualTo(1);
    // the last group's widest buffers were kept: 40 s after 19,500 blocks a start at 19,530
    assertThat(groups.seatsTaken(19_530, 19_600, 0, 0)).isEqualTo(-1);
    assertThat(groups.seatsTaken(19_540, 19_600, 0, 0)).isZero();
  }

  /** Bookings sharing only their start, or only their end, are two groups that block each other. */
  @Test
  void aBookingSharingOnlyItsStartOrOnlyItsEndIsItsOwnGroupAndBlocks() {
    long[][] seconds = {{1_000, 2_500}, {1_500, 2_000}};
    for (long[] other : seconds) {
      SeatGroups groups = new SeatGroups();
      groups.add(1_000, 2_000, 0, 0);
      groups.add(other[0], other[1], 0, 0);
      groups.seal();
      assertThat(groups.seatsTaken(1_000, 2_000, 0, 0)).as("beside %s", other[0]).isEqualTo(-1);
      assertThat(groups.seatsTaken(other[0], other[1], 0, 0)).isEqualTo(-1);
    }
  }

  /**
   * A group starting a day minus the candidate's after-buffer past the candidate's end, with a
   * before-buffer of a whole day, reaches back into the candidate: the scan must go as far as the
   * candidate's buffered end plus the largest buffer.
   */
  @Test
  void aGroupWithAMaximalBufferBeforeReachesBackIntoTheCandidate() {
    long max = SlotEngine.MAX_BUFFER_SECONDS;
    SeatGroups groups = new SeatGroups();
    groups.add(1_800 - 600 + max, 3_600 + max, max, 0);
    groups.seal();
    // the group's buffered span starts at 1,200, inside the candidate [0, 1,800)
    assertThat(groups.seatsTaken(0, 1_800, 0, 600)).isEqualTo(-1);
    // a candidate ending where that buffered span starts is free
    assertThat(groups.seatsTaken(0, 1_200, 0, 600)).isZero();
  }
}
