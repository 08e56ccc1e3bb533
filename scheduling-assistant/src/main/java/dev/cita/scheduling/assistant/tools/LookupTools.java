package dev.cita.scheduling.assistant.tools;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cita.scheduling.assistant.Branch;
import dev.cita.scheduling.assistant.Catalogue;
import dev.cita.scheduling.assistant.Offering;
import dev.cita.scheduling.assistant.PartOfDay;
import dev.cita.scheduling.assistant.Professional;
import dev.cita.scheduling.assistant.Service;
import dev.cita.scheduling.assistant.tools.MyAppointments.Mine;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TimeSlot;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The look-ups: services, professionals, branches, free slots and the customer's appointments. */
final class LookupTools {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

  private final ToolArgs read;
  private final Staffing staffing;
  private final MyAppointments appointments;

  LookupTools(ToolArgs read, Staffing staffing, MyAppointments appointments) {
    this.read = read;
    this.staffing = staffing;
    this.appointments = appointments;
  }

  ObjectNode listServices(Catalogue catalogue, ObjectNode args) {
    @Nullable String branch = ToolArgs.optionalBranch(catalogue, args);
    ObjectNode out = ToolSchemas.JSON.createObjectNode();
    ArrayNode list = out.putArray("services");
    for (Service s : catalogue.services()) {
      if (!catalogue.offerings(branch, s.type(), null).isEmpty()) {
        list.addObject().put("id", s.type().value()).put("name", s.name());
      }
    }
    return out;
  }

  ObjectNode listProfessionals(Catalogue catalogue, ObjectNode args) {
    @Nullable String branch = ToolArgs.optionalBranch(catalogue, args);
    @Nullable AppointmentTypeId type =
        args.has("service_id") ? ToolArgs.service(catalogue, args).type() : null;
    ObjectNode out = ToolSchemas.JSON.createObjectNode();
    ArrayNode list = out.putArray("professionals");
    for (Professional p : catalogue.professionals()) {
      List<Offering> offered = catalogue.offerings(branch, type, p.resource());
      if (offered.isEmpty()) {
        continue;
      }
      ObjectNode entry = list.addObject().put("id", p.resource().value()).put("name", p.name());
      ArrayNode services = entry.putArray("service_ids");
      offered.stream().map(o -> o.service().value()).distinct().forEach(services::add);
      ArrayNode branches = entry.putArray("branch_ids");
      offered.stream().map(Offering::branch).distinct().forEach(branches::add);
    }
    return out;
  }

  static ObjectNode listBranches(Catalogue catalogue) {
    ObjectNode out = ToolSchemas.JSON.createObjectNode();
    ArrayNode list = out.putArray("branches");
    for (Branch b : catalogue.branches()) {
      list.addObject().put("id", b.id()).put("name", b.name()).put("zone", b.zone().getId());
    }
    return out;
  }

  ObjectNode findSlots(Catalogue catalogue, ObjectNode args) {
    Service s = ToolArgs.service(catalogue, args);
    @Nullable ResourceId professional = ToolArgs.optionalProfessional(catalogue, args);
    @Nullable String branchId = ToolArgs.optionalBranch(catalogue, args);
    Map<Branch, List<ResourceId>> byBranch =
        Staffing.membersByBranch(catalogue, catalogue.offerings(branchId, s.type(), professional));
    ZoneId zone = byBranch.keySet().iterator().next().zone();
    LocalDate from = read.date(args, "date_from", zone);
    LocalDate to = args.has("date_to") ? read.date(args, "date_to", zone) : from;
    if (to.isBefore(from) || to.isAfter(from.plusDays(BookingTools.MAX_RANGE_DAYS - 1))) {
      throw new ToolError(
          "out_of_range",
          "date_to",
          "must be from date_from to " + (BookingTools.MAX_RANGE_DAYS - 1) + " days after it");
    }
    @Nullable PartOfDay part =
        args.has("part_of_day")
            ? PartOfDay.valueOf(args.get("part_of_day").textValue().toUpperCase(Locale.ROOT))
            : null;
    record Found(Branch branch, int order, TimeSlot slot) {}
    List<Found> found = new ArrayList<>();
    int order = 0;
    for (Map.Entry<Branch, List<ResourceId>> e : byBranch.entrySet()) {
      Branch b = e.getKey();
      for (TimeSlot slot : staffing.slots(b, e.getValue(), s.type(), from, to)) {
        LocalTime local = slot.start().atZone(b.zone()).toLocalTime();
        if (part == null || part.contains(local)) {
          found.add(new Found(b, order, slot));
        }
      }
      order++;
    }
    found.sort(Comparator.comparing((Found f) -> f.slot().start()).thenComparingInt(Found::order));
    ObjectNode out = ToolSchemas.JSON.createObjectNode();
    ArrayNode list = out.putArray("slots");
    for (Found f : found.subList(0, Math.min(BookingTools.MAX_SLOTS, found.size()))) {
      ZonedDateTime start = f.slot().start().atZone(f.branch().zone());
      ObjectNode slot =
          list.addObject()
              .put("branch_id", f.branch().id())
              .put("date", start.toLocalDate().toString())
              .put("time", TIME.format(start))
              .put("start", MyAppointments.START.format(start));
      ArrayNode who = slot.putArray("professional_ids");
      f.slot().resources().forEach(r -> who.add(r.value()));
    }
    out.put("more", found.size() > BookingTools.MAX_SLOTS);
    return out;
  }

  ObjectNode listMine(ToolContext context) {
    ObjectNode out = ToolSchemas.JSON.createObjectNode();
    ArrayNode list = out.putArray("appointments");
    for (Mine m : appointments.mine(context)) {
      list.add(MyAppointments.describe(context.catalogue(), m));
    }
    return out;
  }
}
