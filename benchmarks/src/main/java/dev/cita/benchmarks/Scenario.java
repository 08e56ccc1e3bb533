package dev.cita.benchmarks;

import dev.cita.scheduling.availability.DateOverride;
import dev.cita.scheduling.availability.IntervalSet;
import dev.cita.scheduling.availability.LocalTimeRange;
import dev.cita.scheduling.availability.ResourceAvailability;
import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.availability.TimeOff;
import dev.cita.scheduling.availability.WeeklyHours;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic availability workload: {@code resources} people in America/New_York working
 * weekdays 09:00–17:00 for {@code days} days starting Monday 2027-02-15 (so the 2027-03-14 DST
 * change falls inside 60 days), each with three date overrides, a weekly recurring meeting,
 * existing 30-minute bookings and external busy intervals spread over the range. The query is a
 * 30-minute appointment on a 15-minute step with 10-minute buffers on both sides.
 */
public final class Scenario {
  public static final ZoneId ZONE = ZoneId.of("America/New_York");
  public static final LocalDate FIRST_DAY = LocalDate.of(2027, 2, 15);
  public static final Instant NOW = Instant.parse("2027-02-14T12:00:00Z");
  public static final TenantId TENANT = TenantId.of("bench");
  public static final AppointmentType TYPE =
      AppointmentType.builder("consult", "Consult", Duration.ofMinutes(30))
          .step(Duration.ofMinutes(15))
          .bufferBefore(Duration.ofMinutes(10))
          .bufferAfter(Duration.ofMinutes(10))
          .minimumNotice(Duration.ofHours(2))
          .horizon(Duration.ofDays(400))
          .build();
  private static final DayOfWeek[] WEEKDAYS = {
    DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY
  };
  private static final String[] BYDAY = {"MO", "TU", "WE", "TH", "FR"};

  private final int days;
  private final List<ResourceAvailability> members;
  private final List<Schedule> schedules;
  private final List<List<Appointment>> bookings;
  private final int bookingCount;
  private final int busyCount;

  private Scenario(int resources, int days, int bookingsTotal, int busyTotal, long seed) {
    this.days = days;
    SplittableRandom random = new SplittableRandom(seed);
    Attendee attendee = Attendee.builder("Bench").build();
    WeeklyHours hours =
        WeeklyHours.builder()
            .add(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), "09:00", "17:00")
            .build();
    List<ResourceAvailability> list = new ArrayList<>(resources);
    List<Schedule> scheduleList = new ArrayList<>(resources);
    List<List<Appointment>> bookingLists = new ArrayList<>(resources);
    int booked = 0;
    int busy = 0;
    for (int r = 0; r < resources; r++) {
      ResourceId id = ResourceId.of(String.format("r%04d", r));
      Schedule.Builder schedule = Schedule.builder(ZONE).weeklyHours(hours);
      // Three overrides on distinct dates: closed, short day, and a Saturday morning.
      LocalDate closed = FIRST_DAY.plusDays(random.nextInt(days));
      LocalDate shortDay = closed.plusDays(1 + random.nextInt(Math.max(1, days - 1)));
      LocalDate saturday = FIRST_DAY.plusDays(5 + 7L * random.nextInt(Math.max(1, days / 7)));
      schedule.override(DateOverride.closed(closed));
      if (!shortDay.equals(saturday)) {
        schedule.override(DateOverride.of(shortDay, LocalTimeRange.of("10:00", "14:00")));
      }
      if (!saturday.equals(closed)) {
        schedule.override(DateOverride.of(saturday, LocalTimeRange.of("10:00", "13:00")));
      }
      int meetingDay = random.nextInt(5);
      schedule.timeOff(
          TimeOff.recurring(
              FIRST_DAY.with(WEEKDAYS[meetingDay]).atTime(LocalTime.of(12, 0)).minusWeeks(1),
              Duration.ofHours(1),
              "FREQ=WEEKLY;BYDAY=" + BYDAY[meetingDay]));
      Schedule built = schedule.build();

      int mine = share(bookingsTotal, resources, r);
      List<Appointment> appointments = new ArrayList<>(mine);
      for (int i = 0; i < mine; i++) {
        LocalDateTime start =
            FIRST_DAY
                .plusDays(random.nextInt(days))
                .atTime(9, 0)
                .plusMinutes(15L * random.nextInt(30));
        Instant s = start.atZone(ZONE).toInstant();
        appointments.add(
            Appointment.builder()
                .id(AppointmentId.of(id.value() + "-" + i))
                .tenant(TENANT)
                .resource(id)
                .type(TYPE.id())
                .attendee(attendee)
                .start(s)
                .end(s.plus(TYPE.duration()))
                .bufferBefore(TYPE.bufferBefore())
                .bufferAfter(TYPE.bufferAfter())
                .displayZone(ZONE)
                .createdAt(NOW)
                .updatedAt(NOW)
                .build());
      }
      // Stores hand appointments over sorted by start (AppointmentStore#findTimeHolding).
      appointments.sort(java.util.Comparator.comparing(Appointment::start));
      booked += mine;
      int external = share(busyTotal, resources, r);
      List<TimeInterval> busyList = new ArrayList<>(external);
      for (int i = 0; i < external; i++) {
        LocalDateTime start =
            FIRST_DAY
                .plusDays(random.nextInt(days))
                .atTime(8, 0)
                .plusMinutes(5L * random.nextInt(120));
        Instant s = start.atZone(ZONE).toInstant();
        busyList.add(TimeInterval.of(s, Duration.ofMinutes(15 + 5L * random.nextInt(20))));
      }
      busy += external;
      list.add(new ResourceAvailability(id, built, appointments, IntervalSet.of(busyList)));
      scheduleList.add(built);
      bookingLists.add(appointments);
    }
    this.members = List.copyOf(list);
    this.schedules = List.copyOf(scheduleList);
    this.bookings = List.copyOf(bookingLists);
    this.bookingCount = booked;
    this.busyCount = busy;
  }

  private static int share(int total, int parts, int index) {
    return total / parts + (index < total % parts ? 1 : 0);
  }

  /**
   * A workload of {@code resources} people over {@code days} days with {@code bookings} existing
   * appointments and {@code busy} external busy intervals in all, spread evenly over the people.
   */
  public static Scenario of(int resources, int days, int bookings, int busy) {
    return new Scenario(resources, days, bookings, busy, 20270215L);
  }

  /** The reference scenario: 100 people × 60 days, 10,000 bookings, 10,000 busy intervals. */
  public static Scenario reference() {
    return of(100, 60, 10_000, 10_000);
  }

  public List<ResourceAvailability> members() {
    return members;
  }

  public List<Schedule> schedules() {
    return schedules;
  }

  public List<List<Appointment>> bookings() {
    return bookings;
  }

  public LocalDate from() {
    return FIRST_DAY;
  }

  public LocalDate to() {
    return FIRST_DAY.plusDays(days - 1L);
  }

  public int bookingCount() {
    return bookingCount;
  }

  public int busyCount() {
    return busyCount;
  }
}
