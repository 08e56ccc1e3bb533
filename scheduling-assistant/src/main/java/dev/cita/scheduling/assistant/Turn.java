package dev.cita.scheduling.assistant;

import dev.cita.scheduling.BookingRequest;
import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.IdempotencyKeyReusedException;
import dev.cita.scheduling.InvalidTransitionException;
import dev.cita.scheduling.NotFoundException;
import dev.cita.scheduling.SlotUnavailableException;
import dev.cita.scheduling.assistant.ConversationState.AwaitingCancelConfirmation;
import dev.cita.scheduling.assistant.ConversationState.AwaitingConfirmation;
import dev.cita.scheduling.assistant.ConversationState.AwaitingRescheduleConfirmation;
import dev.cita.scheduling.assistant.ConversationState.Idle;
import dev.cita.scheduling.assistant.ConversationState.Offered;
import dev.cita.scheduling.assistant.ConversationState.Rescheduling;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeSlot;
import dev.cita.scheduling.status.AppointmentLifecycle;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One message's worth of dialogue: reads the state, acts on the intent, leaves the next state. */
final class Turn {
  private static final Logger log = LoggerFactory.getLogger(Turn.class);

  private final BookingService service;
  private final SlotFinder finder;
  private final TenantId tenant;
  private final TenantBookingConfig config;
  private final String phone;
  private final String profileName;
  private final ZonedDateTime now;
  private final Phrases say;
  private Conversation conversation;

  Turn(
      BookingService service,
      SlotFinder finder,
      TenantId tenant,
      TenantBookingConfig config,
      String phone,
      String profileName,
      ZonedDateTime now,
      Phrases say,
      Conversation conversation) {
    this.service = service;
    this.finder = finder;
    this.tenant = tenant;
    this.config = config;
    this.phone = phone;
    this.profileName = profileName;
    this.now = now;
    this.say = say;
    this.conversation = conversation;
  }

  Conversation conversation() {
    return conversation;
  }

  String respond(Intent intent) {
    return switch (intent.kind()) {
      case GREETING -> greet();
      case BOOK -> book(intent.when());
      case CHOOSE -> choose(intent.choice());
      case CONFIRM_YES -> yes();
      case CONFIRM_NO -> no();
      case CANCEL -> cancel();
      case RESCHEDULE -> reschedule(intent.when());
      case INVALID_WHEN -> invalid(intent.problem().orElseThrow());
      case UNKNOWN -> unknown();
    };
  }

  /**
   * Says the date or time is not valid. A pending yes-or-no question is withdrawn (its time stays
   * on offer as a numbered option), so a later "sí" cannot book a time the customer moved away
   * from.
   */
  private String invalid(WhenProblem problem) {
    ConversationState state = conversation.state();
    if (state instanceof AwaitingConfirmation a) {
      conversation = conversation.with(new Offered(List.of(a.slot()), a.request()));
    } else if (state instanceof AwaitingRescheduleConfirmation r) {
      conversation =
          conversation.with(new Rescheduling(r.appointment(), List.of(r.slot()), r.request()));
    } else if (state instanceof AwaitingCancelConfirmation) {
      conversation = conversation.with(new Idle());
    }
    return say.invalidWhen(problem);
  }

  private String greet() {
    String greeting = say.greeting(profileName.strip());
    return conversation.state() instanceof Idle ? greeting : greeting + "\n\n" + unknown();
  }

