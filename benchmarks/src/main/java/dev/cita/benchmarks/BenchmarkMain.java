package dev.cita.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark and prints the figures as Markdown: p50 and p99 per query, allocation per
 * query, the engine/baseline ratio, the scaling slopes, and booking throughput with 1 and 16
 * threads. {@code short} (default) finishes in under three minutes on two cores; {@code full} runs
 * longer and with two forks for steadier figures.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar [short|full] [output.md]</pre>
 */
public final class BenchmarkMain {
  private BenchmarkMain() {}

  public static void main(String[] args) throws RunnerException, IOException {
    boolean full = args.length > 0 && args[0].equals("full");
    Path output = Path.of(args.length > 1 ? args[1] : "benchmarks/target/results.md");

    Collection<RunResult> availability =
        run(options(full, AvailabilityBenchmark.class).addProfiler(GCProfiler.class));
    Collection<RunResult> scaling = run(options(full, ScalingBenchmark.class));
    Collection<RunResult> booking1 = run(options(full, BookingBenchmark.class).threads(1));
    Collection<RunResult> booking16 = run(options(full, BookingBenchmark.class).threads(16));

    StringBuilder md = new StringBuilder();
    md.append("Mode: ")
        .append(full ? "full" : "short")
        .append("; date: ")
        .append(LocalDate.now())
        .append("; ")
        .append(machine())
        .append("\n\n");
    md.append("### Availability query (one thread, data in memory)\n\n");
    md.append(
        "| scenario | implementation | p50 ms | p99 ms | allocated per query |\n"
            + "|---|---|---:|---:|---:|\n");
    Map<String, Double> p50 = new HashMap<>();
    for (RunResult r : availability) {
      String scenario = r.getParams().getParam("scenario");
      String impl = method(r);
      double median = r.getPrimaryResult().getStatistics().getPercentile(50);
      p50.put(scenario + "/" + impl, median);
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %.3f | %.3f | %s |%n",
              scenario,
              impl,
              median,
              r.getPrimaryResult().getStatistics().getPercentile(99),
              allocation(r).map(BenchmarkMain::bytes).orElse("n/a")));
    }
    md.append("\n| scenario | naive p50 / engine p50 |\n|---|---:|\n");
    for (String scenario : List.of("reference", "single", "collective10")) {
      Double engine = p50.get(scenario + "/engine");
      Double naive = p50.get(scenario + "/naive");
      if (engine != null && naive != null) {
        md.append(String.format(Locale.ROOT, "| %s | %.0f× |%n", scenario, naive / engine));
      }
    }

    md.append("\n### Scaling (any-of; base 50 people × 30 days, 2,500 bookings + 2,500 busy)\n\n");
    Map<String, Double> sizes = new HashMap<>();
    md.append("| size | p50 ms |\n|---|---:|\n");
    for (RunResult r : scaling) {
      double median = r.getPrimaryResult().getStatistics().getPercentile(50);
      sizes.put(r.getParams().getParam("size"), median);
      md.append(
          String.format(Locale.ROOT, "| %s | %.3f |%n", r.getParams().getParam("size"), median));
    }
    md.append("\n| input doubled | slope 1x→2x | slope 2x→4x |\n|---|---:|---:|\n");
    for (String axis : List.of("resources", "days", "busy")) {
      Double base = sizes.get("base");
      Double two = sizes.get(axis + "-2x");
      Double four = sizes.get(axis + "-4x");
      if (base != null && two != null && four != null) {
        md.append(
            String.format(
                Locale.ROOT, "| %s | %.2f | %.2f |%n", axis, log2(two / base), log2(four / two)));
      }
    }

    md.append("\n### Booking path, in memory (every rule re-checked in the atomic insert)\n\n");
    md.append("| threads | bookings/s | double bookings |\n|---|---:|---:|\n");
    for (Collection<RunResult> results : List.of(booking1, booking16)) {
      for (RunResult r : results) {
        md.append(
            String.format(
                Locale.ROOT,
                "| %d | %,.0f | 0 (checked after every iteration) |%n",
                r.getParams().getThreads(),
                r.getPrimaryResult().getScore()));
      }
    }
    System.out.println();
    System.out.println(md);
    Files.createDirectories(output.toAbsolutePath().getParent());
    Files.writeString(output, md.toString(), StandardCharsets.UTF_8);
    System.out.println("Written to " + output);
  }

  private static ChainedOptionsBuilder options(boolean full, Class<?> benchmark) {
    return new OptionsBuilder()
        .include(benchmark.getName() + "\\.")
        .forks(full ? 2 : 1)
        .warmupIterations(full ? 5 : 2)
        .warmupTime(TimeValue.seconds(1))
        .measurementIterations(full ? 10 : 3)
        .measurementTime(TimeValue.seconds(full ? 2 : 1))
        .jvmArgsAppend("-Xms2g", "-Xmx2g")
        .shouldFailOnError(true);
  }

  private static Collection<RunResult> run(ChainedOptionsBuilder options) throws RunnerException {
    return new Runner(options.build()).run();
  }

  private static String method(RunResult r) {
    String name = r.getParams().getBenchmark();
    return name.substring(name.lastIndexOf('.') + 1);
  }

  private static Optional<Double> allocation(RunResult r) {
    for (String key : r.getSecondaryResults().keySet()) {
      if (key.endsWith("gc.alloc.rate.norm")) {
        return Optional.of(r.getSecondaryResults().get(key).getScore());
      }
    }
    return Optional.empty();
  }

  private static String bytes(double b) {
    return b >= 1 << 20
        ? String.format(Locale.ROOT, "%.2f MB", b / (1 << 20))
        : String.format(Locale.ROOT, "%.1f KB", b / 1024);
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  private static String machine() {
    List<String> parts = new ArrayList<>();
    parts.add(Runtime.getRuntime().availableProcessors() + " cores");
    try {
      Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .findFirst()
          .ifPresent(l -> parts.add(l.substring(l.indexOf(':') + 1).trim()));
    } catch (IOException | RuntimeException e) {
      // Not Linux: the core count is enough.
    }
    parts.add("Java " + System.getProperty("java.version"));
    return String.join(", ", parts);
  }
}
