package dev.cita.scheduling.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.function.UnaryOperator;
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

  /** An event with every optional part set, so each can be changed on its own. */
  private static ProviderBookingEvent.Builder full() {
    return cancel()
        .previousExternalId("uid-0")
        .appointmentId(AppointmentId.of("appt-1"))
        .tagSignature("sig-1")
        .time(T, T.plusSeconds(1800))
        .attendee(Attendee.builder("Ana").build())
        .resource(ResourceId.of("dra-ana"))
        .type(AppointmentTypeId.of("consulta"))
        .displayZone(ZoneId.of("America/Santiago"));
  }

  @Test
  void everyOptionalPartSetOnTheBuilderIsKept() {
    ProviderBookingEvent e = full().build();

    assertThat(e.previousExternalId()).contains("uid-0");
    assertThat(e.appointmentId()).contains(AppointmentId.of("appt-1"));
    assertThat(e.tagSignature()).contains("sig-1");
    assertThat(e.start()).contains(T);
    assertThat(e.end()).contains(T.plusSeconds(1800));
    assertThat(e.attendee()).contains(Attendee.builder("Ana").build());
    assertThat(e.resource()).contains(ResourceId.of("dra-ana"));
    assertThat(e.type()).contains(AppointmentTypeId.of("consulta"));
    assertThat(e.displayZone()).contains(ZoneId.of("America/Santiago"));
  }

  @Test
  void aTagSignatureWithoutATaggedAppointmentIsDropped() {
    assertThat(cancel().tagSignature("sig-1").build().tagSignature()).isEmpty();
  }

  @Test
  void providerIdsOfAtMostTheLimitAreAccepted() {
    String longest = "x".repeat(ProviderBookingEvent.MAX_EXTERNAL_ID);

    assertThat(cancel().externalId(longest).build().externalId()).isEqualTo(longest);
    assertThat(cancel().previousExternalId(longest).build().previousExternalId()).contains(longest);
    assertThatThrownBy(() -> cancel().externalId(longest + "x").build())
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.field()).isEqualTo("providerBookingEvent.externalId"));
  }

  @Test
  void aPreviousProviderIdIsValidatedLikeTheId() {
    String tooLong = "x".repeat(ProviderBookingEvent.MAX_EXTERNAL_ID + 1);

    for (String bad : List.of(" ", tooLong)) {
      assertThatThrownBy(() -> cancel().previousExternalId(bad).build())
          .isInstanceOfSatisfying(
              ValidationException.class,
              e -> assertThat(e.field()).isEqualTo("providerBookingEvent.previousExternalId"));
    }
  }

  @Test
  void timesOutsideTheYears1To9999AreRefused() {
    Instant last = ProviderBookingEvent.MAX_TIME.minusSeconds(1);

    assertThat(cancel().time(ProviderBookingEvent.MIN_TIME, last).build().end()).contains(last);
    assertThatThrownBy(() -> cancel().time(last, ProviderBookingEvent.MAX_TIME).build())
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.field()).isEqualTo("providerBookingEvent.end"));
    assertThatThrownBy(
            () -> cancel().time(ProviderBookingEvent.MIN_TIME.minusSeconds(1), last).build())
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.field()).isEqualTo("providerBookingEvent.start"));
    assertThatThrownBy(() -> cancel().occurredAt(ProviderBookingEvent.MAX_TIME).build())
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.field()).isEqualTo("providerBookingEvent.occurredAt"));
  }

  @Test
  void equalEventsAreEqualAndEveryFieldMatters() {
    ProviderBookingEvent e = full().build();
    assertThat(e.equals(e)).isTrue();
    assertThat(e).isEqualTo(full().build()).hasSameHashCodeAs(full().build());
    assertThat(e).isNotEqualTo(null).isNotEqualTo("ProviderBookingEvent");

    List<UnaryOperator<ProviderBookingEvent.Builder>> changes =
        List.of(
            b -> b.provider("google"),
            b -> b.tenant(TenantId.of("sur")),
            b -> b.externalId("uid-2"),
            b -> b.previousExternalId(null),
            b -> b.appointmentId(AppointmentId.of("appt-2")),
            b -> b.tagSignature("sig-2"),
            b -> b.status(AppointmentStatus.SCHEDULED),
            b -> b.time(T.minusSeconds(60), T.plusSeconds(1800)),
            b -> b.time(T, T.plusSeconds(3600)),
            b -> b.attendee(Attendee.builder("Camila").build()),
            b -> b.resource(ResourceId.of("dr-luis")),
            b -> b.type(AppointmentTypeId.of("control")),
            b -> b.displayZone(ZoneId.of("UTC")),
            b -> b.occurredAt(T.plusSeconds(1)));
    for (UnaryOperator<ProviderBookingEvent.Builder> change : changes) {
      ProviderBookingEvent other = change.apply(full()).build();
      assertThat(other).isNotEqualTo(e);
      assertThat(e).isNotEqualTo(other);
    }
  }

  @Test
  void eventsOfDifferentBookingsHashApart() {
    assertThat(cancel().build().hashCode())
        .isNotEqualTo(cancel().externalId("uid-2").build().hashCode());
  }

  @Test
  void toStringShowsThePreviousIdAndTheTimeOnlyWhenPresent() {
    assertThat(full().build().toString())
        .contains("calcom:uid-1 (was uid-0)", ", " + T + ".." + T.plusSeconds(1800) + ", at ");
    assertThat(cancel().build().toString())
        .isEqualTo(
            "ProviderBookingEvent{calcom:uid-1, tenant="
                + TenantId.of("norte")
                + ", CANCELLED, at "
                + T
                + "}");
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
