package dev.cita.scheduling.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cita.scheduling.availability.Closure;
import dev.cita.scheduling.availability.DateOverride;
import dev.cita.scheduling.availability.LocalTimeRange;
import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.availability.ServiceHours;
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
 * JSON forms of {@link Schedule}, {@link AppointmentType} (with its {@link ServiceHours}) and
 * {@link Closure}, through private DTOs written and read by Jackson. Temporal values are ISO-8601
 * text, so the columns are readable in SQL. Decoding goes through the public builders, so a stored
 * value gets the same checks as a new one.
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

  /** Service hours: the weekly hours and overrides of a schedule, without zone or time off. */
  private record ServiceDto(List<Hours> weeklyHours, List<DayOverride> overrides) {}

  /** A closure: whole days, or a span or recurring block kept as time off. */
  private record ClosureDto(
      String id,
      @Nullable String firstDay,
      @Nullable String lastDay,
      @Nullable Off time,
      @Nullable String reason) {}

  /** {@code serviceHours} is null for a type offered in all hours (and in older rows). */
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
      String locationKind,
      @Nullable ServiceDto serviceHours) {}

  static String write(Schedule s) {
    List<Off> off = s.timeOff().stream().map(ScheduleJson::off).toList();
    return json(
        new ScheduleDto(
            s.zone().getId(),
            hours(s.weeklyHours()),
            overrides(s.overrides().values()),
            off,
            s.hoursFrom().orElse(null)));
  }

  private static List<Hours> hours(List<WeeklyHours> weekly) {
    List<Hours> hours = new ArrayList<>();
    for (WeeklyHours w : weekly) {
      Map<DayOfWeek, List<Range>> days = new LinkedHashMap<>();
      for (DayOfWeek day : DayOfWeek.values()) {
        if (!w.on(day).isEmpty()) {
          days.put(day, ranges(w.on(day)));
        }
      }
      hours.add(
          new Hours(days, text(w.validFrom().orElse(null)), text(w.validUntil().orElse(null))));
    }
    return hours;
  }

  private static List<DayOverride> overrides(java.util.Collection<DateOverride> overrides) {
    return overrides.stream()
        .map(o -> new DayOverride(o.date().toString(), ranges(o.hours())))
        .toList();
  }

  private static Off off(TimeOff t) {
    return new Off(
        text(t.start().orElse(null)),
        text(t.end().orElse(null)),
        text(t.firstStart().orElse(null)),
        text(t.duration().orElse(null)),
        t.rrule().orElse(null),
        t.reason().orElse(null));
  }

  private static TimeOff timeOff(Off t) {
    return t.rrule() == null
        ? TimeOff.between(Instant.parse(t.start()), Instant.parse(t.end()), t.reason())
        : TimeOff.recurring(
            LocalDateTime.parse(t.firstStart()),
            Duration.parse(t.duration()),
            t.rrule(),
            t.reason());
  }

  private static WeeklyHours weeklyHours(Hours h) {
    WeeklyHours.Builder w =
        WeeklyHours.builder()
            .validFrom(h.validFrom() == null ? null : LocalDate.parse(h.validFrom()))
            .validUntil(h.validUntil() == null ? null : LocalDate.parse(h.validUntil()));
    h.days().forEach((day, ranges) -> ranges.forEach(r -> w.add(day, range(r))));
    return w.build();
  }

  private static DateOverride override(DayOverride o) {
    return new DateOverride(
        LocalDate.parse(o.date()), o.hours().stream().map(ScheduleJson::range).toList());
  }

  static String write(Closure c) {
    return json(
        new ClosureDto(
            c.id(),
            text(c.firstDay().orElse(null)),
            text(c.lastDay().orElse(null)),
            c.time().map(ScheduleJson::off).orElse(null),
            c.reason().orElse(null)));
  }

  /** Rebuilds a closure through its factories; bad content fails with their exceptions. */
  static Closure readClosure(String json) throws JsonProcessingException {
    ClosureDto d = MAPPER.readValue(json, ClosureDto.class);
    Off t = d.time();
    if (t == null) {
      return Closure.days(
          d.id(), LocalDate.parse(d.firstDay()), LocalDate.parse(d.lastDay()), d.reason());
    }
    return t.rrule() == null
        ? Closure.between(d.id(), Instant.parse(t.start()), Instant.parse(t.end()), d.reason())
        : Closure.recurring(
            d.id(),
            LocalDateTime.parse(t.firstStart()),
            Duration.parse(t.duration()),
            t.rrule(),
            d.reason());
  }

  /** Rebuilds a schedule; bad content fails with the builders' own exceptions. */
  static Schedule readSchedule(String json) throws JsonProcessingException {
    ScheduleDto dto = MAPPER.readValue(json, ScheduleDto.class);
    Schedule.Builder b = Schedule.builder(dto.zone());
    if (dto.hoursFrom() != null) {
      b.hoursFrom(dto.hoursFrom());
    }
    dto.weeklyHours().forEach(h -> b.weeklyHours(weeklyHours(h)));
    dto.overrides().forEach(o -> b.override(override(o)));
    dto.timeOff().forEach(t -> b.timeOff(timeOff(t)));
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
            t.locationKind().name(),
            t.serviceHours()
                .map(h -> new ServiceDto(hours(h.weeklyHours()), overrides(h.overrides().values())))
                .orElse(null)));
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
        .serviceHours(d.serviceHours() == null ? null : serviceHours(d.serviceHours()))
        .build();
  }

  private static ServiceHours serviceHours(ServiceDto d) {
    ServiceHours.Builder b = ServiceHours.builder();
    d.weeklyHours().forEach(h -> b.weeklyHours(weeklyHours(h)));
    d.overrides().forEach(o -> b.override(override(o)));
    return b.build();
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
