/** The channel-neutral conversational booking assistant. */
// The core is an automatic module, named in its manifest (docs/DESIGN.md, "Java modules").
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.cita.scheduling.assistant {
  requires static org.jspecify; // nullness annotations (JSpecify), read at compile time
  requires transitive dev.cita.scheduling;
  requires org.slf4j;
  requires com.fasterxml.jackson.databind;

  exports dev.cita.scheduling.assistant;
  exports dev.cita.scheduling.assistant.tools;

  // Jackson reads and writes the stored conversation state.
  opens dev.cita.scheduling.assistant to
      com.fasterxml.jackson.databind;
}
