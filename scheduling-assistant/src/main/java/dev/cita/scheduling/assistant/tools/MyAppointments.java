package dev.cita.scheduling.assistant.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cita.scheduling.AttendeeQuery;
import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.assistant.Branch;
import dev.cita.scheduling.assistant.Catalogue;
import dev.cita.scheduling.assistant.Professional;
import dev.cita.scheduling.assistant.Service;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.status.AppointmentLifecycle;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/** The customer's own upcoming appointments, their opaque references and how they show. */
final class MyAppointments {
  static final DateTimeFormatter START =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mmxxx", Locale.ROOT);

  private final BookingService service;
  private final Clock clock;

  MyAppointments(BookingService service, Clock clock) {
    this.service = service;
    this.clock = clock;
  }

  /** One of the customer's appointments, the branch it is shown at and its reference. */
  record Mine(Appointment appointment, Branch branch, String reference) {}

  /** The customer's upcoming appointments that hold time, in the catalogue's tenants, by start. */
  List<Mine> mine(ToolContext context) {
    Catalogue catalogue = context.catalogue();
    Instant now = clock.instant();
    List<Mine> all = new ArrayList<>();
    for (TenantId tenant : tenants(catalogue)) {
      AttendeeQuery query =
          AttendeeQuery.byPhone(tenant, context.customerPhone())
              .startingFrom(now)
              .statuses(AppointmentLifecycle.TIME_HOLDING.toArray(AppointmentStatus[]::new))
              .limit(BookingTools.MAX_APPOINTMENTS)
              .build();
      for (Appointment a : service.appointmentsOf(query).appointments()) {
        // The store filters by tenant and phone; checked again here, since a yes acts on it.
        if (a.tenant().equals(tenant)
            && a.attendee().phone().filter(context.customerPhone()::equals).isPresent()) {
          all.add(new Mine(a, branchOf(catalogue, a), reference(a)));
        }
      }
    }
    all.sort(Comparator.comparing((Mine m) -> m.appointment().start()));
    return all.subList(0, Math.min(BookingTools.MAX_APPOINTMENTS, all.size()));
  }

  Mine reference(ToolContext context, String reference) {
    return mine(context).stream()
        .filter(m -> m.reference().equals(reference))
        .findFirst()
        .orElseThrow(
            () ->
                new ToolError(
                    "not_found",
                    "reference",
                    "no upcoming appointment of this customer has this reference;"
                        + " call list_my_appointments"));
  }

  /** Opaque: no id or tenant shows, and only the customer's own list resolves it. */
  String reference(Appointment a) {
    return "r" + sha256Hex(a.tenant().value() + "\u0000" + a.id().value()).substring(0, 16);
  }

  private static List<TenantId> tenants(Catalogue catalogue) {
    return catalogue.branches().stream().map(Branch::tenant).distinct().toList();
  }

  /** The tenant's branch offering this appointment's professional, else its first branch. */
  private static Branch branchOf(Catalogue catalogue, Appointment a) {
    List<Branch> branches = catalogue.branchesOf(a.tenant());
    return branches.stream()
        .filter(b -> !catalogue.offerings(b.id(), null, a.resource()).isEmpty())
        .findFirst()
        .orElse(branches.get(0));
  }

  static ObjectNode describe(Catalogue catalogue, Mine m) {
    Appointment a = m.appointment();
    ObjectNode out = ToolSchemas.JSON.createObjectNode();
    if (!m.reference().isEmpty()) {
      out.put("reference", m.reference());
    }
    out.put("service", catalogue.service(a.type()).map(Service::name).orElse(a.type().value()))
        .put("professional", professionalName(catalogue, a.resource()))
        .put("branch", m.branch().name())
        .put("start", START.format(a.start().atZone(m.branch().zone())))
        .put("end", START.format(a.end().atZone(m.branch().zone())))
        .put("status", a.status().name().toLowerCase(Locale.ROOT));
    return out;
  }

  static OutcomeSummary.What what(Catalogue catalogue, Mine m) {
    Appointment a = m.appointment();
    return new OutcomeSummary.What(
        catalogue.service(a.type()).map(Service::name).orElse(a.type().value()),
        professionalName(catalogue, a.resource()),
        a.start().atZone(m.branch().zone()),
        m.branch().name());
  }

  static String professionalName(Catalogue catalogue, ResourceId resource) {
    return catalogue.professional(resource).map(Professional::name).orElse(resource.value());
  }

  /** The proposals' key: the catalogue's tenants and the customer's phone, hashed. */
  static String customerKey(ToolContext context) {
    StringBuilder s = new StringBuilder();
    new TreeSet<>(tenants(context.catalogue()).stream().map(TenantId::value).toList())
        .forEach(t -> s.append(t).append('\u0000'));
    return sha256Hex(s.append(context.customerPhone()).toString());
  }

  private static String sha256Hex(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  static String mask(ToolContext context) {
    return Attendee.maskPhone(context.customerPhone());
  }
}
