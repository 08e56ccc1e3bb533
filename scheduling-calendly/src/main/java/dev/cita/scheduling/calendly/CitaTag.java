package dev.cita.scheduling.calendly;

import dev.cita.scheduling.calendly.model.Tracking;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.Ids;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.webhook.AppointmentTagSigner;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The tag Cita writes on the bookings it makes, in the invitee's UTM tracking (which Calendly
 * stores and echoes in the invitee resource and its webhooks): {@code utm_source = "cita"}, {@code
 * utm_campaign = <tenant>}, {@code utm_content = "cita:<appointment id>"}. It links a webhook about
 * such a booking to its appointment; the tenant must match the webhook's, so a tag never reaches
 * another tenant's appointment.
 */
final class CitaTag {
  static final String SOURCE = "cita";
  static final String CONTENT_PREFIX = "cita:";

  private CitaTag() {}

  static Tracking of(TenantId tenant, AppointmentId appointment, AppointmentTagSigner signer) {
    return new Tracking(
        tenant.value(),
        SOURCE,
        null,
        CONTENT_PREFIX + appointment.value(),
        signer.sign(tenant, CalendlyClient.PROVIDER, appointment),
        null);
  }

  /** The signature next to a tag, if any; the core verifies it. */
  static @Nullable String signatureOf(@Nullable Tracking tracking) {
    return tracking == null ? null : tracking.utmTerm();
  }

  /** The appointment a tag names, whichever tenant wrote it. */
  static Optional<AppointmentId> anyAppointment(@Nullable Tracking tracking) {
    if (tracking == null
        || !SOURCE.equals(tracking.utmSource())
        || tracking.utmContent() == null
        || !tracking.utmContent().startsWith(CONTENT_PREFIX)) {
      return Optional.empty();
    }
    String id = tracking.utmContent().substring(CONTENT_PREFIX.length());
    return Ids.isValid(id)
        ? Optional.of(AppointmentId.of(id))
        : Optional.empty(); // not Cita's id: no tag
  }

  /** The appointment a tag names, if this tenant wrote it. */
  static Optional<AppointmentId> appointmentOf(@Nullable Tracking tracking, TenantId tenant) {
    if (tracking == null || !tenant.value().equals(tracking.utmCampaign())) {
      return Optional.empty();
    }
    return anyAppointment(tracking);
  }
}
