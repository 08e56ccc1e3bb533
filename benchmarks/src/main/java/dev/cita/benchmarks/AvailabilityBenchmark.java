package dev.cita.benchmarks;

import dev.cita.scheduling.availability.Closure;
import dev.cita.scheduling.availability.DateOverride;
import dev.cita.scheduling.availability.ResourceAvailability;
import dev.cita.scheduling.availability.ServiceHours;
import dev.cita.scheduling.availability.SlotEngine;
import dev.cita.scheduling.availability.WeeklyHours;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.TimeSlot;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One availability query, by the engine and by the naive baseline, on three workloads: {@code
 * reference} (any-of over 100 people × 60 days, 10,000 bookings, 10,000 external busy intervals),
 * {@code single} (one person × 60 days, 100 bookings, 100 busy) and {@code collective10} (all-of
 * over 10 people × 60 days, 1,000 bookings, 1,000 busy). Before any timing, the setup checks that
 * both give identical slot lists.
 *
 * <p>{@link #engineWithRules} runs the same query with the tenant's closures (a closed day, a
 * two-hour span and a weekly recurring block, for every member) and service hours on the type
 * (weekdays 08:00–16:30, one date closed) in play: issue 21 asks that it stays within 10 % of
 * {@link #engine}. The setup checks that the rules add no slot and, on the any-of workloads, remove
 * some.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class AvailabilityBenchmark {
  @Param({"reference", "single", "collective10"})
  public String scenario;

  private Scenario data;
  private Query query;
  private List<ResourceAvailability> ruledMembers;
  private AppointmentType ruledType;

  /** Which team mode a workload queries. */
  enum Query {
    ANY_OF,
    ALL_OF
  }

  @Setup(Level.Trial)
  public void setUp() {
    switch (scenario) {
      case "reference" -> {
        data = Scenario.reference();
        query = Query.ANY_OF;
      }
      case "single" -> {
        data = Scenario.of(1, 60, 100, 100);
        query = Query.ANY_OF;
      }
      case "collective10" -> {
        data = Scenario.of(10, 60, 1_000, 1_000);
        query = Query.ALL_OF;
      }
      default -> throw new IllegalArgumentException("unknown scenario " + scenario);
    }
    List<TimeSlot> fast = run(SlotEngine.create(), data, query);
    List<TimeSlot> slow = NaiveBaseline.run(data, query == Query.ALL_OF);
    if (!fast.equals(slow)) {
      throw new IllegalStateException(
          "engine and naive baseline disagree on "
              + scenario
              + ": "
              + fast.size()
              + " vs "
              + slow.size()
              + " slots");
    }
    if (fast.isEmpty()) {
      throw new IllegalStateException(
          "scenario " + scenario + " has no free slots: nothing to measure");
    }
    List<Closure> closures =
        List.of(
            Closure.days("feriado", LocalDate.of(2027, 2, 26), LocalDate.of(2027, 2, 26), null),
            Closure.between(
                "corte",
                Instant.parse("2027-03-03T18:00:00Z"),
                Instant.parse("2027-03-03T20:00:00Z"),
                null),
            Closure.recurring(
                "viernes",
                LocalDateTime.of(2027, 1, 1, 16, 0),
                Duration.ofHours(1),
                "FREQ=WEEKLY;BYDAY=FR",
                null));
    ruledMembers = data.members().stream().map(m -> m.withClosures(closures)).toList();
    ruledType =
        Scenario.TYPE.toBuilder()
            .serviceHours(
                ServiceHours.builder()
                    .weeklyHours(
                        WeeklyHours.builder()
                            .add(
                                EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), "08:00", "16:30")
                            .build())
                    .override(DateOverride.closed(LocalDate.of(2027, 3, 15)))
                    .build())
            .build();
    List<TimeSlot> ruled = engineWithRules();
    if (!fast.containsAll(ruled)) {
      throw new IllegalStateException("closures and service hours added slots on " + scenario);
    }
    // collective10 has only two free slots, outside every rule; the other two must lose some.
    if (query == Query.ANY_OF && (ruled.isEmpty() || ruled.size() >= fast.size())) {
      throw new IllegalStateException(
          "closures and service hours must remove some slots and leave some, on " + scenario);
    }
  }

  static List<TimeSlot> run(SlotEngine engine, Scenario data, Query query) {
    return run(engine, data.members(), Scenario.TYPE, data, query);
  }

  static List<TimeSlot> run(
      SlotEngine engine,
      List<ResourceAvailability> members,
      AppointmentType type,
      Scenario data,
      Query query) {
    if (members.size() == 1) {
      return engine.slots(members.get(0), type, data.from(), data.to(), Scenario.NOW);
    }
    return query == Query.ALL_OF
        ? engine.allOf(members, type, data.from(), data.to(), Scenario.NOW)
        : engine.anyOf(members, type, data.from(), data.to(), Scenario.NOW);
  }

  @Benchmark
  public List<TimeSlot> engineWithRules() {
    return run(SlotEngine.create(), ruledMembers, ruledType, data, query);
  }

  @Benchmark
  public List<TimeSlot> engine() {
    return run(SlotEngine.create(), data, query);
  }

  @Benchmark
  public List<TimeSlot> naive() {
    return NaiveBaseline.run(data, query == Query.ALL_OF);
  }
}
