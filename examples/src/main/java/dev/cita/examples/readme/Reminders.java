package dev.cita.examples.readme;

import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.memory.InMemoryReminderStore;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.notify.BookingNotifier;
import dev.cita.scheduling.notify.ReminderScheduler;
import dev.cita.scheduling.spi.NotificationChannel;
import dev.cita.scheduling.spi.ScheduleStore;
import java.util.List;
import java.util.function.Supplier;

/** Tells patients when they book, move or cancel, and reminds them 24 h and 1 h before. */
public class Reminders implements AutoCloseable {
  private final BookingService service;
  private final ReminderScheduler reminders;

  /** {@code whatsapp}: e.g. the TwilioWhatsAppChannel of scheduling-whatsapp. */
  public Reminders(
      ScheduleStore schedules, NotificationChannel whatsapp, Supplier<List<TenantId>> myTenantIds) {
    InMemoryAppointmentStore appointments = new InMemoryAppointmentStore(); // or the JDBC store
    reminders =
        ReminderScheduler.builder()
            .appointmentStore(appointments)
            .scheduleStore(schedules)
            .reminderStore(new InMemoryReminderStore())
            .channel(whatsapp)
            .tenants(myTenantIds)
            .build();
    reminders.start();
    service =
        BookingService.builder()
            .inMemoryDefaults()
            .appointmentStore(appointments)
            .scheduleStore(schedules)
            .listener(BookingNotifier.builder().channel(whatsapp).scheduleStore(schedules).build())
            .build();
  }

  public BookingService service() {
    return service;
  }

  @Override
  public void close() {
    reminders.stop();
  }
}
