package dev.cita.scheduling.assistant;

import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.NotFoundException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.internal.LogContext;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.observe.Observer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A deterministic booking assistant for a chat channel (WhatsApp, a web chat, SMS; no language
 * model): reads each customer message with an {@link IntentParser}, keeps the dialogue in a {@link
 * ConversationStore}, and books, moves or cancels through {@link BookingService}. Replies are in
 * the customer's language (Spanish or English) and show times in the business's zone.
 *
 * <pre>{@code
 * BookingAssistant assistant = BookingAssistant.builder(bookingService)
 *     .tenant(clinic, TenantBookingConfig.forResource(ana, consult, ZoneId.of("America/Santiago")))
 *     .build();
 * Reply reply = assistant.handle(clinic, "+56912345678", "María", "mañana a las 10", Locale.forLanguageTag("es"));
 * }</pre>
 *
 * <p>With a {@link Builder#catalogue catalogue} (branches, services, professionals), the customer
 * may name the service, professional and branch in any order or not at all ("quiero un corte con la
 * Vale el sábado en la mañana"); the assistant asks, as a numbered list, only for what is still
 * open, lists the catalogue when asked ("¿qué servicios tienen?"), offers "cualquiera" (any free
 * professional; who gets the booking follows {@link Catalogue#assignment()}), and finds times per
 * offering in the branch's tenant and zone. "Mis citas", cancel and move see every upcoming
 * appointment of the customer's phone in the catalogue's tenants, wherever it was booked (through
 * {@link BookingService#appointmentsOf}), and ask which one when the reference is ambiguous.
 *
 * <p>Rules: it offers the nearest free times matching the request, numbered; it never books without
 * an explicit yes; when it does not understand, it lists the options instead of guessing; a time
 * taken by someone else between offer and yes gets an apology and fresh options; so does a move
 * confirmed after the appointment was cancelled or changed so it can no longer be moved (nothing is
 * moved; the fresh options are times to book); a booking's idempotency key comes from the proposal
 * (a random id per time proposed), so a duplicated message cannot book twice and a new proposal
 * never replays an old booking; only an appointment that holds its time is reported as booked (one
 * cancelled since gets an apology and fresh options). A proposal left unanswered for {@link
 * Builder#pendingTimeout(Duration) a while} (24 hours by default) is forgotten. Phone numbers are
 * masked in logs and message text is never logged. Thread-safe if the store is; two messages of one
 * customer handled at the same time may race on the conversation, but never book twice.
 */
public final class BookingAssistant implements ChatAssistant {
  private static final Logger log = LoggerFactory.getLogger(BookingAssistant.class);
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");

  private final BookingService service;
  private final Clock clock;
  private final ConversationStore store;
  private final IntentParser parser;
  private final Map<TenantId, Shop> tenants;
  private final Duration pendingTimeout;
  private final SlotFinder finder;
  private final Observer observer;

  private BookingAssistant(Builder b) {
    this.service = b.service;
    this.clock = b.clock;
    this.store = Checks.notNull(b.store, "conversationStore");
    this.parser = b.parser;
    this.tenants = Map.copyOf(b.tenants);
    this.pendingTimeout = b.pendingTimeout;
    this.finder = new SlotFinder(service, b.maxOptions);
    this.observer = Observer.all(b.observers);
  }

  /**
   * Starts an assistant that books through {@code service}.
   *
   * @param service the booking service whose slots are offered and booked
   * @return a builder that needs at least one {@linkplain Builder#tenant tenant}
   */
  public static Builder builder(BookingService service) {
    return new Builder(Checks.notNull(service, "bookingService"));
  }

  /**
   * Answers one message of a customer.
   *
   * @param tenant the business written to; must have been configured
   * @param customerPhone the customer's number, E.164, with or without Twilio's {@code whatsapp:}
   *     prefix
   * @param profileName the customer's name on the channel (a WhatsApp profile name), used as the
   *     attendee name; may be empty
   * @param text what the customer wrote
   * @param locale the language to answer in when neither the text nor the conversation tells
   * @return the answer to send back, in the customer's language
   * @throws ValidationException if the phone is not E.164 or an argument is missing
   * @throws NotFoundException if the tenant has no configuration
   */
  @Override
  public Reply handle(
      TenantId tenant, String customerPhone, String profileName, String text, Locale locale) {
    Checks.notNull(tenant, "tenant");
    String phone = phone(customerPhone);
    Checks.notNull(profileName, "profileName");
    Checks.notNull(text, "text");
    Checks.notNull(locale, "locale");
    return LogContext.open()
        .tenant(tenant)
        .conversation(tenant, phone)
        .call(() -> turn(tenant, phone, profileName, text, locale));
  }

  /** One turn of the conversation, in its log context. */
  private Reply turn(
      TenantId tenant, String phone, String profileName, String text, Locale locale) {
    Shop config = tenants.get(tenant);
    if (config == null) {
      throw new NotFoundException("booking assistant configuration of tenant", tenant);
    }
    Instant instant = clock.instant();
    Conversation conversation = store.find(tenant, phone).orElse(null);
    Locale known = conversation == null ? locale : conversation.language();
    if (conversation == null) {
      conversation = Conversation.start(locale, instant);
    } else if (!(conversation.state() instanceof ConversationState.Idle)
        && conversation.updatedAt().plus(pendingTimeout).isBefore(instant)) {
      conversation = conversation.withSelection(Selection.NONE).with(new ConversationState.Idle());
    }
    // "mañana a las 10" is read in the zone of the branch the chat is about.
    ZonedDateTime now = instant.atZone(config.zone(conversation.selection()));
    Intent intent = parser.parse(text, known, now);
    Phrases say = Phrases.of(intent.language().orElse(known), now.toLocalDate());
    conversation = conversation.withLanguage(say.language(), instant);
    Turn turn =
        new Turn(service, finder, tenant, config, phone, profileName, text, now, say, conversation);
    String state = conversation.state().getClass().getSimpleName();
    String intentName = intent.kind().name().toLowerCase(Locale.ROOT);
    String answer;
    try {
      answer = turn.respond(intent);
      store.save(tenant, phone, turn.conversation());
    } catch (RuntimeException e) {
      observer.assistantTurn(tenant, intentName, "failed");
      throw e;
    }
    observer.assistantTurn(tenant, intentName, snakeCase(turn.conversation().state()));
    log.debug(
        "Assistant turn: tenant {} customer {} intent {} state {} -> {}",
        tenant,
        Attendee.maskPhone(phone),
        intent.kind(),
        state,
        turn.conversation().state().getClass().getSimpleName());
    return new Reply(answer, say.language());
  }

  /** {@code AwaitingConfirmation} → {@code awaiting_confirmation}: a bounded metrics label. */
  private static String snakeCase(ConversationState state) {
    return state
        .getClass()
        .getSimpleName()
        .replaceAll("([a-z])([A-Z])", "$1_$2")
        .toLowerCase(Locale.ROOT);
  }

  private static String phone(String customerPhone) {
    String phone = Checks.notBlank(customerPhone, "customerPhone").strip();
    if (phone.startsWith("whatsapp:")) {
      phone = phone.substring("whatsapp:".length());
    }
    if (!E164.matcher(phone).matches()) {
      throw new ValidationException("customerPhone", "must be in E.164 form such as +56912345678");
    }
    return phone;
  }

  /** Configures a {@link BookingAssistant}; {@link #build()} validates it. */
  public static final class Builder {
    private final BookingService service;
    private Clock clock = Clock.systemUTC();
    private @Nullable ConversationStore store;
    private IntentParser parser = IntentParser.ruleBased();
    private final Map<TenantId, Shop> tenants = new HashMap<>();
    private int maxOptions = 3;
    private Duration pendingTimeout = Duration.ofHours(24);
    private final List<Observer> observers = new ArrayList<>();

    private Builder(BookingService service) {
      this.service = service;
    }

    /**
     * Adds an observer told of every turn: the intent read and where the conversation is now (its
     * state, such as {@code offered} or {@code awaiting_confirmation}, or {@code failed}), for
     * metrics (default: none).
     *
     * @param observer the observer, called in the order added
     * @return this builder
     */
    public Builder observer(Observer observer) {
      observers.add(Checks.notNull(observer, "observer"));
      return this;
    }

    /**
     * The clock "now" is read from; use the booking service's.
     *
     * @param clock the clock; {@link Clock#systemUTC()} if not set
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    /**
     * Where conversations are kept; a new in-memory store by default.
     *
     * @param store the store; share a {@link PersistentConversationStore} between app nodes
     * @return this builder
     */
    public Builder conversationStore(ConversationStore store) {
      this.store = Checks.notNull(store, "conversationStore");
      return this;
    }

    /**
     * How messages are read; {@link IntentParser#ruleBased()} by default.
     *
     * @param parser the parser
     * @return this builder
     */
    public Builder intentParser(IntentParser parser) {
      this.parser = Checks.notNull(parser, "intentParser");
      return this;
    }

    /**
     * What to book for a tenant; each tenant once.
     *
     * @param tenant the business
     * @param config the appointment type, resources and zone it books
     * @return this builder
     * @throws ValidationException if the tenant is already configured
     */
    public Builder tenant(TenantId tenant, TenantBookingConfig config) {
      Checks.notNull(tenant, "tenant");
      Checks.notNull(config, "tenantConfig");
      return add(tenant, Shop.of(tenant, config));
    }

    /**
     * What to book for a chat number: a catalogue of branches, services and professionals, whose
     * branches may belong to other tenants (a chain); each chat tenant once. The customer may name
     * the service, professional and branch in any order; the assistant asks for what is missing.
     *
     * @param chatTenant the tenant the chat messages are handled for (its conversations' key)
     * @param catalogue what can be booked, and who gets a booking made for anyone
     * @return this builder
     * @throws ValidationException if the chat tenant is already configured
     */
    public Builder catalogue(TenantId chatTenant, Catalogue catalogue) {
      Checks.notNull(chatTenant, "tenant");
      Checks.notNull(catalogue, "catalogue");
      return add(chatTenant, Shop.of(catalogue));
    }

    private Builder add(TenantId tenant, Shop shop) {
      if (tenants.putIfAbsent(tenant, shop) != null) {
        throw new ValidationException("tenant", "tenant '" + tenant + "' is already configured");
      }
      return this;
    }

    /**
     * How many numbered times to offer at most (1 to 9); 3 by default.
     *
     * @param maxOptions 1 to 9, so each option is one digit
     * @return this builder
     * @throws ValidationException if it is out of range
     */
    public Builder maxOptions(int maxOptions) {
      Checks.atLeast(maxOptions, 1, "maxOptions");
      if (maxOptions > 9) {
        throw new ValidationException("maxOptions", "must be at most 9, was " + maxOptions);
      }
      this.maxOptions = maxOptions;
      return this;
    }

    /**
     * How long an unanswered offer or question is remembered; 24 hours by default.
     *
     * @param pendingTimeout a positive duration
     * @return this builder
     */
    public Builder pendingTimeout(Duration pendingTimeout) {
      this.pendingTimeout = Checks.positive(pendingTimeout, "pendingTimeout");
      return this;
    }

    /**
     * Builds the assistant.
     *
     * @return the assistant
     * @throws ValidationException if no tenant is configured
     */
    public BookingAssistant build() {
      if (tenants.isEmpty()) {
        throw new ValidationException("tenants", "configure at least one tenant");
      }
      if (store == null) {
        store = ConversationStore.inMemory();
      }
      return new BookingAssistant(this);
    }
  }
}
