/** Contract tests for the store SPIs, extended by users' own test classes. */
// The core is an automatic module, named in its manifest (docs/DESIGN.md, "Java modules").
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.cita.scheduling.testkit {
  requires static org.jspecify; // nullness annotations (JSpecify), read at compile time
  requires transitive dev.cita.scheduling;
  requires transitive org.junit.jupiter.api;
  requires org.junit.jupiter.params;
  requires org.assertj.core;

  exports dev.cita.scheduling.testkit;

  // JUnit finds and calls the contracts' package-private test methods.
  opens dev.cita.scheduling.testkit to
      org.junit.platform.commons;
}
