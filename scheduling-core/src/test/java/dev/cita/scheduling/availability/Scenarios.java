package dev.cita.scheduling.availability;

import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TimeInterval;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random slot-engine inputs, biased towards DST changes, midnight and overlapping busy time. */
final class Scenarios {
  static final List<String> ZONES =
      List.of(
          "America/Santiago",
          "America/New_York",
          "Europe/London",
          "Australia/Lord_Howe",
          "Asia/Kathmandu",
          "Pacific/Honolulu",
          "UTC");
  static final AppointmentTypeId OTHER_TYPE = AppointmentTypeId.of("other");

  private Scenarios() {}

  /** One resource's inputs. */
  record Resource(ResourceAvailability availability) {
    @Override
    public String toString() {
      ResourceAvailability r = availability;
      StringBuilder b =
          new StringBuilder("\n  resource ")
              .append(r.resource())
              .append("\n  schedule ")
              .append(r.schedule());
      r.schedule().overrides().values().forEach(o -> b.append("\n  override ").append(o));
      r.appointments()
          .forEach(
              a ->
                  b.append("\n  appt ")
                      .append(a.type())
                      .append(' ')
                      .append(a.start())
                      .append("..")
                      .append(a.end())
                      .append(" buf ")
                      .append(a.bufferBefore())
                      .append('/')
                      .append(a.bufferAfter())
                      .append(' ')
                      .append(a.status()));
      b.append("\n  external ").append(r.externalBusy());
      r.closures().forEach(c -> b.append("\n  closure ").append(c));
      return b.toString();
    }
  }

  /** A query: resources, a type, a date range and now. */
  record Scenario(
      List<Resource> resources, AppointmentType type, LocalDate from, LocalDate to, Instant now) {
    ResourceAvailability resource() {
      return resources.get(0).availability();
    }

    List<ResourceAvailability> all() {
      return resources.stream().map(Resource::availability).toList();
    }

    @Override
    public String toString() {
      return "Scenario{"
          + type
          + " notice="
          + type.minimumNotice()
          + " horizon="
          + type.horizon()
          + " maxPerDay="
          + type.maxPerDay()
          + ", "
          + from
          + ".."
          + to
          + ", now="
          + now
          + resources
          + "}";
    }
  }

  static final List<String> DST_ZONES =
      List.of("America/Santiago", "America/New_York", "Europe/London", "Australia/Lord_Howe");

  /** Windows that straddle the hours at which the zones above change offset. */
  static final List<LocalTimeRange> AROUND_CHANGES =
      List.of(
          LocalTimeRange.of("00:00", "24:00"),
          LocalTimeRange.of("00:00", "09:00"),
          LocalTimeRange.of("22:00", "03:00"),
          LocalTimeRange.of("23:00", "02:00"),
          LocalTimeRange.of("20:00", "24:00"),
          LocalTimeRange.of("01:00", "03:00"),
          LocalTimeRange.of("01:30", "02:30"),
          LocalTimeRange.of("23:30", "00:30"),
          LocalTimeRange.of("00:30", "02:00"),
          LocalTimeRange.of("01:15", "04:00"),
          LocalTimeRange.of("22:45", "01:15"));

  static Scenario generate(Random rnd, int members) {
    return generate(rnd, members, false);
  }

  /**
   * With {@code dst}, the zone is one with DST, the range holds one of its 2026 changes and every
   * day has a window across the small hours.
   */
  static Scenario generate(Random rnd, int members, boolean dst) {
    ZoneId zone = ZoneId.of(pick(rnd, dst ? DST_ZONES : ZONES));
    LocalDate anchor = dst ? transitions(zone).get(rnd.nextInt(2)) : anchor(rnd, zone);
    LocalDate from = anchor.minusDays(rnd.nextInt(2));
    LocalDate to = anchor.plusDays(rnd.nextInt(3));
    AppointmentType type = type(rnd);
    if (rnd.nextInt(3) == 0) {
      type = type.toBuilder().serviceHours(serviceHours(rnd, from, to, dst)).build();
    }
    List<Resource> resources = new ArrayList<>();
    for (int m = 0; m < members; m++) {
      ZoneId z = m == 0 || rnd.nextBoolean() ? zone : ZoneId.of(pick(rnd, ZONES));
      resources.add(new Resource(resource(rnd, ResourceId.of("r" + m), z, type, from, to, dst)));
    }
    Instant lo = from.minusDays(2).atStartOfDay(zone).toInstant();
    Instant hi =
        rnd.nextBoolean()
            ? from.atStartOfDay(zone).toInstant()
            : to.plusDays(1).atStartOfDay(zone).toInstant();
    Instant now =
        lo.plusSeconds((long) (rnd.nextDouble() * (hi.getEpochSecond() - lo.getEpochSecond())));
    switch (rnd.nextInt(4)) {
      case 0 -> now = now.truncatedTo(java.time.temporal.ChronoUnit.HOURS);
      case 1 -> now = now.plusNanos(rnd.nextInt(1_000_000_000));
      default -> {}
    }
    return new Scenario(resources, type, from, to, now);
  }

