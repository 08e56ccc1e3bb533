package dev.cita.scheduling.assistant;

import dev.cita.scheduling.AttendeeQuery;
import dev.cita.scheduling.BookingRequest;
import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.IdempotencyKeyReusedException;
import dev.cita.scheduling.InvalidTransitionException;
import dev.cita.scheduling.NotFoundException;
import dev.cita.scheduling.SlotUnavailableException;
import dev.cita.scheduling.assistant.ConversationState.Action;
import dev.cita.scheduling.assistant.ConversationState.AwaitingCancelConfirmation;
import dev.cita.scheduling.assistant.ConversationState.AwaitingConfirmation;
import dev.cita.scheduling.assistant.ConversationState.AwaitingRescheduleConfirmation;
import dev.cita.scheduling.assistant.ConversationState.Choosing;
import dev.cita.scheduling.assistant.ConversationState.Dimension;
import dev.cita.scheduling.assistant.ConversationState.Idle;
import dev.cita.scheduling.assistant.ConversationState.Offered;
import dev.cita.scheduling.assistant.ConversationState.Picking;
import dev.cita.scheduling.assistant.ConversationState.Rescheduling;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeSlot;
import dev.cita.scheduling.status.AppointmentLifecycle;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One message's worth of dialogue: reads the state, acts on the intent, leaves the next state. */
final class Turn {
  private static final Logger log = LoggerFactory.getLogger(Turn.class);