  private String book(When when) {
    ConversationState state = conversation.state();
    List<TimeSlot> offered =
        state instanceof Offered o
            ? o.slots()
            : state instanceof Rescheduling r ? r.slots() : List.of();
    if (when.date().isEmpty() && when.time().isPresent() && !offered.isEmpty()) {
      // "a las 11" while a day's times are listed: that day's 11:00, if it was offered.
      for (int i = 0; i < offered.size(); i++) {
        if (offered.get(i).start().atZone(config.zone()).toLocalTime().equals(when.time().get())) {
          return choose(i + 1);
        }
      }
      when =
          new When(
              Optional.of(offered.get(0).start().atZone(config.zone()).toLocalDate()),
              when.time(),
              when.partOfDay());
    }
    Optional<AppointmentId> moving = movingAppointment();
    if (moving.isPresent()) {
      Optional<Appointment> appointment = active(moving.get());
      if (appointment.isPresent()) {
        return offerMove(appointment.get(), when);
      }
    }
    return offerBooking(when, "");
  }

  private String offerBooking(When when, String prefix) {
    SlotFinder.Offer offer =
        finder.find(tenant, config.resources(), config.type(), config.zone(), when, now);
    switch (offer.kind()) {
      case NONE:
        conversation = conversation.with(new Idle());
        return prefix + say.noSlots();
      case EXACT:
        TimeSlot slot = offer.slots().get(0);
        conversation = conversation.nextProposal().with(new AwaitingConfirmation(slot, when));
        return prefix + say.exactAvailable(say.when(slot.start()));
      default:
        conversation = conversation.with(new Offered(offer.slots(), when));
        return prefix + say.offer(offer.kind(), offer.slots());
    }
  }

  private String offerMove(Appointment appointment, When when) {
    SlotFinder.Offer offer =
        finder.find(
            tenant, List.of(appointment.resource()), config.type(), config.zone(), when, now);
    String from = say.when(appointment.start());
    switch (offer.kind()) {
      case NONE:
        conversation = conversation.with(new Idle());
        return say.noSlots();
      case EXACT:
        TimeSlot slot = offer.slots().get(0);
        conversation =
            conversation
                .nextProposal()
                .with(new AwaitingRescheduleConfirmation(appointment.id(), slot, when));
        return say.confirmMove(from, say.when(slot.start()));
      default:
        conversation = conversation.with(new Rescheduling(appointment.id(), offer.slots(), when));
        return say.moveHeader(from) + say.list(offer.slots()) + "\n" + say.pickNumber();
    }
  }

  private String choose(int n) {
    ConversationState state = conversation.state();
    List<TimeSlot> slots =
        state instanceof Offered o
            ? o.slots()
            : state instanceof Rescheduling r ? r.slots() : List.of();
    if (slots.isEmpty()) {
      return unknown();
    }
    if (n > slots.size()) {
      return say.chooseBetween(slots.size()) + say.list(slots);
    }
    TimeSlot slot = slots.get(n - 1);
    if (state instanceof Rescheduling r) {
      Optional<Appointment> appointment = active(r.appointment());
      if (appointment.isEmpty()) {
        conversation = conversation.with(new Idle());
        return say.noAppointment();
      }
      conversation =
          conversation
              .nextProposal()
              .with(new AwaitingRescheduleConfirmation(r.appointment(), slot, r.request()));
      return say.confirmMove(say.when(appointment.get().start()), say.when(slot.start()));
    }
    conversation =
        conversation
            .nextProposal()
            .with(new AwaitingConfirmation(slot, ((Offered) state).request()));
    return say.confirmBooking(say.when(slot.start()));
  }

  private String yes() {
    ConversationState state = conversation.state();
    if (state instanceof AwaitingConfirmation a) {
      return confirmBooking(a);
    }
    if (state instanceof AwaitingCancelConfirmation c) {
      return confirmCancel(c.appointment());
    }
    if (state instanceof AwaitingRescheduleConfirmation r) {
      return confirmMove(r);
    }
    if (state instanceof Offered || state instanceof Rescheduling) {
      return unknown();
    }
    return say.nothingPending();
  }

