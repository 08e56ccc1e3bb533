/** Twilio WhatsApp messaging, webhooks and the booking assistant. */
// The core is an automatic module, named in its manifest (docs/DESIGN.md, "Java modules").
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.cita.scheduling.whatsapp {
  requires static org.jspecify; // nullness annotations (JSpecify), read at compile time
  requires transitive dev.cita.scheduling;
  requires transitive dev.cita.scheduling.http;
  requires org.slf4j;

  exports dev.cita.scheduling.whatsapp;
  exports dev.cita.scheduling.whatsapp.assistant;
  exports dev.cita.scheduling.whatsapp.channel;

  // Jackson reads and writes the stored conversation state.
  opens dev.cita.scheduling.whatsapp.assistant to
      com.fasterxml.jackson.databind;
}
