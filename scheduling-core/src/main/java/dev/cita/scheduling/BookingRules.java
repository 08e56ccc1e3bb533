package dev.cita.scheduling;

import dev.cita.scheduling.availability.Closure;
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
import java.util.OptionalInt;

/**
 * The conflict check a booking or a move runs inside the store's atomic write: the slot engine's
 * own rules, evaluated for the one start against the appointments the store just loaded. Using the
 * engine here means a slot list and a booking can never disagree.
 */
final class BookingRules implements ConflictCheck {
  /**
   * With a daily cap: enough to see the whole local date of the start (whatever the zone), plus the
   * largest buffers.
   */
  private static final Duration DAY_MARGIN = Duration.ofDays(2).plus(AppointmentType.MAX_BUFFER);

  /**
   * Without one, only appointments whose buffered span can meet the candidate's matter: another
   * appointment's buffers, like the candidate's, are at most {@link AppointmentType#MAX_BUFFER}.
   */
  private static final Duration BUFFER_MARGIN = AppointmentType.MAX_BUFFER;

  private final SlotEngine engine;
  private final Schedule schedule;
  private final AppointmentType type;
  private final IntervalSet externalBusy;
  private final List<Closure> closures;
  private final Instant now;
  private final TimeInterval lookupRange;

  BookingRules(
      SlotEngine engine,
      Schedule schedule,
      AppointmentType type,
      IntervalSet externalBusy,
      List<Closure> closures,
      Instant now,
      TimeInterval slot) {
    this.engine = engine;
    this.schedule = schedule;
    this.type = type;
    this.externalBusy = externalBusy;
    this.closures = closures;
    this.now = now;
    Duration margin = type.maxPerDay().isPresent() ? DAY_MARGIN : BUFFER_MARGIN;
    this.lookupRange = new TimeInterval(slot.start().minus(margin), slot.end().plus(margin));
  }

  @Override
  public Optional<TimeInterval> lookupRange() {
    return Optional.of(lookupRange);
  }

  @Override
  public void verify(Appointment candidate, List<Appointment> existing) {
    if (!candidate.end().equals(candidate.start().plus(type.duration()))) {
      throw new SlotUnavailableException(
          SlotUnavailableException.Reason.WRONG_DURATION,
          "the appointment must last " + type.duration() + " for type " + type.id());
    }
    ResourceAvailability availability =
        new ResourceAvailability(candidate.resource(), schedule, existing, externalBusy, closures);
    Optional<SlotRefusal> refusal = engine.check(availability, type, candidate.start(), now);
    if (refusal.isPresent()) {
      SlotUnavailableException.Reason reason = reason(refusal.get(), candidate);
      throw new SlotUnavailableException(
          reason,
          candidate.resource(),
          "resource "
              + candidate.resource()
              + " cannot take "
              + type.id()
              + " at "
              + candidate.start().atZone(schedule.zone()).toLocalDateTime()
              + " ("
              + schedule.zone()
              + "): "
              + describe(reason, refusal.get()));
    }
  }

  @Override
  public OptionalInt seatsPerSlot() {
    return OptionalInt.of(type.seats());
  }

  /**
   * The rule behind a refusal. The engine folds time off, external busy time and other appointments
   * into one "busy" verdict; on that (rare, refusing) path the one start is checked again without
   * appointments, then without external busy time, to tell which one it was.
   */
  private SlotUnavailableException.Reason reason(SlotRefusal refusal, Appointment candidate) {
    return switch (refusal) {
      case OUTSIDE_HOURS -> SlotUnavailableException.Reason.OUTSIDE_HOURS;
      case TOO_SOON -> SlotUnavailableException.Reason.TOO_SOON;
      case BEYOND_HORIZON -> SlotUnavailableException.Reason.BEYOND_HORIZON;
      case FULL -> SlotUnavailableException.Reason.SEATS_TAKEN;
      case DAILY_LIMIT -> SlotUnavailableException.Reason.DAILY_LIMIT;
      case CLOSED -> SlotUnavailableException.Reason.CLOSED;
      case BUSY -> {
        if (busy(candidate, IntervalSet.empty())) {
          yield SlotUnavailableException.Reason.TIME_OFF;
        }
        yield busy(candidate, externalBusy)
            ? SlotUnavailableException.Reason.EXTERNAL_BUSY
            : SlotUnavailableException.Reason.OTHER_APPOINTMENT;
      }
    };
  }

  /**
   * True when the start is refused as busy with no appointments around and only {@code external}.
   */
  private boolean busy(Appointment candidate, IntervalSet external) {
    ResourceAvailability alone =
        new ResourceAvailability(candidate.resource(), schedule, List.of(), external, closures);
    return engine
        .check(alone, type, candidate.start(), now)
        .filter(r -> r == SlotRefusal.BUSY)
        .isPresent();
  }

  private static String describe(SlotUnavailableException.Reason reason, SlotRefusal refusal) {
    return switch (reason) {
      case OTHER_APPOINTMENT -> "overlaps another appointment or its buffer";
      case TIME_OFF -> "overlaps time off";
      case EXTERNAL_BUSY -> "overlaps busy time in a connected calendar";
      default -> refusal.description();
    };
  }
}
