package dev.cita.benchmarks;

import dev.cita.scheduling.availability.ResourceAvailability;
import dev.cita.scheduling.availability.SlotEngine;
import dev.cita.scheduling.model.TimeSlot;
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
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class AvailabilityBenchmark {
  @Param({"reference", "single", "collective10"})
  public String scenario;

  private Scenario data;
  private Query query;

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
  }

  static List<TimeSlot> run(SlotEngine engine, Scenario data, Query query) {
    List<ResourceAvailability> members = data.members();
    if (members.size() == 1) {
      return engine.slots(members.get(0), Scenario.TYPE, data.from(), data.to(), Scenario.NOW);
    }
    return query == Query.ALL_OF
        ? engine.allOf(members, Scenario.TYPE, data.from(), data.to(), Scenario.NOW)
        : engine.anyOf(members, Scenario.TYPE, data.from(), data.to(), Scenario.NOW);
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
