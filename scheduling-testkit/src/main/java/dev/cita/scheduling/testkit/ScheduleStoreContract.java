package dev.cita.scheduling.testkit;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.availability.DateOverride;
import dev.cita.scheduling.availability.LocalTimeRange;
import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.availability.ServiceHours;
import dev.cita.scheduling.availability.TimeOff;
import dev.cita.scheduling.availability.WeeklyHours;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.LocationKind;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.ScheduleStore;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.EnumSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ScheduleStore} must have: schedules and appointment types round-trip
 * with every detail, a save replaces, unknown keys are empty, and each tenant sees only its own.
 *
 * <p>Extend it in your test sources and return a new, empty store from {@link #newStore()}; JUnit
 * runs every group below against it:
 *
 * <pre>{@code
 * class MyScheduleStoreTest extends ScheduleStoreContract {
 *   @Override
 *   protected ScheduleStore newStore() {
 *     return new MyScheduleStore(freshDatabase());   // empty, once per test
 *   }
 * }
 * }</pre>
 */
public abstract class ScheduleStoreContract {
  private static final TenantId NORTE = TenantId.of("clinica-norte");
  private static final TenantId SUR = TenantId.of("clinica-sur");
  private static final ResourceId ANA = ResourceId.of("dra-ana");
  private static final ResourceId BEN = ResourceId.of("dr-ben");

  private ScheduleStore store;

  /** For subclasses, which supply the implementation under test. */
  protected ScheduleStoreContract() {}

  /** {@return a new, empty store} Called once before every test. */
  protected abstract ScheduleStore newStore();

  /** Creates the store under test, through {@link #newStore()}, before every test. */
  @BeforeEach
  protected final void createScheduleStore() {
    store = newStore();
    assertThat(store).as("newStore()").isNotNull();
  }

  private static Schedule simple(String zone) {
    return Schedule.builder(zone)
        .weeklyHours(
            WeeklyHours.builder().add(EnumSet.range(MONDAY, FRIDAY), "09:00", "18:00").build())
        .build();
  }

  /** A schedule using every feature, to catch a store that drops or reshapes one. */
  private static Schedule everyFeature() {
    return Schedule.builder("America/Santiago")
        .weeklyHours(
            WeeklyHours.builder()
                .add(EnumSet.range(MONDAY, FRIDAY), "09:00", "13:00")
                .add(EnumSet.range(MONDAY, FRIDAY), "14:30", "18:00")
                .add(SATURDAY, "22:00", "24:00")
                .validUntil(LocalDate.of(2026, 6, 30))
                .build())
        .weeklyHours(
            WeeklyHours.builder()
                .add(MONDAY, "08:00", "02:00") // overnight
                .validFrom(LocalDate.of(2026, 7, 1))
                .build())
        .override(DateOverride.closed(LocalDate.of(2026, 9, 18)))
        .override(
            DateOverride.of(
                LocalDate.of(2026, 12, 24),
                LocalTimeRange.of("09:00", "12:00"),
                LocalTimeRange.of("15:00", "16:00")))
        .timeOff(
            TimeOff.between(
                Instant.parse("2026-02-02T12:00:00Z"),
                Instant.parse("2026-02-16T12:00:00Z"),
                "vacaciones"))
        .timeOff(
            TimeOff.between(
                Instant.parse("2026-03-10T15:00:00Z"), Instant.parse("2026-03-10T16:00:00Z")))
        .timeOff(
            TimeOff.recurring(
                LocalDateTime.of(2026, 1, 5, 13, 0),
                Duration.ofHours(1),
                "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
                "almuerzo"))
        .build();
  }

  private static AppointmentType consult() {
    return AppointmentType.builder("consulta", "Consulta", Duration.ofMinutes(30)).build();
  }

  /** A type using every policy field. */
  private static AppointmentType everyPolicy() {
    return AppointmentType.builder("taller", "Taller grupal — nivel 1", Duration.ofMinutes(90))
        .bufferBefore(Duration.ofMinutes(5))
        .bufferAfter(Duration.ofMinutes(15))
        .step(Duration.ofMinutes(45))
        .minimumNotice(Duration.ofHours(12))
        .horizon(Duration.ofDays(30))
        .seats(8)
        .maxPerDay(3)
        .locationKind(LocationKind.VIDEO)
        .serviceHours(
            ServiceHours.builder()
                .weeklyHours(
                    WeeklyHours.builder()
                        .add(EnumSet.of(java.time.DayOfWeek.TUESDAY), "14:00", "19:00")
                        .validUntil(LocalDate.of(2026, 12, 31))
                        .build())
                .weeklyHours(WeeklyHours.builder().add(SATURDAY, "22:00", "02:00").build())
                .override(DateOverride.closed(LocalDate.of(2026, 9, 18)))
                .override(
                    DateOverride.of(LocalDate.of(2026, 9, 19), LocalTimeRange.of("10:00", "12:00")))
                .build())
        .build();
  }

  @Nested
  @DisplayName("schedules")
  class Schedules {
    @Test
    void saveThenLoadReturnsAnEqualSchedule() {
      Schedule schedule = simple("America/Santiago");

      store.saveSchedule(NORTE, ANA, schedule);

      assertThat(store.schedule(NORTE, ANA)).contains(schedule);
    }

    @Test
    void everyFeatureOfAScheduleSurvivesTheRoundTrip() {
      Schedule schedule = everyFeature();

      store.saveSchedule(NORTE, ANA, schedule);

      Schedule loaded = store.schedule(NORTE, ANA).orElseThrow();
      assertThat(loaded).isEqualTo(schedule);
      assertThat(loaded.zone()).isEqualTo(schedule.zone());
      assertThat(loaded.weeklyHours()).containsExactlyElementsOf(schedule.weeklyHours());
      assertThat(loaded.overrides()).isEqualTo(schedule.overrides());
      assertThat(loaded.timeOff()).containsExactlyElementsOf(schedule.timeOff());
    }

    @Test
    void hoursTakenFromAProviderSurviveTheRoundTrip() {
      Schedule schedule =
          Schedule.builder("America/Santiago")
              .hoursFrom("calcom")
              .timeOff(
                  TimeOff.between(
                      Instant.parse("2026-02-02T12:00:00Z"),
                      Instant.parse("2026-02-16T12:00:00Z"),
                      "vacaciones"))
              .build();

      store.saveSchedule(NORTE, ANA, schedule);
      store.saveSchedule(NORTE, BEN, simple("America/Santiago"));

      assertThat(store.schedule(NORTE, ANA)).contains(schedule);
      assertThat(store.schedule(NORTE, ANA).orElseThrow().hoursFrom()).contains("calcom");
      assertThat(store.schedule(NORTE, BEN).orElseThrow().hoursFrom()).isEmpty();
    }

    @Test
    void aSecondSaveReplacesTheFirst() {
      store.saveSchedule(NORTE, ANA, simple("America/Santiago"));
      Schedule replacement = everyFeature();

      store.saveSchedule(NORTE, ANA, replacement);

      assertThat(store.schedule(NORTE, ANA)).contains(replacement);
      assertThat(store.resources(NORTE)).containsExactly(ANA);
    }

    @Test
    void anUnknownResourceHasNoSchedule() {
      store.saveSchedule(NORTE, ANA, simple("America/Santiago"));

      assertThat(store.schedule(NORTE, BEN)).isEmpty();
      assertThat(store.schedule(TenantId.of("nadie"), ANA)).isEmpty();
    }

    @Test
    void schedulesAreKeptPerResource() {
      Schedule ana = simple("America/Santiago");
      Schedule ben = simple("Europe/Madrid");

      store.saveSchedule(NORTE, ANA, ana);
      store.saveSchedule(NORTE, BEN, ben);

      assertThat(store.schedule(NORTE, ANA)).contains(ana);
      assertThat(store.schedule(NORTE, BEN)).contains(ben);
    }
  }

  @Nested
  @DisplayName("appointment types")
  class AppointmentTypes {
    @Test
    void saveThenLoadReturnsAnEqualType() {
      AppointmentType type = consult();

      store.saveAppointmentType(NORTE, type);

      assertThat(store.appointmentType(NORTE, type.id())).contains(type);
    }

    @Test
    void everyPolicyFieldSurvivesTheRoundTrip() {
      AppointmentType type = everyPolicy();

      store.saveAppointmentType(NORTE, type);

      AppointmentType loaded = store.appointmentType(NORTE, type.id()).orElseThrow();
      assertThat(loaded).usingRecursiveComparison().isEqualTo(type);
      assertThat(loaded).isEqualTo(type);
    }

    @Test
    void aSecondSaveWithTheSameIdReplacesTheFirst() {
      store.saveAppointmentType(NORTE, consult());
      AppointmentType longer =
          consult().toBuilder().name("Consulta larga").duration(Duration.ofMinutes(60)).build();

      store.saveAppointmentType(NORTE, longer);

      assertThat(store.appointmentType(NORTE, AppointmentTypeId.of("consulta"))).contains(longer);
    }

    @Test
    void anUnknownTypeIsEmpty() {
      store.saveAppointmentType(NORTE, consult());

      assertThat(store.appointmentType(NORTE, AppointmentTypeId.of("unknown"))).isEmpty();
    }

    @Test
    void savingATypeAddsNoResource() {
      store.saveAppointmentType(NORTE, consult());

      assertThat(store.resources(NORTE)).isEmpty();
      assertThat(store.appointmentType(NORTE, consult().id())).isPresent();
    }
  }

  @Nested
  @DisplayName("tenant isolation")
  class TenantIsolation {
    @Test
    void resourcesListsOnlyTheTenantsResourcesWithASchedule() {
      store.saveSchedule(NORTE, ANA, simple("America/Santiago"));
      store.saveSchedule(NORTE, BEN, simple("America/Santiago"));
      store.saveSchedule(SUR, ResourceId.of("dr-carlos"), simple("America/Santiago"));

      assertThat(store.resources(NORTE)).containsExactlyInAnyOrder(ANA, BEN);
      assertThat(store.resources(SUR)).containsExactly(ResourceId.of("dr-carlos"));
      assertThat(store.resources(TenantId.of("nadie"))).isEmpty();
    }

    @Test
    void aFreshStoreListsNoResources() {
      assertThat(store.resources(NORTE)).isEmpty();
    }

    @Test
    void theSameResourceIdInTwoTenantsHasTwoSchedules() {
      Schedule norte = simple("America/Santiago");
      Schedule sur = simple("America/Lima");

      store.saveSchedule(NORTE, ANA, norte);
      store.saveSchedule(SUR, ANA, sur);

      assertThat(store.schedule(NORTE, ANA)).contains(norte);
      assertThat(store.schedule(SUR, ANA)).contains(sur);
    }

    @Test
    void typesAreScopedToTheTenant() {
      AppointmentType norte = consult();
      AppointmentType sur = consult().toBuilder().name("Consulta sur").build();

      store.saveAppointmentType(NORTE, norte);

      assertThat(store.appointmentType(SUR, norte.id())).isEmpty();

      store.saveAppointmentType(SUR, sur);

      assertThat(store.appointmentType(NORTE, norte.id())).contains(norte);
      assertThat(store.appointmentType(SUR, sur.id())).contains(sur);
    }
  }
}
