package dev.cita.scheduling;

import dev.cita.scheduling.ImportResult.Outcome;
import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.internal.LogContext;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.spi.AppointmentStore;
import dev.cita.scheduling.spi.ConflictCheck;
import dev.cita.scheduling.spi.ScheduleStore;
import dev.cita.scheduling.status.AppointmentLifecycle;
import dev.cita.scheduling.sync.OutboxEntry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.Function;

/**
 * Imports existing appointments row by row (see {@link BookingService#importAppointments}). Each
 * row's appointment id is derived from (tenant, source, external id), so a re-run, or the same row
 * imported by two threads or nodes at once, meets the store's id check and is reported as already
 * imported instead of stored twice.
 */
final class AppointmentImport {
  private final Clock clock;
  private final AppointmentStore appointments;
  private final ScheduleStore schedules;

  /** The outbox entries a new appointment would get from the service's registered providers. */
  private final Function<Appointment, List<OutboxEntry>> outbox;

  AppointmentImport(
      Clock clock,
      AppointmentStore appointments,
      ScheduleStore schedules,
      Function<Appointment, List<OutboxEntry>> outbox) {
    this.clock = clock;
    this.appointments = appointments;
    this.schedules = schedules;
    this.outbox = outbox;
  }

  ImportResult run(ImportBatch batch) {
    List<ImportResult.Row> results = new ArrayList<>(batch.rows().size());
    for (int i = 0; i < batch.rows().size(); i++) {
      ImportedAppointment row = batch.rows().get(i);
      int index = i;
      results.add(LogContext.open().tenant(row.tenant()).call(() -> importRow(index, row, batch)));
    }
    return new ImportResult(results);
  }

  /** The id every import of this (tenant, source, external id) writes. */
  static AppointmentId idOf(ImportedAppointment row) {
    String name =
        "cita-import\u0000"
            + row.tenant().value()
            + "\u0000"
            + row.source()
            + "\u0000"
            + row.externalId();
    return AppointmentId.of(
        UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString());
  }

  private ImportResult.Row importRow(int index, ImportedAppointment row, ImportBatch batch) {
    Optional<AppointmentType> type = schedules.appointmentType(row.tenant(), row.type());
    if (type.isEmpty()) {
      return invalid(index, row, "import.type: appointment type " + row.type() + " does not exist");
    }
    Optional<ZoneId> zone =
        row.displayZone()
            .or(() -> schedules.schedule(row.tenant(), row.resource()).map(Schedule::zone));
    if (zone.isEmpty()) {
      return invalid(
          index,
          row,
          "import.displayZone: resource "
              + row.resource()
              + " has no schedule to take the zone from; give the row a display zone");
    }
    if (row.start().getNano() != 0 || row.end().map(e -> e.getNano() != 0).orElse(false)) {
      return invalid(index, row, "import.start: start and end must be whole seconds");
    }
    Optional<Appointment> earlier =
        appointments.findByExternalRef(row.tenant(), row.source(), row.externalId());
    if (earlier.isPresent()) {
      return already(index, row, earlier.get().id());
    }
    Appointment candidate;
    ConflictCheck check;
    try {
      candidate = appointment(row, type.get(), zone.get());
      boolean holdsTime = AppointmentLifecycle.holdsTime(candidate.status());
      check =
          batch.conflictMode() == ImportBatch.ConflictMode.CHECK && holdsTime
              ? new ImportCheck(type.get(), candidate)
              : ConflictCheck.none();
    } catch (ValidationException e) {
      return invalid(index, row, e.getMessage());
    } catch (DateTimeException | ArithmeticException e) {
      return invalid(index, row, "import.start: is out of the supported range, was " + row.start());
    }
    List<OutboxEntry> entries =
        batch.publishToProviders() && AppointmentLifecycle.holdsTime(candidate.status())
            ? outbox.apply(candidate).stream()
                .filter(e -> !e.provider().equals(row.source()))
                .toList()
            : List.of();
    try {
      Appointment stored = appointments.insert(candidate, check, entries);
      return new ImportResult.Row(
          index, row, Outcome.IMPORTED, Optional.of(stored.id()), Optional.empty());
    } catch (DuplicateAppointmentException e) {
      return already(index, row, e.id());
    } catch (SlotUnavailableException e) {
      return new ImportResult.Row(
          index, row, Outcome.CONFLICT, Optional.empty(), Optional.of(e.getMessage()));
    } catch (ValidationException e) {
      return invalid(index, row, e.getMessage());
    }
  }

