package dev.cita.scheduling.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReminderPolicyTest {
  private static final Instant START = Instant.parse("2026-09-15T17:00:00Z");

  @Test
  void defaultsAre24HoursAnd1HourWith30MinutesOfGrace() {
    ReminderPolicy p = ReminderPolicy.defaults();

    assertThat(p.offsets()).containsExactly(Duration.ofHours(24), Duration.ofHours(1));
    assertThat(p.grace()).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void dueFromTheSendTimeUntilTheGraceEndsAndNeverAtTheStart() {
    ReminderPolicy p = ReminderPolicy.defaults();
    Duration day = Duration.ofHours(24);
    Instant sendAt = START.minus(day);

    assertThat(p.isDue(START, day, sendAt.minusSeconds(1))).isFalse();
    assertThat(p.isDue(START, day, sendAt)).isTrue();
    assertThat(p.isDue(START, day, sendAt.plus(Duration.ofMinutes(30)))).isTrue();
    assertThat(p.isDue(START, day, sendAt.plus(Duration.ofMinutes(30)).plusSeconds(1))).isFalse();

    ReminderPolicy shortOne = ReminderPolicy.builder().offsets(Duration.ofMinutes(10)).build();
    assertThat(shortOne.isDue(START, Duration.ofMinutes(10), START.minusSeconds(1))).isTrue();
    assertThat(shortOne.isDue(START, Duration.ofMinutes(10), START))
        .as("at the start it is too late")
        .isFalse();
  }

  @Test
  void offsetsAreSortedLongestFirstAndValidated() {
    assertThat(
            ReminderPolicy.builder()
                .offsets(Duration.ofHours(1), Duration.ofHours(48))
                .build()
                .offsets())
        .containsExactly(Duration.ofHours(48), Duration.ofHours(1));
    assertThat(ReminderPolicy.builder().offsets().build().offsets())
        .as("none: reminders off")
        .isEmpty();
    assertThatThrownBy(
            () -> ReminderPolicy.builder().offsets(Duration.ofHours(1), Duration.ofHours(1)))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.getMessage()).contains("offsets"));
    assertThatThrownBy(() -> ReminderPolicy.builder().offsets(Duration.ZERO))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.getMessage()).contains("offsets[0]"));
    assertThatThrownBy(() -> ReminderPolicy.builder().grace(Duration.ofMinutes(-1)))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.getMessage()).contains("grace"));
  }
}
