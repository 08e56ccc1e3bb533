package dev.cita.scheduling.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

  @Test
  void delaySeconds() {
    assertThat(RetryAfter.parse("7", NOW)).contains(Duration.ofSeconds(7));
    assertThat(RetryAfter.parse(" 0 ", NOW)).contains(Duration.ZERO);
  }

  @Test
  void absurdSecondsAreBoundedNotOverflowed() {
    assertThat(RetryAfter.parse("99999999999999999999", NOW))
        .hasValueSatisfying(
            d ->
                assertThat(d).isGreaterThan(Duration.ofDays(300)).isLessThan(Duration.ofDays(400)));
  }

  @Test
  void httpDateIsMeasuredFromTheClock() {
    assertThat(RetryAfter.parse("Sat, 21 Nov 2026 10:00:42 GMT", NOW))
        .contains(Duration.ofSeconds(42));
  }

  /**
   * Found by RetryAfterFuzzTest (seed crash-date-year-202601): a far date was not capped like
   * seconds.
   */
  @Test
  void aFarFutureDateIsCappedLikeDelaySeconds() {
    assertThat(RetryAfter.parse("Sun, 01 Mar 202601 20:1:0 GMT", NOW))
        .hasValueSatisfying(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofDays(366)));
  }

  @Test
  void dateInThePastMeansNoWait() {
    assertThat(RetryAfter.parse("Sat, 21 Nov 2026 09:00:00 GMT", NOW)).contains(Duration.ZERO);
  }

  @Test
  void garbageOrMissingIsIgnored() {
    assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
    assertThat(RetryAfter.parse("-5", NOW)).isEmpty();
    assertThat(RetryAfter.parse("", NOW)).isEmpty();
    assertThat(RetryAfter.parse(null, NOW)).isEmpty();
  }
}
