/** JDBC stores for PostgreSQL and H2, with their schema migrations. */
// The core is an automatic module, named in its manifest (docs/DESIGN.md, "Java modules").
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.cita.scheduling.jdbc {
  requires static org.jspecify; // nullness annotations (JSpecify), read at compile time
  requires transitive dev.cita.scheduling;
  requires transitive java.sql;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;

  exports dev.cita.scheduling.jdbc;

  // Jackson reads and writes the JSON columns (schedules, appointment types, preferences).
  opens dev.cita.scheduling.jdbc to
      com.fasterxml.jackson.databind;
}
