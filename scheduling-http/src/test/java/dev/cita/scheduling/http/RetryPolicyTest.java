package dev.cita.scheduling.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  @Test
  void defaults() {
    RetryPolicy p = RetryPolicy.defaults();
    assertThat(p.maxAttempts()).isEqualTo(4);
    assertThat(p.maxTotalWait()).isEqualTo(Duration.ofSeconds(30));
    assertThat(p.maxRetryAfter()).isEqualTo(Duration.ofSeconds(60));
    for (int status : new int[] {408, 429, 500, 502, 503, 504}) {
      assertThat(p.isRetryableStatus(status)).as("%d", status).isTrue();
    }
    for (int status : new int[] {400, 401, 403, 404, 409, 422, 501}) {
      assertThat(p.isRetryableStatus(status)).as("%d", status).isFalse();
    }
    assertThat(RetryPolicy.noRetries().maxAttempts()).isEqualTo(1);
  }

  @Test
  void ceilingDoublesFromTheBaseUpToTheCap() {
    RetryPolicy p =
        RetryPolicy.builder().backoff(Duration.ofMillis(100), Duration.ofMillis(500)).build();
    assertThat(p.ceilingNanos(1)).isEqualTo(Duration.ofMillis(100).toNanos());
    assertThat(p.ceilingNanos(2)).isEqualTo(Duration.ofMillis(200).toNanos());
    assertThat(p.ceilingNanos(3)).isEqualTo(Duration.ofMillis(400).toNanos());
    assertThat(p.ceilingNanos(4)).isEqualTo(Duration.ofMillis(500).toNanos());
    assertThat(p.ceilingNanos(70)).isEqualTo(Duration.ofMillis(500).toNanos());
  }

  @Test
  void refusesToRetryClientErrorsOtherThan408_409_429() {
    assertThatThrownBy(() -> RetryPolicy.builder().retryOnStatuses(429, 404).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retryOnStatuses")
        .hasMessageContaining("404");
    assertThat(RetryPolicy.builder().retryOnStatuses(409, 503).build().isRetryableStatus(409))
        .isTrue();
  }

  @Test
  void validationNamesTheField() {
    assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0).build())
        .hasMessageContaining("maxAttempts");
    assertThatThrownBy(
            () ->
                RetryPolicy.builder().backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)).build())
        .hasMessageContaining("maxBackoff");
    assertThatThrownBy(
            () -> RetryPolicy.builder().backoff(Duration.ZERO, Duration.ofSeconds(1)).build())
        .hasMessageContaining("baseBackoff");
    assertThatThrownBy(() -> RetryPolicy.builder().maxTotalWait(Duration.ofSeconds(-1)).build())
        .hasMessageContaining("maxTotalWait");
  }

  @Test
  void toBuilderKeepsEveryValue() {
    RetryPolicy p = RetryPolicy.builder().maxAttempts(7).retryOnStatuses(503).build();
    RetryPolicy copy = p.toBuilder().build();
    assertThat(copy.maxAttempts()).isEqualTo(7);
    assertThat(copy.isRetryableStatus(503)).isTrue();
    assertThat(copy.isRetryableStatus(500)).isFalse();
  }
}
