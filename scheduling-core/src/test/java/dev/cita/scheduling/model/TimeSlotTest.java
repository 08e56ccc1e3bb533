package dev.cita.scheduling.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeSlotTest {
  private static final Instant START = Instant.parse("2026-03-03T13:00:00Z");
  private static final Instant END = START.plus(Duration.ofMinutes(30));
  private static final List<ResourceId> ANA = List.of(ResourceId.of("ana"));

  private static void assertRejected(Runnable build, String field) {
    assertThatThrownBy(build::run)
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo(field));
  }

  @Test
  void valid() {
    TimeSlot slot = new TimeSlot(START, END, 2, ANA);
    assertThat(slot.duration()).isEqualTo(Duration.ofMinutes(30));
    assertThat(slot.interval()).isEqualTo(TimeInterval.of(START, END));
    assertThat(slot.startIn(ZoneId.of("America/Santiago")).toLocalTime()).hasToString("10:00");
    assertThat(slot.remainingSeats()).isEqualTo(2);
  }

  @Test
  void endMustBeAfterStart() {
    assertRejected(() -> new TimeSlot(START, START, 1, ANA), "slot.end");
    assertRejected(() -> new TimeSlot(END, START, 1, ANA), "slot.end");
  }

  @Test
  void requiredFields() {
    assertRejected(() -> new TimeSlot(null, END, 1, ANA), "slot.start");
    assertRejected(() -> new TimeSlot(START, null, 1, ANA), "slot.end");
    assertRejected(() -> new TimeSlot(START, END, 1, null), "slot.resources");
  }

  @Test
  void aListedSlotHasAtLeastOneSeatAndOneResource() {
    assertRejected(() -> new TimeSlot(START, END, 0, ANA), "slot.remainingSeats");
    assertRejected(() -> new TimeSlot(START, END, -1, ANA), "slot.remainingSeats");
    assertRejected(() -> new TimeSlot(START, END, 1, List.of()), "slot.resources");
  }

  @Test
  void resourcesAreCopiedAndImmutable() {
    List<ResourceId> members = new ArrayList<>(List.of(ResourceId.of("ana"), ResourceId.of("ben")));
    TimeSlot slot = new TimeSlot(START, END, 1, members);
    members.clear();

    assertThat(slot.resources()).containsExactly(ResourceId.of("ana"), ResourceId.of("ben"));
    assertThatThrownBy(() -> slot.resources().add(ResourceId.of("x")))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void timeIntervalIsHalfOpen() {
    TimeInterval i = TimeInterval.of(START, END);
    assertThat(i.contains(START)).isTrue();
    assertThat(i.contains(END)).isFalse();
    assertThat(i.overlaps(TimeInterval.of(END, END.plusSeconds(60)))).isFalse();
    assertThat(i.overlaps(TimeInterval.of(END.minusSeconds(1), END.plusSeconds(60)))).isTrue();
    assertThat(i.length()).isEqualTo(Duration.ofMinutes(30));
    assertRejected(() -> TimeInterval.of(START, Duration.ZERO), "interval.length");
  }
}
