package dev.cita.scheduling.assistant;

import dev.cita.scheduling.AttendeeQuery;
import dev.cita.scheduling.InvalidTransitionException;
import dev.cita.scheduling.assistant.ConversationState.Action;
import dev.cita.scheduling.assistant.ConversationState.AwaitingCancelConfirmation;
import dev.cita.scheduling.assistant.ConversationState.AwaitingConfirmation;
import dev.cita.scheduling.assistant.ConversationState.Choosing;
import dev.cita.scheduling.assistant.ConversationState.Idle;
import dev.cita.scheduling.assistant.ConversationState.Offered;
import dev.cita.scheduling.assistant.ConversationState.Picking;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.status.AppointmentLifecycle;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** The customer's appointments: listing them, choosing which one, cancelling and moving. */
final class CustomerAppointments {
  private final Turn turn;

  CustomerAppointments(Turn turn) {
    this.turn = turn;
  }

  String confirmCancel(AppointmentId id) {
    Optional<Appointment> appointment = active(id);
    turn.conversation = turn.conversation.with(new Idle());
    if (appointment.isEmpty()) {
      return turn.say.noAppointment();
    }
    try {
      turn.service.cancel(appointment.get().tenant(), id);
    } catch (InvalidTransitionException e) {
      Turn.log.info("Appointment {} could not be cancelled from the chat: {}", id, e.getMessage());
      return turn.say.noAppointment();
    }
    turn.conversation =
        turn.conversation.withAppointments(
            turn.conversation.appointments().stream().filter(a -> !a.equals(id)).toList());
    return turn.say.cancelled(
        turn.say.when(appointment.get().start(), turn.shop.zone(appointment.get()))
            + turn.shop.detail(appointment.get(), turn.say));
  }

  String cancel(String normalized) {
    When named = WhenReader.read(normalized, turn.today()).when();
    Optional<LocalDate> day = named.date();
    List<Appointment> candidates = atTime(referred(normalized, day), named);
    if (candidates.isEmpty()) {
      ConversationState state = turn.conversation.state();
      turn.conversation = turn.conversation.with(new Idle());
      if (state instanceof AwaitingConfirmation
          || state instanceof Offered
          || state instanceof Choosing) {
        turn.conversation = turn.conversation.withSelection(Selection.NONE);
        return turn.say.declined();
      }
      return day.isPresent() ? turn.say.noAppointmentThatDay() : turn.say.noAppointment();
    }
    if (candidates.size() > 1) {
      return askWhich(Action.CANCEL, candidates, When.ANY);
    }
    Appointment one = candidates.get(0);
    turn.conversation = turn.conversation.with(new AwaitingCancelConfirmation(one.id()));
    return turn.say.askCancel(
        turn.say.when(one.start(), turn.shop.zone(one)) + turn.shop.detail(one, turn.say));
  }

  String reschedule(When when, String normalized) {
    Optional<Appointment> moving = turn.movingAppointment().flatMap(this::active);
    if (moving.isPresent()) {
      return turn.times.offerMove(moving.get(), when);
    }
    if (turn.conversation.state() instanceof Picking
        && ChatRequests.number(normalized).isPresent()) {
      // "cambiar la 2": the 2 picks from the list, it is not a time.
      when = WhenReader.read(ChatRequests.withoutNumber(normalized), turn.today()).when();
    }
    When named = When.ANY;
    Optional<List<String>> fromTo = ChatRequests.fromTo(normalized);
    if (fromTo.isPresent()) {
      // "del jueves para el sábado": Thursday's appointment, to Saturday.
      When before = WhenReader.read(fromTo.get().get(0), turn.today()).when();
      if (before.date().isPresent()) {
        named = before;
        when = WhenReader.read(fromTo.get().get(1), turn.today()).when();
      }
    }
    Optional<LocalDate> from = named.date();
    List<Appointment> candidates = atTime(referred(normalized, from), named);
    if (candidates.isEmpty()) {
      turn.conversation = turn.conversation.with(new Idle());
      return from.isPresent() ? turn.say.noAppointmentThatDay() : turn.say.noAppointment();
    }
    if (candidates.size() > 1) {
      return askWhich(Action.MOVE, candidates, when);
    }
    return turn.times.offerMove(candidates.get(0), when);
  }

  /**
   * The appointments a cancel or move refers to: the one numbered in a list just shown, or the
   * list's, or the customer's upcoming ones (on the day named, if one is).
   */
  List<Appointment> referred(String normalized, Optional<LocalDate> day) {
    if (turn.conversation.state() instanceof Picking p) {
      OptionalInt n = ChatRequests.number(normalized);
      if (n.isPresent() && n.getAsInt() <= p.appointments().size()) {
        return active(p.appointments().get(n.getAsInt() - 1)).stream().toList();
      }
      if (day.isEmpty()) {
        List<Appointment> listed =
            p.appointments().stream().map(this::active).flatMap(Optional::stream).toList();
        if (!listed.isEmpty()) {
          return listed;
        }
      }
    }
    return upcoming().stream()
        .filter(
            a ->
                day.isEmpty()
                    || a.start().atZone(turn.shop.zone(a)).toLocalDate().equals(day.get()))
        .toList();
  }

