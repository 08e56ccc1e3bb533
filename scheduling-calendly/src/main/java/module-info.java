/** Calendly API v2: client, connections, calendar provider and webhooks. */
// The core is an automatic module, named in its manifest (docs/DESIGN.md, "Java modules").
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.cita.scheduling.calendly {
  requires static org.jspecify; // nullness annotations (JSpecify), read at compile time
  requires transitive dev.cita.scheduling;
  requires transitive dev.cita.scheduling.http;
  requires dev.cita.scheduling.tokens;
  requires org.slf4j;

  exports dev.cita.scheduling.calendly;
  exports dev.cita.scheduling.calendly.model;

  // Jackson reads the package-private envelope and webhook records (the API records are public).
  opens dev.cita.scheduling.calendly to
      com.fasterxml.jackson.databind;
}
