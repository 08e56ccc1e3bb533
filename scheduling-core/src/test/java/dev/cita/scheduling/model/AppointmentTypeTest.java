package dev.cita.scheduling.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class AppointmentTypeTest {
  private static AppointmentType.Builder consult() {
    return AppointmentType.builder("consult", "Consulta", Duration.ofMinutes(30));
  }

  private static void assertRejected(UnaryOperator<AppointmentType.Builder> change, String field) {
    assertThatThrownBy(() -> change.apply(consult()).build())
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo(field));
  }

  /** Issue 14, "a step of 1 s returned 1,377,045 slots": the grid is at least one minute. */
  @Test
  void stepShorterThanAMinuteIsRefused() {
    assertRejected(b -> b.step(Duration.ofSeconds(1)), "appointmentType.step");
    assertRejected(b -> b.step(Duration.ofSeconds(59)), "appointmentType.step");
    // the default step is the duration, so a short duration needs an explicit step
    assertThatThrownBy(() -> AppointmentType.builder("t", "T", Duration.ofSeconds(30)).build())
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.field()).isEqualTo("appointmentType.step"));
    assertThat(
            AppointmentType.builder("t", "T", Duration.ofSeconds(30))
                .step(Duration.ofMinutes(1))
                .build()
                .step())
        .isEqualTo(AppointmentType.MIN_STEP);
    assertThat(consult().step(Duration.ofSeconds(90)).build().step())
        .isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void defaults() {
    AppointmentType t = consult().build();
    assertThat(t.id()).isEqualTo(AppointmentTypeId.of("consult"));
    assertThat(t.name()).isEqualTo("Consulta");
    assertThat(t.duration()).isEqualTo(Duration.ofMinutes(30));
    assertThat(t.step()).as("step defaults to the duration").isEqualTo(Duration.ofMinutes(30));
    assertThat(t.horizon()).isEqualTo(Duration.ofDays(60));
    assertThat(t.minimumNotice()).isZero();
    assertThat(t.bufferBefore()).isZero();
    assertThat(t.bufferAfter()).isZero();
    assertThat(t.seats()).isEqualTo(1);
    assertThat(t.maxPerDay()).isEmpty();
    assertThat(t.locationKind()).isEqualTo(LocationKind.IN_PERSON);
  }

  @Test
  void everyFieldIsKeptAndRoundTrips() {
    AppointmentType t =
        consult()
            .step(Duration.ofMinutes(15))
            .bufferBefore(Duration.ofMinutes(5))
            .bufferAfter(Duration.ofMinutes(10))
            .minimumNotice(Duration.ofHours(2))
            .horizon(Duration.ofDays(30))
            .seats(4)
            .maxPerDay(6)
            .locationKind(LocationKind.VIDEO)
            .build();

    assertThat(t.step()).isEqualTo(Duration.ofMinutes(15));
    assertThat(t.bufferBefore()).isEqualTo(Duration.ofMinutes(5));
    assertThat(t.bufferAfter()).isEqualTo(Duration.ofMinutes(10));
    assertThat(t.minimumNotice()).isEqualTo(Duration.ofHours(2));
    assertThat(t.horizon()).isEqualTo(Duration.ofDays(30));
    assertThat(t.seats()).isEqualTo(4);
    assertThat(t.maxPerDay()).hasValue(6);
    assertThat(t.locationKind()).isEqualTo(LocationKind.VIDEO);
    assertThat(t.toBuilder().build()).isEqualTo(t).hasSameHashCodeAs(t);
    assertThat(t.toBuilder().seats(5).build()).isNotEqualTo(t);
    assertThat(t.toBuilder().maxPerDay(0).build().maxPerDay()).isEmpty();
  }

  @Test
  void durationMustBePositiveWholeSeconds() {
    assertRejected(b -> b.duration(null), "appointmentType.duration");
    assertRejected(b -> b.duration(Duration.ZERO), "appointmentType.duration");
    assertRejected(b -> b.duration(Duration.ofMinutes(-30)), "appointmentType.duration");
    assertRejected(b -> b.duration(Duration.ofMillis(30_500)), "appointmentType.duration");
  }

  @Test
  void stepMustBePositiveWholeSeconds() {
    assertRejected(b -> b.step(Duration.ZERO), "appointmentType.step");
    assertRejected(b -> b.step(Duration.ofMinutes(-5)), "appointmentType.step");
    assertRejected(b -> b.step(Duration.ofMillis(500)), "appointmentType.step");
  }

  @Test
  void buffersMustBeBetweenZeroAndTheMaximum() {
    assertRejected(b -> b.bufferBefore(Duration.ofSeconds(-1)), "appointmentType.bufferBefore");
    assertRejected(b -> b.bufferAfter(Duration.ofSeconds(-1)), "appointmentType.bufferAfter");
    assertRejected(
        b -> b.bufferBefore(AppointmentType.MAX_BUFFER.plusSeconds(1)),
        "appointmentType.bufferBefore");
    assertRejected(b -> b.bufferBefore(null), "appointmentType.bufferBefore");
    assertThat(consult().bufferBefore(AppointmentType.MAX_BUFFER).build().bufferBefore())
        .isEqualTo(AppointmentType.MAX_BUFFER);
  }

  @Test
  void seatsCapNoticeAndHorizon() {
    assertRejected(b -> b.seats(0), "appointmentType.seats");
    assertRejected(b -> b.seats(-2), "appointmentType.seats");
    assertRejected(b -> b.minimumNotice(Duration.ofMinutes(-1)), "appointmentType.minimumNotice");
    assertRejected(b -> b.horizon(Duration.ZERO), "appointmentType.horizon");
    assertRejected(b -> b.horizon(Duration.ofDays(-1)), "appointmentType.horizon");
    assertRejected(
        b -> b.horizon(AppointmentType.MAX_HORIZON.plusDays(1)), "appointmentType.horizon");
    assertRejected(
        b -> b.minimumNotice(AppointmentType.MAX_HORIZON.plusDays(1)),
        "appointmentType.minimumNotice");
    assertThat(
            consult()
                .horizon(AppointmentType.MAX_HORIZON)
                .minimumNotice(AppointmentType.MAX_HORIZON)
                .build()
                .horizon())
        .isEqualTo(Duration.ofDays(3660));
    assertThatThrownBy(() -> consult().maxPerDay(-1))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.field()).isEqualTo("appointmentType.maxPerDay"));
  }

  @Test
  void idNameAndLocationKindAreRequired() {
    assertRejected(b -> b.id(null), "appointmentType.id");
    assertRejected(b -> b.name(" "), "appointmentType.name");
    assertRejected(b -> b.locationKind(null), "appointmentType.locationKind");
  }
}
