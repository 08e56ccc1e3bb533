package dev.cita.scheduling;

import dev.cita.scheduling.internal.Checks;
import java.util.ArrayList;
import java.util.List;

/**
 * Existing appointments to import in one call of {@link BookingService#importAppointments}, with
 * what to do about conflicts and whether calendar providers should hear of them.
 *
 * <pre>{@code
 * ImportBatch batch = ImportBatch.builder(ImportBatch.ConflictMode.CHECK).addAll(rows).build();
 * ImportResult result = service.importAppointments(batch);
 * result.conflicting().forEach(r -> log.warn("row {}: {}", r.index(), r.reason().orElseThrow()));
 * }</pre>
 */
public final class ImportBatch {
  /** The most rows one batch may hold; split larger imports (re-running a batch is safe). */
  public static final int MAX_ROWS = 10_000;

  /** What the import does with a row that overlaps an appointment already stored. */
  public enum ConflictMode {
    /**
     * Checks each time-holding row against the resource's stored appointments, with both sides'
     * buffers and the type's seats (hours, notice and time off are not checked), and reports a row
     * that conflicts instead of importing it; the other rows are imported.
     */
    CHECK,
    /**
     * Imports every row as it is (a provider's backlog that already happened). A store that itself
     * refuses overlapping times, such as the PostgreSQL one, still refuses a row whose own time
     * overlaps another's: that row is reported as conflicting.
     */
    ALLOW
  }

  private final List<ImportedAppointment> rows;
  private final ConflictMode conflictMode;
  private final boolean publishToProviders;

  private ImportBatch(Builder b) {
    this.rows = List.copyOf(b.rows);
    this.conflictMode = b.conflictMode;
    this.publishToProviders = b.publishToProviders;
  }

  /**
   * A builder of a batch that treats conflicts as {@code conflictMode} says.
   *
   * @param conflictMode what to do with rows that overlap stored appointments
   * @return an empty builder, not publishing to providers
   */
  public static Builder builder(ConflictMode conflictMode) {
    return new Builder(conflictMode);
  }

  /** {@return the rows, in the order given; results refer to them by index} */
  public List<ImportedAppointment> rows() {
    return rows;
  }

  /** {@return what to do with a row that overlaps a stored appointment} */
  public ConflictMode conflictMode() {
    return conflictMode;
  }

  /**
   * {@return whether imported time-holding appointments get outbox entries for the registered
   * providers}
   */
  public boolean publishToProviders() {
    return publishToProviders;
  }

  /** Builds an {@link ImportBatch}. */
  public static final class Builder {
    private final List<ImportedAppointment> rows = new ArrayList<>();
    private final ConflictMode conflictMode;
    private boolean publishToProviders;

    private Builder(ConflictMode conflictMode) {
      this.conflictMode = Checks.notNull(conflictMode, "import.conflictMode");
    }

    /**
     * Adds one row.
     *
     * @param row the row
     * @return this builder
     */
    public Builder add(ImportedAppointment row) {
      rows.add(Checks.notNull(row, "import.row"));
      return this;
    }

    /**
     * Adds rows in order.
     *
     * @param rows the rows, appended in their order
     * @return this builder
     */
    public Builder addAll(List<ImportedAppointment> rows) {
      Checks.notNull(rows, "import.rows").forEach(this::add);
      return this;
    }

    /**
     * Also writes, for each imported time-holding appointment, an outbox entry per registered
     * calendar provider that covers its resource (except the provider it was imported from, whose
     * id equals the row's source), so a {@code SyncWorker} creates it there. Default: off, since
     * imported appointments already exist where they come from.
     *
     * @param publish true to write the outbox entries
     * @return this builder
     */
    public Builder publishToProviders(boolean publish) {
      this.publishToProviders = publish;
      return this;
    }

    /**
     * The batch.
     *
     * @return the batch
     * @throws ValidationException on {@code import.rows} if there are none or more than {@link
     *     #MAX_ROWS}
     */
    public ImportBatch build() {
      if (rows.isEmpty() || rows.size() > MAX_ROWS) {
        throw new ValidationException(
            "import.rows", "must hold 1 to " + MAX_ROWS + " rows, held " + rows.size());
      }
      return new ImportBatch(this);
    }
  }
}
