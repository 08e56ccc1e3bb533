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
}
