/**
 * Outlook / Microsoft 365 calendars through Microsoft Graph: OAuth per tenant, free/busy, event
 * writes, delta sync and change notifications.
 */
// The core is an automatic module, named in its manifest (docs/DESIGN.md, "Java modules").
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.cita.scheduling.microsoft {
  requires static org.jspecify; // nullness annotations (JSpecify), read at compile time
  requires transitive dev.cita.scheduling;
  requires transitive dev.cita.scheduling.http;
  requires org.slf4j;

  exports dev.cita.scheduling.microsoft;
}
