package dev.cita.scheduling;

import dev.cita.scheduling.model.AppointmentId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An all-or-none write of several appointments ({@code AppointmentStore.insertAll} or {@code
 * updateAll}) was refused: nothing was written. {@link #refusals()} names each appointment whose
 * check refused, with that refusal; {@link #reason()} is the first one's reason.
 */
public class PlacementsRefusedException extends SlotUnavailableException {
  private static final long serialVersionUID = 1L;

  /** The refused appointments, in the order they were given. */
  private final Map<AppointmentId, SlotUnavailableException> refusals;

  /**
   * Creates the exception.
   *
   * @param refusals each refused appointment with its refusal, in the write's order; at least one
   */
  public PlacementsRefusedException(Map<AppointmentId, SlotUnavailableException> refusals) {
    super(
        refusals.values().iterator().next().reason(),
        refusals.size()
            + " of the appointments cannot be written, nothing was: "
            + refusals.values().iterator().next().getMessage());
    this.refusals = Collections.unmodifiableMap(new LinkedHashMap<>(refusals));
  }

  /** {@return each refused appointment with its refusal, in the order the write was given} */
  public Map<AppointmentId, SlotUnavailableException> refusals() {
    return refusals;
  }
}
