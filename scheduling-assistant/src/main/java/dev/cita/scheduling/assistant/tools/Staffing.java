package dev.cita.scheduling.assistant.tools;

import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.SlotQuery;
import dev.cita.scheduling.assistant.AssignmentRule;
import dev.cita.scheduling.assistant.Branch;
import dev.cita.scheduling.assistant.Catalogue;
import dev.cita.scheduling.assistant.Offering;
import dev.cita.scheduling.assistant.Professional;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeSlot;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The free slots of a branch's professionals, and who gets a booking by {@link AssignmentRule}. */
final class Staffing {
  private final BookingService service;

  Staffing(BookingService service) {
    this.service = service;
  }

  /** The professionals of each branch among these offerings, in the catalogue's order. */
  static Map<Branch, List<ResourceId>> membersByBranch(
      Catalogue catalogue, List<Offering> offerings) {
    if (offerings.isEmpty()) {
      throw new ToolError(
          "not_offered",
          "",
          "no professional offers this service with these choices; call list_professionals");
    }
    Map<Branch, List<ResourceId>> out = new LinkedHashMap<>();
    for (Branch b : catalogue.branches()) {
      for (Professional p : catalogue.professionals()) {
        if (offerings.contains(new Offering(b.id(), offerings.get(0).service(), p.resource()))) {
          out.computeIfAbsent(b, k -> new ArrayList<>()).add(p.resource());
        }
      }
    }
    return out;
  }

  /** The professionals offering the service at the branch, in the catalogue's order. */
  static List<ResourceId> membersAt(
      Catalogue catalogue,
      Branch branch,
      AppointmentTypeId type,
      @Nullable ResourceId professional) {
    return membersByBranch(catalogue, catalogue.offerings(branch.id(), type, professional))
        .getOrDefault(branch, List.of());
  }

  List<TimeSlot> slots(
      Branch branch,
      List<ResourceId> members,
      AppointmentTypeId type,
      LocalDate from,
      LocalDate to) {
    return service.findSlots(SlotQuery.anyOf(branch.tenant(), members, type, from, to));
  }

  Optional<TimeSlot> freeAt(
      Branch branch, List<ResourceId> members, AppointmentTypeId type, ZonedDateTime start) {
    LocalDate day = start.toLocalDate();
    return slots(branch, members, type, day, day).stream()
        .filter(s -> s.start().equals(start.toInstant()))
        .findFirst();
  }

  /** Who gets a booking for any professional, among those free, by the catalogue's rule. */
  ResourceId assign(
      Catalogue catalogue, TenantId tenant, List<ResourceId> free, ZonedDateTime start) {
    List<ResourceId> ordered =
        catalogue.professionals().stream()
            .map(Professional::resource)
            .filter(free::contains)
            .toList();
    LocalDate day = start.toLocalDate();
    AssignmentRule rule = catalogue.assignment();
    if (rule == AssignmentRule.FIRST_FREE) {
      return ordered.get(0);
    }
    LocalDate first =
        rule == AssignmentRule.FEWEST_THAT_DAY
            ? day
            : day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    int days = rule == AssignmentRule.FEWEST_THAT_DAY ? 1 : 7;
    Instant from = first.atStartOfDay(start.getZone()).toInstant();
    Instant until = first.plusDays(days).atStartOfDay(start.getZone()).toInstant();
    ResourceId best = ordered.get(0);
    long fewest = Long.MAX_VALUE;
    for (ResourceId r : ordered) {
      long count =
          service.appointmentStore().findTimeHolding(tenant, r, from, until).stream()
              .filter(a -> !a.start().isBefore(from) && a.start().isBefore(until))
              .count();
      if (count < fewest) {
        fewest = count;
        best = r;
      }
    }
    return best;
  }
}
