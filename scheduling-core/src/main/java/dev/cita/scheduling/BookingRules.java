package dev.cita.scheduling;

import dev.cita.scheduling.availability.IntervalSet;
import dev.cita.scheduling.availability.ResourceAvailability;
import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.availability.SlotEngine;
import dev.cita.scheduling.availability.SlotRefusal;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.spi.ConflictCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The conflict check a booking or a move runs inside the store's atomic write: the slot engine's
 * own rules, evaluated for the one start against the appointments the store just loaded. Using the
 * engine here means a slot list and a booking can never disagree.
 */
final class BookingRules implements ConflictCheck {
  /** Enough to see the local date before and after the start, plus the largest buffers. */
  private static final Duration LOOKUP_MARGIN = Duration.ofDays(2).plus(AppointmentType.MAX_BUFFER);

  private final SlotEngine engine;
  private final Schedule schedule;
  private final AppointmentType type;
  private final IntervalSet externalBusy;
  private final Instant now;
  private final TimeInterval lookupRange;

  BookingRules(SlotEngine engine, Schedule schedule, AppointmentType type, IntervalSet externalBusy,
      Instant now, TimeInterval slot) {
    this.engine = engine;
    this.schedule = schedule;
    this.type = type;
    this.externalBusy = externalBusy;
    this.now = now;
    this.lookupRange = new TimeInterval(slot.start().minus(LOOKUP_MARGIN), slot.end().plus(LOOKUP_MARGIN));
  }

  @Override
  public Optional<TimeInterval> lookupRange() {
    return Optional.of(lookupRange);
  }

  @Override
  public void verify(Appointment candidate, List<Appointment> existing) {
    if (!candidate.end().equals(candidate.start().plus(type.duration()))) {
      throw new SlotUnavailableException("the appointment must last " + type.duration() + " for type " + type.id());
    }
    ResourceAvailability availability =
        new ResourceAvailability(candidate.resource(), schedule, existing, externalBusy);
    Optional<SlotRefusal> refusal = engine.check(availability, type, candidate.start(), now);
    if (refusal.isPresent()) {
      throw new SlotUnavailableException("resource " + candidate.resource() + " cannot take "
          + type.id() + " at " + candidate.start().atZone(schedule.zone()).toLocalDateTime()
          + " (" + schedule.zone() + "): " + refusal.get().description());
    }
  }
}
