package dev.cita.scheduling.notify.email;

import biweekly.Biweekly;
import biweekly.ICalendar;
import biweekly.component.VEvent;
import biweekly.property.Method;
import biweekly.property.Organizer;
import biweekly.property.Status;
import dev.cita.scheduling.notify.CalendarEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;

/**
 * The iCalendar invitation (RFC 5545/5546) for an appointment, written by biweekly, never by hand.
 * Times are UTC instants (biweekly's default when no time zone is assigned), so every calendar
 * shows the right moment in its own zone; the business's zone is in the text of the e-mail.
 */
final class Invitation {
  private Invitation() {}

  /**
   * A UID that is the same for every notice about one appointment: a hash of tenant and appointment
   * id, so no id leaks and calendars update the same event (RFC 5546 §2.1.5).
   */
  static String uid(CalendarEvent event) {
    return sha256Hex(event.tenant().value() + "/" + event.appointmentId().value(), 16) + "@cita";
  }

  /** The first {@code bytes} bytes of the SHA-256 of {@code s}, in lower-case hex. */
  static String sha256Hex(String s, int bytes) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /**
   * METHOD:REQUEST for a live appointment, METHOD:CANCEL with STATUS:CANCELLED for a cancelled one;
   * SEQUENCE is the appointment's version, so each change supersedes the last.
   */
  static String ics(CalendarEvent event, String organizerEmail, String attendeeEmail, Instant now) {
    ICalendar ical = new ICalendar();
    ical.setProductId("-//Cita//Cita scheduling//EN");
    ical.setMethod(event.cancelled() ? Method.cancel() : Method.request());
    VEvent vevent = new VEvent();
    vevent.setUid(uid(event));
    vevent.setSequence((int) Math.min(Integer.MAX_VALUE, Math.max(0, event.version())));
    vevent.setDateTimeStamp(Date.from(now));
    vevent.setDateStart(Date.from(event.start()));
    vevent.setDateEnd(Date.from(event.end()));
    vevent.setSummary(event.title());
    event.location().ifPresent(vevent::setLocation);
    vevent.setStatus(event.cancelled() ? Status.cancelled() : Status.confirmed());
    vevent.setOrganizer(new Organizer(null, organizerEmail));
    vevent.addAttendee(new biweekly.property.Attendee(null, attendeeEmail));
    ical.addEvent(vevent);
    return Biweekly.write(ical).go();
  }
}
