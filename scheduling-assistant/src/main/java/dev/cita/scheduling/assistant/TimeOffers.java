package dev.cita.scheduling.assistant;

import dev.cita.scheduling.BookingRequest;
import dev.cita.scheduling.IdempotencyKeyReusedException;
import dev.cita.scheduling.InvalidTransitionException;
import dev.cita.scheduling.NotFoundException;
import dev.cita.scheduling.SlotUnavailableException;
import dev.cita.scheduling.assistant.ConversationState.AwaitingConfirmation;
import dev.cita.scheduling.assistant.ConversationState.AwaitingRescheduleConfirmation;
import dev.cita.scheduling.assistant.ConversationState.Choosing;
import dev.cita.scheduling.assistant.ConversationState.Idle;
import dev.cita.scheduling.assistant.ConversationState.Offered;
import dev.cita.scheduling.assistant.ConversationState.Rescheduling;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TimeSlot;
import dev.cita.scheduling.status.AppointmentLifecycle;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** Offering times to book or to move to, and booking or moving at the customer's "yes". */
final class TimeOffers {
  private final Turn turn;

  TimeOffers(Turn turn) {
    this.turn = turn;
  }

  String offerBooking(When when, String prefix) {
    Selection chosen = turn.conversation.selection();
    if (turn.shop.fit(chosen).isEmpty()) {
      prefix = prefix + turn.say.notOffered() + " ";
      chosen = turn.shop.relax(chosen);
      turn.conversation = turn.conversation.withSelection(chosen);
    }
    Optional<Choosing> question = turn.shop.question(chosen, when);
    if (question.isPresent()) {
      turn.conversation = turn.conversation.with(question.get());
      return prefix + turn.choices.ask(question.get());
    }
    Shop.Target target = turn.shop.target(chosen);
    SlotFinder.Offer offer =
        turn.finder.find(
            target.branch().tenant(),
            target.resources(),
            target.type(),
            target.branch().zone(),
            when,
            turn.now.withZoneSameInstant(target.branch().zone()));
    switch (offer.kind()) {
      case NONE:
        turn.conversation = turn.conversation.with(new Idle());
        return prefix + turn.say.noSlots();
      case EXACT:
        TimeSlot slot = offer.slots().get(0);
        turn.conversation =
            turn.conversation.nextProposal().with(new AwaitingConfirmation(slot, when));
        return prefix
            + turn.say.exactAvailable(
                turn.say.when(slot.start(), target.branch().zone())
                    + turn.shop.detail(chosen, turn.say));
      default:
        turn.conversation = turn.conversation.with(new Offered(offer.slots(), when));
        return prefix + turn.say.offer(offer.kind(), offer.slots(), target.branch().zone());
    }
  }

  String offerMove(Appointment appointment, When when) {
    ZoneId zone = turn.shop.zone(appointment);
    SlotFinder.Offer offer =
        turn.finder.find(
            appointment.tenant(),
            List.of(appointment.resource()),
            appointment.type(),
            zone,
            when,
            turn.now.withZoneSameInstant(zone));
    String from =
        turn.say.when(appointment.start(), zone) + turn.shop.detail(appointment, turn.say);
    switch (offer.kind()) {
      case NONE:
        turn.conversation = turn.conversation.with(new Idle());
        return turn.say.noSlots();
      case EXACT:
        TimeSlot slot = offer.slots().get(0);
        turn.conversation =
            turn.conversation
                .nextProposal()
                .with(new AwaitingRescheduleConfirmation(appointment.id(), slot, when));
        return turn.say.confirmMove(from, turn.say.when(slot.start(), zone));
      default:
        turn.conversation =
            turn.conversation.with(new Rescheduling(appointment.id(), offer.slots(), when));
        return turn.say.moveHeader(from)
            + turn.say.list(offer.slots(), zone)
            + "\n"
            + turn.say.pickNumber();
    }
  }

  String choose(int n) {
    ConversationState state = turn.conversation.state();
    List<TimeSlot> slots =
        state instanceof Offered o
            ? o.slots()
            : state instanceof Rescheduling r ? r.slots() : List.of();
    if (slots.isEmpty()) {
      return turn.unknown();
    }
    if (n > slots.size()) {
      return turn.say.chooseBetween(slots.size()) + turn.say.list(slots, turn.offeredZone());
    }
    TimeSlot slot = slots.get(n - 1);
    if (state instanceof Rescheduling r) {
      Optional<Appointment> appointment = turn.appointments.active(r.appointment());
      if (appointment.isEmpty()) {
        turn.conversation = turn.conversation.with(new Idle());
        return turn.say.noAppointment();
      }
      turn.conversation =
          turn.conversation
              .nextProposal()
              .with(new AwaitingRescheduleConfirmation(r.appointment(), slot, r.request()));
      ZoneId zone = turn.shop.zone(appointment.get());
      return turn.say.confirmMove(
          turn.say.when(appointment.get().start(), zone)
              + turn.shop.detail(appointment.get(), turn.say),
          turn.say.when(slot.start(), zone));
    }
    turn.conversation =
        turn.conversation
            .nextProposal()
            .with(new AwaitingConfirmation(slot, ((Offered) state).request()));
    return turn.say.confirmBooking(
        turn.say.when(slot.start(), turn.shop.zone(turn.conversation.selection()))
            + turn.shop.detail(turn.conversation.selection(), turn.say));
  }

