package dev.cita.scheduling;

import static dev.cita.scheduling.BookingFixture.ANA;
import static dev.cita.scheduling.BookingFixture.CONSULT;
import static dev.cita.scheduling.BookingFixture.NOW;
import static dev.cita.scheduling.BookingFixture.SANTIAGO;
import static dev.cita.scheduling.BookingFixture.TENANT;
import static dev.cita.scheduling.BookingFixture.TUE;
import static dev.cita.scheduling.BookingFixture.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.availability.IntervalSet;
import dev.cita.scheduling.availability.SlotEngine;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.TimeInterval;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The check a store runs inside its atomic write, on the candidate the store was handed: the slot
 * engine's rules for that one start, and the seat count a store may number seats with.
 */
class BookingRulesTest {
  private static final Instant TEN = at(TUE, "10:00");

  private static BookingRules rules(AppointmentType type) {
    return new BookingRules(
        SlotEngine.create(),
        BookingFixture.weekdayMornings(),
        type,
        IntervalSet.empty(),
        java.util.List.of(),
        NOW,
        TimeInterval.of(TEN, type.duration()));
  }

  private static Appointment candidate(Duration length) {
    return Appointment.builder()
        .id(AppointmentId.of("a1"))
        .tenant(TENANT)
        .resource(ANA)
        .type(CONSULT.id())
        .attendee(BookingFixture.attendee("Camila"))
        .start(TEN)
        .end(TEN.plus(length))
        .displayZone(SANTIAGO)
        .createdAt(NOW)
        .updatedAt(NOW)
        .build();
  }

  @Test
  void aCandidateOfTheTypesDurationAtAFreeStartPasses() {
    assertThatCode(() -> rules(CONSULT).verify(candidate(CONSULT.duration()), List.of()))
        .doesNotThrowAnyException();
  }

  @Test
  void aCandidateThatDoesNotLastTheTypesDurationIsRefused() {
    // 10:00–10:45 is free and on the grid, but a consult lasts 30 minutes
    assertThatThrownBy(() -> rules(CONSULT).verify(candidate(Duration.ofMinutes(45)), List.of()))
        .isInstanceOfSatisfying(
            SlotUnavailableException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(SlotUnavailableException.Reason.WRONG_DURATION);
              assertThat(e.getMessage()).contains("PT30M", "consult");
            });
  }

  @Test
  void seatsPerSlotAreTheTypesSeats() {
    assertThat(rules(CONSULT).seatsPerSlot()).hasValue(1);
    assertThat(rules(CONSULT.toBuilder().seats(4).build()).seatsPerSlot()).hasValue(4);
  }
}