  private String confirmBooking(AwaitingConfirmation pending) {
    TimeSlot slot = pending.slot();
    Attendee attendee =
        Attendee.builder(profileName.isBlank() ? say.defaultName() : profileName.strip())
            .phone(phone)
            .locale(say.language())
            .build();
    ResourceId resource = slot.resources().get(0);
    BookingRequest request =
        BookingRequest.builder(tenant, resource, config.type(), slot.start(), attendee)
            .displayZone(config.zone())
            .idempotencyKey(idempotencyKey(slot))
            .build();
    Appointment booked;
    try {
      booked = service.book(request);
    } catch (SlotUnavailableException e) {
      log.info(
          "Slot {} offered to customer {} of tenant {} was taken meanwhile: {}",
          slot.start(),
          Attendee.maskPhone(phone),
          tenant,
          e.getMessage());
      return offerBooking(pending.request(), say.taken() + " ");
    } catch (IdempotencyKeyReusedException e) {
      log.warn(
          "Booking key of a proposal to customer {} of tenant {} names another request; not booked",
          Attendee.maskPhone(phone),
          tenant);
      return offerBooking(pending.request(), say.notBooked() + " ");
    }
    // A replay of this proposal's key returns the appointment as it is now: one cancelled since
    // holds nothing, and "booked" would be a lie.
    if (!AppointmentLifecycle.holdsTime(booked.status())) {
      log.info(
          "Booking {} for customer {} of tenant {} came back {}; offering fresh times",
          booked.id(),
          Attendee.maskPhone(phone),
          tenant,
          booked.status());
      return offerBooking(pending.request(), say.notBooked() + " ");
    }
    conversation = conversation.plusAppointment(booked.id()).with(new Idle());
    log.info(
        "Assistant booking {} for customer {} of tenant {}",
        booked.id(),
        Attendee.maskPhone(phone),
        tenant);
    return say.booked(say.when(booked.start()));
  }

  private String confirmCancel(AppointmentId id) {
    Optional<Appointment> appointment = active(id);
    conversation = conversation.with(new Idle());
    if (appointment.isEmpty()) {
      return say.noAppointment();
    }
    try {
      service.cancel(tenant, id);
    } catch (InvalidTransitionException e) {
      log.info("Appointment {} could not be cancelled from the chat: {}", id, e.getMessage());
      return say.noAppointment();
    }
    conversation =
        conversation.withAppointments(
            conversation.appointments().stream().filter(a -> !a.equals(id)).toList());
    return say.cancelled(say.when(appointment.get().start()));
  }

  /**
   * Moves the appointment. If it was cancelled or changed since the proposal so that it can no
   * longer be moved (also when that happens between this check and the write), the customer is told
   * and offered fresh times to book instead; nothing is moved.
   */
  private String confirmMove(AwaitingRescheduleConfirmation pending) {
    if (active(pending.appointment()).isEmpty()) {
      return moveNoLongerPossible(pending, "it is no longer active");
    }
    try {
      Appointment moved = service.reschedule(tenant, pending.appointment(), pending.slot().start());
      conversation = conversation.with(new Idle());
      return say.moved(say.when(moved.start()));
    } catch (SlotUnavailableException e) {
      Optional<Appointment> appointment = active(pending.appointment());
      if (appointment.isEmpty()) {
        return moveNoLongerPossible(pending, e.getMessage());
      }
      log.info(
          "Slot {} offered for a move to customer {} of tenant {} was taken meanwhile: {}",
          pending.slot().start(),
          Attendee.maskPhone(phone),
          tenant,
          e.getMessage());
      return say.taken() + " " + offerMove(appointment.get(), pending.request());
    } catch (InvalidTransitionException | NotFoundException e) {
      return moveNoLongerPossible(pending, e.getMessage());
    }
  }

  private String moveNoLongerPossible(AwaitingRescheduleConfirmation pending, String why) {
    log.info(
        "Appointment {} of customer {} of tenant {} was not moved, it changed since the proposal:"
            + " {}",
        pending.appointment(),
        Attendee.maskPhone(phone),
        tenant,
        why);
    return offerBooking(pending.request(), say.moveNoLongerPossible() + " ");
  }

