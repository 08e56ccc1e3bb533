package dev.cita.examples.readme;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;

import dev.cita.scheduling.BookingRequest;
import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.SlotQuery;
import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.availability.WeeklyHours;
import dev.cita.scheduling.memory.InMemoryScheduleStore;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeSlot;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;

/** A clinic opens its agenda; a patient books the first free slot, moves it and cancels it. */
public class FirstBooking {
  public static void main(String[] args) {
    TenantId clinic = TenantId.of("clinica-providencia");
    ResourceId drAna = ResourceId.of("dra-ana");
    InMemoryScheduleStore schedules = new InMemoryScheduleStore(); // or your own ScheduleStore
    AppointmentType consult =
        AppointmentType.builder("consulta", "Consulta", Duration.ofMinutes(30))
            .bufferAfter(Duration.ofMinutes(10))
            .minimumNotice(Duration.ofHours(2))
            .build();
    schedules.saveAppointmentType(clinic, consult);
    schedules.saveSchedule(
        clinic,
        drAna,
        Schedule.builder("America/Santiago")
            .weeklyHours(
                WeeklyHours.builder().add(EnumSet.range(MONDAY, FRIDAY), "09:00", "18:00").build())
            .build());

    BookingService service =
        BookingService.builder()
            .scheduleStore(schedules)
            .inMemoryDefaults() // appointments and idempotency keys in memory (try-out only)
            .clock(Clock.systemUTC())
            .build();

    LocalDate today = LocalDate.now();
    List<TimeSlot> slots =
        service.findSlots(
            SlotQuery.forResource(clinic, drAna, consult.id(), today, today.plusDays(7)));
    Attendee maria = Attendee.builder("María Pérez").phone("+56912345678").build();
    Appointment booked =
        service.book(
            BookingRequest.builder(clinic, drAna, consult.id(), slots.get(0).start(), maria)
                .idempotencyKey("whatsapp-SM0001") // the same key again returns this appointment
                .build());
    System.out.println("Booked " + booked.start() + " [" + booked.status() + "]");
    Appointment moved = service.reschedule(clinic, booked.id(), slots.get(3).start());
    System.out.println("Moved to " + moved.start() + " [" + moved.status() + "]");
    Appointment cancelled = service.cancel(clinic, booked.id());
    System.out.println("Cancelled [" + cancelled.status() + "]");
  }
}
