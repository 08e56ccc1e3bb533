package dev.cita.scheduling.assistant.openai;

import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.assistant.BookingAssistant;
import dev.cita.scheduling.assistant.Branch;
import dev.cita.scheduling.assistant.Catalogue;
import dev.cita.scheduling.assistant.InMemoryConversationStore;
import dev.cita.scheduling.assistant.Professional;
import dev.cita.scheduling.assistant.Service;
import dev.cita.scheduling.assistant.TenantBookingConfig;
import dev.cita.scheduling.memory.InMemoryScheduleStore;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Locale;

/**
 * A clinic in Santiago with its rule-based assistant (the fallback): Ana gives 30-minute consults.
 * "Now" is Monday 2 March 2026, 09:00.
 */
final class RuleBasedClinic {
  static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  static final TenantId TENANT = TenantId.of("clinica-norte");
  static final ResourceId ANA = ResourceId.of("ana");
  static final String PHONE = "+56912345678";
  static final Locale ES = Locale.forLanguageTag("es");
  static final AppointmentType CONSULT =
      AppointmentType.builder("consult", "Consulta", Duration.ofMinutes(30)).build();
  static final Clock CLOCK =
      Clock.fixed(LocalDateTime.parse("2026-03-02T09:00").atZone(SANTIAGO).toInstant(), SANTIAGO);
  static final Catalogue CATALOGUE =
      Catalogue.builder()
          .branch(Branch.of("centro", "Centro", TENANT, SANTIAGO))
          .service(Service.of(CONSULT.id(), "Consulta"))
          .professional(Professional.of(ANA, "Ana Pérez"))
          .offers("centro", CONSULT.id(), ANA)
          .build();

  final InMemoryConversationStore conversations = new InMemoryConversationStore();
  final BookingAssistant assistant;

  RuleBasedClinic() {
    // No opening hours: the tests' customers only greet, and the rule-based greeting needs none.
    InMemoryScheduleStore schedules = new InMemoryScheduleStore();
    schedules.saveAppointmentType(TENANT, CONSULT);
    BookingService service =
        BookingService.builder().inMemoryDefaults().clock(CLOCK).scheduleStore(schedules).build();
    assistant =
        BookingAssistant.builder(service)
            .clock(CLOCK)
            .conversationStore(conversations)
            .tenant(TENANT, TenantBookingConfig.forResource(ANA, CONSULT.id(), SANTIAGO))
            .build();
  }

  /** What a fresh rule-based assistant answers to the customer's {@code text}. */
  static String answerTo(String text) {
    return new RuleBasedClinic().assistant.handle(TENANT, PHONE, "María", text, ES).text();
  }
}