  private String no() {
    ConversationState state = conversation.state();
    conversation = conversation.with(new Idle());
    if (state instanceof AwaitingConfirmation || state instanceof Offered) {
      return say.declined();
    }
    Optional<AppointmentId> about =
        state instanceof AwaitingCancelConfirmation c
            ? Optional.of(c.appointment())
            : movingAppointment(state);
    if (about.isPresent()) {
      Optional<Appointment> appointment = active(about.get());
      if (appointment.isPresent()) {
        return say.kept(say.when(appointment.get().start()));
      }
    }
    return say.nothingPending();
  }

  private String cancel() {
    Optional<Appointment> next = nextAppointment();
    if (next.isEmpty()) {
      ConversationState state = conversation.state();
      conversation = conversation.with(new Idle());
      return state instanceof AwaitingConfirmation || state instanceof Offered
          ? say.declined()
          : say.noAppointment();
    }
    conversation = conversation.with(new AwaitingCancelConfirmation(next.get().id()));
    return say.askCancel(say.when(next.get().start()));
  }

  private String reschedule(When when) {
    Optional<Appointment> appointment =
        movingAppointment().flatMap(this::active).or(this::nextAppointment);
    if (appointment.isEmpty()) {
      conversation = conversation.with(new Idle());
      return say.noAppointment();
    }
    return offerMove(appointment.get(), when);
  }

  private String unknown() {
    ConversationState state = conversation.state();
    if (state instanceof Offered o) {
      return say.notUnderstoodPick() + say.list(o.slots());
    }
    if (state instanceof Rescheduling r) {
      return say.notUnderstoodPick() + say.list(r.slots());
    }
    if (state instanceof AwaitingConfirmation a) {
      return say.notUnderstoodConfirm(say.when(a.slot().start()));
    }
    if (state instanceof AwaitingRescheduleConfirmation
        || state instanceof AwaitingCancelConfirmation) {
      return say.notUnderstoodYesNo();
    }
    return say.didNotUnderstand();
  }

  private Optional<AppointmentId> movingAppointment() {
    return movingAppointment(conversation.state());
  }

  private static Optional<AppointmentId> movingAppointment(ConversationState state) {
    if (state instanceof Rescheduling r) {
      return Optional.of(r.appointment());
    }
    if (state instanceof AwaitingRescheduleConfirmation r) {
      return Optional.of(r.appointment());
    }
    return Optional.empty();
  }

  /** The appointment, if it still holds time and has not ended. */
  private Optional<Appointment> active(AppointmentId id) {
    return service
        .appointment(tenant, id)
        .filter(
            a -> AppointmentLifecycle.holdsTime(a.status()) && a.end().isAfter(now.toInstant()));
  }

  /** The customer's next active appointment booked here; forgets the ones no longer active. */
  private Optional<Appointment> nextAppointment() {
    List<Appointment> live =
        conversation.appointments().stream()
            .map(this::active)
            .flatMap(Optional::stream)
            .sorted(Comparator.comparing(Appointment::start))
            .toList();
    conversation = conversation.withAppointments(live.stream().map(Appointment::id).toList());
    return live.stream().findFirst();
  }

  /**
   * The same for every delivery of the same "yes" to the same proposal, and different for each new
   * proposal (its id is random, see {@link Conversation#proposal()}): a duplicated message books
   * once, and a new proposal never replays an old booking. The phone is hashed so the key never
   * shows it. At most 9 + 32 + 1 + 32 + 1 + 20 characters.
   */
  private String idempotencyKey(TimeSlot slot) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((tenant.value() + "\u0000" + phone).getBytes(StandardCharsets.UTF_8));
      return "whatsapp:"
          + HexFormat.of().formatHex(digest, 0, 16)
          + ":"
          + conversation.proposal()
          + ":"
          + slot.start().getEpochSecond();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
