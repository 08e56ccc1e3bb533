package dev.cita.scheduling.assistant.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cita.scheduling.AttendeeQuery;
import dev.cita.scheduling.BookingRequest;
import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.SlotQuery;
import dev.cita.scheduling.SlotUnavailableException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.assistant.AssignmentRule;
import dev.cita.scheduling.assistant.Branch;
import dev.cita.scheduling.assistant.Catalogue;
import dev.cita.scheduling.assistant.Offering;
import dev.cita.scheduling.assistant.PartOfDay;
import dev.cita.scheduling.assistant.Professional;
import dev.cita.scheduling.assistant.Service;
import dev.cita.scheduling.assistant.YesNo;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeSlot;
import dev.cita.scheduling.status.AppointmentLifecycle;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ChatTools} of a booking chat, over a {@link BookingService} and the conversation's
 * {@link Catalogue}: a model lists services, professionals, branches, free slots and the customer's
 * own appointments, and proposes bookings, cancellations and moves that only the customer's next
 * message, read as a clear yes, carries out.
 *
 * <p>Safe by construction: the tenant and the customer come from the {@link ToolContext} only (no
 * schema has a field for them, and an unknown field is an error); every id must be in the
 * catalogue; an appointment is named by an opaque reference found among the customer's own
 * appointments in the catalogue's tenants, checked again when the yes arrives; dates run from today
 * to {@value #MAX_DAYS_AHEAD} days ahead in the branch's zone; a booking's idempotency key is fixed
 * per proposal, so a duplicated yes books once.
 *
 * <pre>{@code
 * ChatTools tools = BookingTools.builder(bookingService).clock(clock).build();
 * ToolContext who = new ToolContext(catalogue, senderPhone, profileName, Locale.forLanguageTag("es"));
 * tools.onCustomerMessage(who, text);          // before the model sees the message
 * String result = tools.call(who, toolName, argumentsJson); // for each tool call of the model
 * }</pre>
 */
public final class BookingTools implements ChatTools {
  /** The furthest a date may be, in days after today in the branch's zone. */
  public static final int MAX_DAYS_AHEAD = 60;

  /** The most days one {@code find_available_slots} call may span. */
  public static final int MAX_RANGE_DAYS = 7;

  /** The most slots one {@code find_available_slots} call returns. */
  public static final int MAX_SLOTS = 20;

  /** The most appointments {@code list_my_appointments} returns. */
  public static final int MAX_APPOINTMENTS = 50;

  private static final Logger log = LoggerFactory.getLogger(BookingTools.class);
  private static final DateTimeFormatter START =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mmxxx", Locale.ROOT);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
  private static final String ANY = "any";

  private final BookingService service;
  private final Clock clock;
  private final ProposalStore proposals;

  private BookingTools(Builder b) {
    this.service = b.service;
    this.clock = b.clock;
    this.proposals =
        b.proposals != null
            ? b.proposals
            : InMemoryProposalStore.create(b.clock, Duration.ofMinutes(15), 10_000);
  }

  /**
   * Starts a builder.
   *
   * @param service the booking service the tools read and book through
   * @return a builder; the system clock and an in-memory proposal store (15 minutes, 10 000
   *     customers) by default
   * @throws ValidationException naming {@code service} if it is null
   */
  public static Builder builder(BookingService service) {
    return new Builder(Checks.notNull(service, "service"));
  }

  @Override
  public List<ToolDefinition> definitions() {
    return ToolSchemas.definitions();
  }

  @Override
  public String call(ToolContext context, String name, String argumentsJson) {
    Checks.notNull(context, "context");
    Checks.notNull(name, "name");
    Checks.notNull(argumentsJson, "argumentsJson");
    ObjectNode result;
    try {
      ObjectNode args = ToolSchemas.read(name, argumentsJson);
      result =
          switch (name) {
            case "list_services" -> listServices(context.catalogue(), args);
            case "list_professionals" -> listProfessionals(context.catalogue(), args);
            case "list_branches" -> listBranches(context.catalogue());
            case "find_available_slots" -> findSlots(context.catalogue(), args);
            case "propose_booking" -> proposeBooking(context, args);
            case "list_my_appointments" -> listMine(context);
            case "propose_cancellation" -> proposeCancellation(context, args);
            case "propose_reschedule" -> proposeReschedule(context, args);
            default -> throw new ToolError("unknown_tool", "name", "no such tool");
          };
    } catch (ToolError e) {
      result = e.toJson();
    } catch (RuntimeException e) {
      // The name is one of the tools here: ToolSchemas.read refused any other.
      log.warn("Tool {} failed for customer {}: {}", name, mask(context), e.toString());
      result = new ToolError("unavailable", "", "the booking system could not answer").toJson();
    }
    return write(result);
  }

  @Override
  public Optional<String> onCustomerMessage(ToolContext context, String message) {
    Checks.notNull(context, "context");
    Checks.notNull(message, "message");
    Optional<Proposal> pending = proposals.take(customerKey(context)).flatMap(Proposal::fromJson);
    if (pending.isEmpty()) {
      return Optional.empty();
    }
    Proposal p = pending.get();
    ObjectNode out = ToolSchemas.JSON.createObjectNode();
    out.put("proposal", p.kind().name().toLowerCase(Locale.ROOT));
    if (!YesNo.isYes(message)) {
      out.put("outcome", "dropped").put("reason", "the customer did not answer with a clear yes");
      out.put("summary", OutcomeSummary.dropped(context.locale()));
      return Optional.of(write(out));
    }
    try {
      switch (p.kind()) {
        case BOOK -> carryOutBooking(context, p, out);
        case CANCEL -> carryOutCancellation(context, p, out);
        case RESCHEDULE -> carryOutMove(context, p, out);
      }
    } catch (ToolError e) {
      out.put("outcome", "not_done").put("reason", e.getMessage());
      out.put("summary", OutcomeSummary.notDone(context.locale()));
    } catch (RuntimeException e) {
      log.warn("Proposal {} failed for customer {}: {}", p.kind(), mask(context), e.toString());
      out.put("outcome", "failed").put("reason", "the booking system could not answer");
      out.put("summary", OutcomeSummary.failed(context.locale()));
    }
    return Optional.of(write(out));
  }

  @Override
  public void dropProposal(ToolContext context) {
    Checks.notNull(context, "context");
    proposals.take(customerKey(context));
  }

  // ---- look-ups ----

  private ObjectNode listServices(Catalogue catalogue, ObjectNode args) {
    @Nullable String branch = optionalBranch(catalogue, args);
    ObjectNode out = ToolSchemas.JSON.createObjectNode();
    ArrayNode list = out.putArray("services");
    for (Service s : catalogue.services()) {
      if (!catalogue.offerings(branch, s.type(), null).isEmpty()) {
        list.addObject().put("id", s.type().value()).put("name", s.name());
      }
    }
    return out;
  }

  private ObjectNode listProfessionals(Catalogue catalogue, ObjectNode args) {
    @Nullable String branch = optionalBranch(catalogue, args);
    @Nullable AppointmentTypeId type =
        args.has("service_id") ? service(catalogue, args).type() : null;
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

  private static ObjectNode listBranches(Catalogue catalogue) {
    ObjectNode out = ToolSchemas.JSON.createObjectNode();
    ArrayNode list = out.putArray("branches");
    for (Branch b : catalogue.branches()) {
      list.addObject().put("id", b.id()).put("name", b.name()).put("zone", b.zone().getId());
    }
    return out;
  }

  private ObjectNode findSlots(Catalogue catalogue, ObjectNode args) {
    Service s = service(catalogue, args);
    @Nullable ResourceId professional = optionalProfessional(catalogue, args);
    @Nullable String branchId = optionalBranch(catalogue, args);
    Map<Branch, List<ResourceId>> byBranch =
        membersByBranch(catalogue, catalogue.offerings(branchId, s.type(), professional));
    ZoneId zone = byBranch.keySet().iterator().next().zone();
    LocalDate from = date(args, "date_from", zone);
    LocalDate to = args.has("date_to") ? date(args, "date_to", zone) : from;
    if (to.isBefore(from) || to.isAfter(from.plusDays(MAX_RANGE_DAYS - 1))) {
      throw new ToolError(
          "out_of_range",
          "date_to",
          "must be from date_from to " + (MAX_RANGE_DAYS - 1) + " days after it");
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
      for (TimeSlot slot : slots(b, e.getValue(), s.type(), from, to)) {
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
    for (Found f : found.subList(0, Math.min(MAX_SLOTS, found.size()))) {
      ZonedDateTime start = f.slot().start().atZone(f.branch().zone());
      ObjectNode slot =
          list.addObject()
              .put("branch_id", f.branch().id())
              .put("date", start.toLocalDate().toString())
              .put("time", TIME.format(start))
              .put("start", START.format(start));
      ArrayNode who = slot.putArray("professional_ids");
      f.slot().resources().forEach(r -> who.add(r.value()));
    }
    out.put("more", found.size() > MAX_SLOTS);
    return out;
  }

  private ObjectNode listMine(ToolContext context) {
    ObjectNode out = ToolSchemas.JSON.createObjectNode();
    ArrayNode list = out.putArray("appointments");
    for (Mine m : mine(context)) {
      list.add(describe(context.catalogue(), m));
    }
    return out;
  }

  // ---- proposals ----

  private ObjectNode proposeBooking(ToolContext context, ObjectNode args) {
    Catalogue catalogue = context.catalogue();
    Service s = service(catalogue, args);
    Branch branch = optionalBranchEntry(catalogue, args).orElseThrow();
    @Nullable ResourceId professional = optionalProfessional(catalogue, args);
    List<ResourceId> members = membersAt(catalogue, branch, s.type(), professional);
    ZonedDateTime start = start(args, branch.zone());
    TimeSlot slot =
        freeAt(branch, members, s.type(), start)
            .orElseThrow(
                () ->
                    new ToolError(
                        "unavailable", "time", "that time is not free; call find_available_slots"));
    ResourceId chosen =
        professional != null
            ? professional
            : assign(catalogue, branch.tenant(), slot.resources(), start);
    Proposal p =
        Proposal.booking(
            branch.id(), s.type().value(), chosen.value(), start.toInstant(), professional == null);
    proposals.put(customerKey(context), p.toJson());
    ObjectNode out = ToolSchemas.JSON.createObjectNode();
    out.putObject("proposal")
        .put("action", "book")
        .put("service", s.name())
        .put("branch", branch.name())
        .put("professional", professionalName(catalogue, chosen))
        .put("start", START.format(start));
    return needsYes(out);
  }

  private ObjectNode proposeCancellation(ToolContext context, ObjectNode args) {
    Mine m = reference(context, args.get("reference").textValue());
    proposals.put(customerKey(context), Proposal.cancellation(m.reference()).toJson());
    ObjectNode out = ToolSchemas.JSON.createObjectNode();
    out.putObject("proposal")
        .put("action", "cancel")
        .set("appointment", describe(context.catalogue(), m));
    return needsYes(out);
  }

  private ObjectNode proposeReschedule(ToolContext context, ObjectNode args) {
    Mine m = reference(context, args.get("reference").textValue());
    ZonedDateTime start = start(args, m.branch().zone());
    if (start.toInstant().equals(m.appointment().start())) {
      throw new ToolError("invalid_value", "time", "the appointment is already at that time");
    }
    List<ResourceId> resource = List.of(m.appointment().resource());
    // The appointment's own time blocks the slots near it; a move into it is left to reschedule,
    // which ignores that time, when the yes arrives.
    if (!overlapsItself(m.appointment(), start.toInstant())
        && freeAt(m.branch(), resource, m.appointment().type(), start).isEmpty()) {
      throw new ToolError(
          "unavailable", "time", "that time is not free; call find_available_slots");
    }
    proposals.put(customerKey(context), Proposal.move(m.reference(), start.toInstant()).toJson());
    ObjectNode out = ToolSchemas.JSON.createObjectNode();
    ObjectNode proposal = out.putObject("proposal").put("action", "reschedule");
    proposal.set("appointment", describe(context.catalogue(), m));
    proposal.put("new_start", START.format(start));
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

  // ---- carrying out ----

  private void carryOutBooking(ToolContext context, Proposal p, ObjectNode out) {
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
    String key = "tools:" + customerKey(context).substring(0, 32) + ":" + p.id();
    Appointment booked;
    try {
      booked = book(branch, type, proposed, p, attendee, key);
    } catch (SlotUnavailableException e) {
      if (!p.anyProfessional()) {
        throw new ToolError("unavailable", "", "the time was taken meanwhile");
      }
      // Any professional: whoever else offers it and is free now, by the catalogue's rule.
      List<ResourceId> members = membersAt(catalogue, branch, type, null);
      ZonedDateTime start = p.startInstant().atZone(branch.zone());
      TimeSlot slot =
          freeAt(branch, members, type, start)
              .orElseThrow(() -> new ToolError("unavailable", "", "the time was taken meanwhile"));
      ResourceId other = assign(catalogue, branch.tenant(), slot.resources(), start);
      booked = book(branch, type, other, p, attendee, key);
    }
    if (!AppointmentLifecycle.holdsTime(booked.status())) {
      throw new ToolError("unavailable", "", "the booking no longer holds its time");
    }
    log.info(
        "Tools booked {} for customer {} of tenant {}",
        booked.id(),
        mask(context),
        booked.tenant());
    Mine done = new Mine(booked, branch, reference(booked));
    out.put("outcome", "booked");
    out.set("appointment", describe(catalogue, done));
    out.put("summary", OutcomeSummary.booked(context.locale(), what(catalogue, done)));
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

  private void carryOutCancellation(ToolContext context, Proposal p, ObjectNode out) {
    Mine m = reference(context, p.reference());
    Appointment cancelled = service.cancel(m.appointment().tenant(), m.appointment().id());
    log.info("Tools cancelled {} for customer {}", cancelled.id(), mask(context));
    Mine done = new Mine(cancelled, m.branch(), "");
    out.put("outcome", "cancelled");
    out.set("appointment", describe(context.catalogue(), done));
    out.put("summary", OutcomeSummary.cancelled(context.locale(), what(context.catalogue(), done)));
  }

  private void carryOutMove(ToolContext context, Proposal p, ObjectNode out) {
    Mine m = reference(context, p.reference());
    Appointment moved;
    try {
      moved = service.reschedule(m.appointment().tenant(), m.appointment().id(), p.startInstant());
    } catch (SlotUnavailableException e) {
      throw new ToolError("unavailable", "", "the new time was taken meanwhile");
    }
    log.info("Tools moved {} for customer {}", moved.id(), mask(context));
    Mine done = new Mine(moved, m.branch(), m.reference());
    out.put("outcome", "rescheduled");
    out.set("appointment", describe(context.catalogue(), done));
    out.put(
        "summary", OutcomeSummary.rescheduled(context.locale(), what(context.catalogue(), done)));
  }

  // ---- the customer's appointments ----

  /** One of the customer's appointments, the branch it is shown at and its reference. */
  private record Mine(Appointment appointment, Branch branch, String reference) {}

  /** The customer's upcoming appointments that hold time, in the catalogue's tenants, by start. */
  private List<Mine> mine(ToolContext context) {
    Catalogue catalogue = context.catalogue();
    Instant now = clock.instant();
    List<Mine> all = new ArrayList<>();
    for (TenantId tenant : tenants(catalogue)) {
      AttendeeQuery query =
          AttendeeQuery.byPhone(tenant, context.customerPhone())
              .startingFrom(now)
              .statuses(AppointmentLifecycle.TIME_HOLDING.toArray(AppointmentStatus[]::new))
              .limit(MAX_APPOINTMENTS)
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
    return all.subList(0, Math.min(MAX_APPOINTMENTS, all.size()));
  }

  private Mine reference(ToolContext context, String reference) {
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
  private static String reference(Appointment a) {
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

  private static ObjectNode describe(Catalogue catalogue, Mine m) {
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

  private static OutcomeSummary.What what(Catalogue catalogue, Mine m) {
    Appointment a = m.appointment();
    return new OutcomeSummary.What(
        catalogue.service(a.type()).map(Service::name).orElse(a.type().value()),
        professionalName(catalogue, a.resource()),
        a.start().atZone(m.branch().zone()),
        m.branch().name());
  }

  private static String professionalName(Catalogue catalogue, ResourceId resource) {
    return catalogue.professional(resource).map(Professional::name).orElse(resource.value());
  }

  // ---- slots and assignment ----

  /** The professionals of each branch among these offerings, in the catalogue's order. */
  private static Map<Branch, List<ResourceId>> membersByBranch(
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
  private static List<ResourceId> membersAt(
      Catalogue catalogue,
      Branch branch,
      AppointmentTypeId type,
      @Nullable ResourceId professional) {
    return membersByBranch(catalogue, catalogue.offerings(branch.id(), type, professional))
        .getOrDefault(branch, List.of());
  }

  private List<TimeSlot> slots(
      Branch branch,
      List<ResourceId> members,
      AppointmentTypeId type,
      LocalDate from,
      LocalDate to) {
    return service.findSlots(SlotQuery.anyOf(branch.tenant(), members, type, from, to));
  }

  private Optional<TimeSlot> freeAt(
      Branch branch, List<ResourceId> members, AppointmentTypeId type, ZonedDateTime start) {
    LocalDate day = start.toLocalDate();
    return slots(branch, members, type, day, day).stream()
        .filter(s -> s.start().equals(start.toInstant()))
        .findFirst();
  }

  /** Who gets a booking for any professional, among those free, by the catalogue's rule. */
  private ResourceId assign(
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

  // ---- arguments ----

  private static Service service(Catalogue catalogue, ObjectNode args) {
    String id = args.get("service_id").textValue();
    return catalogue.services().stream()
        .filter(s -> s.type().value().equals(id))
        .findFirst()
        .orElseThrow(
            () -> new ToolError("not_found", "service_id", "no such service; call list_services"));
  }

  private static Optional<Branch> optionalBranchEntry(Catalogue catalogue, ObjectNode args) {
    if (!args.has("branch_id")) {
      return Optional.empty();
    }
    return Optional.of(
        catalogue
            .branch(args.get("branch_id").textValue())
            .orElseThrow(
                () ->
                    new ToolError("not_found", "branch_id", "no such branch; call list_branches")));
  }

  private static @Nullable String optionalBranch(Catalogue catalogue, ObjectNode args) {
    return optionalBranchEntry(catalogue, args).map(Branch::id).orElse(null);
  }

  /** The professional chosen, or null for any. */
  private static @Nullable ResourceId optionalProfessional(Catalogue catalogue, ObjectNode args) {
    if (!args.has("professional_id") || args.get("professional_id").textValue().equals(ANY)) {
      return null;
    }
    String id = args.get("professional_id").textValue();
    return catalogue.professionals().stream()
        .map(Professional::resource)
        .filter(r -> r.value().equals(id))
        .findFirst()
        .orElseThrow(
            () ->
                new ToolError(
                    "not_found",
                    "professional_id",
                    "no such professional; call list_professionals, or say \"any\""));
  }

  /** A local date from today to {@value #MAX_DAYS_AHEAD} days ahead in the zone. */
  private LocalDate date(ObjectNode args, String field, ZoneId zone) {
    LocalDate date;
    try {
      date = LocalDate.parse(args.get(field).textValue());
    } catch (DateTimeParseException e) {
      throw new ToolError("invalid_value", field, "is not a date (YYYY-MM-DD)");
    }
    LocalDate today = clock.instant().atZone(zone).toLocalDate();
    if (date.isBefore(today) || date.isAfter(today.plusDays(MAX_DAYS_AHEAD))) {
      throw new ToolError(
          "out_of_range",
          field,
          "must be from today ("
              + today
              + ") to "
              + today.plusDays(MAX_DAYS_AHEAD)
              + " in the branch's zone");
    }
    return date;
  }

  /** The local {@code date} and {@code time} in the zone, a time that exists and is to come. */
  private ZonedDateTime start(ObjectNode args, ZoneId zone) {
    LocalDate date = date(args, "date", zone);
    LocalTime time = LocalTime.parse(args.get("time").textValue()); // the pattern made it HH:mm
    ZonedDateTime start = date.atTime(time).atZone(zone);
    if (!start.toLocalTime().equals(time) || !start.toInstant().isAfter(clock.instant())) {
      throw new ToolError("out_of_range", "time", "that time has passed or does not exist");
    }
    return start;
  }

  // ---- small things ----

  /** The proposals' key: the catalogue's tenants and the customer's phone, hashed. */
  private static String customerKey(ToolContext context) {
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

  private static String mask(ToolContext context) {
    return Attendee.maskPhone(context.customerPhone());
  }

  private static String write(ObjectNode node) {
    try {
      return ToolSchemas.JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always writes", e);
    }
  }

  /** Collects a {@link BookingTools}. */
  public static final class Builder {
    private final BookingService service;
    private Clock clock = Clock.systemUTC();
    private @Nullable ProposalStore proposals;

    private Builder(BookingService service) {
      this.service = service;
    }

    /**
     * Sets the clock "today" and "upcoming" are read by; the system clock by default.
     *
     * @param clock the clock
     * @return this builder
     * @throws ValidationException naming {@code clock} if it is null
     */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    /**
     * Sets where proposals wait for the customer's yes; by default an {@link InMemoryProposalStore}
     * on this builder's clock.
     *
     * @param proposals the store
     * @return this builder
     * @throws ValidationException naming {@code proposals} if it is null
     */
    public Builder proposalStore(ProposalStore proposals) {
      this.proposals = Checks.notNull(proposals, "proposals");
      return this;
    }

    /** {@return the tools} */
    public BookingTools build() {
      return new BookingTools(this);
    }
  }
}
