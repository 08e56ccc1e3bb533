/** Google Calendar: OAuth, free/busy, event writes, push channels and incremental sync. */
// The core and the Google client libraries are automatic modules, named in their manifests.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.cita.scheduling.google {
  requires static org.jspecify; // nullness annotations (JSpecify), read at compile time
  requires transitive dev.cita.scheduling;
  requires dev.cita.scheduling.tokens;
  requires com.google.api.services.calendar;
  requires google.api.client;
  requires com.google.api.client;
  requires com.google.api.client.json.gson;
  requires com.google.auth;
  requires com.google.auth.oauth2;
  requires org.slf4j;

  exports dev.cita.scheduling.google;
}
