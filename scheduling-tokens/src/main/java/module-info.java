/** Tink-sealed credential storage for the core's {@code CredentialStore}. */
// The core and Tink are automatic modules, named in their manifests.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.cita.scheduling.tokens {
  requires static org.jspecify; // nullness annotations (JSpecify), read at compile time
  requires transitive dev.cita.scheduling;
  requires transitive com.google.crypto.tink;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;

  exports dev.cita.scheduling.tokens;

  // Jackson reads and writes the stored credential record.
  opens dev.cita.scheduling.tokens to
      com.fasterxml.jackson.databind;
}
