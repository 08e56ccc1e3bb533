package dev.cita.scheduling.assistant;

import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.assistant.ConversationState.AwaitingCancelConfirmation;
import dev.cita.scheduling.assistant.ConversationState.AwaitingConfirmation;
import dev.cita.scheduling.assistant.ConversationState.AwaitingRescheduleConfirmation;
import dev.cita.scheduling.assistant.ConversationState.Choosing;
import dev.cita.scheduling.assistant.ConversationState.Idle;
import dev.cita.scheduling.assistant.ConversationState.Offered;
import dev.cita.scheduling.assistant.ConversationState.Picking;
import dev.cita.scheduling.assistant.ConversationState.Rescheduling;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeSlot;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One message's worth of dialogue: reads the state, acts on the intent, leaves the next state. */
final class Turn {
  static final Logger log = LoggerFactory.getLogger(Turn.class);

  final BookingService service;
  final SlotFinder finder;
  final TenantId tenant;
  final Shop shop;
  final String phone;
  final String profileName;
  final String text;
  final ZonedDateTime now;
  final Phrases say;
  Conversation conversation;
  final TimeOffers times;
  final CustomerAppointments appointments;
  final CatalogueChoices choices;

  Turn(
      BookingService service,
      SlotFinder finder,
      TenantId tenant,
      Shop shop,
      String phone,
      String profileName,
      String text,
      ZonedDateTime now,
      Phrases say,
      Conversation conversation) {
    this.service = service;
    this.finder = finder;
    this.tenant = tenant;
    this.shop = shop;
    this.phone = phone;
    this.profileName = profileName;
    this.text = text;
    this.now = now;
    this.say = say;
    this.conversation = conversation;
    this.times = new TimeOffers(this);
    this.appointments = new CustomerAppointments(this);
    this.choices = new CatalogueChoices(this);
  }

  Conversation conversation() {
    return conversation;
  }

  String respond(Intent intent) {
    String normalized = Words.normalize(text);
    boolean changing =
        intent.kind() == Intent.Kind.CANCEL || intent.kind() == Intent.Kind.RESCHEDULE;
    if (!changing && ChatRequests.myAppointments(normalized)) {
      return appointments.listAppointments();
    }
    Optional<String> catalogue = choices.catalogueTurn(intent, normalized);
    if (catalogue.isPresent()) {
      return catalogue.get();
    }
    ConversationState state = conversation.state();
    if (intent.kind() == Intent.Kind.CHOOSE && state instanceof Choosing c) {
      return choices.chooseOption(c, intent.choice());
    }
    if (intent.kind() == Intent.Kind.CHOOSE && state instanceof Picking p) {
      return appointments.pick(p, intent.choice(), p.request());
    }
    return switch (intent.kind()) {
      case GREETING -> greet();
      case BOOK -> book(intent.when());
      case CHOOSE -> times.choose(intent.choice());
      case CONFIRM_YES -> yes();
      case CONFIRM_NO -> no();
      case CANCEL -> appointments.cancel(normalized);
      case RESCHEDULE -> appointments.reschedule(intent.when(), normalized);
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
        if (offered.get(i).start().atZone(offeredZone()).toLocalTime().equals(when.time().get())) {
          return times.choose(i + 1);
        }
      }
      when =
          new When(
              Optional.of(offered.get(0).start().atZone(offeredZone()).toLocalDate()),
              when.time(),
              when.partOfDay());
    }
    Optional<AppointmentId> moving = movingAppointment();
    if (moving.isPresent()) {
      Optional<Appointment> appointment = appointments.active(moving.get());
      if (appointment.isPresent()) {
        return times.offerMove(appointment.get(), when);
      }
    }
    return times.offerBooking(when, "");
  }

  private String yes() {
    ConversationState state = conversation.state();
    if (state instanceof AwaitingConfirmation a) {
      return times.confirmBooking(a);
    }
    if (state instanceof AwaitingCancelConfirmation c) {
      return appointments.confirmCancel(c.appointment());
    }
    if (state instanceof AwaitingRescheduleConfirmation r) {
      return times.confirmMove(r);
    }
    if (state instanceof Offered
        || state instanceof Rescheduling
        || state instanceof Choosing
        || state instanceof Picking) {
      return unknown();
    }
    return say.nothingPending();
  }

  private String no() {
    ConversationState state = conversation.state();
    conversation = conversation.withSelection(Selection.NONE).with(new Idle());
    if (state instanceof AwaitingConfirmation
        || state instanceof Offered
        || state instanceof Choosing) {
      return say.declined();
    }
    Optional<AppointmentId> about =
        state instanceof AwaitingCancelConfirmation c
            ? Optional.of(c.appointment())
            : movingAppointment(state);
    if (about.isPresent()) {
      Optional<Appointment> appointment = appointments.active(about.get());
      if (appointment.isPresent()) {
        return say.kept(say.when(appointment.get().start(), shop.zone(appointment.get())));
      }
    }
    return say.nothingPending();
  }

  String unknown() {
    ConversationState state = conversation.state();
    if (state instanceof Offered o) {
      return say.notUnderstoodPick() + say.list(o.slots(), shop.zone(conversation.selection()));
    }
    if (state instanceof Rescheduling r) {
      return say.notUnderstoodPick() + say.list(r.slots(), movingZone(r.appointment()));
    }
    if (state instanceof Choosing c) {
      return choices.ask(c);
    }
    if (state instanceof Picking p && p.appointments().size() > 1) {
      List<Appointment> live =
          p.appointments().stream().map(appointments::active).flatMap(Optional::stream).toList();
      return say.whichAppointment() + appointments.describe(live) + "\n" + say.pickNumber();
    }
    if (state instanceof AwaitingConfirmation a) {
      return say.notUnderstoodConfirm(
          say.when(a.slot().start(), shop.zone(conversation.selection())));
    }
    if (state instanceof AwaitingRescheduleConfirmation
        || state instanceof AwaitingCancelConfirmation) {
      return say.notUnderstoodYesNo();
    }
    return say.didNotUnderstand();
  }

  /** The zone of the times on offer: the moved appointment's, else the selection's branch's. */
  ZoneId offeredZone() {
    return conversation.state() instanceof Rescheduling r
        ? movingZone(r.appointment())
        : shop.zone(conversation.selection());
  }

  /** The zone of the appointment being moved, else the selection's. */
  ZoneId movingZone(AppointmentId id) {
    return appointments
        .active(id)
        .map(shop::zone)
        .orElseGet(() -> shop.zone(conversation.selection()));
  }

  /** Today in the zone of the branch the chat is about. */
  LocalDate today() {
    return now.withZoneSameInstant(shop.zone(conversation.selection())).toLocalDate();
  }

  Optional<AppointmentId> movingAppointment() {
    return movingAppointment(conversation.state());
  }

  static Optional<AppointmentId> movingAppointment(ConversationState state) {
    if (state instanceof Rescheduling r) {
      return Optional.of(r.appointment());
    }
    if (state instanceof AwaitingRescheduleConfirmation r) {
      return Optional.of(r.appointment());
    }
    return Optional.empty();
  }
}
