package dev.cita.examples.readme;

import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.calcom.CalComCalendarProvider;
import dev.cita.scheduling.calcom.CalComWebhooks;
import dev.cita.scheduling.calendly.CalendlyWebhooks;
import dev.cita.scheduling.google.GoogleCalendarProvider;
import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.memory.InMemoryAuditLog;
import dev.cita.scheduling.memory.InMemoryWebhookInbox;
import dev.cita.scheduling.spi.ScheduleStore;
import dev.cita.scheduling.webhook.AppointmentTagSigner;
import dev.cita.scheduling.webhook.WebhookHandler;

/** A chain whose branches use different tools: each change goes only where it belongs. */
public class ChainProviders {
  private final BookingService service;
  private final WebhookHandler webhooks;

  /** The adapters come from their modules (see their READMEs), built with the same signer. */
  public ChainProviders(
      ScheduleStore schedules,
      GoogleCalendarProvider google,
      CalComCalendarProvider calcom,
      CalComWebhooks calcomWebhooks,
      CalendlyWebhooks calendlyWebhooks,
      AppointmentTagSigner signer) {
    InMemoryAppointmentStore appointments = new InMemoryAppointmentStore(); // or the JDBC store
    service =
        BookingService.builder()
            .inMemoryDefaults()
            .appointmentStore(appointments)
            .scheduleStore(schedules)
            .calendarProvider(google)
            .calendarProvider(calcom)
            .build();
    webhooks =
        WebhookHandler.builder()
            .appointmentStore(appointments)
            .inbox(new InMemoryWebhookInbox())
            .outboxStore(appointments.outbox())
            .provider(calcomWebhooks)
            .provider(calendlyWebhooks)
            .tagSigner(signer) // the signer the adapters were built with
            .auditLog(new InMemoryAuditLog()) // or JdbcAuditLog
            .build();
  }

  public BookingService service() {
    return service;
  }

  public WebhookHandler webhooks() {
    return webhooks;
  }
}
