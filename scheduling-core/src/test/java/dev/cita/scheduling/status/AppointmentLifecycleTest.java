package dev.cita.scheduling.status;

import static dev.cita.scheduling.model.AppointmentStatus.CANCELLED;
import static dev.cita.scheduling.model.AppointmentStatus.COMPLETED;
import static dev.cita.scheduling.model.AppointmentStatus.CONFIRMED;
import static dev.cita.scheduling.model.AppointmentStatus.NO_SHOW;
import static dev.cita.scheduling.model.AppointmentStatus.REQUESTED;
import static dev.cita.scheduling.model.AppointmentStatus.RESCHEDULED;
import static dev.cita.scheduling.model.AppointmentStatus.SCHEDULED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.InvalidTransitionException;
import dev.cita.scheduling.model.AppointmentStatus;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The lifecycle of docs/DESIGN.md, written out here independently of the implementation: REQUESTED
 * → SCHEDULED → CONFIRMED → COMPLETED (a SCHEDULED or RESCHEDULED appointment may also be completed
 * without a confirmation; a RESCHEDULED one may be confirmed); every active status → CANCELLED,
 * RESCHEDULED, NO_SHOW; CANCELLED, COMPLETED and NO_SHOW are final.
 */
class AppointmentLifecycleTest {
  private static final Map<AppointmentStatus, Set<AppointmentStatus>> EXPECTED =
      new EnumMap<>(AppointmentStatus.class);

  static {
    EXPECTED.put(REQUESTED, EnumSet.of(SCHEDULED, CANCELLED, RESCHEDULED, NO_SHOW));
    EXPECTED.put(SCHEDULED, EnumSet.of(CONFIRMED, COMPLETED, CANCELLED, RESCHEDULED, NO_SHOW));
    EXPECTED.put(CONFIRMED, EnumSet.of(COMPLETED, CANCELLED, RESCHEDULED, NO_SHOW));
    EXPECTED.put(RESCHEDULED, EnumSet.of(CONFIRMED, COMPLETED, CANCELLED, RESCHEDULED, NO_SHOW));
    EXPECTED.put(CANCELLED, EnumSet.noneOf(AppointmentStatus.class));
    EXPECTED.put(COMPLETED, EnumSet.noneOf(AppointmentStatus.class));
    EXPECTED.put(NO_SHOW, EnumSet.noneOf(AppointmentStatus.class));
  }

  static Stream<Arguments> allowedPairs() {
    return pairs(true);
  }

  static Stream<Arguments> refusedPairs() {
    return pairs(false);
  }

  private static Stream<Arguments> pairs(boolean allowed) {
    List<Arguments> out = new ArrayList<>();
    for (AppointmentStatus from : AppointmentStatus.values()) {
      for (AppointmentStatus to : AppointmentStatus.values()) {
        if (EXPECTED.get(from).contains(to) == allowed) {
          out.add(Arguments.of(from, to));
        }
      }
    }
    return out.stream();
  }

  @Test
  void tableCoversEveryPairExactlyOnce() {
    assertThat(EXPECTED).containsOnlyKeys(AppointmentStatus.values());
    assertThat(allowedPairs().count() + refusedPairs().count())
        .isEqualTo((long) AppointmentStatus.values().length * AppointmentStatus.values().length);
    assertThat(allowedPairs().count()).isEqualTo(18);
  }

  @ParameterizedTest(name = "{0} -> {1} is allowed")
  @MethodSource("allowedPairs")
  void allowedMove(AppointmentStatus from, AppointmentStatus to) {
    assertThat(AppointmentLifecycle.canMove(from, to)).isTrue();
    assertThatCode(() -> AppointmentLifecycle.check(from, to)).doesNotThrowAnyException();
  }

  @ParameterizedTest(name = "{0} -> {1} is refused")
  @MethodSource("refusedPairs")
  void refusedMove(AppointmentStatus from, AppointmentStatus to) {
    assertThat(AppointmentLifecycle.canMove(from, to)).isFalse();
    assertThatThrownBy(() -> AppointmentLifecycle.check(from, to))
        .isInstanceOfSatisfying(
            InvalidTransitionException.class,
            e -> {
              assertThat(e.from()).isEqualTo(from);
              assertThat(e.to()).isEqualTo(to);
              assertThat(e.getMessage()).contains(from.name()).contains(to.name());
            });
  }

  @ParameterizedTest
  @EnumSource(AppointmentStatus.class)
  void nextStatusesMatchTheTableRow(AppointmentStatus from) {
    assertThat(AppointmentLifecycle.nextStatuses(from)).isEqualTo(EXPECTED.get(from));
  }

