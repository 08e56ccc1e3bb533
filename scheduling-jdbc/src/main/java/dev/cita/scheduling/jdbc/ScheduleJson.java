package dev.cita.scheduling.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cita.scheduling.availability.DateOverride;
import dev.cita.scheduling.availability.LocalTimeRange;
import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.availability.TimeOff;
import dev.cita.scheduling.availability.WeeklyHours;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.LocationKind;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * JSON forms of {@link Schedule} and {@link AppointmentType}, through private DTOs written and read
 * by Jackson. Temporal values are ISO-8601 text, so the columns are readable in SQL. Decoding goes
 * through the public builders, so a stored value gets the same checks as a new one.
 */
final class ScheduleJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private ScheduleJson() {}

  private record Range(String start, String end) {}

  private record Hours(
      Map<DayOfWeek, List<Range>> days, @Nullable String validFrom, @Nullable String validUntil) {}

  private record DayOverride(String date, List<Range> hours) {}

  private record Off(
      @Nullable String start,
      @Nullable String end,
      @Nullable String firstStart,
      @Nullable String duration,
      @Nullable String rrule,
      @Nullable String reason) {}

  /**
   * {@code hoursFrom} is null for a schedule with its own hours (and in rows written before it
   * existed).
   */
  private record ScheduleDto(
      String zone,
      List<Hours> weeklyHours,
      List<DayOverride> overrides,
      List<Off> timeOff,
      @Nullable String hoursFrom) {}

  private record TypeDto(
      String id,
      String name,
      String duration,
      String bufferBefore,
      String bufferAfter,
      String step,
      String minimumNotice,
      String horizon,
      int seats,
      int maxPerDay,
      String locationKind) {}

  static String write(Schedule s) {
    List<Hours> hours = new ArrayList<>();
    for (WeeklyHours w : s.weeklyHours()) {
      Map<DayOfWeek, List<Range>> days = new LinkedHashMap<>();
      for (DayOfWeek day : DayOfWeek.values()) {
        if (!w.on(day).isEmpty()) {
          days.put(day, ranges(w.on(day)));
        }
      }
      hours.add(
          new Hours(days, text(w.validFrom().orElse(null)), text(w.validUntil().orElse(null))));
    }
    List<DayOverride> overrides =
        s.overrides().values().stream()
            .map(o -> new DayOverride(o.date().toString(), ranges(o.hours())))
            .toList();
    List<Off> off =
        s.timeOff().stream()
            .map(
                t ->
                    new Off(
                        text(t.start().orElse(null)),
                        text(t.end().orElse(null)),
                        text(t.firstStart().orElse(null)),
                        text(t.duration().orElse(null)),
                        t.rrule().orElse(null),
                        t.reason().orElse(null)))
            .toList();
    return json(
        new ScheduleDto(s.zone().getId(), hours, overrides, off, s.hoursFrom().orElse(null)));
  }

  /** Rebuilds a schedule; bad content fails with the builders' own exceptions. */
  static Schedule readSchedule(String json) throws JsonProcessingException {
    ScheduleDto dto = MAPPER.readValue(json, ScheduleDto.class);
    Schedule.Builder b = Schedule.builder(dto.zone());
    if (dto.hoursFrom() != null) {
      b.hoursFrom(dto.hoursFrom());
    }
    for (Hours h : dto.weeklyHours()) {
      WeeklyHours.Builder w =
          WeeklyHours.builder()
              .validFrom(h.validFrom() == null ? null : LocalDate.parse(h.validFrom()))
              .validUntil(h.validUntil() == null ? null : LocalDate.parse(h.validUntil()));
      h.days().forEach((day, ranges) -> ranges.forEach(r -> w.add(day, range(r))));
      b.weeklyHours(w.build());
    }
    for (DayOverride o : dto.overrides()) {
      b.override(
          new DateOverride(
              LocalDate.parse(o.date()), o.hours().stream().map(ScheduleJson::range).toList()));
    }
    for (Off t : dto.timeOff()) {
      b.timeOff(
          t.rrule() == null
              ? TimeOff.between(Instant.parse(t.start()), Instant.parse(t.end()), t.reason())
              : TimeOff.recurring(
                  LocalDateTime.parse(t.firstStart()),
                  Duration.parse(t.duration()),
                  t.rrule(),
                  t.reason()));
    }
    return b.build();
  }

  static String write(AppointmentType t) {
    return json(
        new TypeDto(
            t.id().value(),
            t.name(),
            t.duration().toString(),
            t.bufferBefore().toString(),
            t.bufferAfter().toString(),
            t.step().toString(),
            t.minimumNotice().toString(),
            t.horizon().toString(),
            t.seats(),
            t.maxPerDay().orElse(0),
            t.locationKind().name()));
  }

  static AppointmentType readType(String json) throws JsonProcessingException {
    TypeDto d = MAPPER.readValue(json, TypeDto.class);
    return AppointmentType.builder()
        .id(AppointmentTypeId.of(d.id()))
        .name(d.name())
        .duration(Duration.parse(d.duration()))
        .bufferBefore(Duration.parse(d.bufferBefore()))
        .bufferAfter(Duration.parse(d.bufferAfter()))
        .step(Duration.parse(d.step()))
        .minimumNotice(Duration.parse(d.minimumNotice()))
        .horizon(Duration.parse(d.horizon()))
        .seats(d.seats())
        .maxPerDay(d.maxPerDay())
        .locationKind(LocationKind.valueOf(d.locationKind()))
        .build();
  }

  private static List<Range> ranges(List<LocalTimeRange> ranges) {
    return ranges.stream().map(r -> new Range(r.start().toString(), r.end().toString())).toList();
  }

  private static LocalTimeRange range(Range r) {
    return LocalTimeRange.of(LocalTime.parse(r.start()), LocalTime.parse(r.end()));
  }

  private static @Nullable String text(@Nullable Object value) {
    return value == null ? null : value.toString();
  }

  private static String json(Object dto) {
    try {
      return MAPPER.writeValueAsString(dto);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "cannot write " + dto.getClass().getSimpleName() + " as JSON", e);
    }
  }
}
