package dev.cita.scheduling.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.TenantId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A delivery's de-duplication key: the provider's delivery id, else a digest in which trigger,
 * booking ids and body each count, so a different delivery is never taken for a replay.
 */
class DeliveryKeyTest {
  private static final Instant T = Instant.parse("2026-03-03T13:00:00Z");

  private static String key(String body, String trigger, String... externalIds) {
    ParsedWebhook parsed =
        ParsedWebhook.of(
            trigger,
            Arrays.stream(externalIds)
                .map(
                    id ->
                        ProviderBookingEvent.builder(
                                "calcom", TenantId.of("norte"), id, AppointmentStatus.CANCELLED, T)
                            .build())
                .toList());
    return DeliveryKey.of(parsed, request(body));
  }

  private static WebhookRequest request(String body) {
    return WebhookRequest.builder("POST", "https://app.example.cl/hooks/calcom")
        .body(body.getBytes(StandardCharsets.UTF_8))
        .build();
  }

  @Test
  void theProvidersDeliveryIdIsTheKeyWhenItSendsOne() {
    ParsedWebhook parsed = ParsedWebhook.ignored("BOOKING_CREATED").withDeliveryId("d-1");

    assertThat(DeliveryKey.of(parsed, request("{}"))).isEqualTo("id:d-1");
  }

  @Test
  void withoutADeliveryIdAReplayedBodyGetsTheSameDigest() {
    String first = key("{}", "BOOKING_CREATED", "b-1", "b-2");

    assertThat(first).matches("sha256:[0-9a-f]{64}");
    assertThat(key("{}", "BOOKING_CREATED", "b-1", "b-2")).isEqualTo(first);
  }

  @Test
  void triggerBookingIdsAndBodyEachChangeTheDigest() {
    String base = key("{}", "BOOKING_CREATED", "b-1");

    assertThat(key("{}", "BOOKING_CANCELLED", "b-1")).isNotEqualTo(base);
    assertThat(key("{}", "BOOKING_CREATED", "b-2")).isNotEqualTo(base);
    assertThat(key("{ }", "BOOKING_CREATED", "b-1")).isNotEqualTo(base);
  }

  @Test
  void deliveriesWhoseTextOnlyShiftsAcrossAPartBoundaryGetDifferentDigests() {
    assertThat(key("{}", "BOOKING_X", "1b")).isNotEqualTo(key("{}", "BOOKING_X1", "b"));
    assertThat(key("2{}", "BOOKING_CREATED", "b-1"))
        .isNotEqualTo(key("{}", "BOOKING_CREATED", "b-12"));
  }
}
