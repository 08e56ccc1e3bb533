package dev.cita.scheduling.whatsapp.channel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.http.ErrorFormat;
import dev.cita.scheduling.http.ProviderHttpClient;
import dev.cita.scheduling.http.ProviderResponse;
import dev.cita.scheduling.http.Redaction;
import dev.cita.scheduling.notify.AddressKind;
import dev.cita.scheduling.notify.OutgoingMessage;
import dev.cita.scheduling.notify.SendResult;
import dev.cita.scheduling.spi.NotificationChannel;
import dev.cita.scheduling.token.Sleeper;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import okhttp3.OkHttpClient;
import okhttp3.Request;
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
 *     .statusTracker(tracker)           // fed by the status-callback webhook
 *     .build();
 * SendResult result = whatsapp.send(message);   // accepted, with the message SID (SM…)
 * }</pre>
 *
 * <p>Every request carries the message's idempotency key in {@code I-Twilio-Idempotency-Token},
 * so Twilio sends a re-sent notice once; that also lets the HTTP client retry the POST after a
 * 429, a 5xx or a lost response. Errors: Twilio error 63016 becomes
 * {@link WhatsAppWindowClosedException}; every other error a {@link ProviderException} with
 * Twilio's code (for example {@code 21211}), status and request id. Logs and exception messages
 * show phone numbers masked and never a credential.
 */
public final class TwilioWhatsAppChannel implements NotificationChannel {
  /** This channel's id in notification preferences. */
  public static final String ID = "whatsapp";
  static final String IDEMPOTENCY_HEADER = "I-Twilio-Idempotency-Token";

  private static final Logger log = LoggerFactory.getLogger(TwilioWhatsAppChannel.class);

  private final TwilioConfig config;
  private final ProviderHttpClient http;
  private final CustomerWindow window;
  private final Function<OutgoingMessage, String> windowScope;
  private final MessageStatusTracker tracker;
  private final Clock clock;
  private final String messagesPath;

  private TwilioWhatsAppChannel(Builder b) {
    this.config = b.config;
    this.window = b.window;
    this.windowScope = b.windowScope;
    this.tracker = b.tracker;
    this.clock = b.clock;
    ProviderHttpClient.Builder http = ProviderHttpClient.builder("twilio")
        .baseUrl(config.baseUrl().endsWith("/") ? config.baseUrl() : config.baseUrl() + "/")
        .config(config.httpClientConfig())
        .retryPolicy(config.retryPolicy())
        .errorFormat(ErrorFormat.twilio())
        .clock(b.clock)
        .sleeper(b.sleeper);
    if (b.okHttpClient != null) {
      http.okHttpClient(b.okHttpClient);
    }
    this.http = http.build();
    this.messagesPath = "2010-04-01/Accounts/" + config.accountSid() + "/Messages.json";
  }

