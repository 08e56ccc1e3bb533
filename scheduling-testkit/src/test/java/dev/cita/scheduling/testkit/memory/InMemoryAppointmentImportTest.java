package dev.cita.scheduling.testkit.memory;

import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.spi.OutboxStore;
import dev.cita.scheduling.testkit.AppointmentImportContract;

/** Runs the import contract on the in-memory stores. */
class InMemoryAppointmentImportTest extends AppointmentImportContract {
  private InMemoryAppointmentStore appointments;

  @Override
  protected BookingService.Builder newServiceBuilder() {
    appointments = new InMemoryAppointmentStore();
    return BookingService.builder().appointmentStore(appointments).inMemoryDefaults();
  }

  @Override
  protected OutboxStore outbox() {
    return appointments.outbox();
  }
}
