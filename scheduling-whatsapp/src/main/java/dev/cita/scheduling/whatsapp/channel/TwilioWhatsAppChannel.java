package dev.cita.scheduling.whatsapp.channel;

import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.http.Redaction;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.notify.AddressKind;
import dev.cita.scheduling.notify.OutgoingMessage;
import dev.cita.scheduling.notify.SendResult;
import dev.cita.scheduling.spi.NotificationChannel;
import dev.cita.scheduling.spi.SendAttemptStore;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends notifications over WhatsApp with Twilio's Messages API. Inside the customer's 24-hour
 * window (per the {@link CustomerWindow}) the rendered text goes out as {@code Body}; outside it
 * the approved template mapped to the message's template key goes out as {@code ContentSid} with
 * the ordered variables as {@code ContentVariables} ({@code {"1": "...", "2": "..."}}). With no
 * template for the key, {@link #send} throws {@link WhatsAppWindowClosedException} without calling
 * Twilio. Immutable and thread-safe; build one and register it with the notifier.
 *
 * <pre>{@code
 * TwilioWhatsAppChannel whatsapp = TwilioWhatsAppChannel.builder(config)
 *     .customerWindow(window)           // fed by the inbound-message webhook
 *     .statusTracker(tracker)           // fed by statusReported(...) from the status-callback webhook
 *     .sentMessages(sentMessageStore)   // shared by every node
 *     .build();
 * SendResult result = whatsapp.send(message);   // accepted, with the message SID (SM…)
 * }</pre>
 *
 * <p>At most once: Twilio's message creation is not idempotent and Twilio documents no idempotency
 * header, so a POST is repeated only when Twilio answered 429 (not processed) or the request was
 * never written. When it was written and the answer is lost or a 5xx, the send fails with a {@link
 * ProviderException} whose {@link ProviderException#isOutcomeUnknown()} is true, and the message's
 * idempotency key stays claimed in the {@link SentMessageStore}: a later send of the same key (a
 * reminder retried by the scheduler, a redelivered inbound message) is refused the same way
 * (outcome unknown, not retryable) without calling Twilio. A customer may so miss a reminder, but
 * never gets it twice. A key Twilio accepted answers its first SID again.
 *
 * <p>Error 63016 (free text outside the 24-hour window) usually arrives on the status callback, not
 * as the POST's answer: pass every status callback to {@link #statusReported}. On 63016 for a
 * message sent as free text it records the window closed and re-sends the same notification as its
 * approved template, once, whichever node and however often the callback arrives. When Twilio
 * answers the POST itself with 63016, {@link #send} throws {@link WhatsAppWindowClosedException}.
 * Every other error is a {@link ProviderException} with Twilio's code (for example {@code 21211}),
 * status and request id. Logs and exception messages show phone numbers masked and never a
 * credential.
 */
public final class TwilioWhatsAppChannel implements NotificationChannel {
  /** This channel's id in notification preferences. */
  public static final String ID = "whatsapp";

  /** Suffix of the idempotency key of the template sent again after a 63016 status callback. */
  static final String TEMPLATE_RESEND_SUFFIX = "#template-after-63016";

  private static final Logger log = LoggerFactory.getLogger(TwilioWhatsAppChannel.class);

  private final TwilioConfig config;
  private final TwilioMessages messages;
  private final CustomerWindow window;
  private final Function<OutgoingMessage, String> windowScope;
  private final MessageStatusTracker tracker;
  private final SendAttemptStore sent;
  private final Clock clock;

  private TwilioWhatsAppChannel(Builder b) {
    this.config = b.config;
    this.window = b.window;
    this.windowScope = b.windowScope;
    this.tracker = b.tracker;
    this.clock = b.clock;
    this.sent = b.sendAttempts();
    this.messages = b.messages("WhatsApp", sent);
  }

  /**
   * Starts a channel with this configuration.
   *
   * @param config the account, credentials, sender and templates
   * @return a builder; every other setting has a default
   */
  public static Builder builder(TwilioConfig config) {
    return new Builder(config);
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public AddressKind addressKind() {
    return AddressKind.PHONE;
  }

  /**
   * Sends the message as free text or as a template, as described on the type.
   *
   * @param message the rendered notification, addressed to a phone
   * @return {@link SendResult#accepted} with Twilio's message SID
   * @throws WhatsAppWindowClosedException outside the window with no template, or on Twilio 63016
   * @throws ProviderException with {@link ProviderException#isOutcomeUnknown()} true when Twilio
   *     may or may not have taken the message, now or in an earlier attempt with the same
   *     idempotency key (it is not sent again); for any other Twilio or network failure, after the
   *     retries allowed, with the flag false
   * @throws IllegalArgumentException when the message is not addressed to a phone
   */
  @Override
  public SendResult send(OutgoingMessage message) {
    return send(message, false, message.idempotencyKey());
  }

  /**
   * Sends once per key; {@code templateOnly} is the re-send after 63016, which never answers an
   * earlier SID.
   */
  private SendResult send(OutgoingMessage message, boolean templateOnly, String key) {
    if (message.addressKind() != AddressKind.PHONE) {
      throw new IllegalArgumentException("WhatsApp sends to phones, not " + message.addressKind());
    }
    String maskedTo = Redaction.maskPhone(message.address());
    boolean freeForm =
        !templateOnly && window.isOpen(windowScope.apply(message), message.address());
    OrderedForm form = addressed(message.address());
    if (freeForm) {
      form.add("Body", message.text());
    } else {
      String contentSid =
          config
              .contentSid(message.templateKey())
              .orElseThrow(
                  () -> WhatsAppWindowClosedException.noTemplate(message.templateKey(), maskedTo));
      form.add("ContentSid", contentSid);
      if (!message.templateVariables().isEmpty()) {
        form.add("ContentVariables", contentVariables(message.templateVariables()));
      }
    }
    config.statusCallback().ifPresent(url -> form.add("StatusCallback", url));
    return post(
        message.tenant(),
        form,
        key,
        message.templateKey(),
        maskedTo,
        freeForm ? Optional.of(message) : Optional.empty(),
        message.kind() + (freeForm ? " (free-form)" : " (template " + message.templateKey() + ")"),
        !templateOnly);
  }

  /**
   * Answers a customer in a running conversation with free text, which WhatsApp allows for 24 hours
   * after the customer's last message (the assistant replies to a message just received).
   *
   * @param tenant the business answering, for the API log
   * @param customerPhone the customer's phone, E.164 ({@code +56912345678})
   * @param text the answer, sent as free text
   * @param idempotencyKey stable per reply, for example derived from the inbound MessageSid, so a
   *     redelivered inbound message never sends the answer twice
   * @return {@link SendResult#accepted} with Twilio's message SID
   * @throws ProviderException as {@link #send}
   */
  public SendResult reply(
      TenantId tenant, String customerPhone, String text, String idempotencyKey) {
    Checks.notNull(tenant, "tenant");
    Checks.notBlank(customerPhone, "customerPhone");
    Checks.notBlank(text, "text");
    Checks.notBlank(idempotencyKey, "idempotencyKey");
    String maskedTo = Redaction.maskPhone(customerPhone);
    OrderedForm form = addressed(customerPhone).add("Body", text);
    config.statusCallback().ifPresent(url -> form.add("StatusCallback", url));
    return post(
        tenant,
        form,
        idempotencyKey,
        "reply",
        maskedTo,
        Optional.empty(),
        "reply (free-form)",
        true);
  }

  /**
   * Takes one Twilio status callback (its {@code MessageSid}, {@code MessageStatus} and {@code
   * ErrorCode} form fields): records the status with the {@link MessageStatusTracker}, and when a
   * message sent as free text {@code failed} or was {@code undelivered} with error 63016, records
   * the customer's window closed and sends the same notification again as its approved template.
   * That re-send happens once per message, also when the callback is delivered twice or to two
   * nodes sharing the {@link SentMessageStore}.
   *
   * @param messageSid the callback's {@code MessageSid}
   * @param messageStatus the callback's {@code MessageStatus}, such as {@code delivered}; an
   *     unknown one is logged and ignored
   * @param errorCode the callback's {@code ErrorCode}, or empty when it has none
   * @return the template re-send's result, when this call made it
   * @throws WhatsAppWindowClosedException when no approved template is mapped to the message's key
   * @throws ProviderException when the re-send failed (it is not tried again)
   */
  public Optional<SendResult> statusReported(
      String messageSid, String messageStatus, Optional<String> errorCode) {
    Optional<MessageStatus> status = messages.statusReported(messageSid, messageStatus, errorCode);
    if (status.isEmpty()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (!status.get().isFinalFailure()
        || !errorCode
            .map(String::strip)
            .filter(WhatsAppWindowClosedException.TWILIO_CODE::equals)
            .isPresent()) {
      return Optional.empty();
    }
    Optional<OutgoingMessage> original = sent.freeForm(messageSid);
    if (original.isEmpty()) {
      log.warn(
          "WhatsApp message {} failed with 63016 (outside the 24-hour window); it is not a"
              + " notification this channel sent as free text and remembers, so it is not sent"
              + " again",
          messageSid);
      return Optional.empty();
    }
    OutgoingMessage message = original.get();
    window.recordClosed(windowScope.apply(message), message.address(), now);
    String key = message.idempotencyKey() + TEMPLATE_RESEND_SUFFIX;
    log.info(
        "WhatsApp {} ({}) failed with 63016: the customer's window is closed; sending it as"
            + " template {}",
        messageSid,
        message.kind(),
        message.templateKey());
    try {
      return Optional.of(send(message, true, key));
    } catch (TwilioMessages.NotSentAgainException e) {
      log.debug(
          "the template re-send of {} was already made or started: {}", messageSid, e.getMessage());
      return Optional.empty();
    }
  }

  private OrderedForm addressed(String phone) {
    OrderedForm form = new OrderedForm().add("To", "whatsapp:" + phone);
    config.from().ifPresent(from -> form.add("From", from));
    config.messagingServiceSid().ifPresent(sid -> form.add("MessagingServiceSid", sid));
    return form;
  }

  /** POSTs one message at most once per idempotency key (see the type's documentation). */
  private SendResult post(
      TenantId tenant,
      OrderedForm form,
      String key,
      String templateKey,
      String maskedTo,
      Optional<OutgoingMessage> freeForm,
      String what,
      boolean answerEarlierSid) {
    return messages.post(
        tenant,
        form,
        key,
        maskedTo,
        freeForm,
        what,
        answerEarlierSid,
        e ->
            e.providerCode().filter(WhatsAppWindowClosedException.TWILIO_CODE::equals).isPresent()
                ? WhatsAppWindowClosedException.rejected(e, templateKey, maskedTo)
                : e);
  }

  /** {@code {"1": first, "2": second, …}}, the placeholders of a Twilio content template. */
  private String contentVariables(List<String> variables) {
    Map<String, String> numbered = new LinkedHashMap<>();
    for (int i = 0; i < variables.size(); i++) {
      numbered.put(Integer.toString(i + 1), variables.get(i));
    }
    return messages.json().toJson(numbered);
  }

  @Override
  public String toString() {
    return "TwilioWhatsAppChannel{" + config + '}';
  }

  /** Builds a {@link TwilioWhatsAppChannel}; only the configuration is required. */
  public static final class Builder extends TwilioChannelBuilder<Builder> {
    private CustomerWindow window = CustomerWindow.alwaysClosed();
    private Function<OutgoingMessage, String> windowScope = m -> m.tenant().value();

    private Builder(TwilioConfig config) {
      super(config);
    }

    @Override
    Builder self() {
      return this;
    }

    /**
     * Where the channel learns whether a customer's window is open. Default {@link
     * CustomerWindow#alwaysClosed()}: every message is sent as a template.
     *
     * @param window the window, fed by the inbound-message webhook
     * @return this builder
     */
    public Builder customerWindow(CustomerWindow window) {
      this.window = Checks.notNull(window, "customerWindow");
      return this;
    }

    /**
     * The scope the channel asks the {@link CustomerWindow} with; by default the message's tenant
     * id. It must match the scope the inbound webhook records with.
     *
     * @param windowScope reads the scope from the message about to be sent
     * @return this builder
     */
    public Builder windowScope(Function<OutgoingMessage, String> windowScope) {
      this.windowScope = Checks.notNull(windowScope, "windowScope");
      return this;
    }

    /** {@return the channel, immutable and thread-safe} */
    public TwilioWhatsAppChannel build() {
      return new TwilioWhatsAppChannel(this);
    }
  }
}