  /** Mostly a date next to one of the zone's 2026 transitions. */
  static LocalDate anchor(Random rnd, ZoneId zone) {
    List<LocalDate> transitions = transitions(zone);
    if (!transitions.isEmpty() && rnd.nextInt(10) < 7) {
      return pick(rnd, transitions).plusDays(rnd.nextInt(3) - 1);
    }
    return LocalDate.of(2026, 1, 1).plusDays(rnd.nextInt(365));
  }

  /** The local dates of the zone's offset changes in 2026. */
  static List<LocalDate> transitions(ZoneId zone) {
    List<LocalDate> transitions = new ArrayList<>();
    Instant i = Instant.parse("2026-01-01T00:00:00Z");
    for (int n = 0; n < 2; n++) {
      ZoneOffsetTransition t = zone.getRules().nextTransition(i);
      if (t == null || t.getInstant().isAfter(Instant.parse("2027-01-01T00:00:00Z"))) {
        break;
      }
      transitions.add(t.getDateTimeBefore().toLocalDate());
      i = t.getInstant();
    }
    return transitions;
  }

  static AppointmentType type(Random rnd) {
    int duration = pick(rnd, List.of(15, 20, 30, 45, 60, 90));
    AppointmentType.Builder b = AppointmentType.builder("t", "Type", Duration.ofMinutes(duration));
    if (rnd.nextBoolean()) {
      b.step(Duration.ofMinutes(pick(rnd, List.of(10, 15, 20, 30, 45, 60))));
    }
    if (rnd.nextBoolean()) {
      b.bufferBefore(Duration.ofMinutes(5L * rnd.nextInt(7)));
    }
    if (rnd.nextBoolean()) {
      b.bufferAfter(Duration.ofMinutes(5L * rnd.nextInt(7)));
    }
    switch (rnd.nextInt(5)) {
      case 0 -> b.minimumNotice(Duration.ofMinutes(rnd.nextInt(2 * 24 * 60)));
      case 1, 2 -> b.minimumNotice(Duration.ofMinutes(rnd.nextInt(12 * 60)));
      default -> {}
    }
    b.horizon(
        rnd.nextInt(2) == 0
            ? Duration.ofDays(3650)
            : Duration.ofMinutes(60 + rnd.nextInt(7 * 24 * 60)));
    b.seats(1 + rnd.nextInt(3));
    if (rnd.nextBoolean()) {
      b.maxPerDay(1 + rnd.nextInt(3));
    }
    return b.build();
  }

