package dev.cita.scheduling.whatsapp.channel;

import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.http.Redaction;
import dev.cita.scheduling.notify.AddressKind;
import dev.cita.scheduling.notify.OutgoingMessage;
import dev.cita.scheduling.notify.SendResult;
import dev.cita.scheduling.spi.NotificationChannel;
import dev.cita.scheduling.spi.SendAttemptStore;
import java.time.Clock;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends notifications as SMS with Twilio's Messages API ({@code POST
 * /2010-04-01/Accounts/{AccountSid}/Messages.json} with {@code To}, {@code From} or {@code
 * MessagingServiceSid}, {@code Body} and the optional {@code StatusCallback}). It shares the
 * account, credentials, status callback URL and retry policy of a {@link TwilioConfig} with {@link
 * TwilioWhatsAppChannel}. Immutable and thread-safe.
 *
 * <pre>{@code
 * TwilioSmsChannel sms = TwilioSmsChannel.builder(config)
 *     .from("+14155550100")            // an SMS-capable number; else the config's messaging service
 *     .maxSegments(3)                  // longer texts are refused
 *     .sentMessages(sendAttemptStore)  // shared by every node
 *     .build();
 * }</pre>
 *
 * <p>Sender: {@link Builder#from} when set; otherwise the config's messaging service ({@code MG…});
 * otherwise the config's number without its {@code whatsapp:} prefix.
 *
 * <p>Length: a text longer than {@link Builder#maxSegments} segments (default 3, counted by {@link
 * SmsSegments}) is refused with {@link SendResult#refused} naming its encoding and segment count,
 * without calling Twilio; it is never cut, since a cut reminder can lose the time or the place.
 *
 * <p>At most once, as {@link TwilioWhatsAppChannel}: Twilio's message creation is not idempotent,
 * so a POST is repeated only on 429 or when the request was never written; a 5xx or a lost answer
 * throws a {@link ProviderException} whose {@link ProviderException#isOutcomeUnknown()} is true,
 * and the key stays claimed in the {@link SendAttemptStore}, so later sends of it are refused the
 * same way without calling Twilio. A key Twilio accepted answers its first SID again. Keys are
 * claimed as {@code sms:} + the message's idempotency key, so one store can be shared with the
 * WhatsApp channel. SMS texts are not kept in the store.
 */
public final class TwilioSmsChannel implements NotificationChannel {
  /** This channel's id in notification preferences. */
  public static final String ID = "sms";

  /** The default {@link Builder#maxSegments}. */
  public static final int DEFAULT_MAX_SEGMENTS = 3;

  private static final Logger log = LoggerFactory.getLogger(TwilioSmsChannel.class);
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
  private static final String KEY_PREFIX = "sms:";

  private final TwilioConfig config;
  private final TwilioMessages messages;
  private final MessageStatusTracker tracker;
  private final Clock clock;
  private final @Nullable String from;
  private final int maxSegments;

  private TwilioSmsChannel(Builder b) {
    this.config = b.config;
    this.tracker = b.tracker;
    this.clock = b.clock;
    this.from = b.from;
    this.maxSegments = b.maxSegments;
    this.messages = b.messages("SMS", b.sendAttempts());
  }

  /**
   * Starts a channel with this configuration.
   *
   * @param config the account, credentials and optional status callback URL
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
   * Sends the rendered text as one SMS, as described on the type.
   *
   * @param message the rendered notification, addressed to a phone
   * @return {@link SendResult#accepted} with Twilio's message SID, or {@link SendResult#refused}
   *     when the text needs more than the allowed segments
   * @throws ProviderException with {@link ProviderException#isOutcomeUnknown()} true when Twilio
   *     may or may not have taken the message, now or in an earlier attempt with the same key (it
   *     is not sent again); for any other Twilio or network failure, after the retries allowed,
   *     with the flag false
   * @throws IllegalArgumentException when the message is not addressed to a phone
   */
  @Override
  public SendResult send(OutgoingMessage message) {
    if (message.addressKind() != AddressKind.PHONE) {
      throw new IllegalArgumentException("SMS sends to phones, not " + message.addressKind());
    }
    SmsSegments size = SmsSegments.of(message.text());
    if (size.segments() > maxSegments) {
      return SendResult.refused(
          "SMS "
              + message.kind()
              + " text is "
              + size.segments()
              + " segments ("
              + size.encoding()
              + ", "
              + size.units()
              + " units); at most "
              + maxSegments
              + " are allowed");
    }
    OrderedForm form = new OrderedForm().add("To", message.address());
    if (from != null) {
      form.add("From", from);
    } else if (config.messagingServiceSid().isPresent()) {
      form.add("MessagingServiceSid", config.messagingServiceSid().get());
    } else {
      form.add("From", config.from().orElseThrow().replaceFirst("^whatsapp:", ""));
    }
    form.add("Body", message.text());
    config.statusCallback().ifPresent(url -> form.add("StatusCallback", url));
    return messages.post(
        message.tenant(),
        form,
        KEY_PREFIX + message.idempotencyKey(),
        Redaction.maskPhone(message.address()),
        Optional.empty(),
        message.kind() + " (" + size.segments() + " segments)",
        true,
        UnaryOperator.identity());
  }

  /**
   * Takes one Twilio status callback of an SMS and records it with the {@link
   * MessageStatusTracker}.
   *
   * @param messageSid the callback's {@code MessageSid}
   * @param messageStatus the callback's {@code MessageStatus}, such as {@code delivered}; an
   *     unknown one is logged and ignored
   * @param errorCode the callback's {@code ErrorCode}, or empty when it has none
   * @return whether the status was recorded
   */
  public boolean statusReported(
      String messageSid, String messageStatus, Optional<String> errorCode) {
    return messages.statusReported(messageSid, messageStatus, errorCode).isPresent();
  }

  @Override
  public String toString() {
    return "TwilioSmsChannel{" + config + ", maxSegments=" + maxSegments + '}';
  }

  /** Builds a {@link TwilioSmsChannel}; only the configuration is required. */
  public static final class Builder extends TwilioChannelBuilder<Builder> {
    private @Nullable String from;
    private int maxSegments = DEFAULT_MAX_SEGMENTS;

    private Builder(TwilioConfig config) {
      super(config);
    }

    @Override
    Builder self() {
      return this;
    }

    /**
     * Sends from this SMS-capable number instead of the config's sender.
     *
     * @param from an E.164 number such as {@code +14155550100}
     * @return this builder
     * @throws ValidationException if it is not E.164
     */
    public Builder from(String from) {
      if (from == null || !E164.matcher(from).matches()) {
        throw new ValidationException("from", "must be an E.164 phone such as +14155550100");
      }
      this.from = from;
      return this;
    }

    /**
     * The most segments a text may take; longer texts are refused.
     *
     * @param maxSegments 1 to 10; {@value TwilioSmsChannel#DEFAULT_MAX_SEGMENTS} if not set
     * @return this builder
     * @throws ValidationException if out of range
     */
    public Builder maxSegments(int maxSegments) {
      if (maxSegments < 1 || maxSegments > 10) {
        throw new ValidationException("maxSegments", "must be 1 to 10");
      }
      this.maxSegments = maxSegments;
      return this;
    }

    /** {@return the channel, immutable and thread-safe} */
    public TwilioSmsChannel build() {
      return new TwilioSmsChannel(this);
    }
  }
}
