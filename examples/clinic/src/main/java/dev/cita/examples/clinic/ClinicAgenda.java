package dev.cita.examples.clinic;

import dev.cita.examples.clinic.Directory.BranchRow;
import dev.cita.examples.clinic.Directory.ProfessionalRow;
import dev.cita.examples.clinic.Directory.ServiceRow;
import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.assistant.AssignmentRule;
import dev.cita.scheduling.assistant.BookingAssistant;
import dev.cita.scheduling.assistant.Branch;
import dev.cita.scheduling.assistant.Catalogue;
import dev.cita.scheduling.assistant.ChatAssistant;
import dev.cita.scheduling.assistant.PersistentConversationStore;
import dev.cita.scheduling.assistant.Professional;
import dev.cita.scheduling.assistant.Reply;
import dev.cita.scheduling.assistant.Service;
import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.availability.WeeklyHours;
import dev.cita.scheduling.jdbc.JdbcStores;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * The chain as Cita sees it: writes each branch's appointment types and its professionals'
 * schedules into Cita's schedule store, and keeps the booking assistant of the chat number (web
 * chat and WhatsApp alike) over a catalogue of every branch. {@link #refresh()} runs again after
 * each change in the admin pages; conversations live in the database, so they survive it.
 */
@Component
public class ClinicAgenda implements ChatAssistant {
  /** Every branch of the demo is in Santiago de Chile. */
  public static final ZoneId ZONE = ZoneId.of("America/Santiago");

  private final Directory directory;
  private final JdbcStores stores;
  private final BookingService bookings;
  private final Clock clock;
  private final TenantId chatTenant;
  private final PersistentConversationStore conversations;
  private final AtomicReference<BookingAssistant> assistant = new AtomicReference<>();

  /**
   * Seeds the demo chain when the directory is empty, then builds the assistant.
   *
   * @param directory the chain's records
   * @param stores Cita's stores
   * @param bookings the booking service
   * @param clock the clock
   * @param properties the demo's settings
   */
  public ClinicAgenda(
      Directory directory,
      JdbcStores stores,
      BookingService bookings,
      Clock clock,
      ClinicProperties properties) {
    this.directory = directory;
    this.stores = stores;
    this.bookings = bookings;
    this.clock = clock;
    this.chatTenant = TenantId.of(properties.getChatTenant());
    this.conversations =
        PersistentConversationStore.builder(stores.conversations()).clock(clock).build();
    if (directory.branches().isEmpty()) {
      DemoChain.seed(directory);
    }
    refresh();
  }

  /** {@return the tenant of the chat number} */
  public TenantId chatTenant() {
    return chatTenant;
  }

  /** Writes the directory into Cita and rebuilds the assistant's catalogue. */
  public synchronized void refresh() {
    List<BranchRow> branches = directory.branches();
    List<ServiceRow> services = directory.services();
    List<ProfessionalRow> professionals = directory.professionals();
    for (BranchRow branch : branches) {
      TenantId tenant = TenantId.of(branch.id());
      for (ServiceRow service : services) {
        stores.schedules().saveAppointmentType(tenant, type(service));
      }
      for (ProfessionalRow p : professionals) {
        if (p.branchId().equals(branch.id())) {
          stores.schedules().saveSchedule(tenant, ResourceId.of(p.id()), schedule(branch));
        }
      }
    }
    Catalogue.Builder catalogue = Catalogue.builder().assignment(AssignmentRule.FEWEST_THAT_DAY);
    for (BranchRow b : branches) {
      catalogue.branch(
          Branch.of(b.id(), b.name(), TenantId.of(b.id()), ZONE, b.id().replace('-', ' ')));
    }
    for (ServiceRow s : services) {
      catalogue.service(Service.of(AppointmentTypeId.of(s.id()), s.name()));
    }
    boolean offers = false;
    for (ProfessionalRow p : professionals) {
      catalogue.professional(Professional.of(ResourceId.of(p.id()), p.name()));
    }
    for (ProfessionalRow p : professionals) {
      if (branches.stream().noneMatch(b -> b.id().equals(p.branchId()))) {
        continue;
      }
      for (String service : p.serviceIds()) {
        if (services.stream().anyMatch(s -> s.id().equals(service))) {
          catalogue.offers(p.branchId(), AppointmentTypeId.of(service), ResourceId.of(p.id()));
          offers = true;
        }
      }
    }
    if (offers) {
      assistant.set(
          BookingAssistant.builder(bookings)
              .clock(clock)
              .conversationStore(conversations)
              .catalogue(chatTenant, catalogue.build())
              .maxOptions(4)
              .build());
    }
  }

  @Override
  public Reply handle(
      TenantId tenant, String customerPhone, String profileName, String text, Locale locale) {
    BookingAssistant current = assistant.get();
    if (current == null) {
      return new Reply(
          "Aún no hay servicios disponibles para reservar.", Locale.forLanguageTag("es"));
    }
    return current.handle(tenant, customerPhone, profileName, text, locale);
  }

  private static AppointmentType type(ServiceRow service) {
    return AppointmentType.builder(
            service.id(), service.name(), Duration.ofMinutes(service.minutes()))
        .minimumNotice(Duration.ofHours(1))
        .horizon(Duration.ofDays(60))
        .build();
  }

  private static Schedule schedule(BranchRow branch) {
    WeeklyHours.Builder hours = WeeklyHours.builder();
    if (!branch.days().isEmpty()) {
      hours.add(branch.days(), branch.opens().toString(), branch.closes().toString());
    }
    return Schedule.builder(ZONE).weeklyHours(hours.build()).build();
  }
}
