package dev.cita.scheduling.assistant.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cita.scheduling.assistant.Branch;
import dev.cita.scheduling.assistant.Catalogue;
import dev.cita.scheduling.assistant.Professional;
import dev.cita.scheduling.assistant.Service;
import dev.cita.scheduling.model.ResourceId;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Reads a tool call's arguments against the catalogue and today. */
final class ToolArgs {
  private static final String ANY = "any";

  private final Clock clock;

  ToolArgs(Clock clock) {
    this.clock = clock;
  }

  static Service service(Catalogue catalogue, ObjectNode args) {
    String id = args.get("service_id").textValue();
    return catalogue.services().stream()
        .filter(s -> s.type().value().equals(id))
        .findFirst()
        .orElseThrow(
            () -> new ToolError("not_found", "service_id", "no such service; call list_services"));
  }

  static Optional<Branch> optionalBranchEntry(Catalogue catalogue, ObjectNode args) {
    if (!args.has("branch_id")) {
      return Optional.empty();
    }
    return Optional.of(
        catalogue
            .branch(args.get("branch_id").textValue())
            .orElseThrow(
                () ->
                    new ToolError("not_found", "branch_id", "no such branch; call list_branches")));
  }

  static @Nullable String optionalBranch(Catalogue catalogue, ObjectNode args) {
    return optionalBranchEntry(catalogue, args).map(Branch::id).orElse(null);
  }

  /** The professional chosen, or null for any. */
  static @Nullable ResourceId optionalProfessional(Catalogue catalogue, ObjectNode args) {
    if (!args.has("professional_id") || args.get("professional_id").textValue().equals(ANY)) {
      return null;
    }
    String id = args.get("professional_id").textValue();
    return catalogue.professionals().stream()
        .map(Professional::resource)
        .filter(r -> r.value().equals(id))
        .findFirst()
        .orElseThrow(
            () ->
                new ToolError(
                    "not_found",
                    "professional_id",
                    "no such professional; call list_professionals, or say \"any\""));
  }

  /** A local date from today to {@value BookingTools#MAX_DAYS_AHEAD} days ahead in the zone. */
  LocalDate date(ObjectNode args, String field, ZoneId zone) {
    LocalDate date;
    try {
      date = LocalDate.parse(args.get(field).textValue());
    } catch (DateTimeParseException e) {
      throw new ToolError("invalid_value", field, "is not a date (YYYY-MM-DD)");
    }
    LocalDate today = clock.instant().atZone(zone).toLocalDate();
    if (date.isBefore(today) || date.isAfter(today.plusDays(BookingTools.MAX_DAYS_AHEAD))) {
      throw new ToolError(
          "out_of_range",
          field,
          "must be from today ("
              + today
              + ") to "
              + today.plusDays(BookingTools.MAX_DAYS_AHEAD)
              + " in the branch's zone");
    }
    return date;
  }

  /** The local {@code date} and {@code time} in the zone, a time that exists and is to come. */
  ZonedDateTime start(ObjectNode args, ZoneId zone) {
    LocalDate date = date(args, "date", zone);
    LocalTime time = LocalTime.parse(args.get("time").textValue()); // the pattern made it HH:mm
    ZonedDateTime start = date.atTime(time).atZone(zone);
    if (!start.toLocalTime().equals(time) || !start.toInstant().isAfter(clock.instant())) {
      throw new ToolError("out_of_range", "time", "that time has passed or does not exist");
    }
    return start;
  }
}
