/** Public holidays as closures of a branch, per country and region, from Jollyday. */
// The core is an automatic module, named in its manifest (docs/DESIGN.md).
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.cita.scheduling.holidays {
  requires static org.jspecify; // nullness annotations (JSpecify), read at compile time
  requires transitive dev.cita.scheduling;
  requires de.focus_shift.jollyday.core;
  requires de.focus_shift.jollyday.jackson; // reads Jollyday's holiday files (a service provider)

  exports dev.cita.scheduling.holidays;
}
