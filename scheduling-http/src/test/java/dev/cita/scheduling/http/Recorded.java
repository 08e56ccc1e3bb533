package dev.cita.scheduling.http;

import dev.cita.scheduling.token.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.random.RandomGenerator;

/** Test doubles that record instead of waiting or guessing. */
final class Recorded {
  private Recorded() {}

  /** A sleeper that records each wait and returns at once. */
  static final class RecordingSleeper implements Sleeper {
    final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void sleep(Duration duration) {
      sleeps.add(duration);
    }
  }

  /** Always draws the top of the jitter range and records the bounds it was asked for. */
  static final class MaxRandom implements RandomGenerator {
    final List<Long> bounds = Collections.synchronizedList(new ArrayList<>());

    @Override
    public long nextLong() {
      throw new AssertionError("only bounded draws are expected");
    }

    @Override
    public long nextLong(long bound) {
      bounds.add(bound);
      return bound - 1;
    }
  }
}
