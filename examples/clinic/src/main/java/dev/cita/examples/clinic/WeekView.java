package dev.cita.examples.clinic;

import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.status.AppointmentLifecycle;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** One week of a branch's appointments, a column per day, ready for the week page. */
public record WeekView(LocalDate monday, List<Day> days) {
  private static final Locale ES = Locale.forLanguageTag("es");
  private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm");

  /** {@return the page title, such as "Semana del 7 de diciembre de 2026"} */
  public String title() {
    return "Semana del " + DateTimeFormatter.ofPattern("d 'de' MMMM 'de' yyyy", ES).format(monday);
  }

  /** A day's column. */
  public record Day(String title, boolean today, List<Card> cards) {}

  /** An appointment as the admin sees it. */
  public record Card(
      String tenant,
      String id,
      String time,
      String patient,
      String service,
      String professional,
      String status,
      String statusClass,
      String origin,
      boolean cancellable) {}

  /**
   * Lays out appointments.
   *
   * @param monday the first day of the week
   * @param today today in the branch's zone
   * @param appointments the week's appointments, any status and origin
   * @param services service names by id
   * @param professionals professional names by id
   * @return the view
   */
  static WeekView of(
      LocalDate monday,
      LocalDate today,
      List<Appointment> appointments,
      Map<String, String> services,
      Map<String, String> professionals) {
    Map<LocalDate, List<Appointment>> byDay =
        appointments.stream()
            .collect(Collectors.groupingBy(a -> a.start().atZone(ClinicAgenda.ZONE).toLocalDate()));
    List<Day> days =
        monday
            .datesUntil(monday.plusDays(7))
            .map(
                d ->
                    new Day(
                        d.getDayOfWeek().getDisplayName(TextStyle.FULL, ES)
                            + " "
                            + d.getDayOfMonth(),
                        d.equals(today),
                        byDay.getOrDefault(d, List.of()).stream()
                            .sorted((x, y) -> x.start().compareTo(y.start()))
                            .map(a -> card(a, services, professionals))
                            .toList()))
            .toList();
    return new WeekView(monday, days);
  }

  private static Card card(
      Appointment a, Map<String, String> services, Map<String, String> professionals) {
    String time =
        HOUR.format(a.start().atZone(ClinicAgenda.ZONE))
            + "–"
            + HOUR.format(a.end().atZone(ClinicAgenda.ZONE));
    String origin =
        a.externalRefs().isEmpty()
            ? "Cita"
            : a.externalRefs().keySet().stream()
                .map(WeekView::providerName)
                .sorted()
                .collect(Collectors.joining(", "));
    return new Card(
        a.tenant().value(),
        a.id().value(),
        time,
        a.attendee().name(),
        services.getOrDefault(a.type().value(), a.type().value()),
        professionals.getOrDefault(a.resource().value(), a.resource().value()),
        statusName(a.status()),
        "status-" + a.status().name().toLowerCase(Locale.ROOT),
        origin,
        AppointmentLifecycle.holdsTime(a.status()));
  }

  /**
   * {@return a provider's display name}
   *
   * @param provider the provider id
   */
  static String providerName(String provider) {
    return switch (provider) {
      case "google" -> "Google";
      case "calcom" -> "Cal.com";
      case "calendly" -> "Calendly";
      case "microsoft" -> "Outlook";
      default -> provider;
    };
  }

  private static String statusName(AppointmentStatus status) {
    return switch (status) {
      case REQUESTED -> "Solicitada";
      case SCHEDULED -> "Agendada";
      case CONFIRMED -> "Confirmada";
      case RESCHEDULED -> "Reagendada";
      case CANCELLED -> "Cancelada";
      case COMPLETED -> "Realizada";
      case NO_SHOW -> "No asistió";
    };
  }
}
