package dev.cita.scheduling.assistant;

/**
 * Who gets a booking when the customer takes "cualquiera" (any professional) and several are free
 * at the chosen time.
 */
public enum AssignmentRule {
  /** The first free professional in the catalogue's order. */
  FIRST_FREE,
  /** The free professional with the fewest appointments that local day; ties by catalogue order. */
  FEWEST_THAT_DAY,
  /**
   * The free professional with the fewest appointments that week (Monday to Sunday, local); ties by
   * catalogue order.
   */
  FEWEST_THAT_WEEK
}
