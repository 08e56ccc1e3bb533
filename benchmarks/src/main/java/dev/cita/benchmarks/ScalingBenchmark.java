package dev.cita.benchmarks;

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
 * How an any-of query's time grows when one input doubles and the others stay: the base is 50
 * people × 30 days with 2,500 bookings and 2,500 external busy intervals; each axis doubles twice
 * (people, days, busy = bookings + external). The runner reports the slope {@code log2(t(2x) /
 * t(x))}: 1.0 is linear.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ScalingBenchmark {
  static final int BASE_RESOURCES = 50;
  static final int BASE_DAYS = 30;
  static final int BASE_BUSY = 2_500;

  @Param({"base", "resources-2x", "resources-4x", "days-2x", "days-4x", "busy-2x", "busy-4x"})
  public String size;

  private Scenario data;
  private final SlotEngine engine = SlotEngine.create();

  @Setup(Level.Trial)
  public void setUp() {
    data = scenario(size);
  }

  static Scenario scenario(String size) {
    int r = BASE_RESOURCES;
    int d = BASE_DAYS;
    int b = BASE_BUSY;
    switch (size) {
      case "base" -> {}
      case "resources-2x" -> r *= 2;
      case "resources-4x" -> r *= 4;
      case "days-2x" -> d *= 2;
      case "days-4x" -> d *= 4;
      case "busy-2x" -> b *= 2;
      case "busy-4x" -> b *= 4;
      default -> throw new IllegalArgumentException("unknown size " + size);
    }
    return Scenario.of(r, d, b, b);
  }

  @Benchmark
  public List<TimeSlot> anyOf() {
    return engine.anyOf(data.members(), Scenario.TYPE, data.from(), data.to(), Scenario.NOW);
  }
}
