/** REST plumbing shared by the provider adapters: OkHttp, JSON, retries, error mapping. */
// The core is an automatic module, named in its manifest (docs/DESIGN.md, "Java modules").
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.cita.scheduling.http {
  requires static org.jspecify; // nullness annotations (JSpecify), read at compile time
  requires transitive dev.cita.scheduling;
  requires transitive com.fasterxml.jackson.databind;
  requires transitive okhttp3;
  requires transitive org.slf4j;
  requires com.fasterxml.jackson.datatype.jsr310;

  exports dev.cita.scheduling.http;
}
