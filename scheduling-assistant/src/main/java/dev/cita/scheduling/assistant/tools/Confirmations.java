package dev.cita.scheduling.assistant.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cita.scheduling.BookingRequest;
import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.SlotUnavailableException;
import dev.cita.scheduling.assistant.Branch;
import dev.cita.scheduling.assistant.Catalogue;
import dev.cita.scheduling.assistant.tools.MyAppointments.Mine;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TimeSlot;
import dev.cita.scheduling.status.AppointmentLifecycle;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Carries out a proposal once the customer has answered yes. */
final class Confirmations {
  private static final Logger log = LoggerFactory.getLogger(BookingTools.class);

  private final BookingService service;
  private final Staffing staffing;
  private final MyAppointments appointments;

  Confirmations(BookingService service, Clock clock) {
    this.service = service;
    this.staffing = new Staffing(service);
    this.appointments = new MyAppointments(service, clock);
  }

  void carryOutBooking(ToolContext context, Proposal p, ObjectNode out) {
    Catalogue catalogue = context.catalogue();
    Branch branch =
        catalogue
            .branch(p.branch())
            .orElseThrow(() -> new ToolError("not_found", "", "the branch is no longer offered"));
    AppointmentTypeId type = AppointmentTypeId.of(p.type());
    ResourceId proposed = ResourceId.of(p.resource());
    if (catalogue.offerings(branch.id(), type, proposed).isEmpty()) {
      throw new ToolError("not_found", "", "the service is no longer offered");
    }
    Attendee attendee =
        Attendee.builder(
                context.customerName().isBlank() ? "Customer" : context.customerName().strip())
            .phone(context.customerPhone())
            .locale(context.locale())
            .build();
    String key = "tools:" + MyAppointments.customerKey(context).substring(0, 32) + ":" + p.id();
    Appointment booked;
    try {
      booked = book(branch, type, proposed, p, attendee, key);
    } catch (SlotUnavailableException e) {
      if (!p.anyProfessional()) {
        throw new ToolError("unavailable", "", "the time was taken meanwhile");
      }
      // Any professional: whoever else offers it and is free now, by the catalogue's rule.
      List<ResourceId> members = Staffing.membersAt(catalogue, branch, type, null);
      ZonedDateTime start = p.startInstant().atZone(branch.zone());
      TimeSlot slot =
          staffing
              .freeAt(branch, members, type, start)
              .orElseThrow(() -> new ToolError("unavailable", "", "the time was taken meanwhile"));
      ResourceId other = staffing.assign(catalogue, branch.tenant(), slot.resources(), start);
      booked = book(branch, type, other, p, attendee, key);
    }
    if (!AppointmentLifecycle.holdsTime(booked.status())) {
      throw new ToolError("unavailable", "", "the booking no longer holds its time");
    }
    log.info(
        "Tools booked {} for customer {} of tenant {}",
        booked.id(),
        MyAppointments.mask(context),
        booked.tenant());
    Mine done = new Mine(booked, branch, appointments.reference(booked));
    out.put("outcome", "booked");
    out.set("appointment", MyAppointments.describe(catalogue, done));
    out.put(
        "summary", OutcomeSummary.booked(context.locale(), MyAppointments.what(catalogue, done)));
  }

  private Appointment book(
      Branch branch,
      AppointmentTypeId type,
      ResourceId resource,
      Proposal p,
      Attendee attendee,
      String key) {
    return service.book(
        BookingRequest.builder(branch.tenant(), resource, type, p.startInstant(), attendee)
            .displayZone(branch.zone())
            .idempotencyKey(key)
            .build());
  }

  void carryOutCancellation(ToolContext context, Proposal p, ObjectNode out) {
    Mine m = appointments.reference(context, p.reference());
    Appointment cancelled = service.cancel(m.appointment().tenant(), m.appointment().id());
    log.info("Tools cancelled {} for customer {}", cancelled.id(), MyAppointments.mask(context));
    Mine done = new Mine(cancelled, m.branch(), "");
    out.put("outcome", "cancelled");
    out.set("appointment", MyAppointments.describe(context.catalogue(), done));
    out.put(
        "summary",
        OutcomeSummary.cancelled(context.locale(), MyAppointments.what(context.catalogue(), done)));
  }

  void carryOutMove(ToolContext context, Proposal p, ObjectNode out) {
    Mine m = appointments.reference(context, p.reference());
    Appointment moved;
    try {
      moved = service.reschedule(m.appointment().tenant(), m.appointment().id(), p.startInstant());
    } catch (SlotUnavailableException e) {
      throw new ToolError("unavailable", "", "the new time was taken meanwhile");
    }
    log.info("Tools moved {} for customer {}", moved.id(), MyAppointments.mask(context));
    Mine done = new Mine(moved, m.branch(), m.reference());
    out.put("outcome", "rescheduled");
    out.set("appointment", MyAppointments.describe(context.catalogue(), done));
    out.put(
        "summary",
        OutcomeSummary.rescheduled(
            context.locale(), MyAppointments.what(context.catalogue(), done)));
  }
}
