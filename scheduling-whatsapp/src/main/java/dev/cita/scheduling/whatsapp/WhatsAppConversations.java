package dev.cita.scheduling.whatsapp;

import dev.cita.scheduling.assistant.BookingAssistant;
import dev.cita.scheduling.assistant.ChatAssistant;
import dev.cita.scheduling.assistant.Reply;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.internal.LogContext;
import dev.cita.scheduling.internal.LogSafe;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.RateLimiter;
import dev.cita.scheduling.whatsapp.channel.CustomerWindow;
import dev.cita.scheduling.whatsapp.channel.MessageStatus;
import dev.cita.scheduling.whatsapp.channel.MessageStatusTracker;
import dev.cita.scheduling.whatsapp.channel.TwilioWhatsAppChannel;
import java.time.Clock;
import java.util.Locale;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects the pieces for a business answering on WhatsApp: each verified inbound message opens the
 * customer's 24-hour window, goes to the booking assistant, and its answer is sent back through
 * Twilio; each status callback updates the message's delivery status. Register it as the {@link
 * TwilioWebhooks} listener.
 *
 * <pre>{@code
 * WhatsAppConversations conversations = WhatsAppConversations.builder(assistant, channel)
 *     .tenantOf(message -> tenantByBusinessNumber.get(message.businessPhone()))
 *     .customerWindow(window).statusTracker(tracker).build();
 * TwilioWebhooks twilio = TwilioWebhooks.builder(validator).listener(conversations).build();
 * // in the HTTP endpoint Twilio posts to:
 * WebhookResult result = twilio.handle(webhookHandler, request);
 * }</pre>
 */
public final class WhatsAppConversations implements TwilioMessageListener {
  private static final Logger log = LoggerFactory.getLogger(WhatsAppConversations.class);

  private final ChatAssistant assistant;
  private final TwilioWhatsAppChannel channel;
  private final Function<InboundMessage, TenantId> tenantOf;
  private final CustomerWindow window;
  private final MessageStatusTracker tracker;
  private final Locale defaultLocale;
  private final Clock clock;
  private final RateLimiter perCustomer;
  private final RateLimiter perTenant;
  private final RateLimiter notices;

  /** The answer to a customer over the limit, once per notice window, in Spanish. */
  public static final String WAIT_ES = "Espera un momento, por favor…";

  /** The same in English, when the default language is not Spanish. */
  public static final String WAIT_EN = "One moment, please…";

  private WhatsAppConversations(Builder b) {
    this.assistant = b.assistant;
    this.channel = b.channel;
    this.tenantOf = Checks.notNull(b.tenantOf, "conversations.tenantOf");
    this.window = Checks.notNull(b.window, "customerWindow");
    this.tracker = b.tracker;
    this.defaultLocale = b.defaultLocale;
    this.clock = b.clock;
    this.perCustomer = b.perCustomer;
    this.perTenant = b.perTenant;
    this.notices = b.notices;
  }

  /**
   * Starts the wiring of an assistant and the channel that sends its answers.
   *
   * @param assistant answers each inbound message
   * @param channel sends the answers and takes the status callbacks
   * @return a builder that needs {@link Builder#tenantOf}
   */
  public static Builder builder(BookingAssistant assistant, TwilioWhatsAppChannel channel) {
    return new Builder(assistant, channel);
  }

  /**
   * Starts the wiring of any chat assistant, such as a model-driven one ({@code
   * OpenAiBookingAssistant.asChatAssistant()}), and the channel that sends its answers.
   *
   * @param assistant answers each inbound message
   * @param channel sends the answers and takes the status callbacks
   * @return a builder that needs {@link Builder#tenantOf}
   */
  public static Builder builder(ChatAssistant assistant, TwilioWhatsAppChannel channel) {
    return new Builder(assistant, channel);
  }

  @Override
  public void inboundMessage(InboundMessage message) {
    TenantId tenant = tenantOf.apply(message);
    String customer = message.customerPhone();
    LogContext.open()
        .tenant(tenant)
        .provider("twilio")
        .delivery(message.messageSid())
        .conversation(tenant, customer)
        .run(() -> answer(tenant, customer, message));
  }

  private void answer(TenantId tenant, String customer, InboundMessage message) {
    window.recordInbound(tenant.value(), customer, clock.instant());
    String conversation = LogContext.conversationId(tenant, customer);
    if (!perCustomer.tryAcquire("customer:" + conversation).granted()
        || !perTenant.tryAcquire("tenant:" + tenant.value()).granted()) {
      // One polite answer per notice window, then silence: a flood never becomes a reply storm.
      if (notices.tryAcquire("notice:" + conversation).granted()) {
        channel.reply(tenant, customer, waitText(), "reply-" + message.messageSid());
        log.info("rate limited {}: asked the customer to wait", conversation);
      } else {
        log.debug("rate limited {}: not answered", conversation);
      }
      return;
    }
    Reply reply =
        assistant.handle(
            tenant, customer, message.profileName().orElse(""), message.body(), defaultLocale);
    // One answer per inbound message: a redelivered message reuses the key and is not sent twice.
    channel.reply(tenant, customer, reply.text(), "reply-" + message.messageSid());
    log.debug(
        "answered {} from {}", LogSafe.escape(message.messageSid()), Attendee.maskPhone(customer));
  }

