package dev.cita.scheduling.availability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link LocalTimeRange} as people read it. */
class LocalTimeRangeTest {
  @Test
  void toStringWritesAnEndAtMidnightAs2400AndOtherEndsAsTheyAre() {
    assertThat(LocalTimeRange.of("09:00", "17:30")).hasToString("09:00–17:30");
    assertThat(LocalTimeRange.of("22:00", "24:00")).hasToString("22:00–24:00");
    assertThat(LocalTimeRange.of("22:00", "02:00")).hasToString("22:00–02:00");
  }
}
