package dev.cita.scheduling.whatsapp.channel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.http.ErrorFormat;
import dev.cita.scheduling.http.JsonCodec;
import dev.cita.scheduling.http.ProviderHttpClient;
import dev.cita.scheduling.http.ProviderResponse;
import dev.cita.scheduling.http.Redaction;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.notify.OutgoingMessage;
import dev.cita.scheduling.notify.SendResult;
import dev.cita.scheduling.spi.AuditLog;
import dev.cita.scheduling.spi.SendAttemptStore;
import dev.cita.scheduling.token.Sleeper;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Twilio plumbing every channel of this package shares: one {@code POST
 * /2010-04-01/Accounts/{AccountSid}/Messages.json} per idempotency key, at most once (see {@link
 * TwilioWhatsAppChannel}): the key is claimed in the {@link SendAttemptStore} before the request, a
 * request Twilio certainly did not act on releases it, and an unknown outcome keeps it. Retries are
 * the {@link TwilioConfig#retryPolicy()}'s (429 and a request never written only). Each POST, its
 * retries included, is one {@link AuditLog} entry ({@link AuditLog#timed}, as the Cal.com and
 * Calendly clients record theirs), operation {@code whatsapp.messages.create} or {@code
 * sms.messages.create}: tenant, outcome, status, Twilio's error code and latency, never the
 * recipient, the text or the credentials. Thread-safe.
 */
final class TwilioMessages {
  private static final Logger log = LoggerFactory.getLogger(TwilioMessages.class);

  private final TwilioConfig config;
  private final ProviderHttpClient http;
  private final SendAttemptStore sent;
  private final MessageStatusTracker tracker;
  private final Clock clock;
  private final String messagesPath;
  private final String label;
  private final String operation;
  private final AuditLog auditLog;

  /**
   * @param label the channel's name in logs and exception messages ({@code WhatsApp}, {@code SMS})
   */
  TwilioMessages(
      TwilioConfig config,
      String label,
      SendAttemptStore sent,
      MessageStatusTracker tracker,
      Clock clock,
      Sleeper sleeper,
      @Nullable OkHttpClient okHttpClient,
      AuditLog auditLog) {
    this.config = config;
    this.label = label;
    this.operation = label.toLowerCase(Locale.ROOT) + ".messages.create";
    this.auditLog = auditLog;
    this.sent = sent;
    this.tracker = tracker;
    this.clock = clock;
    ProviderHttpClient.Builder http =
        ProviderHttpClient.builder("twilio")
            .baseUrl(config.baseUrl().endsWith("/") ? config.baseUrl() : config.baseUrl() + "/")
            .config(config.httpClientConfig())
            .retryPolicy(config.retryPolicy())
            .errorFormat(ErrorFormat.twilio())
            .clock(clock)
            .sleeper(sleeper);
    if (okHttpClient != null) {
      http.okHttpClient(okHttpClient);
    }
    this.http = http.build();
    this.messagesPath = "2010-04-01/Accounts/" + config.accountSid() + "/Messages.json";
  }

  /** {@return the JSON support of the HTTP client} */
  JsonCodec json() {
    return http.json();
  }

  /**
   * POSTs one message at most once per idempotency key.
   *
   * @param tenant the tenant the message is sent for, in the API log
   * @param form the message's form fields
   * @param key the idempotency key claimed for this message
   * @param maskedTo the recipient, masked, for logs
   * @param freeForm the message to remember when it goes out as free text
   * @param what what is sent, for logs
   * @param answerEarlierSid whether a key Twilio already accepted answers its SID again (otherwise
   *     it is refused as {@link NotSentAgainException})
   * @param refused maps a failure Twilio certainly did not act on (the key is released) to the
   *     exception to throw
   * @return {@link SendResult#accepted} with the message SID
   */
  SendResult post(
      TenantId tenant,
      OrderedForm form,
      String key,
      String maskedTo,
      Optional<OutgoingMessage> freeForm,
      String what,
      boolean answerEarlierSid,
      UnaryOperator<ProviderException> refused) {
    Optional<SendAttemptStore.Attempt> earlier = sent.begin(key, clock.instant());
    if (earlier.isPresent()) {
      if (earlier.get().messageId().isPresent() && answerEarlierSid) {
        log.debug(
            "{} {} to {} was already accepted as {}; not sent again",
            label,
            what,
            maskedTo,
            earlier.get().messageId().get());
        return SendResult.accepted(earlier.get().messageId().get());
      }
      throw new NotSentAgainException(
          label
              + " "
              + what
              + " to "
              + maskedTo
              + " is not sent again: an attempt with the same idempotency key started at "
              + earlier.get().startedAt()
              + (earlier.get().messageId().isPresent()
                  ? " was accepted"
                  : " and its outcome is unknown (Twilio message creation is not idempotent)"));
    }
    Request request =
        new Request.Builder()
            .url(http.url(messagesPath))
            .header("Authorization", config.authorizationHeaderRevealingSecret())
            .post(form.toRequestBody())
            .build();
    ProviderResponse response;
    try {
      response = auditLog.timed(clock, tenant, "twilio", operation, () -> http.execute(request));
    } catch (ProviderException e) {
      if (e.isOutcomeUnknown()) {
        log.warn(
            "{} {} to {}: outcome unknown, it will not be sent again: {}",
            label,
            what,
            maskedTo,
            e.getMessage());
        throw e;
      }
      sent.notSent(key);
      throw refused.apply(e);
    } catch (RuntimeException e) {
      log.warn(
          "{} {} to {} failed unexpectedly; its outcome is unknown and it will not be sent again",
          label,
          what,
          maskedTo);
      throw e;
    }
    String sid = sidOf(response);
    sent.accepted(key, sid, freeForm);
    log.debug("{} {} to {} accepted as {}", label, what, maskedTo, sid);
    return SendResult.accepted(sid);
  }

  /**
   * Records one status callback with the tracker.
   *
   * @return the status, or empty when Twilio's value is unknown (logged and ignored)
   */
  Optional<MessageStatus> statusReported(
      String messageSid, String messageStatus, Optional<String> errorCode) {
    Checks.notBlank(messageSid, "messageSid");
    Checks.notNull(errorCode, "errorCode");
    Optional<MessageStatus> status =
        MessageStatus.fromTwilio(Checks.notBlank(messageStatus, "messageStatus"));
    if (status.isEmpty()) {
      log.info(
          "unknown {} message status '{}' for {} ignored",
          label,
          Redaction.maskPhone(messageStatus),
          messageSid);
      return Optional.empty();
    }
    tracker.recordStatus(messageSid, status.get(), errorCode, clock.instant());
    return status;
  }

  /** The accepted message's SID, after recording the status Twilio returned with it. */
  private String sidOf(ProviderResponse response) {
    JsonNode body;
    try {
      body = http.json().readTree(response.body());
    } catch (ProviderException unreadable) {
      throw maybeCreated(response, "with an unreadable body", unreadable);
    }
    String sid = body.path("sid").asText("");
    if (sid.isBlank()) {
      throw maybeCreated(response, "without a message sid", null);
    }
    MessageStatus.fromTwilio(body.path("status").asText(""))
        .ifPresent(status -> tracker.recordStatus(sid, status, Optional.empty(), clock.instant()));
    return sid;
  }

  private ProviderException maybeCreated(
      ProviderResponse response, String problem, @Nullable Throwable cause) {
    return ProviderException.outcomeUnknown(
        "twilio",
        "POST "
            + Redaction.maskPhone("/" + messagesPath)
            + " answered "
            + response.status()
            + " "
            + problem
            + "; the message may have been created",
        cause);
  }

  /**
   * A send refused because an earlier attempt with its key has an unknown outcome (or, for a
   * template re-send, was made): outcome unknown, not retryable, like {@link
   * ProviderException#outcomeUnknown}. Its own type only lets a caller tell it apart from a send
   * that failed now.
   */
  static final class NotSentAgainException extends ProviderException {
    private static final long serialVersionUID = 1L;

    NotSentAgainException(String message) {
      super("twilio", 0, null, null, false, message, null, null, true);
    }
  }
}
