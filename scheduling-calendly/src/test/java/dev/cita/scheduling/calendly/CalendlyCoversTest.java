package dev.cita.scheduling.calendly;

import static dev.cita.scheduling.calendly.Fixtures.ANA;
import static dev.cita.scheduling.calendly.Fixtures.CONSULTA;
import static dev.cita.scheduling.calendly.Fixtures.EVENT_TYPE;
import static dev.cita.scheduling.calendly.Fixtures.NOW;
import static dev.cita.scheduling.calendly.Fixtures.TENANT;
import static dev.cita.scheduling.calendly.Fixtures.TOKEN;
import static dev.cita.scheduling.calendly.Fixtures.USER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.BookingRequest;
import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.availability.WeeklyHours;
import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.memory.InMemoryScheduleStore;
import dev.cita.scheduling.memory.InMemoryTokenStore;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.sync.OutboxEntry;
import dev.cita.scheduling.testkit.TestClock;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.CredentialManager;
import dev.cita.scheduling.token.OAuthCredential;
import dev.cita.scheduling.tokens.EncryptedTokenStore;
import dev.cita.scheduling.tokens.TokenKeyset;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Calendly covers a resource only for tenants that connected it and map that resource. */
class CalendlyCoversTest {
  private static final TenantId NO_CALENDLY = TenantId.of("clinic-without-calendly");
  private static final ResourceId BETO = ResourceId.of("dr-beto");
  private static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  private static final Instant TUESDAY_10 = Instant.parse("2026-12-01T13:00:00Z");

  private final TestClock clock = new TestClock(NOW);
  private final EncryptedTokenStore tokens =
      new EncryptedTokenStore(new InMemoryTokenStore(), TokenKeyset.generate());
  private final CredentialManager manager =
      CredentialManager.builder().inMemoryDefaults().credentialStore(tokens).clock(clock).build();
  private final CalendlyConnections connections =
      CalendlyConnections.builder(tokens, manager).build();
  // Both tenants have a mapping; only TENANT has connected Calendly. No request may reach this URL.
  private final CalendlyMappings mappings =
      CalendlyMappings.of(
          Map.of(
              TENANT,
                  CalendlyMapping.builder().host(USER, ANA).eventType(EVENT_TYPE, CONSULTA).build(),
              NO_CALENDLY,
                  CalendlyMapping.builder()
                      .host(USER, ANA)
                      .eventType(EVENT_TYPE, CONSULTA)
                      .build()));
  private final CalendlyCalendarProvider provider =
      CalendlyCalendarProvider.builder(
              CalendlyClient.builder(connections)
                  .baseUrl("http://127.0.0.1:9/")
                  .clock(clock)
                  .build(),
              mappings)
          .clock(clock)
          .build();

  {
    manager.connect(
        ConnectionKey.of(TENANT, CalendlyClient.PROVIDER, USER),
        OAuthCredential.builder(CalendlyClient.PROVIDER, USER, TOKEN).build());
  }

  @Test
  void onlyAConnectedTenantsMappedResourcesAreCovered() {
    assertThat(provider.covers(TENANT, ANA)).isTrue();
    assertThat(provider.covers(TENANT, BETO)).as("not in the mapping").isFalse();
    assertThat(provider.covers(NO_CALENDLY, ANA)).as("mapped, but never connected").isFalse();
    assertThat(provider.covers(TenantId.of("unknown"), ANA)).isFalse();

    connections.disconnect(TENANT);

    assertThat(provider.covers(TENANT, ANA)).isFalse();
  }

  @Test
  void aResourceNamedOnlyByAnEventTypeIsCovered() {
    CalendlyCalendarProvider byType =
        CalendlyCalendarProvider.builder(
                CalendlyClient.builder(connections)
                    .baseUrl("http://127.0.0.1:9/")
                    .clock(clock)
                    .build(),
                CalendlyMappings.of(
                    Map.of(
                        TENANT,
                        CalendlyMapping.builder().eventType(EVENT_TYPE, CONSULTA, BETO).build())))
            .build();

    assertThat(byType.covers(TENANT, BETO)).isTrue();
    assertThat(byType.covers(TENANT, ANA)).isFalse();
  }

  @Test
  void bookingServiceQueuesNoCalendlyPushesForATenantWithoutCalendly() {
    InMemoryAppointmentStore store = new InMemoryAppointmentStore();
    InMemoryScheduleStore schedules = new InMemoryScheduleStore();
    for (TenantId tenant : List.of(TENANT, NO_CALENDLY)) {
      schedules.saveAppointmentType(
          tenant,
          AppointmentType.builder(CONSULTA.value(), "Consulta", Duration.ofMinutes(30)).build());
      for (ResourceId resource : List.of(ANA, BETO)) {
        schedules.saveSchedule(
            tenant,
            resource,
            Schedule.builder(SANTIAGO)
                .weeklyHours(
                    WeeklyHours.builder()
                        .add(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), "09:00", "18:00")
                        .build())
                .build());
      }
    }
    BookingService service =
        BookingService.builder()
            .inMemoryDefaults()
            .appointmentStore(store)
            .scheduleStore(schedules)
            .calendarProvider(provider)
            .clock(clock)
            .build();

    Appointment elsewhere = book(service, NO_CALENDLY, ANA);
    Appointment unmapped = book(service, TENANT, BETO);
    Appointment onCalendly = book(service, TENANT, ANA);
    service.reschedule(NO_CALENDLY, elsewhere.id(), TUESDAY_10.plus(Duration.ofHours(2)));
    service.cancel(NO_CALENDLY, elsewhere.id());

    assertThat(store.outbox().entries(NO_CALENDLY)).isEmpty();
    assertThat(store.outbox().entries(TENANT))
        .extracting(OutboxEntry::appointmentId)
        .containsExactly(onCalendly.id())
        .doesNotContain(unmapped.id());
    assertThat(store.outbox().entries(TENANT))
        .extracting(OutboxEntry::provider)
        .containsExactly(CalendlyClient.PROVIDER);
  }

  private static Appointment book(BookingService service, TenantId tenant, ResourceId resource) {
    return service.book(
        BookingRequest.builder(
                tenant,
                resource,
                CONSULTA,
                TUESDAY_10,
                Attendee.builder("María Pérez").email("maria@example.com").zone(SANTIAGO).build())
            .build());
  }
}