  /** The ones at the local time named ("del jueves a las 15"), if any is; else all of them. */
  List<Appointment> atTime(List<Appointment> appointments, When named) {
    if (named.time().isEmpty()) {
      return appointments;
    }
    List<Appointment> at =
        appointments.stream()
            .filter(
                a -> a.start().atZone(turn.shop.zone(a)).toLocalTime().equals(named.time().get()))
            .toList();
    return at.isEmpty() ? appointments : at;
  }

  String askWhich(Action action, List<Appointment> candidates, When when) {
    turn.conversation =
        turn.conversation.with(
            new Picking(action, candidates.stream().map(Appointment::id).toList(), when));
    return turn.say.whichAppointment() + describe(candidates) + "\n" + turn.say.pickNumber();
  }

  String listAppointments() {
    List<Appointment> mine = upcoming();
    if (mine.isEmpty()) {
      turn.conversation = turn.conversation.with(new Idle());
      return turn.say.noAppointment();
    }
    turn.conversation =
        turn.conversation
            .withSelection(Selection.NONE)
            .with(new Picking(Action.LIST, mine.stream().map(Appointment::id).toList(), When.ANY));
    return turn.say.yourAppointments() + describe(mine) + "\n" + turn.say.listFooter();
  }

  String pick(Picking picking, int n, When when) {
    List<AppointmentId> ids = picking.appointments();
    if (n > ids.size()) {
      List<Appointment> live = ids.stream().map(this::active).flatMap(Optional::stream).toList();
      return turn.say.chooseBetween(ids.size()) + describe(live);
    }
    Optional<Appointment> appointment = active(ids.get(n - 1));
    if (appointment.isEmpty()) {
      turn.conversation = turn.conversation.with(new Idle());
      return turn.say.noAppointment();
    }
    Appointment one = appointment.get();
    String what = turn.say.when(one.start(), turn.shop.zone(one)) + turn.shop.detail(one, turn.say);
    switch (picking.action()) {
      case CANCEL:
        turn.conversation = turn.conversation.with(new AwaitingCancelConfirmation(one.id()));
        return turn.say.askCancel(what);
      case MOVE:
        return turn.times.offerMove(one, when);
      default:
        turn.conversation =
            turn.conversation.with(new Picking(Action.LIST, List.of(one.id()), When.ANY));
        return turn.say.moveOrCancel(what);
    }
  }

  String describe(List<Appointment> appointments) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < appointments.size(); i++) {
      Appointment a = appointments.get(i);
      b.append('\n')
          .append(i + 1)
          .append(") ")
          .append(turn.say.when(a.start(), turn.shop.zone(a)))
          .append(turn.shop.detail(a, turn.say));
    }
    return b.toString();
  }

  /**
   * The customer's appointments that hold time and have not ended, in every tenant of the chat,
   * wherever they were booked (found by phone), and the ones booked here; soonest first.
   */
  List<Appointment> upcoming() {
    Map<AppointmentId, Appointment> all = new LinkedHashMap<>();
    Instant from = turn.now.toInstant().minus(Duration.ofDays(1));
    for (TenantId t : turn.shop.tenants()) {
      try {
        turn.service
            .appointmentsOf(
                AttendeeQuery.byPhone(t, turn.phone).startingFrom(from).limit(50).build())
            .appointments()
            .forEach(a -> all.put(a.id(), a));
      } catch (UnsupportedOperationException e) {
        Turn.log.debug("Appointment store cannot find by attendee; using the chat's own list");
      }
    }
    for (AppointmentId id : turn.conversation.appointments()) {
      active(id).ifPresent(a -> all.putIfAbsent(a.id(), a));
    }
    List<Appointment> live =
        all.values().stream()
            .filter(this::live)
            .sorted(Comparator.comparing(Appointment::start).thenComparing(a -> a.id().value()))
            .toList();
    turn.conversation =
        turn.conversation.withAppointments(
            turn.conversation.appointments().stream()
                .filter(id -> live.stream().anyMatch(a -> a.id().equals(id)))
                .toList());
    return live;
  }

  /** The appointment, in any tenant of the chat, if it still holds time and has not ended. */
  Optional<Appointment> active(AppointmentId id) {
    for (TenantId t : turn.shop.tenants()) {
      Optional<Appointment> found = turn.service.appointment(t, id);
      if (found.isPresent()) {
        return found.filter(this::live);
      }
    }
    return Optional.empty();
  }

  boolean live(Appointment a) {
    return AppointmentLifecycle.holdsTime(a.status()) && a.end().isAfter(turn.now.toInstant());
  }
}