  static ResourceAvailability resource(
      Random rnd,
      ResourceId id,
      ZoneId zone,
      AppointmentType type,
      LocalDate from,
      LocalDate to,
      boolean dst) {
    Schedule.Builder s = Schedule.builder(zone);
    WeeklyHours.Builder first = weekly(rnd);
    if (dst) {
      for (DayOfWeek day : DayOfWeek.values()) {
        first.add(day, pick(rnd, AROUND_CHANGES));
      }
    }
    if (rnd.nextInt(3) == 0) {
      LocalDate until = from.plusDays(rnd.nextInt(5) - 1);
      s.weeklyHours(first.validUntil(until).build());
      s.weeklyHours(weekly(rnd).validFrom(until.plusDays(1 + rnd.nextInt(2))).build());
    } else {
      s.weeklyHours(first.build());
    }
    int overrides = rnd.nextInt(3);
    for (int i = 0; i < overrides; i++) {
      LocalDate d = from.plusDays(rnd.nextInt((int) (to.toEpochDay() - from.toEpochDay()) + 3) - 1);
      List<LocalTimeRange> hours = new ArrayList<>();
      int n = rnd.nextInt(3);
      for (int k = 0; k < n; k++) {
        hours.add(range(rnd));
      }
      try {
        s.override(new DateOverride(d, hours));
      } catch (dev.cita.scheduling.ValidationException duplicate) {
        // two overrides for one date: keep the first
      }
    }
    Instant lo = from.minusDays(1).atStartOfDay(zone).toInstant();
    long span = Duration.between(lo, to.plusDays(3).atStartOfDay(zone).toInstant()).toMinutes();
    for (int i = rnd.nextInt(3); i > 0; i--) {
      Instant start = lo.plus(Duration.ofMinutes(5L * rnd.nextInt((int) (span / 5))));
      s.timeOff(TimeOff.between(start, start.plus(Duration.ofMinutes(15 + 5L * rnd.nextInt(60)))));
    }
    for (int i = rnd.nextInt(3); i > 0; i--) {
      // now and then a rule first started years ago, which the engine expands from the query's
      // span on (the reference iterates from the first start)
      LocalDateTime firstStart =
          from.minusDays(rnd.nextInt(4) == 0 ? rnd.nextInt(4000) : rnd.nextInt(20))
              .atTime(time(rnd));
      String until = from.plusDays(rnd.nextInt(3)).format(DateTimeFormatter.BASIC_ISO_DATE);
      String rule =
          pick(
              rnd,
              List.of(
                  "FREQ=DAILY",
                  "FREQ=DAILY;INTERVAL=2",
                  "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
                  "FREQ=WEEKLY;BYDAY=SA,SU",
                  "FREQ=DAILY;COUNT=15",
                  "FREQ=DAILY;UNTIL=" + until,
                  "FREQ=HOURLY;INTERVAL=7",
                  "FREQ=MINUTELY;INTERVAL=97",
                  "FREQ=WEEKLY;INTERVAL=3;BYDAY=TU,SA",
                  "FREQ=MONTHLY;BYDAY=1MO,-1FR,3WE"));
      s.timeOff(TimeOff.recurring(firstStart, Duration.ofMinutes(15 + 15L * rnd.nextInt(8)), rule));
    }
    Schedule schedule = s.build();
    List<Appointment> appointments = new ArrayList<>();
    for (int i = rnd.nextInt(9); i > 0; i--) {
      if (!appointments.isEmpty() && rnd.nextInt(3) == 0) {
        // another seat of an existing slot
        Appointment a = pick(rnd, appointments);
        appointments.add(
            SlotFixtures.appointment(
                id,
                a.type(),
                a.start(),
                Duration.between(a.start(), a.end()),
                a.bufferBefore(),
                a.bufferAfter(),
                status(rnd)));
        continue;
      }
      Instant start = lo.plus(Duration.ofMinutes(15L * rnd.nextInt((int) (span / 15))));
      List<NaiveSlotEngine.Window> windows = NaiveSlotEngine.windows(schedule, from, to);
      if (!windows.isEmpty() && rnd.nextBoolean()) {
        // on the grid of a window, where seats and exact conflicts happen
        NaiveSlotEngine.Window w = pick(rnd, windows);
        start =
            NaiveSlotEngine.earliest(
                w.localStart().plus(type.step().multipliedBy(rnd.nextInt(12))), zone);
      }
      boolean sameType = rnd.nextInt(10) < 7;
      Duration length =
          sameType && rnd.nextInt(10) < 7
              ? type.duration()
              : Duration.ofMinutes(15L * (1 + rnd.nextInt(8)));
      appointments.add(
          SlotFixtures.appointment(
              id,
              sameType ? type.id() : OTHER_TYPE,
              start,
              length,
              Duration.ofMinutes(5L * rnd.nextInt(7)),
              Duration.ofMinutes(5L * rnd.nextInt(7)),
              status(rnd)));
    }
    List<TimeInterval> external = new ArrayList<>();
    for (int i = rnd.nextInt(3); i > 0; i--) {
      Instant start = lo.plus(Duration.ofMinutes(rnd.nextInt((int) span)));
      external.add(new TimeInterval(start, start.plus(Duration.ofMinutes(15 + rnd.nextInt(180)))));
    }
    return new ResourceAvailability(
        id, schedule, appointments, IntervalSet.of(external), closures(rnd, from, to, lo, span));
  }

