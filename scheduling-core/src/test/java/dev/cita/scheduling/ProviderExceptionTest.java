package dev.cita.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProviderExceptionTest {

  @Test
  void anOrdinaryFailureHasAKnownOutcome() {
    ProviderException e =
        new ProviderException("calcom", 400, "bad_request", "req-1", false, "refused", null);

    assertThat(e.isOutcomeUnknown()).isFalse();
    assertThat(e.getMessage()).doesNotContain("outcome unknown");
    assertThat(ProviderException.network("calcom", "timeout", null).isOutcomeUnknown()).isFalse();
  }

  @Test
  void outcomeUnknownIsNotRetryableAndSaysSo() {
    IOException reset = new IOException("reset");

    ProviderException e =
        ProviderException.outcomeUnknown("twilio", "POST /Messages.json failed", reset);

    assertThat(e.isOutcomeUnknown()).isTrue();
    assertThat(e.isRetryable()).isFalse();
    assertThat(e.httpStatus()).isEmpty();
    assertThat(e.provider()).isEqualTo("twilio");
    assertThat(e.getCause()).isSameAs(reset);
    assertThat(e.getMessage()).contains("POST /Messages.json failed").contains("outcome unknown");
  }

  @Test
  void asOutcomeUnknownKeepsEveryFieldAndWrapsTheOriginal() {
    ProviderException original =
        new ProviderException(
            "twilio", 503, "20503", "RQ1", true, "unavailable", null, Duration.ofSeconds(2));

    ProviderException e =
        original.asOutcomeUnknown("POST /Messages.json failed after the request was sent");

    assertThat(e.isOutcomeUnknown()).isTrue();
    assertThat(e.provider()).isEqualTo("twilio");
    assertThat(e.httpStatus()).hasValue(503);
    assertThat(e.providerCode()).hasValue("20503");
    assertThat(e.requestId()).hasValue("RQ1");
    assertThat(e.isRetryable()).isTrue();
    assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(2));
    assertThat(e.getCause()).isSameAs(original);
    assertThat(e.getMessage()).contains("after the request was sent").contains("outcome unknown");
    assertThat(original.isOutcomeUnknown()).isFalse();
  }
}
