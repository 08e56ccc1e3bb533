package dev.cita.scheduling.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.availability.WeeklyHours;
import java.time.DayOfWeek;
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
}
