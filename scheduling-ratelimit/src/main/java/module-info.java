/** Rate limits as Bucket4j buckets, in memory or shared in PostgreSQL. */
// The core and Bucket4j's jars are automatic modules, named in their manifests.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.cita.scheduling.ratelimit {
  requires static org.jspecify; // nullness annotations (JSpecify), read at compile time
  requires transitive dev.cita.scheduling;
  requires transitive java.sql;
  requires io.github.bucket4j.core;
  requires io.github.bucket4j.postgresql;
  requires org.slf4j;
  requires static java.management; // only WebhookFloodTest, to read its thread's CPU time

  exports dev.cita.scheduling.ratelimit;
}
