package dev.cita.scheduling.calcom;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.calcom.api.CalComAttendee;
import dev.cita.scheduling.calcom.api.CalComEventType;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.Attendee;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Fills a Cal.com event type's booking form from a Cita appointment, for {@code POST /v2/bookings}
 * (cal-api-version 2024-08-13). Cal.com turns the request's attendee into the form's responses
 * ({@code name}, {@code email: attendee.email ?? ""}, {@code attendeePhoneNumber}) and refuses the
 * booking when a required field is empty (calcom/cal.com {@code
 * apps/api/v2/src/platform/bookings/2024-08-13/services/input.service.ts}, {@code
 * transformInputCreateBooking}). So the form is checked here first, and an appointment that lacks
 * what the event type demands fails with a {@link ValidationException} naming the field, which the
 * sync worker dead-letters instead of sending a request Cal.com can only refuse.
 */
final class BookingForm {
  /**
   * The attendee languages Cal.com accepts ({@code BookingLanguage} of calcom/cal.com {@code
   * packages/platform/types/bookings/2024-08-13/inputs/language.ts}); any other is left out.
   */
  static final Set<String> LANGUAGES =
      Set.of(
          "ar", "ca", "de", "es", "eu", "he", "id", "ja", "lv", "pl", "ro", "sr", "th", "vi", "az",
          "cs", "el", "es-419", "fi", "hr", "it", "km", "nl", "pt", "ru", "sv", "tr", "zh-CN", "bg",
          "da", "en", "et", "fr", "hu", "iw", "ko", "no", "pt-BR", "sk", "ta", "uk", "zh-TW", "bn");

  /** Fields Cal.com fills from the request's attendee, guests or reschedule itself. */
  private static final Set<String> FILLED_BY_CALCOM =
      Set.of("name", "guests", "rescheduleReason", "smsReminderNumber");

  /** What the create request carries besides start, event type and metadata. */
  record Filled(
      CalComAttendee attendee, Map<String, String> responses, @Nullable String location) {}

  private BookingForm() {}

  static Filled fill(CalComEventType type, Appointment a) {
    Attendee attendee = a.attendee();
    if (attendee.email().isEmpty() && attendee.phone().isEmpty()) {
      throw new ValidationException(
          "attendee", "Cal.com needs an e-mail or a phone number; the attendee has neither");
    }
    Map<String, String> responses = new LinkedHashMap<>();
    String location = null;
    for (CalComEventType.BookingField field : type.bookingFields()) {
      String slug = field.slug() == null ? "" : field.slug();
      if (!field.demanded() || FILLED_BY_CALCOM.contains(slug)) {
        continue;
      }
      switch (slug) {
        case "email" -> require(attendee.email(), "attendee.email", type, slug);
        case "attendeePhoneNumber" -> require(attendee.phone(), "attendee.phone", type, slug);
        case "location" -> location = require(a.location(), "location", type, slug);
        case "notes" -> responses.put(slug, require(a.notes(), "notes", type, slug));
        default ->
            throw new ValidationException(
                "bookingFields." + slug,
                "Cal.com event type "
                    + type.id()
                    + " requires the booking field '"
                    + slug
                    + "', which Cita has no value for; make it optional or"
                    + " hidden in Cal.com");
      }
    }
    String zone = attendee.zone().orElse(a.displayZone()).getId();
    CalComAttendee calAttendee =
        CalComAttendee.of(
            attendee.name(),
            attendee.email().orElse(null),
            attendee.phone().orElse(null),
            zone,
            language(attendee.locale()).orElse(null));
    return new Filled(calAttendee, responses, location);
  }

  /**
   * The attendee's language as Cal.com names it, if Cal.com has it ({@code es-419} before {@code
   * es}).
   */
  static Optional<String> language(Locale locale) {
    if (locale == null || locale.getLanguage().isEmpty()) {
      return Optional.empty();
    }
    String language = locale.getLanguage().toLowerCase(Locale.ROOT);
    String region = locale.getCountry().isEmpty() ? locale.getVariant() : locale.getCountry();
    for (String candidate : new String[] {language + "-" + region, language}) {
      for (String known : LANGUAGES) {
        if (known.equalsIgnoreCase(candidate)) {
          return Optional.of(known);
        }
      }
    }
    return Optional.empty();
  }

  private static String require(
      Optional<String> value, String field, CalComEventType type, String slug) {
    return value
        .filter(v -> !v.isBlank())
        .orElseThrow(
            () ->
                new ValidationException(
                    field,
                    "Cal.com event type "
                        + type.id()
                        + " requires the booking field '"
                        + slug
                        + "' and the appointment has none"));
  }
}
