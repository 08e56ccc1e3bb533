package dev.cita.examples;

import dev.cita.scheduling.BookingRequest;
import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.SlotQuery;
import dev.cita.scheduling.SlotUnavailableException;
import dev.cita.scheduling.availability.DateOverride;
import dev.cita.scheduling.availability.LocalTimeRange;
import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.availability.TimeOff;
import dev.cita.scheduling.availability.WeeklyHours;
import dev.cita.scheduling.memory.InMemoryScheduleStore;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeSlot;
import java.io.PrintStream;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * The quick start: a clinic in Santiago de Chile opens its agenda, a patient books a slot, a second
 * patient tries the same slot and is refused, the first one moves and then cancels. Run it with
 * {@code ./mvnw -q -pl examples -am compile exec:java}.
 *
 * <p>The clock is fixed at Friday 2026-09-04 10:00 in Santiago, so the output is the same every
 * day; it also shows Sunday 2026-09-06, when Chile skips midnight (00:00 becomes 01:00).
 */
public final class QuickStart {
  private static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  private static final DateTimeFormatter SHOW =
      DateTimeFormatter.ofPattern("EEE dd MMM HH:mm", Locale.ENGLISH);

  private QuickStart() {}

  public static void main(String[] args) {
    run(System.out, Clock.fixed(Instant.parse("2026-09-04T14:00:00Z"), SANTIAGO));
  }

  /** Runs the whole story, printing to {@code out}. */
  public static void run(PrintStream out, Clock clock) {
    TenantId clinic = TenantId.of("clinica-providencia");
    ResourceId drAna = ResourceId.of("dra-ana");

    // 1. The business sets up its agenda: weekday hours with a lunch break, a Sunday morning
    //    shift on the day Chile skips midnight, and a daily 13:00 lunch as recurring time off.
    InMemoryScheduleStore schedules = new InMemoryScheduleStore();
    AppointmentType consult =
        AppointmentType.builder("consulta", "Consulta general", Duration.ofMinutes(30))
            .bufferAfter(Duration.ofMinutes(10))
            .minimumNotice(Duration.ofHours(2))
            .horizon(Duration.ofDays(30))
            .build();
    schedules.saveAppointmentType(clinic, consult);
    schedules.saveSchedule(
        clinic,
        drAna,
        Schedule.builder(SANTIAGO)
            .weeklyHours(
                WeeklyHours.builder()
                    .add(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), "09:00", "18:00")
                    .build())
            .override(
                DateOverride.of(LocalDate.of(2026, 9, 6), LocalTimeRange.of("00:00", "03:00")))
            .timeOff(
                TimeOff.recurring(
                    LocalDateTime.of(2026, 1, 1, 13, 0), Duration.ofHours(1), "FREQ=DAILY"))
            .build());

    BookingService service =
        BookingService.builder().inMemoryDefaults().scheduleStore(schedules).clock(clock).build();

    // 2. A patient asks on WhatsApp for times on Friday and Monday.
    List<TimeSlot> slots =
        service.findSlots(
            SlotQuery.forResource(
                clinic, drAna, consult.id(), LocalDate.of(2026, 9, 4), LocalDate.of(2026, 9, 7)));
    out.println(
        "Free slots for "
            + consult.name()
            + " with "
            + drAna
            + " ("
            + SANTIAGO
            + "), "
            + slots.size()
            + " in all; the first ten:");
    slots.stream().limit(10).forEach(s -> out.println("  " + show(s.start())));
    out.println("Sunday 2026-09-06, when midnight is skipped, opens at 01:00:");
    slots.stream()
        .filter(s -> s.start().atZone(SANTIAGO).toLocalDate().equals(LocalDate.of(2026, 9, 6)))
        .forEach(s -> out.println("  " + show(s.start())));

    // 3. She takes the first Monday slot.
    TimeSlot monday =
        slots.stream()
            .filter(s -> s.start().atZone(SANTIAGO).getDayOfWeek() == DayOfWeek.MONDAY)
            .findFirst()
            .orElseThrow();
    Attendee maria = Attendee.builder("María Pérez").phone("+56912345678").build();
    Appointment booked =
        service.book(
            BookingRequest.builder(clinic, drAna, consult.id(), monday.start(), maria)
                .idempotencyKey("whatsapp-SM0001")
                .build());
    out.println(
        "Booked "
            + booked.id()
            + " for "
            + maria.name()
            + " at "
            + show(booked.start())
            + " ["
            + booked.status()
            + "]");

    // 4. A second patient tries the very same slot: refused, nothing written.
    Attendee jose = Attendee.builder("José Soto").phone("+56987654321").build();
    try {
      service.book(
          BookingRequest.builder(clinic, drAna, consult.id(), monday.start(), jose).build());
      out.println("ERROR: double booking was accepted");
    } catch (SlotUnavailableException e) {
      out.println("Double booking refused: " + e.getMessage());
    }

    // 5. The same WhatsApp message delivered twice does not book twice.
    Appointment again =
        service.book(
            BookingRequest.builder(clinic, drAna, consult.id(), monday.start(), maria)
                .idempotencyKey("whatsapp-SM0001")
                .build());
    out.println("Retried request returned the same appointment: " + again.id().equals(booked.id()));

    // 6. María moves to 11:00, confirms, then cancels; each step frees or takes time.
    Instant eleven = monday.start().atZone(SANTIAGO).withHour(11).withMinute(0).toInstant();
    Appointment moved = service.reschedule(clinic, booked.id(), eleven);
    out.println("Rescheduled to " + show(moved.start()) + " [" + moved.status() + "]");
    Appointment confirmed = service.confirm(clinic, booked.id());
    out.println("Confirmed [" + confirmed.status() + "]");
    Appointment cancelled = service.cancel(clinic, booked.id());
    out.println(
        "Cancelled ["
            + cancelled.status()
            + "]; 11:00 is free again: "
            + service
                .findSlots(
                    SlotQuery.forResource(
                        clinic,
                        drAna,
                        consult.id(),
                        LocalDate.of(2026, 9, 7),
                        LocalDate.of(2026, 9, 7)))
                .stream()
                .anyMatch(s -> s.start().equals(eleven)));
  }

  private static String show(Instant instant) {
    return SHOW.format(instant.atZone(SANTIAGO));
  }
}