  /** A builder for a channel with this configuration. */
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
   * @return {@link SendResult#accepted} with Twilio's message SID
   * @throws WhatsAppWindowClosedException outside the window with no template, or on Twilio 63016
   * @throws ProviderException for any other Twilio or network failure (after the retries allowed)
   * @throws IllegalArgumentException when the message is not addressed to a phone
   */
  @Override
  public SendResult send(OutgoingMessage message) {
    if (message.addressKind() != AddressKind.PHONE) {
      throw new IllegalArgumentException("WhatsApp sends to phones, not " + message.addressKind());
    }
    String maskedTo = Redaction.maskPhone(message.address());
    boolean freeForm = window.isOpen(windowScope.apply(message), message.address());
    OrderedForm form = new OrderedForm().add("To", "whatsapp:" + message.address());
    config.from().ifPresent(from -> form.add("From", from));
    config.messagingServiceSid().ifPresent(sid -> form.add("MessagingServiceSid", sid));
    if (freeForm) {
      form.add("Body", message.text());
    } else {
      String contentSid = config.contentSid(message.templateKey())
          .orElseThrow(() -> WhatsAppWindowClosedException.noTemplate(message.templateKey(), maskedTo));
      form.add("ContentSid", contentSid);
      if (!message.templateVariables().isEmpty()) {
        form.add("ContentVariables", contentVariables(message.templateVariables()));
      }
    }
    config.statusCallback().ifPresent(url -> form.add("StatusCallback", url));
    ProviderResponse response = post(form, message.idempotencyKey(), message.templateKey(), maskedTo);
    return accepted(response, message.kind().toString(), maskedTo, freeForm ? "free-form" : "template " + message.templateKey());
  }

  /**
   * Answers a customer in a running conversation with free text, which WhatsApp allows for 24
   * hours after the customer's last message (the assistant replies to a message just received).
   *
   * @param idempotencyKey stable per reply, for example derived from the inbound MessageSid, so a
   *     redelivered inbound message never sends the answer twice
   */
  public SendResult reply(String customerPhone, String text, String idempotencyKey) {
    Checks.notBlank(customerPhone, "customerPhone");
    Checks.notBlank(text, "text");
    Checks.notBlank(idempotencyKey, "idempotencyKey");
    String maskedTo = Redaction.maskPhone(customerPhone);
    OrderedForm form = new OrderedForm().add("To", "whatsapp:" + customerPhone);
    config.from().ifPresent(from -> form.add("From", from));
    config.messagingServiceSid().ifPresent(sid -> form.add("MessagingServiceSid", sid));
    form.add("Body", text);
    config.statusCallback().ifPresent(url -> form.add("StatusCallback", url));
    return accepted(post(form, idempotencyKey, "reply", maskedTo), "reply", maskedTo, "free-form");
  }

  private ProviderResponse post(OrderedForm form, String idempotencyKey, String templateKey, String maskedTo) {
    Request request = new Request.Builder()
        .url(http.url(messagesPath))
        .header("Authorization", config.authorizationHeaderRevealingSecret())
        .header(IDEMPOTENCY_HEADER, idempotencyKey)
        .post(form.toRequestBody())
        .build();
    try {
      return http.execute(request);
    } catch (ProviderException e) {
      if (e.providerCode().filter(WhatsAppWindowClosedException.TWILIO_CODE::equals).isPresent()) {
        throw WhatsAppWindowClosedException.rejected(e, templateKey, maskedTo);
      }
      throw e;
    }
  }

  private SendResult accepted(ProviderResponse response, String what, String maskedTo, String form) {
    JsonNode body = http.json().readTree(response.body());
    String sid = body.path("sid").asText("");
    if (sid.isBlank()) {
      throw new ProviderException("twilio", response.status(), null, response.requestId().orElse(null),
          false, "POST " + Redaction.maskPhone("/" + messagesPath) + " answered without a message sid", null);
    }
    MessageStatus.fromTwilio(body.path("status").asText(""))
        .ifPresent(status -> tracker.recordStatus(sid, status, Optional.empty(), clock.instant()));
    log.debug("whatsapp {} to {} accepted as {} ({})", what, maskedTo, sid, form);
    return SendResult.accepted(sid);
  }

  /** {@code {"1": first, "2": second, …}}, the placeholders of a Twilio content template. */
  private String contentVariables(List<String> variables) {
    Map<String, String> numbered = new LinkedHashMap<>();
    for (int i = 0; i < variables.size(); i++) {
      numbered.put(Integer.toString(i + 1), variables.get(i));
    }
    return http.json().toJson(numbered);
  }

  @Override
  public String toString() {
    return "TwilioWhatsAppChannel{" + config + '}';
  }

  /** Builds a {@link TwilioWhatsAppChannel}; only the configuration is required. */
  public static final class Builder {
    private final TwilioConfig config;
    private CustomerWindow window = CustomerWindow.alwaysClosed();
    private Function<OutgoingMessage, String> windowScope = m -> m.tenant().value();
    private MessageStatusTracker tracker = MessageStatusTracker.NONE;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.threadSleep();
    private OkHttpClient okHttpClient;

    private Builder(TwilioConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Where the channel learns whether a customer's window is open. Default
     * {@link CustomerWindow#alwaysClosed()}: every message is sent as a template.
     */
    public Builder customerWindow(CustomerWindow window) {
      this.window = Objects.requireNonNull(window, "customerWindow");
      return this;
    }

    /**
     * The scope the channel asks the {@link CustomerWindow} with; by default the message's
     * tenant id. It must match the scope the inbound webhook records with.
     */
    public Builder windowScope(Function<OutgoingMessage, String> windowScope) {
      this.windowScope = Objects.requireNonNull(windowScope, "windowScope");
      return this;
    }

    /** Receives the status Twilio reports when it accepts a message; default {@link MessageStatusTracker#NONE}. */
    public Builder statusTracker(MessageStatusTracker tracker) {
      this.tracker = Objects.requireNonNull(tracker, "statusTracker");
      return this;
    }

    /** The clock for status times and HTTP-date {@code Retry-After}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How the HTTP client waits between retries; tests pass one that records and returns. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /** An OkHttp client to share a connection pool with; see {@link ProviderHttpClient.Builder#okHttpClient}. */
    public Builder okHttpClient(OkHttpClient okHttpClient) {
      this.okHttpClient = Objects.requireNonNull(okHttpClient, "okHttpClient");
      return this;
    }

    public TwilioWhatsAppChannel build() {
      return new TwilioWhatsAppChannel(this);
    }
  }
}
