package dev.cita.scheduling;

import static dev.cita.scheduling.BookingFixture.ANA;
import static dev.cita.scheduling.BookingFixture.BEN;
import static dev.cita.scheduling.BookingFixture.CONSULT;
import static dev.cita.scheduling.BookingFixture.OTHER_TENANT;
import static dev.cita.scheduling.BookingFixture.TENANT;
import static dev.cita.scheduling.BookingFixture.TUE;
import static dev.cita.scheduling.BookingFixture.WED;
import static dev.cita.scheduling.BookingFixture.at;
import static dev.cita.scheduling.BookingFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.availability.Closure;
import dev.cita.scheduling.availability.ServiceHours;
import dev.cita.scheduling.availability.WeeklyHours;
import dev.cita.scheduling.memory.InMemoryClosureStore;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.TimeSlot;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A tenant's closures apply to every resource it has, in slot lists and at booking time, and a
 * type's service hours limit when it is offered; tenants without them are unchanged.
 */
class BookingClosuresTest {
  private final BookingFixture fx = new BookingFixture();
  private final InMemoryClosureStore closures = new InMemoryClosureStore();
  private final BookingService service = fx.serviceBuilder().closureSource(closures).build();

  private List<TimeSlot> slots(dev.cita.scheduling.model.ResourceId who, LocalDate date) {
    return service.findSlots(SlotQuery.forResource(TENANT, who, CONSULT.id(), date, date));
  }

  @Test
  void aClosedDayHasNoSlotsForAnyResourceAndRefusesBookingsAsClosed() {
    closures.save(TENANT, Closure.days("inventario", TUE, TUE, "cerrado por inventario"));
    assertThat(slots(ANA, TUE)).isEmpty();
    assertThat(slots(BEN, TUE)).isEmpty();
    assertThat(slots(ANA, WED)).isNotEmpty();
    assertThat(service.findSlots(SlotQuery.forResource(TENANT, ANA, CONSULT.id(), TUE, WED)).size())
        .isEqualTo(slots(ANA, WED).size());
    assertThatThrownBy(() -> service.book(request(at(TUE, "10:00"), "Pat").build()))
        .isInstanceOf(SlotUnavailableException.class)
        .satisfies(
            e ->
                assertThat(((SlotUnavailableException) e).reason())
                    .isEqualTo(SlotUnavailableException.Reason.CLOSED));
    assertThat(fx.appointments.findTimeHolding(TENANT, ANA, at(TUE, "00:00"), at(WED, "00:00")))
        .isEmpty();
  }

  @Test
  void anotherTenantsClosureChangesNothing() {
    closures.save(OTHER_TENANT, Closure.days("inventario", TUE, TUE, null));
    assertThat(slots(ANA, TUE)).hasSize(slots(ANA, WED).size());
    assertThat(service.book(request(at(TUE, "11:00"), "Pat").build()).start())
        .isEqualTo(at(TUE, "11:00"));
  }

  @Test
  void aRemovedClosureOpensTheDayAgainAndMovesIntoAClosureAreRefused() {
    closures.save(TENANT, Closure.days("inventario", WED, WED, null));
    var booked = service.book(request(at(TUE, "11:00"), "Pat").build());
    assertThatThrownBy(() -> service.reschedule(TENANT, booked.id(), at(WED, "11:00")))
        .isInstanceOf(SlotUnavailableException.class)
        .satisfies(
            e ->
                assertThat(((SlotUnavailableException) e).reason())
                    .isEqualTo(SlotUnavailableException.Reason.CLOSED));
    assertThat(closures.remove(TENANT, "inventario")).isTrue();
    assertThat(closures.remove(TENANT, "inventario")).isFalse();
    assertThat(service.reschedule(TENANT, booked.id(), at(WED, "11:00")).start())
        .isEqualTo(at(WED, "11:00"));
  }

  @Test
  void everySourceIsAskedWithTheQueriedDatesAndASourceIsAddedOnce() {
    List<LocalDate[]> asked = new ArrayList<>();
    BookingService withHolidays =
        fx.serviceBuilder()
            .closureSource(closures)
            .closureSource(
                (tenant, from, to) -> {
                  asked.add(new LocalDate[] {from, to});
                  return List.of(Closure.days("feriado", TUE, TUE, null));
                })
            .build();
    assertThat(withHolidays.findSlots(SlotQuery.forResource(TENANT, ANA, CONSULT.id(), TUE, TUE)))
        .isEmpty();
    assertThat(asked.get(0)[0]).isBeforeOrEqualTo(TUE);
    assertThat(asked.get(0)[1]).isAfterOrEqualTo(TUE);
    assertThatThrownBy(() -> fx.serviceBuilder().closureSource(closures).closureSource(closures))
        .isInstanceOf(ValidationException.class)
        .extracting(e -> ((ValidationException) e).field())
        .isEqualTo("closureSource");
  }

  @Test
  void aTypeWithServiceHoursIsOfferedAndBookedOnlyInThem() {
    AppointmentType kine =
        CONSULT.toBuilder()
            .id(dev.cita.scheduling.model.AppointmentTypeId.of("kine"))
            .serviceHours(
                ServiceHours.builder()
                    .weeklyHours(
                        WeeklyHours.builder().add(DayOfWeek.TUESDAY, "11:00", "18:00").build())
                    .build())
            .build();
    fx.schedules.saveAppointmentType(TENANT, kine);
    assertThat(service.findSlots(SlotQuery.forResource(TENANT, ANA, kine.id(), TUE, WED)))
        .extracting(TimeSlot::start)
        .containsExactly(at(TUE, "11:00"), at(TUE, "11:30"), at(TUE, "12:00"), at(TUE, "12:30"));
    assertThatThrownBy(() -> service.book(request(ANA, kine, at(TUE, "10:00"), "Pat").build()))
        .isInstanceOf(SlotUnavailableException.class)
        .satisfies(
            e ->
                assertThat(((SlotUnavailableException) e).reason())
                    .isEqualTo(SlotUnavailableException.Reason.OUTSIDE_HOURS));
    assertThat(service.book(request(ANA, kine, at(TUE, "11:30"), "Pat").build()).start())
        .isEqualTo(at(TUE, "11:30"));
  }
}
