package dev.cita.scheduling.notify;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The built-in texts. Dates and times come from java.time formatters with the language's locale
 * (CLDR names: "martes 15 de septiembre", "Tuesday, September 15"), in the business's zone.
 * Placeholders {@code {0}}…{@code {5}} are filled in one pass, so a name that contains braces is
 * never expanded a second time.
 */
final class StandardMessageTemplates implements MessageTemplates {
  static final StandardMessageTemplates INSTANCE = new StandardMessageTemplates();

  static final Locale SPANISH = Locale.forLanguageTag("es");
  static final Locale ENGLISH = Locale.forLanguageTag("en");

  private static final DateTimeFormatter ES_DATE =
      DateTimeFormatter.ofPattern("EEEE d 'de' MMMM", SPANISH);
  private static final DateTimeFormatter ES_TIME = DateTimeFormatter.ofPattern("H:mm", SPANISH);
  private static final DateTimeFormatter EN_DATE =
      DateTimeFormatter.ofPattern("EEEE, MMMM d", ENGLISH);
  private static final DateTimeFormatter EN_TIME = DateTimeFormatter.ofPattern("h:mm a", ENGLISH);

  /**
   * Variables: {0} customer, {1} service, {2} date, {3} "a las"-phrase or time, {4}/{5} previous.
   */
  private static final Map<MessageKind, String> ES_CUSTOMER =
      texts(
          "Hola {0}, tu cita de {1} quedó agendada para el {2} {3}.",
          "Hola {0}, tu cita de {1} del {2} {3} fue cancelada.",
          "Hola {0}, tu cita de {1} se cambió al {2} {3} (antes: {4} {5}).",
          "Hola {0}, tu cita de {1} es el {2} {3}.",
          "Hola {0}, no te vimos en tu cita de {1} del {2} {3}.");

  private static final Map<MessageKind, String> ES_STAFF =
      texts(
          "Nueva cita: {0}, {1}, el {2} {3}.",
          "Cita cancelada: {0}, {1}, el {2} {3}.",
          "Cita movida: {0}, {1}, al {2} {3} (antes: {4} {5}).",
          "Recordatorio: {0}, {1}, el {2} {3}.",
          "No asistió: {0}, {1}, el {2} {3}.");
  private static final Map<MessageKind, String> EN_CUSTOMER =
      texts(
          "Hi {0}, your {1} appointment is booked for {2} at {3}.",
          "Hi {0}, your {1} appointment on {2} at {3} was cancelled.",
          "Hi {0}, your {1} appointment was moved to {2} at {3} (was {4} at {5}).",
          "Hi {0}, your {1} appointment is on {2} at {3}.",
          "Hi {0}, we missed you at your {1} appointment on {2} at {3}.");
  private static final Map<MessageKind, String> EN_STAFF =
      texts(
          "New appointment: {0}, {1}, on {2} at {3}.",
          "Appointment cancelled: {0}, {1}, on {2} at {3}.",
          "Appointment moved: {0}, {1}, to {2} at {3} (was {4} at {5}).",
          "Reminder: {0}, {1}, on {2} at {3}.",
          "No-show: {0}, {1}, on {2} at {3}.");

  private StandardMessageTemplates() {}

  private static Map<MessageKind, String> texts(
      String confirmation, String cancellation, String reschedule, String reminder, String noShow) {
    Map<MessageKind, String> m = new EnumMap<>(MessageKind.class);
    m.put(MessageKind.CONFIRMATION, confirmation);
    m.put(MessageKind.CANCELLATION, cancellation);
    m.put(MessageKind.RESCHEDULE, reschedule);
    m.put(MessageKind.REMINDER, reminder);
    m.put(MessageKind.NO_SHOW, noShow);
    return m;
  }

  /** {@code en} and {@code en-*} → English; everything else (es, es-*, pt, …) → Spanish. */
  static Locale language(Locale locale) {
    return "en".equals(locale.getLanguage()) ? ENGLISH : SPANISH;
  }

