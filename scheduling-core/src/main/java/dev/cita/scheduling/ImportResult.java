package dev.cita.scheduling;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.AppointmentId;
import java.util.List;
import java.util.Optional;

/**
 * What {@link BookingService#importAppointments} did with each row of an {@link ImportBatch}, in
 * the batch's order.
 */
public final class ImportResult {
  /** What happened to one row. */
  public enum Outcome {
    /** Stored now. */
    IMPORTED,
    /**
     * Stored by an earlier import (same tenant, source and external id), or already linked to that
     * id; nothing written.
     */
    ALREADY_IMPORTED,
    /** Overlaps a stored appointment (or a full slot); nothing written. */
    CONFLICT,
    /**
     * Cannot be stored as given (unknown type, end before start, a value too long ...); nothing
     * written.
     */
    INVALID
  }

  /**
   * One row's result.
   *
   * @param index the row's position in {@link ImportBatch#rows()}
   * @param row the row
   * @param outcome what happened
   * @param appointmentId the stored appointment (imported or already imported); empty otherwise
   * @param reason why a row was not imported (conflict, invalid, already imported); empty when
   *     imported
   */
  public record Row(
      int index,
      ImportedAppointment row,
      Outcome outcome,
      Optional<AppointmentId> appointmentId,
      Optional<String> reason) {
    /**
     * Checks that no component is null.
     *
     * @param index the row's position in {@link ImportBatch#rows()}
     * @param row the row
     * @param outcome what happened
     * @param appointmentId the stored appointment, or empty
     * @param reason why the row was not imported, or empty
     */
    public Row {
      Checks.notNull(row, "row");
      Checks.notNull(outcome, "outcome");
      Checks.notNull(appointmentId, "appointmentId");
      Checks.notNull(reason, "reason");
    }
  }

  private final List<Row> rows;

  ImportResult(List<Row> rows) {
    this.rows = List.copyOf(rows);
  }

  /** {@return every row's result, in the batch's order} */
  public List<Row> rows() {
    return rows;
  }

  /** {@return the rows stored by this call} */
  public List<Row> imported() {
    return with(Outcome.IMPORTED);
  }

  /** {@return the rows an earlier import had stored already} */
  public List<Row> alreadyImported() {
    return with(Outcome.ALREADY_IMPORTED);
  }

  /** {@return the rows left out because they conflict with stored appointments} */
  public List<Row> conflicting() {
    return with(Outcome.CONFLICT);
  }

  /** {@return the rows left out because they cannot be stored as given} */
  public List<Row> invalid() {
    return with(Outcome.INVALID);
  }

  private List<Row> with(Outcome outcome) {
    return rows.stream().filter(r -> r.outcome() == outcome).toList();
  }

  @Override
  public String toString() {
    return "ImportResult[imported="
        + imported().size()
        + ", alreadyImported="
        + alreadyImported().size()
        + ", conflicting="
        + conflicting().size()
        + ", invalid="
        + invalid().size()
        + "]";
  }
}
