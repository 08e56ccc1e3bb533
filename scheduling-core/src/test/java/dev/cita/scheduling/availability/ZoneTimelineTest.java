package dev.cita.scheduling.availability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * {@link ZoneTimeline} around America/Santiago's spring-forward night, when local midnight of
 * 2026-09-06 does not exist (00:00–01:00 is skipped).
 */
class ZoneTimelineTest {
  private static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  private static final long FROM = local("2026-09-01T00:00");
  private static final long TO = local("2026-09-10T00:00");
  private static final ZoneTimeline TIMELINE = ZoneTimeline.of(SANTIAGO, FROM, TO);
  private static final int MINUS_4 = -4 * 3600;
  private static final int MINUS_3 = -3 * 3600;

  private static long local(String localDateTime) {
    return LocalDateTime.parse(localDateTime).toEpochSecond(ZoneOffset.UTC);
  }

  @Test
  void theSpansEndsHaveAnOffsetAndTimesOutsideHaveNone() {
    assertThat(TIMELINE.offset(FROM)).isEqualTo(MINUS_4);
    assertThat(TIMELINE.offset(TO)).isEqualTo(MINUS_3);
    assertThat(TIMELINE.offset(FROM - 1)).isEqualTo(ZoneTimeline.NO_OFFSET);
    assertThat(TIMELINE.offset(TO + 1)).isEqualTo(ZoneTimeline.NO_OFFSET);
  }

  @Test
  void theSkippedHourHasNoOffset() {
    assertThat(TIMELINE.offset(local("2026-09-05T23:59:59"))).isEqualTo(MINUS_4);
    assertThat(TIMELINE.offset(local("2026-09-06T00:00"))).isEqualTo(ZoneTimeline.NO_OFFSET);
    assertThat(TIMELINE.offset(local("2026-09-06T00:59:59"))).isEqualTo(ZoneTimeline.NO_OFFSET);
    assertThat(TIMELINE.offset(local("2026-09-06T01:00"))).isEqualTo(MINUS_3);
  }

  @Test
  void theOffsetIsConstantUpToTheLastSecondBeforeTheGap() {
    assertThat(TIMELINE.constantOver(local("2026-09-02T00:00"), local("2026-09-05T23:59:59")))
        .isTrue();
    assertThat(TIMELINE.constantOver(local("2026-09-02T00:00"), local("2026-09-06T00:00")))
        .isFalse();
    assertThat(TIMELINE.constantOver(local("2026-09-06T01:00"), TO)).isTrue();
  }

  @Test
  void theOffsetIsNotConstantOverTimesOutsideTheSpan() {
    assertThat(TIMELINE.constantOver(local("2026-09-07T00:00"), TO + 1)).isFalse();
    assertThat(TIMELINE.constantOver(FROM - 10, FROM + 10)).isFalse();
    ZoneTimeline utc = ZoneTimeline.of(ZoneOffset.UTC, FROM, TO);
    assertThat(utc.constantOver(FROM, TO)).isTrue();
    assertThat(utc.constantOver(FROM - 10, FROM + 10)).isFalse();
  }
}
