/** Cal.com API v2: client, per-branch connections, calendar provider and webhooks. */
// The core is an automatic module, named in its manifest (docs/DESIGN.md, "Java modules").
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.cita.scheduling.calcom {
  requires static org.jspecify; // nullness annotations (JSpecify), read at compile time
  requires transitive dev.cita.scheduling;
  requires transitive dev.cita.scheduling.http;
  requires dev.cita.scheduling.tokens;
  requires org.slf4j;

  exports dev.cita.scheduling.calcom;
  exports dev.cita.scheduling.calcom.api;

  // Jackson reads the package-private envelope and webhook records (the API records are public).
  opens dev.cita.scheduling.calcom to
      com.fasterxml.jackson.databind;
}