  @Test
  void nextStatusesCannotBeModified() {
    Set<AppointmentStatus> next = AppointmentLifecycle.nextStatuses(SCHEDULED);
    assertThatThrownBy(() -> next.add(CANCELLED)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> next.clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThat(AppointmentLifecycle.canMove(SCHEDULED, CONFIRMED)).isTrue();
  }

  @ParameterizedTest
  @EnumSource(
      value = AppointmentStatus.class,
      names = {"REQUESTED", "SCHEDULED", "CONFIRMED", "RESCHEDULED"})
  void activeStatusesHoldTime(AppointmentStatus status) {
    assertThat(AppointmentLifecycle.holdsTime(status)).isTrue();
    assertThat(AppointmentLifecycle.isFinal(status)).isFalse();
  }

  @ParameterizedTest
  @EnumSource(
      value = AppointmentStatus.class,
      names = {"CANCELLED", "COMPLETED", "NO_SHOW"})
  void finalStatusesHoldNoTime(AppointmentStatus status) {
    assertThat(AppointmentLifecycle.holdsTime(status)).isFalse();
    assertThat(AppointmentLifecycle.isFinal(status)).isTrue();
  }

  @ParameterizedTest
  @EnumSource(
      value = AppointmentStatus.class,
      names = {"CANCELLED", "COMPLETED", "NO_SHOW"})
  void finalStatusesExplainThemselves(AppointmentStatus status) {
    assertThatThrownBy(() -> AppointmentLifecycle.check(status, SCHEDULED))
        .isInstanceOf(InvalidTransitionException.class)
        .hasMessageContaining(status + " is final");
  }

  @Test
  void activeStatusExplainsWhichMovesAreAllowed() {
    assertThatThrownBy(() -> AppointmentLifecycle.check(REQUESTED, COMPLETED))
        .isInstanceOf(InvalidTransitionException.class)
        .hasMessageContaining("allowed next statuses are")
        .hasMessageContaining(SCHEDULED.name())
        .hasMessageNotContaining("is final");
  }

  @Test
  void timeHoldingSetIsExactlyTheActiveStatuses() {
    assertThat(AppointmentLifecycle.TIME_HOLDING)
        .containsExactlyInAnyOrder(REQUESTED, SCHEDULED, CONFIRMED, RESCHEDULED);
    assertThatThrownBy(() -> AppointmentLifecycle.TIME_HOLDING.add(CANCELLED))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void requestedMustBeApprovedBeforeItIsConfirmedOrCompleted() {
    assertThat(AppointmentLifecycle.canMove(REQUESTED, CONFIRMED)).isFalse();
    assertThat(AppointmentLifecycle.canMove(REQUESTED, COMPLETED)).isFalse();
    assertThat(AppointmentLifecycle.canMove(REQUESTED, SCHEDULED)).isTrue();
  }

  @ParameterizedTest
  @EnumSource(
      value = AppointmentStatus.class,
      names = {"REQUESTED", "SCHEDULED", "CONFIRMED", "RESCHEDULED"})
  void noShowCanBeRevertedToAnActiveStatus(AppointmentStatus restored) {
    assertThatCode(() -> AppointmentLifecycle.revertNoShow(NO_SHOW, restored))
        .doesNotThrowAnyException();
  }

  @ParameterizedTest
  @EnumSource(
      value = AppointmentStatus.class,
      names = {"CANCELLED", "COMPLETED", "NO_SHOW"})
  void noShowCannotBeRevertedToAFinalStatus(AppointmentStatus restored) {
    assertThatThrownBy(() -> AppointmentLifecycle.revertNoShow(NO_SHOW, restored))
        .isInstanceOfSatisfying(
            InvalidTransitionException.class,
            e -> {
              assertThat(e.from()).isEqualTo(NO_SHOW);
              assertThat(e.to()).isEqualTo(restored);
            });
  }

  @ParameterizedTest
  @EnumSource(value = AppointmentStatus.class, names = "NO_SHOW", mode = EnumSource.Mode.EXCLUDE)
  void onlyANoShowCanBeReverted(AppointmentStatus current) {
    assertThatThrownBy(() -> AppointmentLifecycle.revertNoShow(current, SCHEDULED))
        .isInstanceOfSatisfying(
            InvalidTransitionException.class,
            e -> {
              assertThat(e.from()).isEqualTo(current);
              assertThat(e.getMessage()).contains("only a NO_SHOW can be reverted");
            });
  }

  @Test
  void cancelledCannotBeRestoredThroughTheTable() {
    for (AppointmentStatus to : AppointmentStatus.values()) {
      assertThat(AppointmentLifecycle.canMove(CANCELLED, to)).as("CANCELLED -> %s", to).isFalse();
    }
  }
}
