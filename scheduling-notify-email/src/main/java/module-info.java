/** E-mail notifications over SMTP (Angus Mail) with iCalendar invitations (biweekly). */
// The core and biweekly are automatic modules, named in their manifests (docs/DESIGN.md).
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.cita.scheduling.notify.email {
  requires static org.jspecify; // nullness annotations (JSpecify), read at compile time
  requires transitive dev.cita.scheduling;
  requires jakarta.mail;
  requires net.sf.biweekly;
  requires org.slf4j;

  exports dev.cita.scheduling.notify.email;
}
