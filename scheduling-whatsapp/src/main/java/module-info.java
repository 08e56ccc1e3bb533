/** Twilio WhatsApp messaging and webhooks, wired to the booking assistant. */
// The core is an automatic module, named in its manifest (docs/DESIGN.md, "Java modules").
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.cita.scheduling.whatsapp {
  requires static org.jspecify; // nullness annotations (JSpecify), read at compile time
  requires transitive dev.cita.scheduling;
  requires transitive dev.cita.scheduling.http;
  requires transitive dev.cita.scheduling.assistant;
  requires org.slf4j;

  exports dev.cita.scheduling.whatsapp;
  exports dev.cita.scheduling.whatsapp.channel;
}
