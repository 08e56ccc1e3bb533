package dev.cita.scheduling.availability;

import static dev.cita.scheduling.availability.SlotFixtures.ANA;
import static dev.cita.scheduling.availability.SlotFixtures.utc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.ResourceId;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 14, "inputs that cost unbounded time or memory": the slot cap of a query. */
class SlotLimitsTest {
  private static final Instant LONG_AGO = utc("2026-01-01T00:00:00Z");
  private static final LocalDate MON = LocalDate.of(2026, 5, 4);

  private static final AppointmentType MINUTE =
      AppointmentType.builder("m", "Minute", Duration.ofMinutes(1))
          .horizon(AppointmentType.MAX_HORIZON)
          .build();
  private static final AppointmentType HOUR =
      AppointmentType.builder("h", "Hour", Duration.ofHours(1))
          .horizon(AppointmentType.MAX_HORIZON)
          .build();

  private static ResourceAvailability allDay(ResourceId who) {
    return ResourceAvailability.of(
        who,
        Schedule.builder("UTC")
            .weeklyHours(
                WeeklyHours.builder().add(EnumSet.allOf(DayOfWeek.class), "00:00", "24:00").build())
            .build(),
        List.of());
  }

  private static ResourceAvailability hours(ResourceId who, String from, String to) {
    return ResourceAvailability.of(
        who,
        Schedule.builder("UTC")
            .weeklyHours(WeeklyHours.builder().add(DayOfWeek.MONDAY, from, to).build())
            .build(),
        List.of());
  }

  /**
   * Issue 14, "a step of 1 s returned 1,377,045 slots": 60 days of minutes is refused by default.
   */
  @Test
  void theDefaultCapRefusesSixtyDaysOfMinutes() {
    assertThat(SlotEngine.DEFAULT_MAX_SLOTS_PER_QUERY).isEqualTo(10_000);
    assertThatThrownBy(
            () -> SlotEngine.create().slots(allDay(ANA), MINUTE, MON, MON.plusDays(59), LONG_AGO))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.field()).isEqualTo("query");
              assertThat(e.getMessage()).contains("10000", "narrow");
            });
    // a week of minutes (10,080) is over the cap too; six days (8,640) are under it
    assertThat(SlotEngine.create().slots(allDay(ANA), MINUTE, MON, MON.plusDays(5), LONG_AGO))
        .hasSize(8640);
  }

  @Test
  void exactlyTheCapIsListed() {
    assertThat(SlotEngine.create(60).slots(allDay(ANA), HOUR, MON, MON.plusDays(1), LONG_AGO))
        .hasSize(48);
    assertThat(SlotEngine.create(48).slots(allDay(ANA), HOUR, MON, MON.plusDays(1), LONG_AGO))
        .hasSize(48);
    assertThatThrownBy(
            () -> SlotEngine.create(47).slots(allDay(ANA), HOUR, MON, MON.plusDays(1), LONG_AGO))
        .isInstanceOf(ValidationException.class);
  }

  /**
   * The engine stops at the first slot over the cap instead of listing ten years of minutes: the
   * error names where it stopped (the 101st slot, on the first morning), so work past it was never
   * done.
   */
  @Test
  void tenYearsOfMinutesStopAtTheCap() {
    assertThatThrownBy(
            () ->
                SlotEngine.create(100)
                    .slots(allDay(ANA), MINUTE, MON, MON.plusDays(3650), LONG_AGO))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.field()).isEqualTo("query");
              assertThat(e.getMessage()).contains("more than 100 slots", "2026-05-04T01:40:00Z");
            });
  }

  @Test
  void teamsAreCappedToo() {
    ResourceAvailability ben = allDay(ResourceId.of("ben"));
    SlotEngine engine = SlotEngine.create(1000);
    assertThatThrownBy(
            () -> engine.anyOf(List.of(allDay(ANA), ben), MINUTE, MON, MON.plusDays(1), LONG_AGO))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("query"));
    assertThatThrownBy(
            () -> engine.allOf(List.of(allDay(ANA), ben), MINUTE, MON, MON.plusDays(1), LONG_AGO))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("query"));
    assertThat(
            engine.anyOf(
                List.of(allDay(ANA), ben),
                MINUTE.toBuilder().step(Duration.ofMinutes(5)).build(),
                MON,
                MON,
                LONG_AGO))
        .hasSize(288);
  }

  @Test
  void theEngineTellsItsCap() {
    assertThat(SlotEngine.create().maxSlotsPerQuery())
        .isEqualTo(SlotEngine.DEFAULT_MAX_SLOTS_PER_QUERY);
    assertThat(SlotEngine.create(7).maxSlotsPerQuery()).isEqualTo(7);
  }

  /** Each member lists five slots, under the cap; the team lists ten. */
  @Test
  void aTeamIsCappedInTotalNotOnlyPerMember() {
    List<ResourceAvailability> team =
        List.of(hours(ANA, "00:00", "05:00"), hours(ResourceId.of("ben"), "10:00", "15:00"));
    assertThat(SlotEngine.create(10).anyOf(team, HOUR, MON, MON, LONG_AGO)).hasSize(10);
    assertThatThrownBy(() -> SlotEngine.create(9).anyOf(team, HOUR, MON, MON, LONG_AGO))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.field()).isEqualTo("query");
              assertThat(e.getMessage()).contains("more than 9 slots", "2026-05-04T14:00:00Z");
            });
  }

  @Test
  void aTeamHasAtMost65536DistinctMembers() {
    Schedule closed = Schedule.builder("UTC").build();
    List<ResourceAvailability> most = new ArrayList<>();
    for (int i = 0; i < SlotEngine.MAX_TEAM; i++) {
      most.add(ResourceAvailability.of(ResourceId.of("m" + i), closed, List.of()));
    }
    most.add(most.get(0)); // a member named twice counts once
    SlotEngine engine = SlotEngine.create();
    assertThat(engine.anyOf(most, HOUR, MON, MON, LONG_AGO)).isEmpty();
    most.add(ResourceAvailability.of(ResourceId.of("one-more"), closed, List.of()));
    assertThatThrownBy(() -> engine.anyOf(most, HOUR, MON, MON, LONG_AGO))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.field()).isEqualTo("members");
              assertThat(e.getMessage()).contains("65536");
            });
  }

  @Test
  void aCapBelowOneIsRefused() {
    assertThatThrownBy(() -> SlotEngine.create(0))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("maxSlotsPerQuery"));
  }

  @Test
  void checkIsNotLimitedByTheCap() {
    assertThat(
            SlotEngine.create(1).check(allDay(ANA), MINUTE, utc("2026-05-04T12:34:00Z"), LONG_AGO))
        .isEmpty();
  }
}