  private final BookingService service;
  private final SlotFinder finder;
  private final TenantId tenant;
  private final Shop shop;
  private final String phone;
  private final String profileName;
  private final String text;
  private final ZonedDateTime now;
  private final Phrases say;
  private Conversation conversation;

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
  }

  Conversation conversation() {
    return conversation;
  }

  String respond(Intent intent) {
    String normalized = Words.normalize(text);
    boolean changing =
        intent.kind() == Intent.Kind.CANCEL || intent.kind() == Intent.Kind.RESCHEDULE;
    if (!changing && ChatRequests.myAppointments(normalized)) {
      return listAppointments();
    }
    Optional<String> catalogue = catalogueTurn(intent, normalized);
    if (catalogue.isPresent()) {
      return catalogue.get();
    }
    ConversationState state = conversation.state();
    if (intent.kind() == Intent.Kind.CHOOSE && state instanceof Choosing c) {
      return chooseOption(c, intent.choice());
    }
    if (intent.kind() == Intent.Kind.CHOOSE && state instanceof Picking p) {
      return pick(p, intent.choice(), p.request());
    }
    return switch (intent.kind()) {
      case GREETING -> greet();
      case BOOK -> book(intent.when());
      case CHOOSE -> choose(intent.choice());
      case CONFIRM_YES -> yes();
      case CONFIRM_NO -> no();
      case CANCEL -> cancel(normalized);
      case RESCHEDULE -> reschedule(intent.when(), normalized);
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
          return choose(i + 1);
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
      Optional<Appointment> appointment = active(moving.get());
      if (appointment.isPresent()) {
        return offerMove(appointment.get(), when);
      }
    }
    return offerBooking(when, "");
  }

  private String offerBooking(When when, String prefix) {
    Selection chosen = conversation.selection();
    if (shop.fit(chosen).isEmpty()) {
      prefix = prefix + say.notOffered() + " ";
      chosen = shop.relax(chosen);
      conversation = conversation.withSelection(chosen);
    }
    Optional<Choosing> question = shop.question(chosen, when);
    if (question.isPresent()) {
      conversation = conversation.with(question.get());
      return prefix + ask(question.get());
    }
    Shop.Target target = shop.target(chosen);
    SlotFinder.Offer offer =
        finder.find(
            target.branch().tenant(),
            target.resources(),
            target.type(),
            target.branch().zone(),
            when,
            now.withZoneSameInstant(target.branch().zone()));
    switch (offer.kind()) {
      case NONE:
        conversation = conversation.with(new Idle());
        return prefix + say.noSlots();
      case EXACT:
        TimeSlot slot = offer.slots().get(0);
        conversation = conversation.nextProposal().with(new AwaitingConfirmation(slot, when));
        return prefix
            + say.exactAvailable(
                say.when(slot.start(), target.branch().zone()) + shop.detail(chosen, say));
      default:
        conversation = conversation.with(new Offered(offer.slots(), when));
        return prefix + say.offer(offer.kind(), offer.slots(), target.branch().zone());
    }
  }

  private String offerMove(Appointment appointment, When when) {
    ZoneId zone = shop.zone(appointment);
    SlotFinder.Offer offer =
        finder.find(
            appointment.tenant(),
            List.of(appointment.resource()),
            appointment.type(),
            zone,
            when,
            now.withZoneSameInstant(zone));
    String from = say.when(appointment.start(), zone) + shop.detail(appointment, say);
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
        return say.confirmMove(from, say.when(slot.start(), zone));
      default:
        conversation = conversation.with(new Rescheduling(appointment.id(), offer.slots(), when));
        return say.moveHeader(from) + say.list(offer.slots(), zone) + "\n" + say.pickNumber();
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
      return say.chooseBetween(slots.size()) + say.list(slots, offeredZone());
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
      ZoneId zone = shop.zone(appointment.get());
      return say.confirmMove(
          say.when(appointment.get().start(), zone) + shop.detail(appointment.get(), say),
          say.when(slot.start(), zone));
    }
    conversation =
        conversation
            .nextProposal()
            .with(new AwaitingConfirmation(slot, ((Offered) state).request()));
    return say.confirmBooking(
        say.when(slot.start(), shop.zone(conversation.selection()))
            + shop.detail(conversation.selection(), say));
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
    if (state instanceof Offered
        || state instanceof Rescheduling
        || state instanceof Choosing
        || state instanceof Picking) {
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
    Selection chosen = conversation.selection();
    if (shop.fit(chosen).isEmpty() || shop.question(chosen, pending.request()).isPresent()) {
      return offerBooking(pending.request(), say.notBooked() + " ");
    }
    Shop.Target target = shop.target(chosen);
    ResourceId resource = shop.assign(target, slot, service.appointmentStore());
    BookingRequest request =
        BookingRequest.builder(
                target.branch().tenant(), resource, target.type(), slot.start(), attendee)
            .displayZone(target.branch().zone())
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
    conversation =
        conversation.plusAppointment(booked.id()).withSelection(Selection.NONE).with(new Idle());
    log.info(
        "Assistant booking {} for customer {} of tenant {}",
        booked.id(),
        Attendee.maskPhone(phone),
        tenant);
    return say.booked(say.when(booked.start(), shop.zone(booked)) + shop.detail(booked, say));
  }

  private String confirmCancel(AppointmentId id) {
    Optional<Appointment> appointment = active(id);
    conversation = conversation.with(new Idle());
    if (appointment.isEmpty()) {
      return say.noAppointment();
    }
    try {
      service.cancel(appointment.get().tenant(), id);
    } catch (InvalidTransitionException e) {
      log.info("Appointment {} could not be cancelled from the chat: {}", id, e.getMessage());
      return say.noAppointment();
    }
    conversation =
        conversation.withAppointments(
            conversation.appointments().stream().filter(a -> !a.equals(id)).toList());
    return say.cancelled(
        say.when(appointment.get().start(), shop.zone(appointment.get()))
            + shop.detail(appointment.get(), say));
  }

  /**
   * Moves the appointment. If it was cancelled or changed since the proposal so that it can no
   * longer be moved (also when that happens between this check and the write), the customer is told
   * and offered fresh times to book instead; nothing is moved.
   */
  private String confirmMove(AwaitingRescheduleConfirmation pending) {
    Optional<Appointment> current = active(pending.appointment());
    if (current.isEmpty()) {
      return moveNoLongerPossible(pending, "it is no longer active");
    }
    try {
      Appointment moved =
          service.reschedule(current.get().tenant(), pending.appointment(), pending.slot().start());
      conversation = conversation.with(new Idle());
      return say.moved(say.when(moved.start(), shop.zone(moved)) + shop.detail(moved, say));
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
      Optional<Appointment> appointment = active(about.get());
      if (appointment.isPresent()) {
        return say.kept(say.when(appointment.get().start(), shop.zone(appointment.get())));
      }
    }
    return say.nothingPending();
  }

  private String cancel(String normalized) {
    When named = WhenReader.read(normalized, today()).when();
    Optional<LocalDate> day = named.date();
    List<Appointment> candidates = atTime(referred(normalized, day), named);
    if (candidates.isEmpty()) {
      ConversationState state = conversation.state();
      conversation = conversation.with(new Idle());
      if (state instanceof AwaitingConfirmation
          || state instanceof Offered
          || state instanceof Choosing) {
        conversation = conversation.withSelection(Selection.NONE);
        return say.declined();
      }
      return day.isPresent() ? say.noAppointmentThatDay() : say.noAppointment();
    }
    if (candidates.size() > 1) {
      return askWhich(Action.CANCEL, candidates, When.ANY);
    }
    Appointment one = candidates.get(0);
    conversation = conversation.with(new AwaitingCancelConfirmation(one.id()));
    return say.askCancel(say.when(one.start(), shop.zone(one)) + shop.detail(one, say));
  }

  private String reschedule(When when, String normalized) {
    Optional<Appointment> moving = movingAppointment().flatMap(this::active);
    if (moving.isPresent()) {
      return offerMove(moving.get(), when);
    }
    if (conversation.state() instanceof Picking && ChatRequests.number(normalized).isPresent()) {
      // "cambiar la 2": the 2 picks from the list, it is not a time.
      when = WhenReader.read(ChatRequests.withoutNumber(normalized), today()).when();
    }
    When named = When.ANY;
    Optional<List<String>> fromTo = ChatRequests.fromTo(normalized);
    if (fromTo.isPresent()) {
      // "del jueves para el sábado": Thursday's appointment, to Saturday.
      When before = WhenReader.read(fromTo.get().get(0), today()).when();
      if (before.date().isPresent()) {
        named = before;
        when = WhenReader.read(fromTo.get().get(1), today()).when();
      }
    }
    Optional<LocalDate> from = named.date();
    List<Appointment> candidates = atTime(referred(normalized, from), named);
    if (candidates.isEmpty()) {
      conversation = conversation.with(new Idle());
      return from.isPresent() ? say.noAppointmentThatDay() : say.noAppointment();
    }
    if (candidates.size() > 1) {
      return askWhich(Action.MOVE, candidates, when);
    }
    return offerMove(candidates.get(0), when);
  }

  /**
   * The appointments a cancel or move refers to: the one numbered in a list just shown, or the
   * list's, or the customer's upcoming ones (on the day named, if one is).
   */
  private List<Appointment> referred(String normalized, Optional<LocalDate> day) {
    if (conversation.state() instanceof Picking p) {
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
            a -> day.isEmpty() || a.start().atZone(shop.zone(a)).toLocalDate().equals(day.get()))
        .toList();
  }

  /** The ones at the local time named ("del jueves a las 15"), if any is; else all of them. */
  private List<Appointment> atTime(List<Appointment> appointments, When named) {
    if (named.time().isEmpty()) {
      return appointments;
    }
    List<Appointment> at =
        appointments.stream()
            .filter(a -> a.start().atZone(shop.zone(a)).toLocalTime().equals(named.time().get()))
            .toList();
    return at.isEmpty() ? appointments : at;
  }

  private String askWhich(Action action, List<Appointment> candidates, When when) {
    conversation =
        conversation.with(
            new Picking(action, candidates.stream().map(Appointment::id).toList(), when));
    return say.whichAppointment() + describe(candidates) + "\n" + say.pickNumber();
  }

  private String listAppointments() {
    List<Appointment> mine = upcoming();
    if (mine.isEmpty()) {
      conversation = conversation.with(new Idle());
      return say.noAppointment();
    }
    conversation =
        conversation
            .withSelection(Selection.NONE)
            .with(new Picking(Action.LIST, mine.stream().map(Appointment::id).toList(), When.ANY));
    return say.yourAppointments() + describe(mine) + "\n" + say.listFooter();
  }

  private String pick(Picking picking, int n, When when) {
    List<AppointmentId> ids = picking.appointments();
    if (n > ids.size()) {
      List<Appointment> live = ids.stream().map(this::active).flatMap(Optional::stream).toList();
      return say.chooseBetween(ids.size()) + describe(live);
    }
    Optional<Appointment> appointment = active(ids.get(n - 1));
    if (appointment.isEmpty()) {
      conversation = conversation.with(new Idle());
      return say.noAppointment();
    }
    Appointment one = appointment.get();
    String what = say.when(one.start(), shop.zone(one)) + shop.detail(one, say);
    switch (picking.action()) {
      case CANCEL:
        conversation = conversation.with(new AwaitingCancelConfirmation(one.id()));
        return say.askCancel(what);
      case MOVE:
        return offerMove(one, when);
      default:
        conversation = conversation.with(new Picking(Action.LIST, List.of(one.id()), When.ANY));
        return say.moveOrCancel(what);
    }
  }

  private String describe(List<Appointment> appointments) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < appointments.size(); i++) {
      Appointment a = appointments.get(i);
      b.append('\n')
          .append(i + 1)
          .append(") ")
          .append(say.when(a.start(), shop.zone(a)))
          .append(shop.detail(a, say));
    }
    return b.toString();
  }

  /**
   * The customer's appointments that hold time and have not ended, in every tenant of the chat,
   * wherever they were booked (found by phone), and the ones booked here; soonest first.
   */
  private List<Appointment> upcoming() {
    Map<AppointmentId, Appointment> all = new LinkedHashMap<>();
    Instant from = now.toInstant().minus(Duration.ofDays(1));
    for (TenantId t : shop.tenants()) {
      try {
        service
            .appointmentsOf(AttendeeQuery.byPhone(t, phone).startingFrom(from).limit(50).build())
            .appointments()
            .forEach(a -> all.put(a.id(), a));
      } catch (UnsupportedOperationException e) {
        log.debug("Appointment store cannot find by attendee; using the chat's own list");
      }
    }
    for (AppointmentId id : conversation.appointments()) {
      active(id).ifPresent(a -> all.putIfAbsent(a.id(), a));
    }
    List<Appointment> live =
        all.values().stream()
            .filter(this::live)
            .sorted(Comparator.comparing(Appointment::start).thenComparing(a -> a.id().value()))
            .toList();
    conversation =
        conversation.withAppointments(
            conversation.appointments().stream()
                .filter(id -> live.stream().anyMatch(a -> a.id().equals(id)))
                .toList());
    return live;
  }

  private String unknown() {
    ConversationState state = conversation.state();
    if (state instanceof Offered o) {
      return say.notUnderstoodPick() + say.list(o.slots(), shop.zone(conversation.selection()));
    }
    if (state instanceof Rescheduling r) {
      return say.notUnderstoodPick() + say.list(r.slots(), movingZone(r.appointment()));
    }
    if (state instanceof Choosing c) {
      return ask(c);
    }
    if (state instanceof Picking p && p.appointments().size() > 1) {
      List<Appointment> live =
          p.appointments().stream().map(this::active).flatMap(Optional::stream).toList();
      return say.whichAppointment() + describe(live) + "\n" + say.pickNumber();
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
  private ZoneId offeredZone() {
    return conversation.state() instanceof Rescheduling r
        ? movingZone(r.appointment())
        : shop.zone(conversation.selection());
  }

  /** The zone of the appointment being moved, else the selection's. */
  private ZoneId movingZone(AppointmentId id) {
    return active(id).map(shop::zone).orElseGet(() -> shop.zone(conversation.selection()));
  }

  /** Today in the zone of the branch the chat is about. */
  private LocalDate today() {
    return now.withZoneSameInstant(shop.zone(conversation.selection())).toLocalDate();
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

  /** The appointment, in any tenant of the chat, if it still holds time and has not ended. */
  private Optional<Appointment> active(AppointmentId id) {
    for (TenantId t : shop.tenants()) {
      Optional<Appointment> found = service.appointment(t, id);
      if (found.isPresent()) {
        return found.filter(this::live);
      }
    }
    return Optional.empty();
  }

  private boolean live(Appointment a) {
    return AppointmentLifecycle.holdsTime(a.status()) && a.end().isAfter(now.toInstant());
  }

  // ---- the catalogue: what to book, and with whom ----

  /**
   * Reads the service, professional and branch a message names ("un corte con la Vale en Ñuñoa"),
   * "cualquiera", and "¿qué servicios tienen?"; empty when the message names none of them, or is a
   * cancel, a move or the answer to a yes-or-no question.
   */
  private Optional<String> catalogueTurn(Intent intent, String normalized) {
    ConversationState state = conversation.state();
    Intent.Kind kind = intent.kind();
    boolean yesNo = kind == Intent.Kind.CONFIRM_YES || kind == Intent.Kind.CONFIRM_NO;
    if (shop.legacy()
        || kind == Intent.Kind.CANCEL
        || kind == Intent.Kind.RESCHEDULE
        || kind == Intent.Kind.INVALID_WHEN
        || movingAppointment().isPresent()
        || (yesNo
            && (state instanceof AwaitingConfirmation
                || state instanceof AwaitingCancelConfirmation))) {
      return Optional.empty();
    }
    Catalogue catalogue = shop.catalogue();
    List<Service> services = catalogue.servicesNamedIn(text);
    List<Branch> branches = catalogue.branchesNamedIn(text);
    List<Professional> professionals = catalogue.professionalsNamedIn(text);
    boolean anyone = ChatRequests.anyone(normalized);
    Optional<Dimension> listing = ChatRequests.catalogueQuestion(normalized);
    boolean named =
        !services.isEmpty() || !branches.isEmpty() || !professionals.isEmpty() || anyone;
    if ((!named || kind == Intent.Kind.CHOOSE) && listing.isEmpty()) {
      return Optional.empty();
    }
    Selection chosen = state instanceof Idle ? Selection.NONE : conversation.selection();
    if (services.size() == 1) {
      chosen = chosen.withService(services.get(0).type());
    }
    if (branches.size() == 1) {
      chosen = chosen.withBranch(branches.get(0).id());
    }
    if (professionals.size() == 1) {
      chosen = chosen.withProfessional(professionals.get(0).resource());
    } else if (anyone) {
      chosen = chosen.withAnyone();
    }
    When when = kind == Intent.Kind.BOOK && !intent.when().isAny() ? intent.when() : request();
    conversation = conversation.withSelection(chosen);
    if (listing.isPresent()) {
      Selection unasked = Shop.without(chosen, listing.get());
      if (shop.fit(unasked).isEmpty()) {
        unasked = Selection.NONE;
      }
      Choosing question =
          new Choosing(listing.get(), shop.options(listing.get(), unasked, true), when);
      conversation = conversation.with(question);
      return Optional.of(ask(question));
    }
    return Optional.of(offerBooking(when, ""));
  }

  /** The time constraints of the booking under way, or {@link When#ANY}. */
  private When request() {
    ConversationState state = conversation.state();
    if (state instanceof Choosing c) {
      return c.request();
    }
    if (state instanceof Offered o) {
      return o.request();
    }
    if (state instanceof AwaitingConfirmation a) {
      return a.request();
    }
    return When.ANY;
  }

  private String chooseOption(Choosing choosing, int n) {
    List<String> options = choosing.options();
    if (n > options.size()) {
      return say.chooseBetween(options.size()) + Phrases.names(shop.labels(choosing, say));
    }
    String id = options.get(n - 1);
    Selection chosen = conversation.selection();
    chosen =
        switch (choosing.dimension()) {
          case SERVICE -> chosen.withService(AppointmentTypeId.of(id));
          case BRANCH -> chosen.withBranch(id);
          case PROFESSIONAL ->
              id.equals(Choosing.ANYONE)
                  ? chosen.withAnyone()
                  : chosen.withProfessional(ResourceId.of(id));
        };
    conversation = conversation.withSelection(chosen);
    return offerBooking(choosing.request(), "");
  }

  private String ask(Choosing choosing) {
    return say.ask(choosing.dimension())
        + Phrases.names(shop.labels(choosing, say))
        + "\n"
        + say.pickOption();
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
