package dev.cita.scheduling.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.spi.BusyTimeStore;
import dev.cita.scheduling.spi.BusyTimeStore.Key;
import dev.cita.scheduling.spi.BusyTimeStore.ReadSpan;
import dev.cita.scheduling.spi.BusyTimeStore.Snapshot;
import dev.cita.scheduling.spi.BusyTimeStore.Versioned;
import dev.cita.scheduling.spi.OpenWindows;
import dev.cita.scheduling.sync.AvailabilityCache;
import dev.cita.scheduling.sync.ExternalBusyCache;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link BusyTimeStore} must have: a snapshot is loaded back exactly (events,
 * read spans reaching {@link Instant#MIN} and {@link Instant#MAX}, read time, unavailable reason),
 * a write succeeds only from the version it was computed from, concurrent writers lose no change,
 * each source, tenant and resource is its own snapshot, and pruning drops ended events only.
 *
 * <p>Extend it in your test sources and return a new, empty store from {@link #newStore()}:
 *
 * <pre>{@code
 * class MyBusyTimeStoreTest extends BusyTimeStoreContract {
 *   @Override
 *   protected BusyTimeStore newStore() {
 *     return new MyBusyTimeStore(freshDatabase());   // empty, once per test
 *   }
 * }
 * }</pre>
 *
 * <p>The store must round-trip instants to the microsecond.
 */
public abstract class BusyTimeStoreContract {
  private static final TenantId NORTE = TenantId.of("clinica-norte");
  private static final TenantId SUR = TenantId.of("clinica-sur");
  private static final ResourceId ANA = ResourceId.of("ana");
  private static final ResourceId LUIS = ResourceId.of("luis");
  private static final AppointmentTypeId CONSULTA = AppointmentTypeId.of("consulta");
  private static final Key GOOGLE_NORTE_ANA = new Key("google", NORTE, ANA);
  private static final Instant T0 = Instant.parse("2026-03-03T13:00:00.123456Z");

  private BusyTimeStore store;

  /** For subclasses, which supply the implementation under test. */
  protected BusyTimeStoreContract() {}

  /** {@return a new, empty store} Called once before every test. */
  protected abstract BusyTimeStore newStore();

  /** Creates the store under test, through {@link #newStore()}, before every test. */
  @BeforeEach
  protected final void createBusyTimeStore() {
    store = newStore();
    assertThat(store).as("newStore()").isNotNull();
  }

  private static TimeInterval at(int hours, int minutes) {
    return TimeInterval.of(T0.plus(Duration.ofHours(hours)), Duration.ofMinutes(minutes));
  }

  private static Snapshot snapshot(Map<String, TimeInterval> events) {
    return new Snapshot(
        events, List.of(new ReadSpan(TimeInterval.of(T0, Duration.ofDays(60)), T0)), T0, null);
  }

  @Nested
  @DisplayName("load and compare-and-set")
  class LoadAndWrite {
    @Test
    void aResourceNeverWrittenIsEmpty() {
      assertThat(store.load(GOOGLE_NORTE_ANA)).isEmpty();
    }

    @Test
    void theFirstWriteIsLoadedBackExactlyAsVersionOne() {
      Snapshot written =
          new Snapshot(
              Map.of("evt-1", at(1, 30), "e".repeat(1024), at(26, 60)),
              List.of(
                  new ReadSpan(TimeInterval.of(Instant.MIN, T0), T0.minusSeconds(60)),
                  new ReadSpan(TimeInterval.of(T0, Instant.MAX), T0)),
              T0,
              "notFound");

      assertThat(store.compareAndSet(GOOGLE_NORTE_ANA, 0, written)).isTrue();

      assertThat(store.load(GOOGLE_NORTE_ANA)).contains(new Versioned(written, 1));
    }

    @Test
    void aWriteFromTheCurrentVersionReplacesEverything() {
      store.compareAndSet(GOOGLE_NORTE_ANA, 0, snapshot(Map.of("a", at(1, 30), "b", at(2, 30))));
      Snapshot next =
          new Snapshot(Map.of("b", at(3, 45), "c", at(4, 15)), List.of(), null, "forbidden");

      assertThat(store.compareAndSet(GOOGLE_NORTE_ANA, 1, next)).isTrue();

      assertThat(store.load(GOOGLE_NORTE_ANA)).contains(new Versioned(next, 2));
    }

    @Test
    void aWriteFromAnOldVersionIsRefusedAndWritesNothing() {
      Snapshot first = snapshot(Map.of("a", at(1, 30)));
      store.compareAndSet(GOOGLE_NORTE_ANA, 0, first);

      assertThat(store.compareAndSet(GOOGLE_NORTE_ANA, 0, snapshot(Map.of("x", at(5, 30)))))
          .as("a second first write")
          .isFalse();
      assertThat(store.compareAndSet(GOOGLE_NORTE_ANA, 2, snapshot(Map.of("x", at(5, 30)))))
          .as("a write from a version not reached")
          .isFalse();

      assertThat(store.load(GOOGLE_NORTE_ANA)).contains(new Versioned(first, 1));
    }

    @Test
    void anEmptySnapshotIsStoredAsOneToo() {
      assertThat(store.compareAndSet(GOOGLE_NORTE_ANA, 0, Snapshot.EMPTY)).isTrue();

      assertThat(store.load(GOOGLE_NORTE_ANA)).contains(new Versioned(Snapshot.EMPTY, 1));
    }

    @Test
    void eachSourceTenantResourceAndScopeHasItsOwnSnapshot() {
      store.compareAndSet(GOOGLE_NORTE_ANA, 0, snapshot(Map.of("a", at(1, 30))));
      Key consulta = new Key("google", NORTE, ANA, "consulta");
      store.compareAndSet(consulta, 0, snapshot(Map.of("d", at(6, 30))));
      store.compareAndSet(new Key("calcom", NORTE, ANA), 0, snapshot(Map.of("b", at(2, 30))));
      store.compareAndSet(new Key("google", SUR, ANA), 0, snapshot(Map.of("c", at(3, 30))));

      assertThat(store.load(new Key("google", NORTE, LUIS))).isEmpty();
      assertThat(store.load(GOOGLE_NORTE_ANA).map(v -> v.snapshot().events()))
          .contains(Map.of("a", at(1, 30)));
      assertThat(store.load(new Key("calcom", NORTE, ANA)).map(v -> v.snapshot().events()))
          .contains(Map.of("b", at(2, 30)));
      assertThat(store.load(new Key("google", SUR, ANA)).map(v -> v.snapshot().events()))
          .contains(Map.of("c", at(3, 30)));
      assertThat(store.load(consulta).map(v -> v.snapshot().events()))
          .contains(Map.of("d", at(6, 30)));
      assertThat(store.load(new Key("google", NORTE, ANA, "control"))).isEmpty();
    }

    @Test
    @SuppressWarnings("NullAway") // passes null where the SPI forbids it, to see it refused
    void nullArgumentsAreRefusedNamingTheField() {
      assertThatThrownBy(() -> store.load(null))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("key");
      assertThatThrownBy(() -> store.compareAndSet(GOOGLE_NORTE_ANA, 0, null))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("next");
    }
  }

  @Nested
  @DisplayName("concurrent writers")
  class ConcurrentWriters {
    @Test
    void writersRacingFromTheSameVersionHaveExactlyOneWinner() throws InterruptedException {
      store.compareAndSet(GOOGLE_NORTE_ANA, 0, Snapshot.EMPTY);

      List<Race.Outcome<Boolean>> outcomes =
          Race.run(
              8,
              i ->
                  () ->
                      store.compareAndSet(
                          GOOGLE_NORTE_ANA, 1, snapshot(Map.of("evt-" + i, at(i, 30)))));

      assertThat(outcomes).allMatch(Race.Outcome::succeeded);
      assertThat(outcomes.stream().filter(Race.Outcome::returned)).hasSize(1);
      assertThat(store.load(GOOGLE_NORTE_ANA).map(Versioned::version)).contains(2L);
    }

    @Test
    void writersThatRetryOnARefusalLoseNoChange() throws InterruptedException {
      List<Race.Outcome<Integer>> outcomes =
          Race.run(
              8,
              i ->
                  () -> {
                    for (int attempt = 1; ; attempt++) {
                      Optional<Versioned> current = store.load(GOOGLE_NORTE_ANA);
                      Map<String, TimeInterval> events =
                          new HashMap<>(current.map(v -> v.snapshot().events()).orElse(Map.of()));
                      events.put("evt-" + i, at(i, 30));
                      long version = current.map(Versioned::version).orElse(0L);
                      if (store.compareAndSet(GOOGLE_NORTE_ANA, version, snapshot(events))) {
                        return attempt;
                      }
                    }
                  });

      assertThat(outcomes).allMatch(Race.Outcome::succeeded);
      Versioned last = store.load(GOOGLE_NORTE_ANA).orElseThrow();
      assertThat(last.snapshot().events()).hasSize(8);
      assertThat(last.version()).isEqualTo(8);
    }
  }

  @Nested
  @DisplayName("pruning")
  class Pruning {
    @Test
    void dropsEventsEndedAtOrBeforeTheCutoffOfThatSourceOnly() {
      Key calcom = new Key("calcom", NORTE, ANA);
      store.compareAndSet(
          GOOGLE_NORTE_ANA, 0, snapshot(Map.of("old", at(-48, 60), "edge", at(-2, 60))));
      store.compareAndSet(
          new Key("google", SUR, LUIS), 0, snapshot(Map.of("old", at(-30, 60), "new", at(5, 60))));
      store.compareAndSet(calcom, 0, snapshot(Map.of("old", at(-48, 60))));

      int dropped = store.pruneEndedBefore("google", T0.minus(Duration.ofHours(1)));

      assertThat(dropped).isEqualTo(3);
      assertThat(store.load(GOOGLE_NORTE_ANA).orElseThrow().snapshot().events()).isEmpty();
      assertThat(store.load(new Key("google", SUR, LUIS)).orElseThrow().snapshot().events())
          .containsOnlyKeys("new");
      assertThat(store.load(calcom).orElseThrow().snapshot().events()).containsOnlyKeys("old");
    }
  }

  @Nested
  @DisplayName("shared by two caches (two nodes)")
  class SharedByTwoCaches {
    private final TestClock clock = new TestClock(T0);

    private ExternalBusyCache node() {
      return ExternalBusyCache.shared(store, "google", clock, Duration.ofMillis(500));
    }

    @Test
    void whatOneNodeReadsTheOtherAnswersWithoutReadingTheProvider() {
      ExternalBusyCache one = node();
      one.replaceWindow(
          NORTE, ANA, TimeInterval.of(T0, Duration.ofDays(7)), Map.of("evt-1", at(2, 30)), T0);

      ExternalBusyCache startedLater = node();

      TimeInterval week = TimeInterval.of(T0, Duration.ofDays(7));
      assertThat(startedLater.busy(NORTE, ANA, week)).containsExactly(at(2, 30));
      assertThat(startedLater.isKnown(NORTE, ANA, week)).isTrue();
      assertThat(startedLater.refreshedAt(NORTE, ANA)).contains(T0);
    }

    @Test
    void aPushHandledByOneNodeIsSeenByTheOtherOnceItsCopyIsOlderThanTheStaleness() {
      ExternalBusyCache one = node();
      ExternalBusyCache two = node();
      TimeInterval week = TimeInterval.of(T0, Duration.ofDays(7));
      one.replaceWindow(NORTE, ANA, week, Map.of("evt-1", at(2, 30)), T0);
      assertThat(two.busy(NORTE, ANA, week)).containsExactly(at(2, 30));

      one.put(NORTE, ANA, "evt-1", at(3, 30));
      one.put(NORTE, ANA, "evt-2", at(5, 30));

      assertThat(two.busy(NORTE, ANA, week)).as("within the staleness").containsExactly(at(2, 30));
      clock.advance(Duration.ofMillis(500));
      assertThat(two.busy(NORTE, ANA, week)).containsExactlyInAnyOrder(at(3, 30), at(5, 30));

      two.remove(NORTE, ANA, "evt-1");
      clock.advance(Duration.ofMillis(500));
      assertThat(one.busy(NORTE, ANA, week)).containsExactly(at(5, 30));
    }

    @Test
    void aProvidersOpenWindowsReadByOneNodeAreAnsweredByTheOther() {
      AvailabilityCache one = AvailabilityCache.shared(store, "calcom", clock, Duration.ZERO);
      AvailabilityCache two = AvailabilityCache.shared(store, "calcom", clock, Duration.ZERO);
      ExternalBusyCache busySameName =
          ExternalBusyCache.shared(store, "calcom", clock, Duration.ZERO);
      TimeInterval day = TimeInterval.of(T0, Duration.ofDays(1));
      busySameName.replaceWindow(NORTE, ANA, day, Map.of("evt-1", at(1, 30)), T0);

      one.replaceWindow(NORTE, ANA, CONSULTA, day, List.of(at(2, 60), at(4, 120)), T0);

      OpenWindows seen = two.openWindows(NORTE, ANA, CONSULTA, day);
      assertThat(seen.open()).containsExactly(at(2, 60), at(4, 120));
      assertThat(seen.readAt()).contains(T0);
      assertThat(two.openWindows(NORTE, ANA, AppointmentTypeId.of("control"), day).open())
          .isEmpty();
      assertThat(busySameName.busy(NORTE, ANA, day)).containsExactly(at(1, 30));
    }

    @Test
    void changesOfTwoNodesAtOnceAreBothKept() throws InterruptedException {
      ExternalBusyCache one = node();
      ExternalBusyCache two = node();

      List<Race.Outcome<Boolean>> outcomes =
          Race.run(
              8,
              i ->
                  () -> {
                    (i % 2 == 0 ? one : two).put(NORTE, ANA, "evt-" + i, at(i, 30));
                    return true;
                  });

      assertThat(outcomes).allMatch(Race.Outcome::succeeded);
      clock.advance(Duration.ofSeconds(1));
      assertThat(one.busy(NORTE, ANA, TimeInterval.of(T0, Duration.ofDays(1)))).hasSize(8);
    }
  }
}
