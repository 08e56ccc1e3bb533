package dev.cita.scheduling.holidays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.SlotQuery;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.availability.Closure;
import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.availability.WeeklyHours;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeSlot;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Public holidays from Jollyday as closures of the branches that turned them on. */
class PublicHolidaysTest {
  private static final TenantId PROVIDENCIA = TenantId.of("providencia");
  private static final TenantId MADRID = TenantId.of("madrid-centro");
  private static final TenantId SEVILLA = TenantId.of("sevilla");
  private static final TenantId ELSEWHERE = TenantId.of("sin-feriados");

  private final PublicHolidays holidays =
      PublicHolidays.builder()
          .branch(PROVIDENCIA, "CL")
          .branch(MADRID, "es", "md")
          .branch(SEVILLA, "ES")
          .build();

  private static List<LocalDate> days(List<Closure> closures) {
    return closures.stream().map(c -> c.firstDay().orElseThrow()).toList();
  }

  @Test
  void chilesFiestasPatriasAndChristmasCloseTheirDays() {
    List<Closure> september =
        holidays.closures(PROVIDENCIA, LocalDate.of(2026, 9, 1), LocalDate.of(2026, 9, 30));
    assertThat(days(september))
        .containsExactly(LocalDate.of(2026, 9, 18), LocalDate.of(2026, 9, 19));
    assertThat(september)
        .allSatisfy(c -> assertThat(c.firstDay()).isEqualTo(c.lastDay()))
        .extracting(Closure::id)
        .containsExactly("holiday-2026-09-18", "holiday-2026-09-19");
    assertThat(september.get(0).reason()).contains("National Day");
    assertThat(
            days(
                holidays.closures(
                    PROVIDENCIA, LocalDate.of(2026, 12, 20), LocalDate.of(2026, 12, 26))))
        .containsExactly(LocalDate.of(2026, 12, 25));
    assertThat(holidays.closures(PROVIDENCIA, LocalDate.of(2026, 9, 20), LocalDate.of(2026, 9, 30)))
        .isEmpty();
  }

  @Test
  void aRegionalHolidayAppliesOnlyWithTheRegion() {
    LocalDate dosDeMayo = LocalDate.of(2026, 5, 2); // Community of Madrid
    assertThat(days(holidays.closures(MADRID, dosDeMayo, dosDeMayo))).containsExactly(dosDeMayo);
    assertThat(holidays.closures(SEVILLA, dosDeMayo, dosDeMayo)).isEmpty();
    LocalDate navidad = LocalDate.of(2026, 12, 25);
    assertThat(days(holidays.closures(SEVILLA, navidad, navidad))).containsExactly(navidad);
    assertThat(days(holidays.closures(MADRID, navidad, navidad))).containsExactly(navidad);
  }

  @Test
  void aTenantWithoutHolidaysOrAnEmptyRangeHasNone() {
    assertThat(holidays.closures(ELSEWHERE, LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31)))
        .isEmpty();
    assertThat(holidays.closures(PROVIDENCIA, LocalDate.of(2026, 9, 19), LocalDate.of(2026, 9, 18)))
        .isEmpty();
    assertThat(holidays.toString()).contains("providencia");
  }

  @Test
  void unknownCountriesRegionsAndRepeatedBranchesAreRefusedNamingTheField() {
    assertThatThrownBy(() -> PublicHolidays.builder().branch(PROVIDENCIA, "XX"))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("country"));
    assertThatThrownBy(() -> PublicHolidays.builder().branch(PROVIDENCIA, "CL", "rm"))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("region"));
    assertThatThrownBy(() -> PublicHolidays.builder().branch(MADRID, "ES", "md", "nope"))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("region"));
    assertThatThrownBy(
            () -> PublicHolidays.builder().branch(PROVIDENCIA, "CL").branch(PROVIDENCIA, "AR"))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("tenant"));
    assertThat(
            PublicHolidays.builder()
                .branch(MADRID, "ES", "md", "mad")
                .build()
                .closures(MADRID, LocalDate.of(2026, 5, 15), LocalDate.of(2026, 5, 15)))
        .hasSize(1);
  }

  @Test
  void aBranchIsClosedOnFiestasPatriasInItsSlotQueries() {
    ResourceId ana = ResourceId.of("ana");
    AppointmentType consult =
        AppointmentType.builder("consulta", "Consulta", Duration.ofHours(1))
            .horizon(Duration.ofDays(365))
            .build();
    BookingService service =
        BookingService.builder()
            .inMemoryDefaults()
            .clock(Clock.fixed(Instant.parse("2026-09-01T12:00:00Z"), ZoneOffset.UTC))
            .closureSource(holidays)
            .build();
    service
        .scheduleStore()
        .saveSchedule(
            PROVIDENCIA,
            ana,
            Schedule.builder("America/Santiago")
                .weeklyHours(
                    WeeklyHours.builder()
                        .add(EnumSet.allOf(DayOfWeek.class), "09:00", "12:00")
                        .build())
                .build());
    service.scheduleStore().saveAppointmentType(PROVIDENCIA, consult);
    List<TimeSlot> slots =
        service.findSlots(
            SlotQuery.forResource(
                PROVIDENCIA,
                ana,
                consult.id(),
                LocalDate.of(2026, 9, 17),
                LocalDate.of(2026, 9, 20)));
    assertThat(slots)
        .extracting(s -> LocalDate.ofInstant(s.start(), java.time.ZoneId.of("America/Santiago")))
        .containsOnly(LocalDate.of(2026, 9, 17), LocalDate.of(2026, 9, 20))
        .hasSize(6);
  }
}