  private Appointment appointment(ImportedAppointment row, AppointmentType type, ZoneId zone) {
    Instant now = clock.instant();
    Instant end = row.end().orElseGet(() -> row.start().plus(type.duration()));
    return Appointment.builder()
        .id(idOf(row))
        .tenant(row.tenant())
        .resource(row.resource())
        .type(type.id())
        .attendee(row.attendee())
        .start(row.start())
        .end(end)
        .bufferBefore(type.bufferBefore())
        .bufferAfter(type.bufferAfter())
        .displayZone(zone)
        .status(row.status())
        .location(row.location().orElse(null))
        .notes(row.notes().orElse(null))
        .externalRef(row.source(), row.externalId())
        .createdAt(now)
        .updatedAt(now)
        .build();
  }

  private static ImportResult.Row invalid(int index, ImportedAppointment row, String reason) {
    return new ImportResult.Row(index, row, Outcome.INVALID, Optional.empty(), Optional.of(reason));
  }

  private static ImportResult.Row already(int index, ImportedAppointment row, AppointmentId id) {
    return new ImportResult.Row(
        index,
        row,
        Outcome.ALREADY_IMPORTED,
        Optional.of(id),
        Optional.of(
            row.source()
                + " id "
                + row.externalId()
                + " was imported before as appointment "
                + id));
  }

  /**
   * The conflict rule of {@link ImportBatch.ConflictMode#CHECK}: the appointment's buffered time
   * may not overlap another's own time, nor another's buffered time its own (buffers are mutual);
   * appointments of the same type with exactly the same time are the seats of one slot, up to the
   * type's seats. Hours, notice and time off are not checked: an import records what was agreed.
   */
  static final class ImportCheck implements ConflictCheck {
    private final AppointmentType type;
    private final TimeInterval lookupRange;

    ImportCheck(AppointmentType type, Appointment candidate) {
      this.type = type;
      // Wide enough for the largest buffer on either side.
      this.lookupRange =
          new TimeInterval(
              candidate.start().minus(AppointmentType.MAX_BUFFER),
              candidate.end().plus(AppointmentType.MAX_BUFFER));
    }

    @Override
    public Optional<TimeInterval> lookupRange() {
      return Optional.of(lookupRange);
    }

    @Override
    public void verify(Appointment candidate, List<Appointment> existing) {
      int seatsTaken = 0;
      for (Appointment other : existing) {
        if (other.type().equals(candidate.type())
            && other.start().equals(candidate.start())
            && other.end().equals(candidate.end())) {
          seatsTaken++;
        } else if (buffered(candidate).overlaps(other.interval())
            || buffered(other).overlaps(candidate.interval())) {
          throw new SlotUnavailableException(
              SlotUnavailableException.Reason.OTHER_APPOINTMENT,
              "overlaps appointment "
                  + other.id()
                  + " ("
                  + other.start()
                  + " to "
                  + other.end()
                  + ") of resource "
                  + candidate.resource()
                  + " or its buffer");
        }
      }
      if (seatsTaken >= type.seats()) {
        throw new SlotUnavailableException(
            SlotUnavailableException.Reason.SEATS_TAKEN,
            "every seat ("
                + type.seats()
                + ") of the slot at "
                + candidate.start()
                + " of resource "
                + candidate.resource()
                + " is taken");
      }
    }

    @Override
    public OptionalInt seatsPerSlot() {
      return OptionalInt.of(type.seats());
    }

    private static TimeInterval buffered(Appointment a) {
      return new TimeInterval(a.start().minus(a.bufferBefore()), a.end().plus(a.bufferAfter()));
    }
  }
}
