package dev.cita.scheduling.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.spi.AvailabilitySource;
import dev.cita.scheduling.spi.OpenWindows;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AvailabilityCacheTest {
  private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
  private static final TenantId T = TenantId.of("t");
  private static final ResourceId R = ResourceId.of("r");
  private static final AppointmentTypeId TYPE = AppointmentTypeId.of("consulta");
  private final AvailabilityCache cache = newCache();

  /** {@return the cache under test} A subclass runs every test on a shared cache. */
  AvailabilityCache newCache() {
    return new AvailabilityCache();
  }

  private static TimeInterval hours(int from, int to) {
    return TimeInterval.of(T0.plus(Duration.ofHours(from)), T0.plus(Duration.ofHours(to)));
  }

  @Test
  void nothingIsKnownBeforeARead() {
    OpenWindows answer = cache.openWindows(T, R, TYPE, hours(0, 24));

    assertThat(answer).isEqualTo(OpenWindows.unknown());
    assertThat(answer.isKnown(hours(1, 2))).isFalse();
  }

  @Test
  void aReadAnswersItsWindowsWithWhatWasReadAndWhen() {
    cache.replaceWindow(T, R, TYPE, hours(0, 24), List.of(hours(9, 10), hours(2, 3)), T0);

    OpenWindows answer = cache.openWindows(T, R, TYPE, hours(0, 48));

    assertThat(answer.open()).containsExactly(hours(2, 3), hours(9, 10));
    assertThat(answer.known()).containsExactly(hours(0, 24));
    assertThat(answer.readAt()).contains(T0);
    assertThat(answer.isKnown(hours(0, 24))).isTrue();
    assertThat(answer.isKnown(hours(23, 25))).as("reaches past what was read").isFalse();
    assertThat(
            cache
                .openWindows(T, R, AppointmentTypeId.of("other"), hours(0, 24))
                .isKnown(hours(1, 2)))
        .as("another type")
        .isFalse();
    assertThat(cache.openWindows(T, ResourceId.of("r2"), TYPE, hours(0, 24)).open())
        .as("another resource")
        .isEmpty();
  }

  @Test
  void windowsReachingIntoTheRangeAreAnsweredWholeAndOthersAreNot() {
    cache.replaceWindow(
        T, R, TYPE, hours(0, 48), List.of(hours(1, 5), hours(6, 7), hours(20, 30)), T0);

    assertThat(cache.openWindows(T, R, TYPE, hours(4, 21)).open())
        .containsExactly(hours(1, 5), hours(6, 7), hours(20, 30));
    assertThat(cache.openWindows(T, R, TYPE, hours(5, 6)).open()).isEmpty();
  }

  @Test
  void aLaterReadReplacesTheWindowsItOverlapsAndTheAnswerGivesTheOldestReadItUses() {
    cache.replaceWindow(
        T, R, TYPE, hours(0, 24), List.of(hours(2, 3), hours(9, 10), hours(20, 21)), T0);
    Instant later = T0.plus(Duration.ofMinutes(5));

    cache.replaceWindow(T, R, TYPE, hours(8, 12), List.of(hours(11, 12)), later);

    assertThat(cache.openWindows(T, R, TYPE, hours(0, 24)).open())
        .containsExactly(hours(2, 3), hours(11, 12), hours(20, 21));
    assertThat(cache.openWindows(T, R, TYPE, hours(0, 24)).readAt()).contains(T0);
    assertThat(cache.openWindows(T, R, TYPE, hours(8, 12)).readAt())
        .as("only the fresh read")
        .contains(later);
    assertThat(cache.openWindows(T, R, TYPE, hours(0, 24)).known()).containsExactly(hours(0, 24));
  }

  @Test
  void readsThatLeaveAGapAreKnownApartAndTheGapIsNot() {
    cache.replaceWindow(T, R, TYPE, hours(0, 10), List.of(), T0);
    cache.replaceWindow(T, R, TYPE, hours(20, 30), List.of(), T0);

    OpenWindows answer = cache.openWindows(T, R, TYPE, hours(5, 25));

    assertThat(answer.known()).containsExactly(hours(5, 10), hours(20, 25));
    assertThat(answer.isKnown(hours(5, 10))).isTrue();
    assertThat(answer.isKnown(hours(9, 21))).as("spans the gap").isFalse();
    cache.replaceWindow(T, R, TYPE, hours(10, 20), List.of(), T0);
    assertThat(cache.openWindows(T, R, TYPE, hours(5, 25)).isKnown(hours(5, 25)))
        .as("touching reads join")
        .isTrue();
  }

  @Test
  void twoWindowsWithOneStartKeepTheLongerOne() {
    cache.replaceWindow(T, R, TYPE, hours(0, 24), List.of(hours(9, 10), hours(9, 11)), T0);

    assertThat(cache.openWindows(T, R, TYPE, hours(0, 24)).open()).containsExactly(hours(9, 11));
  }

  @Test
  void aReadForgetsWindowsEndedADayBeforeItAndPruneDoesSoForEveryKey() {
    cache.replaceWindow(T, R, TYPE, hours(0, 10), List.of(hours(1, 2)), T0);
    cache.replaceWindow(
        T, R, TYPE, hours(40, 50), List.of(hours(41, 42)), T0.plus(Duration.ofHours(40)));

    assertThat(cache.openWindows(T, R, TYPE, hours(0, 50)).open()).containsExactly(hours(41, 42));
    assertThat(cache.openWindows(T, R, TYPE, hours(0, 50)).known()).containsExactly(hours(40, 50));

    assertThat(cache.pruneEndedBefore(T0.plus(Duration.ofHours(45)))).isEqualTo(1);
    assertThat(cache.openWindows(T, R, TYPE, hours(0, 50)).open()).isEmpty();
    assertThat(cache.openWindows(T, R, TYPE, hours(0, 50)).known())
        .as("a read span reaching past it stays whole")
        .containsExactly(hours(40, 50));
    cache.clear(T, R, TYPE);
    assertThat(cache.openWindows(T, R, TYPE, hours(0, 50))).isEqualTo(OpenWindows.unknown());
  }

  @Test
  void asASourceItAnswersFromTheCacheAndRefreshesThroughTheGivenRead() {
    List<TimeInterval> asked = new ArrayList<>();
    AvailabilitySource source =
        cache.source(
            "feed",
            (tenant, resource, type, range) -> {
              asked.add(range);
              cache.replaceWindow(tenant, resource, type, range, List.of(range), T0);
            });

    assertThat(source.id()).isEqualTo("feed");
    assertThat(source.openWindows(T, R, TYPE, hours(1, 2)).isKnown(hours(1, 2))).isFalse();
    source.refresh(T, R, TYPE, hours(1, 2));
    assertThat(asked).containsExactly(hours(1, 2));
    assertThat(source.openWindows(T, R, TYPE, hours(1, 2)))
        .isEqualTo(new OpenWindows(List.of(hours(1, 2)), List.of(hours(1, 2)), Optional.of(T0)));
  }

  @Test
  void badInputIsRefusedNamingTheField() {
    assertThatThrownBy(() -> cache.replaceWindow(T, R, TYPE, hours(0, 1), null, T0))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("open");
    assertThatThrownBy(() -> cache.openWindows(T, R, null, hours(0, 1)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("type");
    assertThatThrownBy(() -> cache.source(" ", (t, r, y, w) -> {}))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("id");
  }
}