  @Override
  public RenderedMessage render(
      MessageKind kind, RecipientKind recipient, Locale locale, MessageContext context) {
    Checks.notNull(kind, "kind");
    Checks.notNull(recipient, "recipient");
    Checks.notNull(locale, "locale");
    Checks.notNull(context, "context");
    Locale language = language(locale);
    boolean english = language.equals(ENGLISH);
    boolean customer = recipient == RecipientKind.CUSTOMER;
    Map<MessageKind, String> texts =
        english ? (customer ? EN_CUSTOMER : EN_STAFF) : (customer ? ES_CUSTOMER : ES_STAFF);
    String template = Objects.requireNonNull(texts.get(kind), () -> "no standard text for " + kind);

    List<String> variables = new ArrayList<>(6);
    variables.add(context.customerName());
    variables.add(context.serviceName());
    addWhen(variables, context.start(), context.zone(), english);
    if (kind == MessageKind.RESCHEDULE) {
      Instant previous =
          context
              .previousStart()
              .orElseThrow(
                  () ->
                      new ValidationException(
                          "context.previousStart", "is required for a reschedule notice"));
      addWhen(variables, previous, context.zone(), english);
    }
    String key = kind.name().toLowerCase(Locale.ROOT) + (customer ? "_customer" : "_staff");
    String text = fill(template, variables) + details(kind, customer, english, context.details());
    return new RenderedMessage(key, variables, text, language);
  }

  /**
   * The sentences the application's details add after the text (not template variables, so a
   * provider's pre-approved template with fixed variables is unaffected): who attends and where for
   * an appointment that will happen, the manage link for the customer, the branch and professional
   * for staff.
   */
  private static String details(
      MessageKind kind, boolean customer, boolean english, AppointmentDetails d) {
    List<String> sentences = new ArrayList<>(3);
    String link = "";
    if (!customer) {
      d.branchName().ifPresent(b -> sentences.add((english ? "Branch: " : "Sucursal: ") + b));
      d.professionalName().ifPresent(p -> sentences.add((english ? "With " : "Profesional: ") + p));
    } else if (kind == MessageKind.CONFIRMATION
        || kind == MessageKind.RESCHEDULE
        || kind == MessageKind.REMINDER) {
      d.professionalName().ifPresent(p -> sentences.add((english ? "With " : "Te atiende ") + p));
      d.place().ifPresent(place -> sentences.add((english ? "At " : "Lugar: ") + place));
      link =
          d.manageLink()
              .map(l -> (english ? " To change or cancel: " : " Para cambiar o cancelar: ") + l)
              .orElse("");
    }
    // The link ends the text, with no period a messenger could take as part of it.
    return (sentences.isEmpty() ? "" : " " + String.join(". ", sentences) + ".") + link;
  }

  /**
   * Adds the date and the time. Spanish says "a la 1:30" but "a las 14:00", so its time variable
   * carries the article; English templates say "at" themselves.
   */
  private static void addWhen(
      List<String> variables, Instant instant, ZoneId zone, boolean english) {
    ZonedDateTime local = instant.atZone(zone);
    if (english) {
      variables.add(EN_DATE.format(local));
      variables.add(EN_TIME.format(local));
    } else {
      variables.add(ES_DATE.format(local));
      variables.add((local.getHour() == 1 ? "a la " : "a las ") + ES_TIME.format(local));
    }
  }

  private static String fill(String template, List<String> variables) {
    StringBuilder out = new StringBuilder(template.length() + 64);
    for (int i = 0; i < template.length(); i++) {
      char c = template.charAt(i);
      if (c == '{'
          && i + 2 < template.length()
          && template.charAt(i + 2) == '}'
          && Character.isDigit(template.charAt(i + 1))) {
        out.append(variables.get(template.charAt(i + 1) - '0'));
        i += 2;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
