package dev.cita.scheduling.availability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.model.TimeInterval;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IntervalSetTest {
  private static Instant t(String hhmm) {
    return Instant.parse("2026-05-04T" + hhmm + ":00Z");
  }

  private static TimeInterval iv(String from, String to) {
    return new TimeInterval(t(from), t(to));
  }

  @Test
  void touchingIntervalsMergeIntoOne() {
    IntervalSet set = IntervalSet.of(iv("10:00", "11:00"), iv("11:00", "12:00"));
    assertThat(set.intervals()).containsExactly(iv("10:00", "12:00"));
    assertThat(set.size()).isEqualTo(1);
  }

  @Test
  void overlappingAndUnsortedInputIsSortedAndMerged() {
    IntervalSet set =
        IntervalSet.of(
            iv("14:00", "15:00"), iv("09:00", "10:30"), iv("10:00", "11:00"), iv("09:30", "09:45"));
    assertThat(set.intervals()).containsExactly(iv("09:00", "11:00"), iv("14:00", "15:00"));
  }

  @Test
  void unionOfTouchingSetsMerges() {
    IntervalSet a = IntervalSet.of(iv("09:00", "10:00"), iv("12:00", "13:00"));
    IntervalSet b = IntervalSet.of(iv("10:00", "12:00"));
    assertThat(a.union(b).intervals()).containsExactly(iv("09:00", "13:00"));
  }

  @Test
  void halfOpenIntervalsThatTouchDoNotOverlap() {
    IntervalSet set = IntervalSet.of(iv("10:00", "11:00"));
    assertThat(set.overlaps(iv("11:00", "12:00"))).isFalse();
    assertThat(set.overlaps(iv("09:00", "10:00"))).isFalse();
    assertThat(set.overlaps(iv("10:59", "12:00"))).isTrue();
    assertThat(set.contains(t("10:00"))).isTrue();
    assertThat(set.contains(t("11:00"))).isFalse();
    assertThat(set.contains(t("11:00").minusNanos(1))).isTrue();
    assertThat(set.intersect(IntervalSet.of(iv("11:00", "12:00"))).isEmpty()).isTrue();
  }

  @Test
  void subtractSplitsAndTrims() {
    IntervalSet day = IntervalSet.of(iv("09:00", "17:00"));
    IntervalSet busy =
        IntervalSet.of(iv("08:00", "09:30"), iv("12:00", "13:00"), iv("16:30", "18:00"));
    assertThat(day.subtract(busy).intervals())
        .containsExactly(iv("09:30", "12:00"), iv("13:00", "16:30"));
    assertThat(day.intersect(busy).intervals())
        .containsExactly(iv("09:00", "09:30"), iv("12:00", "13:00"), iv("16:30", "17:00"));
  }

  @Test
  void emptySetBehaviour() {
    IntervalSet empty = IntervalSet.empty();
    IntervalSet some = IntervalSet.of(iv("09:00", "10:00"));
    assertThat(empty.isEmpty()).isTrue();
    assertThat(empty.size()).isZero();
    assertThat(empty.intervals()).isEmpty();
    assertThat(empty.contains(t("09:00"))).isFalse();
    assertThat(empty.overlaps(iv("00:00", "23:59"))).isFalse();
    assertThat(IntervalSet.of(List.of())).isEqualTo(empty);
    assertThat(IntervalSet.of()).isEqualTo(empty);
    assertThat(empty.union(some)).isEqualTo(some);
    assertThat(some.union(empty)).isEqualTo(some);
    assertThat(some.subtract(empty)).isEqualTo(some);
    assertThat(empty.subtract(some).isEmpty()).isTrue();
    assertThat(some.intersect(empty).isEmpty()).isTrue();
    assertThat(empty.intersect(some).isEmpty()).isTrue();
    assertThat(some.subtract(some)).isEqualTo(empty);
    assertThat(empty.hashCode()).isEqualTo(IntervalSet.of(List.of()).hashCode());
  }

  @Test
  void subSecondBoundsAreWidenedNeverShrunk() {
    Instant start = t("10:00").plusMillis(300);
    Instant end = t("10:05").plusMillis(1);
    IntervalSet set = IntervalSet.of(new TimeInterval(start, end));
    assertThat(set.intervals())
        .containsExactly(new TimeInterval(t("10:00"), t("10:05").plusSeconds(1)));
  }

  @Test
  void intervalsViewIsReadOnlyAndBoundsChecked() {
    IntervalSet set = IntervalSet.of(iv("09:00", "10:00"));
    assertThatThrownBy(() -> set.intervals().get(1)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> set.intervals().add(iv("11:00", "12:00")))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void nullInputIsAValidationError() {
    assertThatThrownBy(() -> IntervalSet.of((List<TimeInterval>) null))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> IntervalSet.of(iv("09:00", "10:00"), null))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void equalityIsByContent() {
    IntervalSet a = IntervalSet.of(iv("09:00", "10:00"), iv("10:00", "11:00"));
    IntervalSet b = IntervalSet.of(iv("09:00", "11:00"));
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(IntervalSet.of(iv("09:00", "10:59")));
    assertThat(a.toString()).contains("2026-05-04T09:00:00Z");
  }

  @Test
  void operationsWithAnEmptySetReturnTheDocumentedInstance() {
    IntervalSet empty = IntervalSet.empty();
    IntervalSet some = IntervalSet.of(iv("09:00", "10:00"), iv("11:00", "12:00"));
    assertThat(some.union(empty)).isSameAs(some);
    assertThat(empty.union(some)).isSameAs(some);
    assertThat(some.subtract(empty)).isSameAs(some);
    assertThat(empty.subtract(some)).isSameAs(empty);
    assertThat(some.intersect(empty)).isSameAs(empty);
    assertThat(IntervalSet.of(iv("09:00", "10:00")).subtract(some).isEmpty()).isTrue();
  }

  @Test
  void intervalsViewRefusesIndexesOutsideTheSetEvenWithSpareCapacity() {
    // A union is built with room for both inputs; merged, it holds fewer intervals than that.
    IntervalSet merged =
        IntervalSet.of(iv("09:00", "10:00")).union(IntervalSet.of(iv("09:30", "11:00")));
    assertThat(merged.size()).isEqualTo(1);
    assertThatThrownBy(() -> merged.intervals().get(1))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> merged.intervals().get(-1))
        .isExactlyInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("-1");
    assertThat(merged.intervals().get(0)).isEqualTo(iv("09:00", "11:00"));
  }

  @Test
  void equalsComparesEveryStartAndEveryEnd() {
    IntervalSet a = IntervalSet.of(iv("09:00", "10:00"), iv("11:00", "12:00"));
    IntervalSet sameEndsOtherStart = IntervalSet.of(iv("09:30", "10:00"), iv("11:00", "12:00"));
    IntervalSet sameStartsOtherEnd = IntervalSet.of(iv("09:00", "10:00"), iv("11:00", "12:30"));
    IntervalSet prefix = IntervalSet.of(iv("09:00", "10:00"));
    assertThat(a)
        .isEqualTo(a)
        .isEqualTo(IntervalSet.of(iv("11:00", "12:00"), iv("09:00", "10:00")));
    assertThat(a).isNotEqualTo(sameEndsOtherStart);
    assertThat(a).isNotEqualTo(sameStartsOtherEnd);
    assertThat(a).isNotEqualTo(prefix);
    assertThat(prefix).isNotEqualTo(a);
    assertThat(a).isNotEqualTo(IntervalSet.empty());
    assertThat(a.equals(null)).isFalse();
    assertThat(a.equals(a.intervals())).isFalse();
    assertThat(a.equals("IntervalSet")).isFalse();
  }

  @Test
  void hashCodeDependsOnEveryStartAndEveryEnd() {
    IntervalSet a = IntervalSet.of(iv("09:00", "10:00"), iv("11:00", "12:00"));
    assertThat(a.hashCode())
        .isEqualTo(IntervalSet.of(iv("09:00", "10:00"), iv("11:00", "12:00")).hashCode())
        .isNotEqualTo(IntervalSet.of(iv("09:30", "10:00"), iv("11:00", "12:00")).hashCode())
        .isNotEqualTo(IntervalSet.of(iv("09:00", "10:30"), iv("11:00", "12:00")).hashCode())
        .isNotEqualTo(IntervalSet.of(iv("09:00", "10:00"), iv("11:30", "12:00")).hashCode())
        .isNotEqualTo(IntervalSet.of(iv("09:00", "10:00"), iv("11:00", "12:30")).hashCode())
        .isNotEqualTo(IntervalSet.of(iv("09:00", "10:00")).hashCode())
        .isNotEqualTo(IntervalSet.empty().hashCode());
  }

  /**
   * The builder sorts by packing {@code start - min} above a 20-bit index; near 2^42 seconds (year
   * 141,000) that packing is exactly at its limit, and the sort must still order the starts.
   */
  @Test
  void theBuilderSortsStartsAtTheEdgeOfItsPackedKey() {
    long a = (1L << 42) - 1_000;
    long b = (1L << 42) + 1_000;
    IntervalSet.Builder builder = new IntervalSet.Builder(2);
    builder.add(b, b + 10);
    builder.add(a, a + 10);
    IntervalSet set = builder.build();
    assertThat(set.size()).isEqualTo(2);
    assertThat(set.starts[0]).isEqualTo(a);
    assertThat(set.ends[0]).isEqualTo(a + 10);
    assertThat(set.starts[1]).isEqualTo(b);
  }

  /** More than 2^20 unsorted intervals do not fit the packed key's index: sorted another way. */
  @Test
  void theBuilderSortsMoreIntervalsThanThePackedKeyCanIndex() {
    int n = (1 << 20) + 1;
    IntervalSet.Builder builder = new IntervalSet.Builder(n);
    for (int i = n - 1; i >= 0; i--) {
      builder.add(10L * i, 10L * i + 5);
    }
    IntervalSet set = builder.build();
    assertThat(set.size()).isEqualTo(n);
    for (int i = 0; i < n; i++) {
      if (set.starts[i] != 10L * i || set.ends[i] != 10L * i + 5) {
        assertThat(set.starts[i] + ".." + set.ends[i]).isEqualTo(10L * i + ".." + (10L * i + 5));
      }
    }
  }
}
