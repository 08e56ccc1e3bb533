/** Micrometer meters for Cita, bound by one call on a {@code MeterRegistry}. */
// The core and micrometer-core are automatic modules, named in their manifests (docs/DESIGN.md,
// "Java modules").
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.cita.scheduling.micrometer {
  requires static org.jspecify; // nullness annotations (JSpecify), read at compile time
  requires transitive dev.cita.scheduling;
  requires transitive micrometer.core;
  requires org.slf4j;

  exports dev.cita.scheduling.micrometer;
}
