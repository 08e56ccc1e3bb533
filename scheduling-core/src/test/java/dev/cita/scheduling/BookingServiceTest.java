package dev.cita.scheduling;

import static dev.cita.scheduling.BookingFixture.ANA;
import static dev.cita.scheduling.BookingFixture.BEN;
import static dev.cita.scheduling.BookingFixture.CONSULT;
import static dev.cita.scheduling.BookingFixture.MON;
import static dev.cita.scheduling.BookingFixture.NOW;
import static dev.cita.scheduling.BookingFixture.OTHER_TENANT;
import static dev.cita.scheduling.BookingFixture.SANTIAGO;
import static dev.cita.scheduling.BookingFixture.TENANT;
import static dev.cita.scheduling.BookingFixture.TUE;
import static dev.cita.scheduling.BookingFixture.WED;
import static dev.cita.scheduling.BookingFixture.at;
import static dev.cita.scheduling.BookingFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.memory.InMemoryCalendarProvider;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.model.TimeSlot;
import dev.cita.scheduling.sync.OutboxEntry;
import dev.cita.scheduling.sync.SyncAction;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class BookingServiceTest {
  private BookingFixture fx;
  private BookingService service;

  @BeforeEach
  void setUp() {
    fx = new BookingFixture();
    service = fx.service();
  }

  private List<Instant> starts(LocalDate date) {
    return starts(service.findSlots(SlotQuery.forResource(TENANT, ANA, CONSULT.id(), date, date)));
  }

  private static List<Instant> starts(List<TimeSlot> slots) {
    return slots.stream().map(TimeSlot::start).toList();
  }

  private static List<Instant> grid(LocalDate date, String... times) {
    List<Instant> out = new ArrayList<>();
    for (String t : times) {
      out.add(at(date, t));
    }
    return out;
  }

  private AppointmentType save(AppointmentType type) {
    fx.schedules.saveAppointmentType(TENANT, type);
    return type;
  }

  @Nested
  class FindAndBook {
    @Test
    void fixtureClockIsNineInTheMorningInSantiago() {
      assertThat(at(MON, "09:00")).isEqualTo(NOW);
      assertThat(fx.clock.instant()).isEqualTo(NOW);
    }

    @Test
    void offersTheLocalGridOfTheDay() {
      assertThat(starts(TUE))
          .containsExactlyElementsOf(
              grid(TUE, "09:00", "09:30", "10:00", "10:30", "11:00", "11:30", "12:00", "12:30"));
    }

    @Test
    void todayHonoursTheMinimumNotice() {
      // Now is 09:00, notice is two hours: the first bookable start is 11:00.
      assertThat(starts(MON))
          .containsExactlyElementsOf(grid(MON, "11:00", "11:30", "12:00", "12:30"));
    }

    @Test
    void bookedSlotIsNoLongerOffered() {
      List<TimeSlot> before =
          service.findSlots(SlotQuery.forResource(TENANT, ANA, CONSULT.id(), TUE, TUE));
      TimeSlot chosen = before.get(2);

      Appointment booked = service.book(request(chosen.start(), "Camila Rojas").build());

      assertThat(booked.start()).isEqualTo(at(TUE, "10:00"));
      assertThat(booked.end()).isEqualTo(at(TUE, "10:30"));
      assertThat(booked.status()).isEqualTo(AppointmentStatus.SCHEDULED);
      assertThat(booked.displayZone()).isEqualTo(SANTIAGO);
      assertThat(booked.version()).isZero();
      assertThat(booked.createdAt()).isEqualTo(NOW);
      assertThat(booked.updatedAt()).isEqualTo(NOW);
      assertThat(booked.tenant()).isEqualTo(TENANT);
      assertThat(booked.resource()).isEqualTo(ANA);
      assertThat(service.appointment(TENANT, booked.id())).contains(booked);
      assertThat(fx.appointments.size()).isEqualTo(1);

      List<Instant> after = starts(TUE);
      assertThat(after).hasSize(before.size() - 1).doesNotContain(chosen.start());
    }

    @Test
    void displayZoneFromTheRequestIsKept() {
      ZoneId madrid = ZoneId.of("Europe/Madrid");
      Appointment booked =
          service.book(request(at(TUE, "10:00"), "Lucía").displayZone(madrid).build());
      assertThat(booked.displayZone()).isEqualTo(madrid);
    }

    @Test
    void locationAndNotesOfTheRequestAreStored() {
      Appointment booked =
          service.book(
              request(at(TUE, "10:00"), "Lucía")
                  .location("Av. Providencia 1234, box 3")
                  .notes("primera consulta")
                  .build());
      assertThat(booked.location()).contains("Av. Providencia 1234, box 3");
      assertThat(booked.notes()).contains("primera consulta");
      assertThat(service.appointment(TENANT, booked.id()).orElseThrow().notes())
          .contains("primera consulta");
    }

    @Test
    void otherResourceAndOtherTenantAreNotBlocked() {
      fx.schedules.saveSchedule(OTHER_TENANT, ANA, BookingFixture.weekdayMornings());
      fx.schedules.saveAppointmentType(OTHER_TENANT, CONSULT);
      service.book(request(at(TUE, "10:00"), "Camila").build());

      assertThat(
              starts(service.findSlots(SlotQuery.forResource(TENANT, BEN, CONSULT.id(), TUE, TUE))))
          .contains(at(TUE, "10:00"));
      assertThat(
              starts(
                  service.findSlots(
                      SlotQuery.forResource(OTHER_TENANT, ANA, CONSULT.id(), TUE, TUE))))
          .contains(at(TUE, "10:00"));
      Appointment other =
          service.book(
              BookingRequest.builder(
                      OTHER_TENANT,
                      ANA,
                      CONSULT.id(),
                      at(TUE, "10:00"),
                      BookingFixture.attendee("Pedro"))
                  .build());
      assertThat(other.tenant()).isEqualTo(OTHER_TENANT);
      assertThat(fx.appointments.size()).isEqualTo(2);
    }

    @Test
    void doubleBookingIsRefused() {
      Appointment first = service.book(request(at(TUE, "10:00"), "Camila").build());

      assertThatThrownBy(() -> service.book(request(at(TUE, "10:00"), "Pedro").build()))
          .isInstanceOf(SlotUnavailableException.class)
          .hasMessageContaining("overlaps another appointment");

      assertThat(fx.appointments.size()).isEqualTo(1);
      assertThat(service.appointment(TENANT, first.id())).contains(first);
    }

    @Test
    void overlappingButDifferentStartIsRefused() {
      AppointmentType hour =
          save(
              AppointmentType.builder("hour", "Hora", Duration.ofMinutes(60))
                  .step(Duration.ofMinutes(30))
                  .build());
      service.book(request(ANA, hour, at(TUE, "10:00"), "Camila").build());

      assertThatThrownBy(() -> service.book(request(ANA, hour, at(TUE, "10:30"), "Pedro").build()))
          .isInstanceOf(SlotUnavailableException.class);
      assertThatThrownBy(() -> service.book(request(at(TUE, "10:30"), "Pedro").build()))
          .isInstanceOf(SlotUnavailableException.class);
      assertThat(fx.appointments.size()).isEqualTo(1);
    }

    @Test
    void aCustomersAppointmentsAreFoundByPhone() {
      Appointment camila = service.book(request(at(TUE, "10:00"), "Camila").build());
      service.book(
          BookingRequest.builder(
                  TENANT,
                  ANA,
                  CONSULT.id(),
                  at(TUE, "11:00"),
                  Attendee.builder("Pedro").phone("+56987654321").build())
              .build());

      AppointmentPage page =
          service.appointmentsOf(AttendeeQuery.byPhone(TENANT, "+56912345678").build());

      assertThat(page.appointments()).containsExactly(camila);
    }
  }

  /** The client may send any start; book must apply every rule again, not trust a slot list. */
  @Nested
  class BookRechecksEveryRule {
    private void assertRefused(BookingRequest request, String reason) {
      int before = fx.appointments.size();
      assertThatThrownBy(() -> service.book(request))
          .isInstanceOf(SlotUnavailableException.class)
          .hasMessageContaining(reason);
      assertThat(fx.appointments.size()).isEqualTo(before);
    }

    @Test
    void minimumNotice() {
      assertRefused(request(at(MON, "10:00"), "Camila").build(), "minimum notice");
      assertRefused(request(at(MON, "10:30"), "Camila").build(), "minimum notice");
      assertThat(service.book(request(at(MON, "11:00"), "Camila").build()).start())
          .isEqualTo(at(MON, "11:00"));
    }

    @Test
    void startInThePast() {
      assertRefused(request(at(MON.minusDays(7), "10:00"), "Camila").build(), "minimum notice");
    }

    @Test
    void horizon() {
      // 14 days of elapsed time from Monday 09:00: Monday 16 March 09:00 is the first start beyond
      // it.
      LocalDate lastDay = MON.plusDays(11); // Friday 13 March (the weekend is closed)
      assertThat(service.book(request(at(lastDay, "12:30"), "Camila").build())).isNotNull();
      assertRefused(request(at(MON.plusDays(14), "09:00"), "Pedro").build(), "horizon");
      assertRefused(request(at(MON.plusDays(30), "10:00"), "Pedro").build(), "horizon");
    }

    @Test
    void outsideOpeningHours() {
      assertRefused(request(at(TUE, "08:30"), "Camila").build(), "outside the opening hours");
      assertRefused(request(at(TUE, "13:00"), "Camila").build(), "outside the opening hours");
      assertRefused(request(at(TUE, "15:00"), "Camila").build(), "outside the opening hours");
      // Saturday: closed.
      assertRefused(
          request(at(MON.plusDays(5), "10:00"), "Camila").build(), "outside the opening hours");
    }

    @Test
    void slotThatWouldRunPastClosing() {
      AppointmentType hour =
          save(
              AppointmentType.builder("hour", "Hora", Duration.ofMinutes(60))
                  .step(Duration.ofMinutes(30))
                  .build());
      assertRefused(
          request(ANA, hour, at(TUE, "12:30"), "Camila").build(), "outside the opening hours");
    }

    @Test
    void startOffTheSlotGrid() {
      assertRefused(request(at(TUE, "10:10"), "Camila").build(), "off the slot grid");
      assertRefused(
          request(at(TUE, "10:00").plusSeconds(1), "Camila").build(), "off the slot grid");
    }

    @Test
    void buffersAreMutualAndEnforced() {
      AppointmentType cleaning =
          save(
              AppointmentType.builder("cleaning", "Limpieza", Duration.ofMinutes(30))
                  .step(Duration.ofMinutes(15))
                  .bufferAfter(Duration.ofMinutes(15))
                  .build());
      Appointment first = service.book(request(ANA, cleaning, at(TUE, "10:00"), "Camila").build());
      assertThat(first.bufferAfter()).isEqualTo(Duration.ofMinutes(15));

      // 10:30 falls in the first one's after-buffer; 09:30 would run into 10:00 with its own
      // after-buffer.
      assertRefused(
          request(ANA, cleaning, at(TUE, "10:30"), "Pedro").build(),
          "overlaps another appointment or its buffer");
      assertRefused(
          request(ANA, cleaning, at(TUE, "09:30"), "Pedro").build(),
          "overlaps another appointment or its buffer");
      // Another type without buffers is still kept out of the first one's buffer.
      assertRefused(
          request(ANA, CONSULT, at(TUE, "10:30"), "Pedro").build(),
          "overlaps another appointment or its buffer");

      assertThat(service.book(request(ANA, cleaning, at(TUE, "10:45"), "Pedro").build()).start())
          .isEqualTo(at(TUE, "10:45"));
      assertThat(service.book(request(ANA, cleaning, at(TUE, "09:15"), "Lucía").build()).start())
          .isEqualTo(at(TUE, "09:15"));
      assertThat(fx.appointments.size()).isEqualTo(3);
    }

    @Test
    void seatsFillUpThenTheSlotIsFull() {
      AppointmentType group =
          save(AppointmentType.builder("yoga", "Yoga", Duration.ofMinutes(60)).seats(3).build());
      for (int i = 0; i < 3; i++) {
        service.book(request(ANA, group, at(TUE, "10:00"), "Alumno " + i).build());
      }
      assertThat(service.findSlots(SlotQuery.forResource(TENANT, ANA, group.id(), TUE, TUE)))
          .extracting(TimeSlot::start)
          .doesNotContain(at(TUE, "10:00"));
      assertRefused(
          request(ANA, group, at(TUE, "10:00"), "Alumno 4").build(), "every seat is taken");
      assertThat(fx.appointments.size()).isEqualTo(3);
    }

    @Test
    void seatsShowRemainingCount() {
      AppointmentType group =
          save(AppointmentType.builder("yoga", "Yoga", Duration.ofMinutes(60)).seats(3).build());
      service.book(request(ANA, group, at(TUE, "10:00"), "Alumno 1").build());
      TimeSlot ten =
          service.findSlots(SlotQuery.forResource(TENANT, ANA, group.id(), TUE, TUE)).stream()
              .filter(s -> s.start().equals(at(TUE, "10:00")))
              .findFirst()
              .orElseThrow();
      assertThat(ten.remainingSeats()).isEqualTo(2);
    }

    @Test
    void dailyCap() {
      AppointmentType capped =
          save(
              AppointmentType.builder("capped", "Con tope", Duration.ofMinutes(30))
                  .maxPerDay(2)
                  .build());
      service.book(request(ANA, capped, at(TUE, "09:00"), "Uno").build());
      service.book(request(ANA, capped, at(TUE, "12:00"), "Dos").build());

      assertRefused(request(ANA, capped, at(TUE, "10:30"), "Tres").build(), "daily limit");
      assertThat(service.findSlots(SlotQuery.forResource(TENANT, ANA, capped.id(), TUE, TUE)))
          .isEmpty();
      // The next local date has its own count.
      assertThat(service.book(request(ANA, capped, at(WED, "10:30"), "Tres").build()).start())
          .isEqualTo(at(WED, "10:30"));
    }

    @Test
    void appointmentTypeDurationIsTakenFromTheStoredType() {
      Appointment booked = service.book(request(at(TUE, "11:00"), "Camila").build());
      assertThat(Duration.between(booked.start(), booked.end())).isEqualTo(CONSULT.duration());
    }
  }

  @Nested
  class Reschedule {
    @Test
    void movesToAFreeStartAndBecomesRescheduled() {
      Appointment booked = service.book(request(at(TUE, "10:00"), "Camila").build());
      fx.clock.advance(Duration.ofMinutes(5));

      Appointment moved = service.reschedule(TENANT, booked.id(), at(TUE, "11:30"));

      assertThat(moved.id()).isEqualTo(booked.id());
      assertThat(moved.status()).isEqualTo(AppointmentStatus.RESCHEDULED);
      assertThat(moved.start()).isEqualTo(at(TUE, "11:30"));
      assertThat(moved.end()).isEqualTo(at(TUE, "12:00"));
      assertThat(moved.version()).isEqualTo(booked.version() + 1);
      assertThat(moved.updatedAt()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
      assertThat(moved.createdAt()).isEqualTo(booked.createdAt());
      assertThat(service.appointment(TENANT, booked.id())).contains(moved);
      assertThat(fx.appointments.size()).isEqualTo(1);

      assertThat(starts(TUE)).contains(at(TUE, "10:00")).doesNotContain(at(TUE, "11:30"));
    }

    @Test
    void ownOldTimeDoesNotBlock() {
      AppointmentType hour =
          save(
              AppointmentType.builder("hour", "Hora", Duration.ofMinutes(60))
                  .step(Duration.ofMinutes(30))
                  .bufferAfter(Duration.ofMinutes(30))
                  .build());
      Appointment booked = service.book(request(ANA, hour, at(TUE, "10:00"), "Camila").build());

      Appointment moved = service.reschedule(TENANT, booked.id(), at(TUE, "10:30"));

      assertThat(moved.start()).isEqualTo(at(TUE, "10:30"));
      assertThat(moved.status()).isEqualTo(AppointmentStatus.RESCHEDULED);
      // And it can be moved again.
      Appointment again = service.reschedule(TENANT, booked.id(), at(TUE, "09:30"));
      assertThat(again.start()).isEqualTo(at(TUE, "09:30"));
      assertThat(again.version()).isEqualTo(2);
    }

    @Test
    void takenTargetIsRefusedAndTheAppointmentIsUnchanged() {
      Appointment mine = service.book(request(at(TUE, "10:00"), "Camila").build());
      service.book(request(at(TUE, "11:00"), "Pedro").build());

      assertThatThrownBy(() -> service.reschedule(TENANT, mine.id(), at(TUE, "11:00")))
          .isInstanceOf(SlotUnavailableException.class);

      assertThat(service.appointment(TENANT, mine.id())).contains(mine);
      assertThat(fx.appointments.size()).isEqualTo(2);
    }

    @Test
    void targetOutsideTheRulesIsRefused() {
      Appointment mine = service.book(request(at(TUE, "10:00"), "Camila").build());

      assertThatThrownBy(() -> service.reschedule(TENANT, mine.id(), at(TUE, "14:00")))
          .isInstanceOf(SlotUnavailableException.class)
          .hasMessageContaining("outside");
      assertThatThrownBy(() -> service.reschedule(TENANT, mine.id(), at(MON, "09:30")))
          .isInstanceOf(SlotUnavailableException.class)
          .hasMessageContaining("minimum notice");

      assertThat(service.appointment(TENANT, mine.id())).contains(mine);
    }

    @Test
    void cancelledAppointmentCannotBeMoved() {
      Appointment mine = service.book(request(at(TUE, "10:00"), "Camila").build());
      Appointment cancelled = service.cancel(TENANT, mine.id());

      assertThatThrownBy(() -> service.reschedule(TENANT, mine.id(), at(TUE, "11:00")))
          .isInstanceOf(InvalidTransitionException.class);
      assertThat(service.appointment(TENANT, mine.id())).contains(cancelled);
    }
  }

  @Nested
  class StatusChanges {
    @Test
    void cancelFreesTheSlot() {
      Appointment booked = service.book(request(at(TUE, "10:00"), "Camila").build());
      assertThat(starts(TUE)).doesNotContain(at(TUE, "10:00"));

      Appointment cancelled = service.cancel(TENANT, booked.id());

      assertThat(cancelled.status()).isEqualTo(AppointmentStatus.CANCELLED);
      assertThat(cancelled.version()).isEqualTo(1);
      assertThat(starts(TUE)).contains(at(TUE, "10:00"));
      Appointment rebooked = service.book(request(at(TUE, "10:00"), "Pedro").build());
      assertThat(rebooked.id()).isNotEqualTo(booked.id());
      assertThat(fx.appointments.size()).isEqualTo(2);
    }

    @Test
    void cancelTwiceIsRefused() {
      Appointment booked = service.book(request(at(TUE, "10:00"), "Camila").build());
      Appointment cancelled = service.cancel(TENANT, booked.id());

      assertThatThrownBy(() -> service.cancel(TENANT, booked.id()))
          .isInstanceOf(InvalidTransitionException.class);
      assertThat(service.appointment(TENANT, booked.id())).contains(cancelled);
    }

    @Test
    void confirm() {
      Appointment booked = service.book(request(at(TUE, "10:00"), "Camila").build());
      fx.clock.advance(Duration.ofHours(1));

      Appointment confirmed = service.confirm(TENANT, booked.id());

      assertThat(confirmed.status()).isEqualTo(AppointmentStatus.CONFIRMED);
      assertThat(confirmed.version()).isEqualTo(1);
      assertThat(confirmed.updatedAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
      assertThat(confirmed.start()).isEqualTo(booked.start());
      // Still holds its time.
      assertThat(starts(TUE)).doesNotContain(at(TUE, "10:00"));
    }

    @Test
    void needsApprovalStartsRequestedAndApproveSchedulesIt() {
      Appointment requested =
          service.book(request(at(TUE, "10:00"), "Camila").needsApproval(true).build());
      assertThat(requested.status()).isEqualTo(AppointmentStatus.REQUESTED);
      // A request holds its time while it waits.
      assertThat(starts(TUE)).doesNotContain(at(TUE, "10:00"));

      Appointment approved = service.approve(TENANT, requested.id());

      assertThat(approved.status()).isEqualTo(AppointmentStatus.SCHEDULED);
      assertThat(approved.version()).isEqualTo(1);
      assertThatThrownBy(() -> service.approve(TENANT, requested.id()))
          .isInstanceOf(InvalidTransitionException.class);
      assertThat(service.appointment(TENANT, requested.id())).contains(approved);
    }

    @Test
    void requestedAppointmentCannotBeCompleted() {
      Appointment requested =
          service.book(request(at(TUE, "10:00"), "Camila").needsApproval(true).build());
      fx.clock.set(at(TUE, "11:00"));

      assertThatThrownBy(() -> service.complete(TENANT, requested.id()))
          .isInstanceOf(InvalidTransitionException.class);
      assertThat(service.appointment(TENANT, requested.id())).contains(requested);
    }

    @Test
    void complete() {
      Appointment booked = service.book(request(at(TUE, "10:00"), "Camila").build());
      service.confirm(TENANT, booked.id());
      fx.clock.set(at(TUE, "10:30"));

      Appointment done = service.complete(TENANT, booked.id());

      assertThat(done.status()).isEqualTo(AppointmentStatus.COMPLETED);
      assertThat(done.version()).isEqualTo(2);
      assertThat(done.updatedAt()).isEqualTo(at(TUE, "10:30"));
    }

    @Test
    void completeIsRefusedBeforeTheStart() {
      Appointment booked = service.book(request(at(TUE, "10:00"), "Camila").build());
      fx.clock.set(at(TUE, "09:59:59"));

      assertThatThrownBy(() -> service.complete(TENANT, booked.id()))
          .isInstanceOf(InvalidTransitionException.class)
          .hasMessageContaining("has not started");
      assertThat(service.appointment(TENANT, booked.id())).contains(booked);
    }

    @Test
    void movingARequestedAppointmentKeepsItAwaitingApproval() {
      Appointment requested =
          service.book(request(at(TUE, "10:00"), "Camila").needsApproval(true).build());

      Appointment moved = service.reschedule(TENANT, requested.id(), at(TUE, "11:00"));

      assertThat(moved.status()).isEqualTo(AppointmentStatus.REQUESTED);
      assertThat(moved.start()).isEqualTo(at(TUE, "11:00"));
      assertThatThrownBy(() -> service.confirm(TENANT, requested.id()))
          .as("a move must not stand in for the host's approval")
          .isInstanceOf(InvalidTransitionException.class);
      assertThat(service.approve(TENANT, requested.id()).status())
          .isEqualTo(AppointmentStatus.SCHEDULED);
    }

    @Test
    void noShowIsRefusedBeforeTheStart() {
      Appointment booked = service.book(request(at(TUE, "10:00"), "Camila").build());
      fx.clock.set(at(TUE, "09:59:59"));

      assertThatThrownBy(() -> service.markNoShow(TENANT, booked.id()))
          .isInstanceOf(InvalidTransitionException.class)
          .hasMessageContaining("has not started");
      assertThat(service.appointment(TENANT, booked.id())).contains(booked);
    }

    @Test
    void noShowIsAllowedFromTheStart() {
      Appointment booked = service.book(request(at(TUE, "10:00"), "Camila").build());
      fx.clock.set(at(TUE, "10:00"));

      Appointment noShow = service.markNoShow(TENANT, booked.id());

      assertThat(noShow.status()).isEqualTo(AppointmentStatus.NO_SHOW);
      assertThat(noShow.version()).isEqualTo(1);
      assertThatThrownBy(() -> service.complete(TENANT, booked.id()))
          .isInstanceOf(InvalidTransitionException.class);
    }

    @Test
    void statusChangesOfAnotherTenantAreNotFound() {
      Appointment booked = service.book(request(at(TUE, "10:00"), "Camila").build());
      assertThatThrownBy(() -> service.cancel(OTHER_TENANT, booked.id()))
          .isInstanceOf(NotFoundException.class);
      assertThat(service.appointment(OTHER_TENANT, booked.id())).isEmpty();
      assertThat(service.appointment(TENANT, booked.id())).contains(booked);
    }
  }

  /** A booking tool that decides bookings refused one: {@link BookingService#cancelRefused}. */
  @Nested
  class ProviderRefusals {
    private final List<String> heard = new CopyOnWriteArrayList<>();

    @BeforeEach
    void twoProvidersAndAListener() {
      service =
          fx.serviceBuilder()
              .calendarProvider(new InMemoryCalendarProvider("calcom"))
              .calendarProvider(new InMemoryCalendarProvider("google"))
              .listener(
                  new BookingListener() {
                    @Override
                    public void statusChanged(Appointment before, Appointment after) {
                      heard.add(before.status() + " -> " + after.status());
                    }

                    @Override
                    public void refusedByProvider(Appointment cancelled, String provider) {
                      heard.add("refused by " + provider);
                    }
                  })
              .build();
    }

    private Appointment booked(String time) {
      return service.book(request(at(TUE, time), "Camila").build());
    }

    @Test
    void theRefusedAppointmentIsCancelledWithTheReasonAndOnlyTheOthersHearOfIt() {
      Appointment booked = booked("10:00");

      Appointment cancelled = service.cancelRefused(TENANT, booked.id(), "calcom", "slot taken");

      assertThat(cancelled.status()).isEqualTo(AppointmentStatus.CANCELLED);
      assertThat(cancelled.statusReason()).contains("refused by calcom: slot taken");
      assertThat(service.appointment(TENANT, booked.id())).contains(cancelled);
      assertThat(fx.appointments.outbox().entries(TENANT))
          .filteredOn(e -> e.action() == SyncAction.CANCEL)
          .extracting(OutboxEntry::provider)
          .containsExactly("google");
      assertThat(heard).containsExactly("SCHEDULED -> CANCELLED", "refused by calcom");
      assertThat(starts(TUE)).contains(at(TUE, "10:00"));
    }

    @Test
    void anAppointmentAlreadyFinalIsReturnedAsItIsAndNobodyHears() {
      Appointment booked = booked("10:00");
      Appointment cancelled = service.cancel(TENANT, booked.id());
      heard.clear();

      Appointment again = service.cancelRefused(TENANT, booked.id(), "calcom", "slot taken");

      assertThat(again).isEqualTo(cancelled);
      assertThat(again.statusReason()).isEmpty();
      assertThat(heard).isEmpty();
    }

    @Test
    void aReasonLongerThanTheStoredLengthIsCut() {
      String prefix = "refused by calcom: ";
      String fits = "x".repeat(Appointment.MAX_STATUS_REASON_LENGTH - prefix.length());

      assertThat(service.cancelRefused(TENANT, booked("10:00").id(), "calcom", fits).statusReason())
          .contains(prefix + fits);
      String cut =
          service
              .cancelRefused(TENANT, booked("11:00").id(), "calcom", fits + "yz")
              .statusReason()
              .orElseThrow();
      assertThat(cut)
          .hasSize(Appointment.MAX_STATUS_REASON_LENGTH)
          .startsWith(prefix + "xxx")
          .endsWith("x…");
    }
  }

  @Nested
  class Import {
    @Test
    void importedRowsHoldTheirTimeAndArePublishedWhenTheBatchAsks() {
      service =
          fx.serviceBuilder().calendarProvider(new InMemoryCalendarProvider("google")).build();
      ImportBatch batch =
          ImportBatch.builder(ImportBatch.ConflictMode.CHECK)
              .add(
                  ImportedAppointment.builder(
                          TENANT,
                          ANA,
                          CONSULT.id(),
                          at(TUE, "10:00"),
                          BookingFixture.attendee("Rosa"))
                      .source("agenda-anterior", "r-1")
                      .build())
              .publishToProviders(true)
              .build();

      ImportResult result = service.importAppointments(batch);

      assertThat(result.imported()).hasSize(1);
      AppointmentId id = result.imported().get(0).appointmentId().orElseThrow();
      assertThat(service.appointment(TENANT, id)).isPresent();
      assertThat(fx.appointments.outbox().entries(TENANT))
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.appointmentId()).isEqualTo(id);
                assertThat(e.provider()).isEqualTo("google");
                assertThat(e.action()).isEqualTo(SyncAction.CREATE);
              });
      assertThat(starts(TUE)).doesNotContain(at(TUE, "10:00"));
      assertThat(service.importAppointments(batch).alreadyImported()).hasSize(1);
    }
  }

  @Nested
  class Listeners {
    private final List<String> events = new CopyOnWriteArrayList<>();

    private final BookingListener recorder =
        new BookingListener() {
          @Override
          public void booked(Appointment appointment) {
            events.add("booked " + appointment.id());
          }

          @Override
          public void rescheduled(Appointment before, Appointment after) {
            events.add("rescheduled " + before.start() + " -> " + after.start());
          }

          @Override
          public void statusChanged(Appointment before, Appointment after) {
            events.add(before.status() + " -> " + after.status());
          }
        };

    @Test
    void listenersHearEveryChange() {
      service = fx.serviceBuilder().listener(recorder).build();

      Appointment booked = service.book(request(at(TUE, "10:00"), "Camila").build());
      service.reschedule(TENANT, booked.id(), at(TUE, "11:00"));
      service.confirm(TENANT, booked.id());
      service.cancel(TENANT, booked.id());

      assertThat(events)
          .containsExactly(
              "booked " + booked.id(),
              "rescheduled " + at(TUE, "10:00") + " -> " + at(TUE, "11:00"),
              "RESCHEDULED -> CONFIRMED",
              "CONFIRMED -> CANCELLED");
    }

    @Test
    void refusedChangesAreNotHeard() {
      service = fx.serviceBuilder().listener(recorder).build();
      service.book(request(at(TUE, "10:00"), "Camila").build());
      events.clear();

      assertThatThrownBy(() -> service.book(request(at(TUE, "10:00"), "Pedro").build()))
          .isInstanceOf(SlotUnavailableException.class);
      assertThat(events).isEmpty();
    }

    @Test
    void throwingListenerDoesNotUndoTheBookingNorSilenceOthers() {
      BookingListener broken =
          new BookingListener() {
            @Override
            public void booked(Appointment appointment) {
              throw new IllegalStateException("listener bug");
            }

            @Override
            public void statusChanged(Appointment before, Appointment after) {
              throw new IllegalStateException("listener bug");
            }
          };
      service = fx.serviceBuilder().listener(broken).listener(recorder).build();

      Appointment booked = service.book(request(at(TUE, "10:00"), "Camila").build());
      Appointment cancelled = service.cancel(TENANT, booked.id());

      assertThat(service.appointment(TENANT, booked.id())).contains(cancelled);
      assertThat(fx.appointments.size()).isEqualTo(1);
      assertThat(events).containsExactly("booked " + booked.id(), "SCHEDULED -> CANCELLED");
    }
  }

  @Nested
  class Idempotency {
    @Test
    void sameKeyAndSameRequestReturnsTheFirstAppointment() {
      List<Appointment> heard = new CopyOnWriteArrayList<>();
      service =
          fx.serviceBuilder()
              .listener(
                  new BookingListener() {
                    @Override
                    public void booked(Appointment appointment) {
                      heard.add(appointment);
                    }
                  })
              .build();
      BookingRequest req = request(at(TUE, "10:00"), "Camila").idempotencyKey("wa-SM123").build();

      Appointment first = service.book(req);
      fx.clock.advance(Duration.ofMinutes(1));
      Appointment second = service.book(req);
      Appointment third =
          service.book(request(at(TUE, "10:00"), "Camila").idempotencyKey("wa-SM123").build());

      assertThat(second).isEqualTo(first);
      assertThat(third).isEqualTo(first);
      assertThat(first.idempotencyKey()).contains("wa-SM123");
      assertThat(fx.appointments.size()).isEqualTo(1);
      assertThat(heard).containsExactly(first);
    }

    @Test
    void sameKeyWithADifferentRequestIsRefusedAndWritesNothing() {
      Appointment first =
          service.book(request(at(TUE, "10:00"), "Camila").idempotencyKey("k-1").build());

      assertThatThrownBy(
              () -> service.book(request(at(TUE, "11:00"), "Camila").idempotencyKey("k-1").build()))
          .isInstanceOfSatisfying(
              IdempotencyKeyReusedException.class,
              e -> assertThat(e.field()).isEqualTo("idempotencyKey"));
      assertThatThrownBy(
              () -> service.book(request(at(TUE, "10:00"), "Pedro").idempotencyKey("k-1").build()))
          .isInstanceOf(IdempotencyKeyReusedException.class);

      assertThat(fx.appointments.size()).isEqualTo(1);
      assertThat(service.appointment(TENANT, first.id())).contains(first);
      assertThat(starts(TUE)).contains(at(TUE, "11:00"));
      assertThat(fx.idempotency.find(TENANT, "k-1"))
          .get()
          .extracting(r -> r.appointmentId())
          .isEqualTo(first.id());
    }

    @Test
    void failedBookingReleasesTheKey() {
      Appointment blocker = service.book(request(at(TUE, "10:00"), "Pedro").build());
      BookingRequest req = request(at(TUE, "10:00"), "Camila").idempotencyKey("k-2").build();

      assertThatThrownBy(() -> service.book(req)).isInstanceOf(SlotUnavailableException.class);
      assertThat(fx.idempotency.find(TENANT, "k-2")).isEmpty();
      assertThat(fx.appointments.size()).isEqualTo(1);

      // The same request succeeds once the slot is free again...
      service.cancel(TENANT, blocker.id());
      Appointment retried = service.book(req);
      assertThat(retried.start()).isEqualTo(at(TUE, "10:00"));
      assertThat(retried.idempotencyKey()).contains("k-2");
      assertThat(fx.appointments.size()).isEqualTo(2);
    }

    @Test
    void failedBookingLetsTheKeyBeUsedForAnotherRequest() {
      service.book(request(at(TUE, "10:00"), "Pedro").build());
      assertThatThrownBy(
              () -> service.book(request(at(TUE, "10:00"), "Camila").idempotencyKey("k-3").build()))
          .isInstanceOf(SlotUnavailableException.class);

      Appointment other =
          service.book(request(at(TUE, "11:00"), "Camila").idempotencyKey("k-3").build());

      assertThat(other.start()).isEqualTo(at(TUE, "11:00"));
      assertThat(fx.appointments.size()).isEqualTo(2);
    }

    @Test
    void keysAreScopedToTheTenant() {
      fx.schedules.saveSchedule(OTHER_TENANT, ANA, BookingFixture.weekdayMornings());
      fx.schedules.saveAppointmentType(OTHER_TENANT, CONSULT);
      Appointment mine =
          service.book(request(at(TUE, "10:00"), "Camila").idempotencyKey("same").build());
      Appointment theirs =
          service.book(
              BookingRequest.builder(
                      OTHER_TENANT,
                      ANA,
                      CONSULT.id(),
                      at(TUE, "11:00"),
                      BookingFixture.attendee("Pedro"))
                  .idempotencyKey("same")
                  .build());

      assertThat(theirs.id()).isNotEqualTo(mine.id());
      assertThat(theirs.tenant()).isEqualTo(OTHER_TENANT);
      assertThat(fx.appointments.size()).isEqualTo(2);
    }
  }

  @Nested
  class ExternalCalendars {
    @Test
    void externalBusyBlocksSlotsAndBooking() {
      InMemoryCalendarProvider google =
          new InMemoryCalendarProvider("google")
              .addBusy(TENANT, ANA, TimeInterval.of(at(TUE, "10:00"), at(TUE, "11:00")));
      service = fx.serviceBuilder().calendarProvider(google).build();

      assertThat(starts(TUE))
          .containsExactlyElementsOf(
              grid(TUE, "09:00", "09:30", "11:00", "11:30", "12:00", "12:30"));
      assertThatThrownBy(() -> service.book(request(at(TUE, "10:30"), "Camila").build()))
          .isInstanceOf(SlotUnavailableException.class)
          .hasMessageContaining("overlaps busy time");
      assertThat(fx.appointments.size()).isZero();
      // Ben's calendar is not Ana's.
      assertThat(service.book(request(BEN, CONSULT, at(TUE, "10:30"), "Camila").build()).resource())
          .isEqualTo(BEN);
    }

    @Test
    void externalBusyIsKeptOutOfTheCandidatesBuffers() {
      AppointmentType buffered =
          save(
              AppointmentType.builder("buffered", "Con margen", Duration.ofMinutes(30))
                  .bufferBefore(Duration.ofMinutes(15))
                  .build());
      InMemoryCalendarProvider google =
          new InMemoryCalendarProvider("google")
              .addBusy(TENANT, ANA, TimeInterval.of(at(TUE, "10:00"), at(TUE, "11:00")));
      service = fx.serviceBuilder().calendarProvider(google).build();

      assertThatThrownBy(
              () -> service.book(request(ANA, buffered, at(TUE, "11:00"), "Camila").build()))
          .isInstanceOf(SlotUnavailableException.class);
      assertThat(service.book(request(ANA, CONSULT, at(TUE, "11:00"), "Camila").build()))
          .isNotNull();
    }

    @Test
    void busyTimeAddedAfterTheSlotListIsSeenByBook() {
      InMemoryCalendarProvider google = new InMemoryCalendarProvider("google");
      service = fx.serviceBuilder().calendarProvider(google).build();
      assertThat(starts(TUE)).contains(at(TUE, "12:00"));

      google.addBusy(TENANT, ANA, TimeInterval.of(at(TUE, "12:00"), at(TUE, "12:15")));

      assertThatThrownBy(() -> service.book(request(at(TUE, "12:00"), "Camila").build()))
          .isInstanceOf(SlotUnavailableException.class);
      assertThat(fx.appointments.size()).isZero();
    }

    @Test
    void failingProviderDoesNotStopFindSlotsNorBook() {
      InMemoryCalendarProvider google =
          new InMemoryCalendarProvider("google")
              .addBusy(TENANT, ANA, TimeInterval.of(at(TUE, "10:00"), at(TUE, "11:00")));
      InMemoryCalendarProvider calcom =
          new InMemoryCalendarProvider("calcom")
              .addBusy(TENANT, ANA, TimeInterval.of(at(TUE, "12:00"), at(TUE, "12:30")));
      calcom.failing(true);
      service = fx.serviceBuilder().calendarProvider(google).calendarProvider(calcom).build();

      // Google's busy time still applies; Cal.com's is unknown while it is down.
      assertThat(starts(TUE))
          .containsExactlyElementsOf(
              grid(TUE, "09:00", "09:30", "11:00", "11:30", "12:00", "12:30"));
      Appointment booked = service.book(request(at(TUE, "12:00"), "Camila").build());
      assertThat(booked.start()).isEqualTo(at(TUE, "12:00"));
      assertThat(fx.appointments.size()).isEqualTo(1);

      google.failing(true);
      assertThat(starts(TUE)).hasSize(7);
      assertThat(service.book(request(at(TUE, "10:00"), "Pedro").build()).start())
          .isEqualTo(at(TUE, "10:00"));
    }

    @Test
    void providerIdsMustBeUnique() {
      BookingService.Builder builder =
          fx.serviceBuilder().calendarProvider(new InMemoryCalendarProvider("google"));
      assertThatThrownBy(() -> builder.calendarProvider(new InMemoryCalendarProvider("google")))
          .isInstanceOfSatisfying(
              ValidationException.class, e -> assertThat(e.field()).isEqualTo("calendarProvider"));
    }
  }

  @Nested
  class Teams {
    @Test
    void anyOfListsEachStartOnceWithTheFreeMembers() {
      service.book(request(ANA, CONSULT, at(TUE, "10:00"), "Camila").build());
      service.book(request(BEN, CONSULT, at(TUE, "11:00"), "Pedro").build());

      List<TimeSlot> slots =
          service.findSlots(SlotQuery.anyOf(TENANT, List.of(ANA, BEN), CONSULT.id(), TUE, TUE));

      assertThat(starts(slots))
          .containsExactlyElementsOf(
              grid(TUE, "09:00", "09:30", "10:00", "10:30", "11:00", "11:30", "12:00", "12:30"));
      assertThat(slot(slots, at(TUE, "10:00")).resources()).containsExactly(BEN);
      assertThat(slot(slots, at(TUE, "11:00")).resources()).containsExactly(ANA);
      assertThat(slot(slots, at(TUE, "09:00")).resources()).containsExactly(ANA, BEN);
    }

    @Test
    void anyOfDropsAStartOnlyWhenEveryMemberIsTaken() {
      service.book(request(ANA, CONSULT, at(TUE, "10:00"), "Camila").build());
      service.book(request(BEN, CONSULT, at(TUE, "10:00"), "Pedro").build());

      List<TimeSlot> slots =
          service.findSlots(SlotQuery.anyOf(TENANT, List.of(ANA, BEN), CONSULT.id(), TUE, TUE));

      assertThat(starts(slots)).doesNotContain(at(TUE, "10:00")).hasSize(7);
    }

    @Test
    void allOfOffersOnlyStartsWhereEveryMemberIsFree() {
      service.book(request(ANA, CONSULT, at(TUE, "10:00"), "Camila").build());
      service.book(request(BEN, CONSULT, at(TUE, "11:00"), "Pedro").build());

      List<TimeSlot> slots =
          service.findSlots(SlotQuery.allOf(TENANT, List.of(ANA, BEN), CONSULT.id(), TUE, TUE));

      assertThat(starts(slots))
          .containsExactlyElementsOf(
              grid(TUE, "09:00", "09:30", "10:30", "11:30", "12:00", "12:30"));
      assertThat(slots).allSatisfy(s -> assertThat(s.resources()).containsExactly(ANA, BEN));
    }

    @Test
    void teamQueryWithAnUnknownMemberIsNotFound() {
      assertThatThrownBy(
              () ->
                  service.findSlots(
                      SlotQuery.allOf(
                          TENANT,
                          List.of(ANA, dev.cita.scheduling.model.ResourceId.of("nobody")),
                          CONSULT.id(),
                          TUE,
                          TUE)))
          .isInstanceOf(NotFoundException.class)
          .hasMessageContaining("nobody");
    }

    private TimeSlot slot(List<TimeSlot> slots, Instant start) {
      return slots.stream().filter(s -> s.start().equals(start)).findFirst().orElseThrow();
    }
  }
}
