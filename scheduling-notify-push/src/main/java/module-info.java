/** Push notifications through OneSignal's REST API. */
// The core is an automatic module, named in its manifest (docs/DESIGN.md, "Java modules").
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.cita.scheduling.notify.push {
  requires static org.jspecify; // nullness annotations (JSpecify), read at compile time
  requires transitive dev.cita.scheduling;
  requires transitive dev.cita.scheduling.http;
  requires org.slf4j;

  exports dev.cita.scheduling.notify.push;
}
