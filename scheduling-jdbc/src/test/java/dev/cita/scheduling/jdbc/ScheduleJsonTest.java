package dev.cita.scheduling.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.availability.WeeklyHours;
import dev.cita.scheduling.model.AppointmentType;
import java.time.DayOfWeek;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** The stored JSON of a schedule: the provider-hours field, and rows written before it existed. */
class ScheduleJsonTest {
  @Test
  void aScheduleTakingItsHoursFromAProviderStoresTheSourceId() throws Exception {
    Schedule schedule = Schedule.builder("America/Santiago").hoursFrom("calcom").build();

    String json = ScheduleJson.write(schedule);

    assertThat(json).contains("\"hoursFrom\":\"calcom\"");
    assertThat(ScheduleJson.readSchedule(json)).isEqualTo(schedule);
  }

  @Test
  void aRowWrittenBeforeTheFieldExistedReadsAsAScheduleWithItsOwnHours() throws Exception {
    String before =
        "{\"zone\":\"America/Santiago\",\"weeklyHours\":[{\"days\":{\"MONDAY\":[{\"start\":\"09:00\","
            + "\"end\":\"13:00\"}]},\"validFrom\":null,\"validUntil\":null}],\"overrides\":[],\"timeOff\":[]}";

    Schedule read = ScheduleJson.readSchedule(before);

    assertThat(read)
        .isEqualTo(
            Schedule.builder("America/Santiago")
                .weeklyHours(
                    WeeklyHours.builder()
                        .add(EnumSet.of(DayOfWeek.MONDAY), "09:00", "13:00")
                        .build())
                .build());
    assertThat(read.hoursFrom()).isEmpty();
  }

  @Test
  void aTypeRowWrittenBeforeServiceHoursExistedReadsAsOfferedInAllHours() throws Exception {
    String before =
        "{\"id\":\"consulta\",\"name\":\"Consulta\",\"duration\":\"PT30M\",\"bufferBefore\":\"PT0S\","
            + "\"bufferAfter\":\"PT0S\",\"step\":\"PT30M\",\"minimumNotice\":\"PT0S\","
            + "\"horizon\":\"PT1440H\",\"seats\":1,\"maxPerDay\":0,\"locationKind\":\"IN_PERSON\"}";

    AppointmentType read = ScheduleJson.readType(before);

    assertThat(read)
        .isEqualTo(AppointmentType.builder("consulta", "Consulta", Duration.ofMinutes(30)).build());
    assertThat(read.serviceHours()).isEmpty();
    assertThat(ScheduleJson.write(read)).contains("\"serviceHours\":null");
  }

  @Test
  void aClosureRowThatBreaksTheRulesIsRefusedByTheFactories() {
    assertThatThrownBy(
            () ->
                ScheduleJson.readClosure(
                    "{\"id\":\"x\",\"firstDay\":\"2026-12-10\",\"lastDay\":\"2026-12-09\"}"))
        .isInstanceOf(ValidationException.class);
  }
}
