package dev.cita.scheduling.notify.email;

import dev.cita.scheduling.notify.CalendarEvent;
import dev.cita.scheduling.notify.OutgoingMessage;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

/**
 * Subject, plain text and HTML of an e-mail, in Spanish unless the message's language is English.
 */
final class EmailTexts {
  private EmailTexts() {}

  private static boolean english(Locale locale) {
    return locale.getLanguage().equals("en");
  }

  /** A header value on one line: CR, LF and other control characters become spaces. */
  static String oneLine(String s) {
    StringBuilder out = new StringBuilder(s.length());
    s.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
    return out.toString().replaceAll(" {2,}", " ").strip();
  }

  static String subject(OutgoingMessage m) {
    boolean en = english(m.locale());
    String what =
        switch (m.kind()) {
          case CONFIRMATION -> en ? "Appointment confirmed" : "Cita confirmada";
          case RESCHEDULE -> en ? "Appointment moved" : "Cita reprogramada";
          case CANCELLATION -> en ? "Appointment cancelled" : "Cita cancelada";
          case REMINDER -> en ? "Appointment reminder" : "Recordatorio de cita";
          case NO_SHOW -> en ? "Missed appointment" : "Inasistencia a la cita";
        };
    return oneLine(m.event().map(e -> what + ": " + e.title()).orElse(what));
  }

  static String plain(OutgoingMessage m) {
    StringBuilder s = new StringBuilder(m.text());
    m.event()
        .ifPresent(
            e -> {
              s.append("\n\n")
                  .append(whenLabel(m.locale()))
                  .append(": ")
                  .append(when(e, m.locale()));
              e.location()
                  .ifPresent(
                      l -> s.append('\n').append(whereLabel(m.locale())).append(": ").append(l));
            });
    return s.append('\n').toString();
  }

  static String html(OutgoingMessage m) {
    Locale locale = m.locale();
    StringBuilder s = new StringBuilder();
    s.append("<!DOCTYPE html><html lang=\"")
        .append(english(locale) ? "en" : "es")
        .append("\"><head><meta charset=\"UTF-8\"><title>")
        .append(escape(subject(m)))
        .append("</title></head><body><p>")
        .append(escape(m.text()).replace("\n", "<br>"))
        .append("</p>");
    m.event()
        .ifPresent(
            e -> {
              s.append("<p><strong>")
                  .append(whenLabel(locale))
                  .append(":</strong> ")
                  .append(escape(when(e, locale)));
              e.location()
                  .ifPresent(
                      l ->
                          s.append("<br><strong>")
                              .append(whereLabel(locale))
                              .append(":</strong> ")
                              .append(escape(l)));
              s.append("</p>");
            });
    return s.append("</body></html>").toString();
  }

  /** The start in the business's zone, with the zone named: "martes, 15 de septiembre…". */
  static String when(CalendarEvent e, Locale locale) {
    DateTimeFormatter f =
        DateTimeFormatter.ofLocalizedDateTime(FormatStyle.FULL, FormatStyle.SHORT)
            .withLocale(english(locale) ? Locale.ENGLISH : Locale.forLanguageTag("es"));
    return ZonedDateTime.ofInstant(e.start(), e.zone()).format(f) + " (" + e.zone().getId() + ")";
  }

  private static String whenLabel(Locale locale) {
    return english(locale) ? "When" : "Cuándo";
  }

  private static String whereLabel(Locale locale) {
    return english(locale) ? "Where" : "Dónde";
  }

  /** HTML-escapes text for element content and attribute values. */
  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
