package dev.cita.scheduling.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.BookingRequest;
import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.ImportBatch;
import dev.cita.scheduling.ImportBatch.ConflictMode;
import dev.cita.scheduling.ImportResult;
import dev.cita.scheduling.ImportResult.Outcome;
import dev.cita.scheduling.ImportedAppointment;
import dev.cita.scheduling.SlotUnavailableException;
import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.availability.WeeklyHours;
import dev.cita.scheduling.memory.InMemoryCalendarProvider;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.OutboxStore;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Function;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What {@link BookingService#importAppointments} must do on a given store: each row stored with its
 * type's buffers and its external id, idempotent by (tenant, source, external id) also when two
 * imports of one batch run at once, conflicts and invalid rows reported without failing the batch,
 * and outbox entries only when asked.
 *
 * <p>Extend it and return a builder whose appointment, schedule and idempotency stores are new and
 * empty, and the outbox of that appointment store:
 *
 * <pre>{@code
 * class MyImportTest extends AppointmentImportContract {
 *   private JdbcStores stores;
 *   protected BookingService.Builder newServiceBuilder() {
 *     stores = JdbcStores.create(freshDatabase()).migrate();
 *     return stores.configure(BookingService.builder());
 *   }
 *   protected OutboxStore outbox() {
 *     return stores.outbox();
 *   }
 * }
 * }</pre>
 */
public abstract class AppointmentImportContract {
  private static final TenantId TENANT = TenantId.of("clinica-norte");
  private static final ResourceId ANA = ResourceId.of("ana");
  private static final ResourceId BEN = ResourceId.of("ben");
  private static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");

  /** Monday 2 March 2026, 09:00 in Santiago. */
  private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");

  /** Tuesday 3 March 2026, 10:00 in Santiago. */
  private static final Instant TUE_10 = Instant.parse("2026-03-03T13:00:00Z");

  /** 30 minutes with 10 minutes before and 15 after. */
  private static final AppointmentType CONSULT =
      AppointmentType.builder("consulta", "Consulta", Duration.ofMinutes(30))
          .bufferBefore(Duration.ofMinutes(10))
          .bufferAfter(Duration.ofMinutes(15))
          .horizon(Duration.ofDays(60))
          .build();

  private static final AppointmentType WORKSHOP =
      AppointmentType.builder("taller", "Taller", Duration.ofHours(1))
          .seats(2)
          .horizon(Duration.ofDays(60))
          .build();

  private final TestClock clock = new TestClock(NOW);
  private BookingService service;
  private BookingService.Builder builder;

  /** For subclasses, which supply the implementation under test. */
  protected AppointmentImportContract() {}

  /**
   * {@return a builder whose appointment, schedule and idempotency stores are new and empty} Called
   * before every test.
   */
  protected abstract BookingService.Builder newServiceBuilder();

  /** {@return the outbox of the appointment store that {@link #newServiceBuilder()} last set} */
  protected abstract OutboxStore outbox();

  /** Creates the stores and a service, with two resources on weekday hours and two types. */
  @BeforeEach
  protected final void createService() {
    builder = newServiceBuilder().clock(clock);
    service = builder.build();
    Schedule hours =
        Schedule.builder(SANTIAGO)
            .weeklyHours(
                WeeklyHours.builder()
                    .add(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), "09:00", "18:00")
                    .build())
            .build();
    service.scheduleStore().saveSchedule(TENANT, ANA, hours);
    service.scheduleStore().saveSchedule(TENANT, BEN, hours);
    service.scheduleStore().saveAppointmentType(TENANT, CONSULT);
    service.scheduleStore().saveAppointmentType(TENANT, WORKSHOP);
  }

  private static ImportedAppointment.Builder row(
      ResourceId resource, AppointmentTypeId type, Instant start, String externalId) {
    return ImportedAppointment.builder(
            TENANT, resource, type, start, Attendee.builder("Paciente " + externalId).build())
        .source("legacy-crm", externalId);
  }

  private static ImportedAppointment consult(Instant start, String externalId) {
    return row(ANA, CONSULT.id(), start, externalId).build();
  }

  private static ImportBatch batch(ConflictMode mode, ImportedAppointment... rows) {
    return ImportBatch.builder(mode).addAll(List.of(rows)).build();
  }

  private List<Appointment> stored(ResourceId resource) {
    return service
        .appointmentStore()
        .findTimeHolding(
            TENANT, resource, NOW.minus(Duration.ofDays(400)), NOW.plus(Duration.ofDays(400)));
  }

  @Test
  void aRowIsStoredWithItsTypesBuffersItsExternalIdAndNoOutboxEntry() {
    ImportResult result =
        service.importAppointments(
            batch(
                ConflictMode.CHECK,
                row(ANA, CONSULT.id(), TUE_10, "A-1")
                    .notes("primera visita")
                    .location("Box 3")
                    .build()));

    assertThat(result.imported()).hasSize(1);
    Appointment a =
        service
            .appointment(TENANT, result.imported().get(0).appointmentId().orElseThrow())
            .orElseThrow();
    assertThat(a.bufferBefore()).isEqualTo(Duration.ofMinutes(10));
    assertThat(a.bufferAfter()).isEqualTo(Duration.ofMinutes(15));
    assertThat(a.end()).isEqualTo(TUE_10.plus(Duration.ofMinutes(30)));
    assertThat(a.externalRef("legacy-crm")).hasValue("A-1");
    assertThat(a.displayZone()).isEqualTo(SANTIAGO);
    assertThat(a.status()).isEqualTo(AppointmentStatus.SCHEDULED);
    assertThat(a.notes()).hasValue("primera visita");
    assertThat(a.location()).hasValue("Box 3");
    assertThat(service.appointmentStore().findByExternalRef(TENANT, "legacy-crm", "A-1"))
        .hasValue(a);
    assertThat(outbox().entries(TENANT)).isEmpty();
    // The buffers hold: a booking inside the imported appointment's after-buffer is refused.
    Assertions.assertThatThrownBy(
            () ->
                service.book(
                    BookingRequest.builder(
                            TENANT,
                            ANA,
                            CONSULT.id(),
                            TUE_10.plus(Duration.ofMinutes(30)),
                            Attendee.builder("Rosa").build())
                        .build()))
        .isInstanceOfSatisfying(
            SlotUnavailableException.class,
            e ->
                assertThat(e.reason())
                    .isEqualTo(SlotUnavailableException.Reason.OTHER_APPOINTMENT));
  }

  @ParameterizedTest
  @EnumSource(ConflictMode.class)
  void runningABatchAgainImportsNothingTwice(ConflictMode mode) {
    ImportBatch batch =
        batch(
            mode,
            consult(TUE_10, "A-1"),
            consult(TUE_10.plus(Duration.ofHours(2)), "A-2"),
            row(BEN, CONSULT.id(), TUE_10, "A-3").status(AppointmentStatus.COMPLETED).build());
    ImportResult first = service.importAppointments(batch);

    ImportResult second = service.importAppointments(batch);

    assertThat(first.imported()).hasSize(3);
    assertThat(second.alreadyImported()).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertThat(second.rows().get(i).appointmentId())
          .isEqualTo(first.rows().get(i).appointmentId());
      assertThat(second.rows().get(i).reason())
          .hasValueSatisfying(r -> assertThat(r).contains("imported before"));
    }
    assertThat(stored(ANA)).hasSize(2);
  }

  @ParameterizedTest
  @EnumSource(ConflictMode.class)
  void twoThreadsImportingOneBatchAtOnceStoreEachRowOnce(ConflictMode mode)
      throws InterruptedException {
    for (int round = 0; round < 5; round++) {
      List<ImportedAppointment> rows = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        // Rows of both resources, an hour apart: none conflicts with another.
        ResourceId resource = i % 2 == 0 ? ANA : BEN;
        Instant start = TUE_10.plus(Duration.ofDays(round)).plus(Duration.ofHours(i / 2));
        rows.add(row(resource, CONSULT.id(), start, "R" + round + "-" + i).build());
      }
      ImportBatch batch = ImportBatch.builder(mode).addAll(rows).build();

      List<Race.Outcome<ImportResult>> results =
          Race.run(2, i -> () -> service.importAppointments(batch));

      for (Race.Outcome<ImportResult> r : results) {
        assertThat(r.error()).as("an import failed").isNull();
      }
      for (int i = 0; i < rows.size(); i++) {
        int row = i;
        List<Outcome> outcomes =
            results.stream().map(r -> r.returned().rows().get(row).outcome()).toList();
        assertThat(outcomes)
            .as("round %d row %d", round, i)
            .containsExactlyInAnyOrder(Outcome.IMPORTED, Outcome.ALREADY_IMPORTED);
        assertThat(results.get(0).returned().rows().get(row).appointmentId())
            .isEqualTo(results.get(1).returned().rows().get(row).appointmentId());
      }
    }
    assertThat(stored(ANA)).hasSize(30);
    assertThat(stored(BEN)).hasSize(30);
  }

  @Test
  void checkModeReportsEachConflictAndImportsTheRest() {
    Appointment booked =
        service.book(
            BookingRequest.builder(
                    TENANT, ANA, CONSULT.id(), TUE_10, Attendee.builder("Rosa").build())
                .build());

    ImportResult result =
        service.importAppointments(
            batch(
                ConflictMode.CHECK,
                consult(TUE_10.plus(Duration.ofMinutes(15)), "overlap"), // overlaps Rosa's own time
                consult(
                    TUE_10.plus(Duration.ofMinutes(40)),
                    "in-buffer"), // starts inside her 15-minute after-buffer
                consult(
                    TUE_10.minus(Duration.ofMinutes(35)),
                    "my-buffer"), // its after-buffer reaches her start
                consult(
                    TUE_10.plus(Duration.ofMinutes(45)), "clear"), // exactly her after-buffer later
                consult(TUE_10.plus(Duration.ofMinutes(90)), "batch-1"),
                consult(
                    TUE_10.plus(Duration.ofMinutes(100)), "batch-2"), // overlaps the row before it
                row(ANA, CONSULT.id(), TUE_10, "cancelled")
                    .status(AppointmentStatus.CANCELLED)
                    .build()));

    assertThat(result.rows())
        .extracting(ImportResult.Row::outcome)
        .containsExactly(
            Outcome.CONFLICT,
            Outcome.CONFLICT,
            Outcome.CONFLICT,
            Outcome.IMPORTED,
            Outcome.IMPORTED,
            Outcome.CONFLICT,
            Outcome.IMPORTED);
    assertThat(result.conflicting().get(0).reason())
        .hasValueSatisfying(r -> assertThat(r).contains(booked.id().value()));
    assertThat(result.conflicting()).allSatisfy(r -> assertThat(r.appointmentId()).isEmpty());
    assertThat(stored(ANA))
        .extracting(a -> a.externalRef("legacy-crm").orElse("booked"))
        .containsExactlyInAnyOrder("booked", "clear", "batch-1");
  }

  @Test
  void allowModeImportsWhatOnlyBuffersWouldRefuse() {
    service.book(
        BookingRequest.builder(TENANT, ANA, CONSULT.id(), TUE_10, Attendee.builder("Rosa").build())
            .build());

    ImportResult checked =
        service.importAppointments(
            batch(ConflictMode.CHECK, consult(TUE_10.plus(Duration.ofMinutes(35)), "in-buffer")));
    ImportResult allowed =
        service.importAppointments(
            batch(ConflictMode.ALLOW, consult(TUE_10.plus(Duration.ofMinutes(35)), "in-buffer")));

    assertThat(checked.conflicting()).hasSize(1);
    assertThat(allowed.imported()).hasSize(1);
    assertThat(stored(ANA)).hasSize(2);
  }

  @Test
  void checkModeFillsTheSeatsOfASlotAndReportsTheRest() {
    ImportResult result =
        service.importAppointments(
            batch(
                ConflictMode.CHECK,
                row(ANA, WORKSHOP.id(), TUE_10, "W-1").build(),
                row(ANA, WORKSHOP.id(), TUE_10, "W-2").build(),
                row(ANA, WORKSHOP.id(), TUE_10, "W-3").build()));

    assertThat(result.rows())
        .extracting(ImportResult.Row::outcome)
        .containsExactly(Outcome.IMPORTED, Outcome.IMPORTED, Outcome.CONFLICT);
    assertThat(result.conflicting().get(0).reason())
        .hasValueSatisfying(r -> assertThat(r).contains("seat"));
  }

  @Test
  void invalidRowsAreReportedWithTheirReasonAndTheRestImported() {
    ImportResult result =
        service.importAppointments(
            batch(
                ConflictMode.CHECK,
                row(ANA, AppointmentTypeId.of("unknown"), TUE_10, "bad-type").build(),
                row(ANA, CONSULT.id(), TUE_10, "bad-end").end(TUE_10.minusSeconds(60)).build(),
                row(ANA, CONSULT.id(), TUE_10, "long-notes")
                    .notes("x".repeat(Appointment.MAX_NOTES_LENGTH + 1))
                    .build(),
                row(ResourceId.of("nobody"), CONSULT.id(), TUE_10, "no-zone").build(),
                row(ANA, CONSULT.id(), TUE_10.plusMillis(5), "millis").build(),
                row(ResourceId.of("nobody"), CONSULT.id(), TUE_10, "zone-given")
                    .displayZone(SANTIAGO)
                    .end(TUE_10.plus(Duration.ofMinutes(45)))
                    .build()));

    Function<String, ImportResult.Row> byId =
        id ->
            result.rows().stream()
                .filter(r -> r.row().externalId().equals(id))
                .findFirst()
                .orElseThrow();
    assertThat(byId.apply("bad-type").reason())
        .hasValueSatisfying(r -> assertThat(r).contains("unknown"));
    assertThat(byId.apply("bad-end").reason())
        .hasValueSatisfying(r -> assertThat(r).contains("appointment.end"));
    assertThat(byId.apply("long-notes").reason())
        .hasValueSatisfying(r -> assertThat(r).contains("appointment.notes"));
    assertThat(byId.apply("no-zone").reason())
        .hasValueSatisfying(r -> assertThat(r).contains("import.displayZone"));
    assertThat(byId.apply("millis").reason())
        .hasValueSatisfying(r -> assertThat(r).contains("whole seconds"));
    assertThat(result.invalid()).hasSize(5);
    assertThat(result.imported())
        .singleElement()
        .satisfies(r -> assertThat(r.row().externalId()).isEqualTo("zone-given"));
    Appointment given =
        service
            .appointment(TENANT, result.imported().get(0).appointmentId().orElseThrow())
            .orElseThrow();
    assertThat(given.end()).isEqualTo(TUE_10.plus(Duration.ofMinutes(45)));
  }

  @Test
  void publishingWritesOutboxEntriesForEveryProviderButTheSource() {
    BookingService withProviders =
        builder
            .calendarProvider(new InMemoryCalendarProvider("google"))
            .calendarProvider(new InMemoryCalendarProvider("calcom"))
            .build();

    withProviders.importAppointments(batch(ConflictMode.CHECK, consult(TUE_10, "quiet")));
    assertThat(outbox().entries(TENANT)).as("no entries unless asked").isEmpty();

    ImportResult published =
        withProviders.importAppointments(
            ImportBatch.builder(ConflictMode.CHECK)
                .add(
                    row(ANA, CONSULT.id(), TUE_10.plus(Duration.ofHours(2)), "B-1")
                        .source("calcom", "B-1")
                        .build())
                .add(
                    row(ANA, CONSULT.id(), TUE_10.plus(Duration.ofHours(4)), "old")
                        .status(AppointmentStatus.COMPLETED)
                        .build())
                .publishToProviders(true)
                .build());

    assertThat(published.imported()).hasSize(2);
    assertThat(outbox().entries(TENANT))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.provider()).isEqualTo("google");
              assertThat(e.appointmentId())
                  .isEqualTo(published.rows().get(0).appointmentId().orElseThrow());
            });
  }
}
