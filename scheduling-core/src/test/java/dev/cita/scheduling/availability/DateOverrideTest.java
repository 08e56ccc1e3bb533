package dev.cita.scheduling.availability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** {@link DateOverride}: closed days and days with hours. */
class DateOverrideTest {
  private static final LocalDate DAY = LocalDate.of(2026, 12, 24);

  @Test
  void aDayWithHoursIsNotClosed() {
    assertThat(DateOverride.closed(DAY).isClosed()).isTrue();
    assertThat(DateOverride.of(DAY, LocalTimeRange.of("09:00", "13:00")).isClosed()).isFalse();
  }

  @Test
  void hoursAreSortedByStart() {
    assertThat(
            DateOverride.of(
                    DAY, LocalTimeRange.of("15:00", "16:00"), LocalTimeRange.of("09:00", "13:00"))
                .hours())
        .containsExactly(LocalTimeRange.of("09:00", "13:00"), LocalTimeRange.of("15:00", "16:00"));
  }
}
