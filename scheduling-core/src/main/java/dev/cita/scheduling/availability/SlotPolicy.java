package dev.cita.scheduling.availability;

import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.AppointmentTypeId;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An appointment type's policy for one query, in whole epoch seconds: worked out once and shared by
 * every member of a team. Buffers round up, so they are exact against whole-second busy time.
 */
final class SlotPolicy {
  final AppointmentTypeId type;
  final @Nullable ServiceHours service;
  final long duration;
  final long step;
  final long bufferBefore;
  final long bufferAfter;
  final long notBefore;
  final long horizonEnd;
  final int seats;
  final int maxPerDay;
  final boolean seated;
  final boolean capped;

  SlotPolicy(AppointmentType type, Instant now) {
    this.type = type.id();
    service = type.serviceHours().orElse(null);
    duration = type.duration().getSeconds();
    step = type.step().getSeconds();
    bufferBefore = ceilSeconds(type.bufferBefore());
    bufferAfter = ceilSeconds(type.bufferAfter());
    notBefore = IntervalSet.ceilSeconds(now.plus(type.minimumNotice()));
    horizonEnd = IntervalSet.ceilSeconds(now.plus(type.horizon()));
    seats = type.seats();
    maxPerDay = type.maxPerDay().orElse(Integer.MAX_VALUE);
    seated = seats > 1;
    capped = type.maxPerDay().isPresent();
  }

  /** True when only busy time can refuse a start: no seats to count and no daily cap. */
  boolean plain() {
    return !seated && !capped;
  }

  /** True when an appointment of this type counts against seats or the daily cap. */
  boolean counts(AppointmentTypeId other) {
    return (seated || capped) && type.equals(other);
  }

  private static long ceilSeconds(Duration d) {
    return d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
  }
}
