package dev.cita.scheduling.assistant.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cita.scheduling.assistant.Branch;
import dev.cita.scheduling.assistant.Catalogue;
import dev.cita.scheduling.assistant.Service;
import dev.cita.scheduling.assistant.tools.MyAppointments.Mine;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TimeSlot;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The proposals: a booking, cancellation or move that waits for the customer's yes. */
final class ProposalTools {
  private final ToolArgs read;
  private final Staffing staffing;
  private final MyAppointments appointments;
  private final ProposalStore proposals;

  ProposalTools(
      ToolArgs read, Staffing staffing, MyAppointments appointments, ProposalStore proposals) {
    this.read = read;
    this.staffing = staffing;
    this.appointments = appointments;
    this.proposals = proposals;
  }

  ObjectNode proposeBooking(ToolContext context, ObjectNode args) {
    Catalogue catalogue = context.catalogue();
    Service s = ToolArgs.service(catalogue, args);
    Branch branch = ToolArgs.optionalBranchEntry(catalogue, args).orElseThrow();
    @Nullable ResourceId professional = ToolArgs.optionalProfessional(catalogue, args);
    List<ResourceId> members = Staffing.membersAt(catalogue, branch, s.type(), professional);
    ZonedDateTime start = read.start(args, branch.zone());
    TimeSlot slot =
        staffing
            .freeAt(branch, members, s.type(), start)
            .orElseThrow(
                () ->
                    new ToolError(
                        "unavailable", "time", "that time is not free; call find_available_slots"));
    ResourceId chosen =
        professional != null
            ? professional
            : staffing.assign(catalogue, branch.tenant(), slot.resources(), start);
    Proposal p =
        Proposal.booking(
            branch.id(), s.type().value(), chosen.value(), start.toInstant(), professional == null);
    proposals.put(MyAppointments.customerKey(context), p.toJson());
    ObjectNode out = ToolSchemas.JSON.createObjectNode();
    out.putObject("proposal")
        .put("action", "book")
        .put("service", s.name())
        .put("branch", branch.name())
        .put("professional", MyAppointments.professionalName(catalogue, chosen))
        .put("start", MyAppointments.START.format(start));
    return needsYes(out);
  }

  ObjectNode proposeCancellation(ToolContext context, ObjectNode args) {
    Mine m = appointments.reference(context, args.get("reference").textValue());
    proposals.put(
        MyAppointments.customerKey(context), Proposal.cancellation(m.reference()).toJson());
    ObjectNode out = ToolSchemas.JSON.createObjectNode();
    out.putObject("proposal")
        .put("action", "cancel")
        .set("appointment", MyAppointments.describe(context.catalogue(), m));
    return needsYes(out);
  }

  ObjectNode proposeReschedule(ToolContext context, ObjectNode args) {
    Mine m = appointments.reference(context, args.get("reference").textValue());
    ZonedDateTime start = read.start(args, m.branch().zone());
    if (start.toInstant().equals(m.appointment().start())) {
      throw new ToolError("invalid_value", "time", "the appointment is already at that time");
    }
    List<ResourceId> resource = List.of(m.appointment().resource());
    // The appointment's own time blocks the slots near it; a move into it is left to reschedule,
    // which ignores that time, when the yes arrives.
    if (!overlapsItself(m.appointment(), start.toInstant())
        && staffing.freeAt(m.branch(), resource, m.appointment().type(), start).isEmpty()) {
      throw new ToolError(
          "unavailable", "time", "that time is not free; call find_available_slots");
    }
    proposals.put(
        MyAppointments.customerKey(context),
        Proposal.move(m.reference(), start.toInstant()).toJson());
    ObjectNode out = ToolSchemas.JSON.createObjectNode();
    ObjectNode proposal = out.putObject("proposal").put("action", "reschedule");
    proposal.set("appointment", MyAppointments.describe(context.catalogue(), m));
    proposal.put("new_start", MyAppointments.START.format(start));
    return needsYes(out);
  }

  /** True if the appointment, moved to {@code start}, would overlap where it is now. */
  private static boolean overlapsItself(Appointment a, Instant start) {
    Instant from = a.start().minus(a.bufferBefore()).minus(a.bufferAfter());
    Instant until = a.end().plus(a.bufferAfter()).plus(a.bufferBefore());
    Instant end = start.plus(Duration.between(a.start(), a.end()));
    return start.isBefore(until) && end.isAfter(from);
  }

  private static ObjectNode needsYes(ObjectNode out) {
    return out.put("needs_customer_yes", true)
        .put(
            "instructions",
            "Nothing is done yet. Show the customer this summary and ask them to answer yes to"
                + " confirm; it is carried out only if their next message is a clear yes.");
  }
}