  private String waitText() {
    return "es".equals(defaultLocale.getLanguage()) ? WAIT_ES : WAIT_EN;
  }

  @Override
  public void statusCallback(StatusCallback status) {
    MessageStatus.fromTwilio(status.messageStatus())
        .ifPresentOrElse(
            s -> tracker.recordStatus(status.messageSid(), s, status.errorCode(), clock.instant()),
            () ->
                log.info(
                    "unknown WhatsApp message status '{}' for {} ignored",
                    LogSafe.escape(status.messageStatus()),
                    LogSafe.escape(status.messageSid())));
    // The channel records it too and, on error 63016, re-sends the notification as its template
    // once.
    channel.statusReported(status.messageSid(), status.messageStatus(), status.errorCode());
  }

  /** Configures {@link WhatsAppConversations}; {@link #tenantOf} is required. */
  public static final class Builder {
    private final ChatAssistant assistant;
    private final TwilioWhatsAppChannel channel;
    private @Nullable Function<InboundMessage, TenantId> tenantOf;
    private @Nullable CustomerWindow window;
    private MessageStatusTracker tracker = MessageStatusTracker.NONE;
    private Locale defaultLocale = Locale.forLanguageTag("es");
    private Clock clock = Clock.systemUTC();
    private RateLimiter perCustomer = RateLimiter.unlimited();
    private RateLimiter perTenant = RateLimiter.unlimited();
    private RateLimiter notices = RateLimiter.unlimited();

    private Builder(ChatAssistant assistant, TwilioWhatsAppChannel channel) {
      this.assistant = Checks.notNull(assistant, "assistant");
      this.channel = Checks.notNull(channel, "channel");
    }

    /**
     * Which business (tenant) an inbound message is for, typically by the business's number.
     *
     * @param tenantOf reads the tenant from an inbound message; it must not return null
     * @return this builder
     */
    public Builder tenantOf(Function<InboundMessage, TenantId> tenantOf) {
      this.tenantOf = Checks.notNull(tenantOf, "tenantOf");
      return this;
    }

    /**
     * The window the channel reads; inbound messages open it. Use the same instance for both.
     *
     * @param window the window; an in-memory one if not set
     * @return this builder
     */
    public Builder customerWindow(CustomerWindow window) {
      this.window = Checks.notNull(window, "customerWindow");
      return this;
    }

    /**
     * Sets where status callbacks are recorded.
     *
     * @param tracker the tracker; {@link MessageStatusTracker#NONE} if not set
     * @return this builder
     */
    public Builder statusTracker(MessageStatusTracker tracker) {
      this.tracker = Checks.notNull(tracker, "statusTracker");
      return this;
    }

    /**
     * The language of answers when the customer's text does not tell; Spanish by default.
     *
     * @param locale the language of answers
     * @return this builder
     */
    public Builder defaultLocale(Locale locale) {
      this.defaultLocale = Checks.notNull(locale, "defaultLocale");
      return this;
    }

    /**
     * Limits the messages that reach the assistant, per customer and per tenant. A message over
     * either limit is not answered by the assistant (its window is still recorded): the customer
     * gets {@link #WAIT_ES} ({@link #WAIT_EN} unless the default language is Spanish) when {@code
     * notices} grants one for that conversation, and nothing otherwise, so a flood gets one polite
     * answer per notice window and then silence. The keys name a conversation by {@link
     * dev.cita.scheduling.internal.LogContext#conversationId}, never by its phone. Unlimited by
     * default; {@code scheduling-ratelimit}'s {@code AssistantLimits} holds the documented defaults
     * (30 a minute per customer, one notice a minute).
     *
     * @param perCustomer the limit per customer conversation
     * @param perTenant the limit per tenant (all its customers together)
     * @param notices how often a limited conversation is told to wait, e.g. once a minute
     * @return this builder
     */
    public Builder inboundLimits(
        RateLimiter perCustomer, RateLimiter perTenant, RateLimiter notices) {
      this.perCustomer = Checks.notNull(perCustomer, "perCustomer");
      this.perTenant = Checks.notNull(perTenant, "perTenant");
      this.notices = Checks.notNull(notices, "notices");
      return this;
    }

    /**
     * Sets the clock that times inbound messages and status callbacks, and the default window.
     *
     * @param clock the clock; {@link Clock#systemUTC()} if not set
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    /**
     * Builds the listener.
     *
     * @return the listener, to register with {@link TwilioWebhooks.Builder#listener}
     * @throws dev.cita.scheduling.ValidationException if {@link #tenantOf} was not set
     */
    public WhatsAppConversations build() {
      if (window == null) {
        window = CustomerWindow.inMemory(clock);
      }
      return new WhatsAppConversations(this);
    }
  }
}
