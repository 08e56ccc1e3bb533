package dev.cita.scheduling.assistant.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.assistant.Catalogue;
import dev.cita.scheduling.assistant.YesNo;
import dev.cita.scheduling.internal.Checks;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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

  private final ProposalStore proposals;
  private final LookupTools lookups;
  private final ProposalTools proposing;
  private final Confirmations confirmations;

  private BookingTools(Builder b) {
    this.proposals =
        b.proposals != null
            ? b.proposals
            : InMemoryProposalStore.create(b.clock, Duration.ofMinutes(15), 10_000);
    ToolArgs read = new ToolArgs(b.clock);
    Staffing staffing = new Staffing(b.service);
    MyAppointments appointments = new MyAppointments(b.service, b.clock);
    this.lookups = new LookupTools(read, staffing, appointments);
    this.proposing = new ProposalTools(read, staffing, appointments, proposals);
    this.confirmations = new Confirmations(b.service, b.clock);
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
            case "list_services" -> lookups.listServices(context.catalogue(), args);
            case "list_professionals" -> lookups.listProfessionals(context.catalogue(), args);
            case "list_branches" -> LookupTools.listBranches(context.catalogue());
            case "find_available_slots" -> lookups.findSlots(context.catalogue(), args);
            case "propose_booking" -> proposing.proposeBooking(context, args);
            case "list_my_appointments" -> lookups.listMine(context);
            case "propose_cancellation" -> proposing.proposeCancellation(context, args);
            case "propose_reschedule" -> proposing.proposeReschedule(context, args);
            default -> throw new ToolError("unknown_tool", "name", "no such tool");
          };
    } catch (ToolError e) {
      result = e.toJson();
    } catch (RuntimeException e) {
      // The name is one of the tools here: ToolSchemas.read refused any other.
      log.warn(
          "Tool {} failed for customer {}: {}", name, MyAppointments.mask(context), e.toString());
      result = new ToolError("unavailable", "", "the booking system could not answer").toJson();
    }
    return write(result);
  }

  @Override
  public Optional<String> onCustomerMessage(ToolContext context, String message) {
    Checks.notNull(context, "context");
    Checks.notNull(message, "message");
    Optional<Proposal> pending =
        proposals.take(MyAppointments.customerKey(context)).flatMap(Proposal::fromJson);
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
        case BOOK -> confirmations.carryOutBooking(context, p, out);
        case CANCEL -> confirmations.carryOutCancellation(context, p, out);
        case RESCHEDULE -> confirmations.carryOutMove(context, p, out);
      }
    } catch (ToolError e) {
      out.put("outcome", "not_done").put("reason", e.getMessage());
      out.put("summary", OutcomeSummary.notDone(context.locale()));
    } catch (RuntimeException e) {
      log.warn(
          "Proposal {} failed for customer {}: {}",
          p.kind(),
          MyAppointments.mask(context),
          e.toString());
      out.put("outcome", "failed").put("reason", "the booking system could not answer");
      out.put("summary", OutcomeSummary.failed(context.locale()));
    }
    return Optional.of(write(out));
  }

  @Override
  public void dropProposal(ToolContext context) {
    Checks.notNull(context, "context");
    proposals.take(MyAppointments.customerKey(context));
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
