package dev.cita.scheduling.availability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TimeSlot;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Both ways {@link TeamMerge} combines members: grid buckets, and the sort for starts off a grid.
 */
class TeamMergeTest {
  private static final Schedule ANY = Schedule.builder("UTC").build();
  private static final List<ResourceAvailability> MEMBERS =
      List.of(
          ResourceAvailability.of(ResourceId.of("a"), ANY, List.of()),
          ResourceAvailability.of(ResourceId.of("b"), ANY, List.of()),
          ResourceAvailability.of(ResourceId.of("c"), ANY, List.of()));

  private static long[] packed(long... startsAndSeats) {
    long[] out = new long[startsAndSeats.length / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (startsAndSeats[2 * i] << SlotEngine.SEAT_BITS) | startsAndSeats[2 * i + 1];
    }
    return out;
  }

  private static List<String> describe(List<TimeSlot> slots) {
    return slots.stream()
        .map(
            s ->
                s.start().getEpochSecond()
                    + ":"
                    + s.remainingSeats()
                    + ":"
                    + s.resources().stream().map(ResourceId::value).toList())
        .toList();
  }

  @Test
  void membersOnOneGridAreBucketed() {
    long[][] perMember = {packed(900, 1, 1800, 2), packed(1800, 3, 2700, 1), packed(1800, 1)};

    assertThat(describe(TeamMerge.merge(MEMBERS, perMember, 600, false)))
        .containsExactly("900:1:[a]", "1800:3:[a, b, c]", "2700:1:[b]");
    assertThat(describe(TeamMerge.merge(MEMBERS, perMember, 600, true)))
        .containsExactly("1800:1:[a, b, c]");
  }

  @Test
  void startsOffTheGuessedGridFallBackToSortingWithTheSameAnswer() {
    // The first member's grid is 900 s, but the third member starts 7 s off it.
    long[][] perMember = {packed(0, 1, 900, 1, 1800, 1), packed(900, 2), packed(907, 1, 1800, 4)};

    assertThat(describe(TeamMerge.merge(MEMBERS, perMember, 60, false)))
        .containsExactly("0:1:[a]", "900:2:[a, b]", "907:1:[c]", "1800:4:[a, c]");
    assertThat(describe(TeamMerge.merge(MEMBERS, perMember, 60, true))).isEmpty();
  }

  @Test
  void sparseStartsFallBackToSorting() {
    long year = 365L * 86_400;
    long[][] perMember = {packed(1, 1), packed(year, 1), packed(1, 2, year, 1)};

    List<TimeSlot> slots = TeamMerge.merge(MEMBERS, perMember, 60, false);
    assertThat(describe(slots)).containsExactly("1:2:[a, c]", year + ":1:[b, c]");
    assertThat(slots.get(1).end()).isEqualTo(Instant.ofEpochSecond(year + 60));
  }
}
