package dev.cita.scheduling.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.TenantId;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProviderBookingEventTest {
  private static final Instant T = Instant.parse("2026-03-03T13:00:00Z");

  private static ProviderBookingEvent.Builder cancel() {
    return ProviderBookingEvent.builder(
        "calcom", TenantId.of("norte"), "uid-1", AppointmentStatus.CANCELLED, T);
  }

  @Test
  void startAndEndGoTogetherInOrder() {
    assertThatThrownBy(() -> cancel().time(T, null).build())
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.field()).isEqualTo("providerBookingEvent.end"));
    assertThatThrownBy(() -> cancel().time(T, T).build())
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.field()).isEqualTo("providerBookingEvent.end"));
    assertThat(cancel().build().start()).isEmpty();
  }

  @Test
  void requiredPartsAreNamed() {
    assertThatThrownBy(
            () ->
                ProviderBookingEvent.builder(
                        "calcom", TenantId.of("norte"), " ", AppointmentStatus.CANCELLED, T)
                    .build())
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.field()).isEqualTo("providerBookingEvent.externalId"));
    assertThatThrownBy(() -> cancel().occurredAt(null).build())
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.field()).isEqualTo("providerBookingEvent.occurredAt"));
  }

  @Test
  void toStringMasksTheAttendee() {
    ProviderBookingEvent e =
        cancel().attendee(Attendee.builder("Ana").phone("+56912345678").build()).build();

    assertThat(e.toString())
        .contains("calcom:uid-1", "CANCELLED")
        .doesNotContain("56912345678", "Ana");
    assertThat(e)
        .isEqualTo(
            cancel().attendee(Attendee.builder("Ana").phone("+56912345678").build()).build());
  }

  @Test
  void aParsedWebhookWithEventsNeedsAtLeastOne() {
    assertThatThrownBy(() -> ParsedWebhook.of("BOOKING_CREATED", List.of()))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.field()).isEqualTo("parsedWebhook.events"));
    ParsedWebhook ignored = ParsedWebhook.ignored("FORM_SUBMITTED").withDeliveryId("d-1");
    assertThat(ignored.isIgnored()).isTrue();
    assertThat(ignored.deliveryId()).contains("d-1");
    assertThat(ParsedWebhook.of("BOOKING_CANCELLED", cancel().build()).isIgnored()).isFalse();
  }

  @Test
  void aParsedWebhookShowsTriggerDeliveryAndEventCountOnOneLogLine() {
    assertThat(ParsedWebhook.of("BOOKING_CANCELLED", cancel().build()))
        .hasToString("ParsedWebhook{BOOKING_CANCELLED, events=1}");
    assertThat(ParsedWebhook.ignored("ping\nFORGED").withDeliveryId("d-1"))
        .hasToString("ParsedWebhook{ping\\nFORGED, delivery=d-1, events=0}");
  }

  @Test
  void aBlankDeliveryIdIsRefused() {
    assertThatThrownBy(() -> ParsedWebhook.ignored("BOOKING_CREATED").withDeliveryId(" "))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.field()).isEqualTo("parsedWebhook.deliveryId"));
  }
}
