package dev.cita.scheduling.availability;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Seeded random runs for property tests in plain JUnit 5. Try {@code i} of a property draws its
 * input from {@code new Random(base + i)}; the base seed is the system property {@code cita.seed}
 * (a number, or {@code random} for a fresh one each run), {@value #DEFAULT_SEED} by default, so a
 * build is reproducible. A failure names its seed and the flags that replay it alone: {@code
 * -Dcita.seed=<seed> -Dcita.tries=1 -Dtest=<Class>#<method>}.
 */
final class Seeded {
  static final long DEFAULT_SEED = 20_261_207L;
  private static final long BASE = baseSeed();

  private Seeded() {}

  private static long baseSeed() {
    String text = System.getProperty("cita.seed", String.valueOf(DEFAULT_SEED)).trim();
    if (text.equalsIgnoreCase("random")) {
      long seed = new Random().nextLong() >>> 16;
      System.out.println("property tests: -Dcita.seed=" + seed);
      return seed;
    }
    return Long.parseLong(text);
  }

  /** Runs {@code property} {@code tries} times (or {@code cita.tries}), each on its own seed. */
  static void forAll(int tries, Consumer<Random> property) {
    int n = Integer.getInteger("cita.tries", tries);
    for (int i = 0; i < n; i++) {
      long seed = BASE + i;
      try {
        property.accept(new Random(seed));
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(
            "failed on try "
                + (i + 1)
                + " of "
                + n
                + ", seed "
                + seed
                + " (replay: -Dcita.seed="
                + seed
                + " -Dcita.tries=1): "
                + e.getMessage(),
            e);
      }
    }
  }

  /**
   * How often a property's inputs had some feature, checked against a minimum share so that the
   * generators cannot drift into trivial inputs unnoticed.
   */
  static final class Coverage {
    private final Map<String, int[]> counts = new LinkedHashMap<>();

    void label(String name, boolean seen) {
      int[] c = counts.computeIfAbsent(name, k -> new int[2]);
      c[0] += seen ? 1 : 0;
      c[1]++;
    }

    void assertAtLeast(String name, double percent) {
      int[] c = counts.getOrDefault(name, new int[2]);
      double share = c[1] == 0 ? 0 : 100.0 * c[0] / c[1];
      if (share < percent) {
        throw new AssertionError(
            "coverage of '"
                + name
                + "' was "
                + String.format("%.1f", share)
                + "% of "
                + c[1]
                + " tries, below "
                + percent
                + "% (base seed "
                + BASE
                + ")");
      }
    }
  }
}