  /** Now and then a closure of whole days, a span or a recurring block, of the tenant. */
  static List<Closure> closures(Random rnd, LocalDate from, LocalDate to, Instant lo, long span) {
    List<Closure> out = new ArrayList<>();
    if (rnd.nextInt(3) == 0) {
      LocalDate first = from.plusDays(rnd.nextInt((int) (to.toEpochDay() - from.toEpochDay()) + 2));
      out.add(Closure.days("days", first, first.plusDays(rnd.nextInt(2)), "inventario"));
    }
    if (rnd.nextInt(3) == 0) {
      Instant start = lo.plus(Duration.ofMinutes(5L * rnd.nextInt((int) (span / 5))));
      out.add(
          Closure.between(
              "span", start, start.plus(Duration.ofMinutes(30 + 5L * rnd.nextInt(100))), null));
    }
    if (rnd.nextInt(4) == 0) {
      out.add(
          Closure.recurring(
              "weekly",
              from.minusDays(rnd.nextInt(8)).atTime(time(rnd)),
              Duration.ofMinutes(60 + 30L * rnd.nextInt(10)),
              pick(rnd, List.of("FREQ=WEEKLY", "FREQ=DAILY;INTERVAL=3", "FREQ=WEEKLY;BYDAY=MO,SU")),
              "siesta"));
    }
    return out;
  }

  /** Hours a type is offered in: weekly windows, sometimes across the small hours, an override. */
  static ServiceHours serviceHours(Random rnd, LocalDate from, LocalDate to, boolean dst) {
    WeeklyHours.Builder weekly = weekly(rnd);
    if (dst) {
      for (DayOfWeek day : DayOfWeek.values()) {
        if (rnd.nextBoolean()) {
          weekly.add(day, pick(rnd, AROUND_CHANGES));
        }
      }
    }
    ServiceHours.Builder b = ServiceHours.builder().weeklyHours(weekly.build());
    if (rnd.nextBoolean()) {
      LocalDate d = from.plusDays(rnd.nextInt((int) (to.toEpochDay() - from.toEpochDay()) + 1));
      b.override(
          rnd.nextBoolean() ? DateOverride.closed(d) : DateOverride.of(d, range(rnd), range(rnd)));
    }
    return b.build();
  }

  private static AppointmentStatus status(Random rnd) {
    AppointmentStatus[] all = AppointmentStatus.values();
    return rnd.nextInt(4) == 0 ? all[rnd.nextInt(all.length)] : AppointmentStatus.SCHEDULED;
  }

  private static WeeklyHours.Builder weekly(Random rnd) {
    WeeklyHours.Builder b = WeeklyHours.builder();
    for (DayOfWeek day : DayOfWeek.values()) {
      if (rnd.nextInt(4) == 0) {
        continue;
      }
      int n = 1 + rnd.nextInt(2);
      for (int k = 0; k < n; k++) {
        b.add(day, range(rnd));
      }
    }
    return b;
  }

  /** Start times cluster around midnight and the small hours, where the zones change offset. */
  private static LocalTime time(Random rnd) {
    if (rnd.nextBoolean()) {
      return LocalTime.of(pick(rnd, List.of(22, 23, 0, 1, 2, 3)), 15 * rnd.nextInt(4));
    }
    int minutes = rnd.nextInt(10) == 0 ? 5 * rnd.nextInt(288) : 15 * rnd.nextInt(96);
    return LocalTime.of(minutes / 60, minutes % 60);
  }

  static LocalTimeRange range(Random rnd) {
    LocalTime start = time(rnd);
    LocalTime end;
    switch (rnd.nextInt(10)) {
      case 0 -> {
        return LocalTimeRange.of("00:00", pick(rnd, List.of("24:00", "09:00", "03:00")));
      }
      case 1 -> {
        // wide windows across the small hours, where the zones change offset
        return LocalTimeRange.of(
            LocalTime.of(pick(rnd, List.of(20, 21, 22, 23)), 15 * rnd.nextInt(4)),
            LocalTime.of(pick(rnd, List.of(0, 1, 2, 3, 4, 6)), 15 * rnd.nextInt(4)));
      }
      default -> {}
    }
    switch (rnd.nextInt(4)) {
      case 0 -> end = LocalTime.MIDNIGHT; // 24:00
      case 1 -> end = start.plusMinutes(60L + 15 * rnd.nextInt(40));
      default -> end = time(rnd);
    }
    if (end.equals(start) && !end.equals(LocalTime.MIDNIGHT)) {
      end = start.plusMinutes(45);
    }
    return LocalTimeRange.of(start, end);
  }

  static <T> T pick(Random rnd, List<T> values) {
    return values.get(rnd.nextInt(values.size()));
  }
}
