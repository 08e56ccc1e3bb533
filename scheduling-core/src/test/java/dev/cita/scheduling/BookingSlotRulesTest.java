package dev.cita.scheduling;

import static dev.cita.scheduling.BookingFixture.ANA;
import static dev.cita.scheduling.BookingFixture.TENANT;
import static dev.cita.scheduling.BookingFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.availability.WeeklyHours;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.TimeSlot;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Issue 14's slot rules as {@link BookingService} applies them: DST window ends, limits. */
class BookingSlotRulesTest {
  private static final AppointmentType HALF_HOUR =
      AppointmentType.builder("half", "Media hora", Duration.ofMinutes(30))
          .horizon(Duration.ofDays(365))
          .build();

  private BookingFixture fx;
  private BookingService service;

  @BeforeEach
  void setUp() {
    fx = new BookingFixture();
    fx.schedules.saveAppointmentType(TENANT, HALF_HOUR);
    service = fx.service();
  }

  private void hours(String zone, String from, String to) {
    fx.schedules.saveSchedule(
        TENANT,
        ANA,
        Schedule.builder(zone)
            .weeklyHours(
                WeeklyHours.builder().add(EnumSet.of(DayOfWeek.SATURDAY), from, to).build())
            .build());
  }

  private void assertRefused(String start) {
    int before = fx.appointments.size();
    assertThatThrownBy(
            () -> service.book(request(ANA, HALF_HOUR, Instant.parse(start), "Camila").build()))
        .isInstanceOf(SlotUnavailableException.class);
    assertThat(fx.appointments.size()).isEqualTo(before);
  }

  /** Issue 14, "a window that ends inside a repeated hour": New York, Saturday 20:00–01:00. */
  @Test
  void bookRefusesNewYorkTimesAfterAnAmbiguousClose() {
    hours("America/New_York", "20:00", "01:00");
    LocalDate saturday = LocalDate.of(2026, 10, 31);
    List<Instant> starts =
        service
            .findSlots(SlotQuery.forResource(TENANT, ANA, HALF_HOUR.id(), saturday, saturday))
            .stream()
            .map(TimeSlot::start)
            .toList();
    assertThat(starts).last().isEqualTo(Instant.parse("2026-11-01T04:30:00Z")); // 00:30 EDT
    assertRefused("2026-11-01T05:00:00Z"); // 01:00 EDT, the declared close
    assertRefused("2026-11-01T05:30:00Z"); // 01:30 EDT
    assertThat(
            service
                .book(
                    request(ANA, HALF_HOUR, Instant.parse("2026-11-01T04:30:00Z"), "Pedro").build())
                .start())
        .isEqualTo(Instant.parse("2026-11-01T04:30:00Z"));
  }

  /** Issue 14: Havana, Saturday 18:00–24:00 must not take a booking at Sunday 00:00 CDT. */
  @Test
  void bookRefusesHavanaMidnightAfterAnAmbiguousClose() {
    hours("America/Havana", "18:00", "24:00");
    assertRefused("2026-11-01T04:00:00Z"); // Sunday 00:00 CDT
    assertThat(
            service
                .book(
                    request(ANA, HALF_HOUR, Instant.parse("2026-11-01T03:30:00Z"), "Pedro").build())
                .start())
        .isEqualTo(Instant.parse("2026-11-01T03:30:00Z")); // 23:30 CDT
  }

  /** Issue 14, "a step of 1 s returned 1,377,045 slots": the cap is set on the builder. */
  @Test
  void findSlotsRefusesMoreSlotsThanTheConfiguredCap() {
    service = fx.serviceBuilder().maxSlotsPerQuery(20).build();
    LocalDate monday = BookingFixture.MON;
    // weekday mornings 09:00–13:00 on a 30-minute grid: 8 a day
    assertThat(
            service.findSlots(
                SlotQuery.forResource(TENANT, ANA, HALF_HOUR.id(), monday, monday.plusDays(1))))
        .hasSize(16);
    assertThatThrownBy(
            () ->
                service.findSlots(
                    SlotQuery.forResource(TENANT, ANA, HALF_HOUR.id(), monday, monday.plusDays(2))))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.field()).isEqualTo("query");
              assertThat(e.getMessage()).contains("more than 20 slots", "narrow");
            });
    assertThatThrownBy(() -> fx.serviceBuilder().maxSlotsPerQuery(0))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("maxSlotsPerQuery"));
  }
}
