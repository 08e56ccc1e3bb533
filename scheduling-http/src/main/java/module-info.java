/** REST plumbing shared by the provider adapters: OkHttp, JSON, retries, error mapping. */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.cita.scheduling.http {
  requires transitive dev.cita.scheduling;
  requires transitive com.fasterxml.jackson.databind;
  requires transitive okhttp3;
  requires com.fasterxml.jackson.datatype.jsr310;
  requires transitive org.slf4j;

  exports dev.cita.scheduling.http;
}