  String confirmBooking(AwaitingConfirmation pending) {
    TimeSlot slot = pending.slot();
    Attendee attendee =
        Attendee.builder(
                turn.profileName.isBlank() ? turn.say.defaultName() : turn.profileName.strip())
            .phone(turn.phone)
            .locale(turn.say.language())
            .build();
    Selection chosen = turn.conversation.selection();
    if (turn.shop.fit(chosen).isEmpty()
        || turn.shop.question(chosen, pending.request()).isPresent()) {
      return offerBooking(pending.request(), turn.say.notBooked() + " ");
    }
    Shop.Target target = turn.shop.target(chosen);
    ResourceId resource = turn.shop.assign(target, slot, turn.service.appointmentStore());
    BookingRequest request =
        BookingRequest.builder(
                target.branch().tenant(), resource, target.type(), slot.start(), attendee)
            .displayZone(target.branch().zone())
            .idempotencyKey(idempotencyKey(slot))
            .build();
    Appointment booked;
    try {
      booked = turn.service.book(request);
    } catch (SlotUnavailableException e) {
      logAboutCustomer(
          "Slot {} offered to customer {} of tenant {} was taken meanwhile: {}",
          slot.start(),
          e.getMessage());
      return offerBooking(pending.request(), turn.say.taken() + " ");
    } catch (IdempotencyKeyReusedException e) {
      Turn.log.warn(
          "Booking key of a proposal to customer {} of tenant {} names another request; not booked",
          Attendee.maskPhone(turn.phone),
          turn.tenant);
      return offerBooking(pending.request(), turn.say.notBooked() + " ");
    }
    // A replay of this proposal's key returns the appointment as it is now: one cancelled since
    // holds nothing, and "booked" would be a lie.
    if (!AppointmentLifecycle.holdsTime(booked.status())) {
      logAboutCustomer(
          "Booking {} for customer {} of tenant {} came back {}; offering fresh times",
          booked.id(),
          booked.status());
      return offerBooking(pending.request(), turn.say.notBooked() + " ");
    }
    turn.conversation =
        turn.conversation
            .plusAppointment(booked.id())
            .withSelection(Selection.NONE)
            .with(new Idle());
    Turn.log.info(
        "Assistant booking {} for customer {} of tenant {}",
        booked.id(),
        Attendee.maskPhone(turn.phone),
        turn.tenant);
    return turn.say.booked(
        turn.say.when(booked.start(), turn.shop.zone(booked)) + turn.shop.detail(booked, turn.say));
  }

  /**
   * Moves the appointment. If it was cancelled or changed since the proposal so that it can no
   * longer be moved (also when that happens between this check and the write), the customer is told
   * and offered fresh times to book instead; nothing is moved.
   */
  String confirmMove(AwaitingRescheduleConfirmation pending) {
    Optional<Appointment> current = turn.appointments.active(pending.appointment());
    if (current.isEmpty()) {
      return moveNoLongerPossible(pending, "it is no longer active");
    }
    try {
      Appointment moved =
          turn.service.reschedule(
              current.get().tenant(), pending.appointment(), pending.slot().start());
      turn.conversation = turn.conversation.with(new Idle());
      return turn.say.moved(
          turn.say.when(moved.start(), turn.shop.zone(moved)) + turn.shop.detail(moved, turn.say));
    } catch (SlotUnavailableException e) {
      Optional<Appointment> appointment = turn.appointments.active(pending.appointment());
      if (appointment.isEmpty()) {
        return moveNoLongerPossible(pending, e.getMessage());
      }
      logAboutCustomer(
          "Slot {} offered for a move to customer {} of tenant {} was taken meanwhile: {}",
          pending.slot().start(),
          e.getMessage());
      return turn.say.taken() + " " + offerMove(appointment.get(), pending.request());
    } catch (InvalidTransitionException | NotFoundException e) {
      return moveNoLongerPossible(pending, e.getMessage());
    }
  }

  String moveNoLongerPossible(AwaitingRescheduleConfirmation pending, String why) {
    logAboutCustomer(
        "Appointment {} of customer {} of tenant {} was not moved, it changed since the proposal:"
            + " {}",
        pending.appointment(),
        why);
    return offerBooking(pending.request(), turn.say.moveNoLongerPossible() + " ");
  }

  /**
   * The same for every delivery of the same "yes" to the same proposal, and different for each new
   * proposal (its id is random, see {@link Conversation#proposal()}): a duplicated message books
   * once, and a new proposal never replays an old booking. The phone is hashed so the key never
   * shows it. At most 9 + 32 + 1 + 32 + 1 + 20 characters.
   */
  String idempotencyKey(TimeSlot slot) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  (turn.tenant.value() + "\u0000" + turn.phone).getBytes(StandardCharsets.UTF_8));
      return "whatsapp:"
          + HexFormat.of().formatHex(digest, 0, 16)
          + ":"
          + turn.conversation.proposal()
          + ":"
          + slot.start().getEpochSecond();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  /**
   * Logs at info a message whose placeholders are: the subject, the customer (by masked phone), the
   * tenant, and the detail.
   */
  private void logAboutCustomer(String message, Object subject, Object detail) {
    Turn.log.info(message, subject, Attendee.maskPhone(turn.phone), turn.tenant, detail);
  }
}
