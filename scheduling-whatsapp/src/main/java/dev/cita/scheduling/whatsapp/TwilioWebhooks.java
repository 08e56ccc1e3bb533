package dev.cita.scheduling.whatsapp;

import dev.cita.scheduling.WebhookVerificationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.webhook.ParsedWebhook;
import dev.cita.scheduling.webhook.ProviderWebhooks;
import dev.cita.scheduling.webhook.WebhookHandler;
import dev.cita.scheduling.webhook.WebhookParseException;
import dev.cita.scheduling.webhook.WebhookPayloadTooLargeException;
import dev.cita.scheduling.webhook.WebhookRequest;
import dev.cita.scheduling.webhook.WebhookResult;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Twilio adapter for the core {@link WebhookHandler}: verifies {@code X-Twilio-Signature} and
 * reads inbound WhatsApp messages and status callbacks. Neither is a booking event, so {@link
 * #parse} answers "ignored" with the delivery id the handler de-duplicates on: the {@code
 * MessageSid} of an inbound message, {@code MessageSid/status} of a status callback (one message
 * gets several callbacks: sent, delivered, read).
 *
 * <p>Route Twilio's POSTs through {@link #handle(WebhookHandler, WebhookRequest)}, which hands each
 * new delivery to the {@link TwilioMessageListener} once, after the handler verified and recorded
 * it:
 *
 * <pre>{@code
 * TwilioWebhooks twilio = TwilioWebhooks.builder(TwilioRequestValidator.withAuthToken(authToken))
 *     .listener(myListener)
 *     .build();
 * WebhookHandler handler = WebhookHandler.builder().appointmentStore(store).inbox(inbox)
 *     .provider(twilio).build();
 * WebhookResult result = twilio.handle(handler, request); // answer result.status()
 * }</pre>
 *
 * <p>Bounded work before authentication: besides the handler's body limit, a form with more than
 * {@link Builder#maxFormParameters(int)} parameters (200 by default; Twilio sends a few dozen) is
 * answered 413 before it is decoded or its signature computed.
 *
 * <p>The URL in the request must be the one Twilio called (the public URL, with its query, before
 * any proxy rewrote it), or no signature verifies.
 */
public final class TwilioWebhooks implements ProviderWebhooks {
  /** The provider id this adapter registers under. */
  public static final String PROVIDER = "twilio";

  /** The header Twilio signs requests in. */
  public static final String SIGNATURE_HEADER = "X-Twilio-Signature";

  /** The default most form parameters per request. */
  public static final int DEFAULT_MAX_FORM_PARAMETERS = 200;

  private static final Logger log = LoggerFactory.getLogger(TwilioWebhooks.class);

  private final TwilioRequestValidator validator;
  private final TwilioMessageListener listener;
  private final int maxFormParameters;

  private TwilioWebhooks(Builder b) {
    this.validator = b.validator;
    this.listener = b.listener;
    this.maxFormParameters = b.maxFormParameters;
  }

  /**
   * Starts an adapter that verifies with {@code validator}.
   *
   * @param validator checks {@code X-Twilio-Signature} with the account's auth token
   * @return a builder
   */
  public static Builder builder(TwilioRequestValidator validator) {
    return new Builder(Checks.notNull(validator, "validator"));
  }

  @Override
  public String provider() {
    return PROVIDER;
  }

  @Override
  public void verify(WebhookRequest request) {
    Checks.notNull(request, "request");
    String signature =
        request
            .header(SIGNATURE_HEADER)
            .orElseThrow(
                () ->
                    new WebhookVerificationException(
                        PROVIDER, "missing " + SIGNATURE_HEADER + " header"));
    boolean valid;
    if (TwilioRequestValidator.bodyHashOf(request.url()).isPresent()) {
      valid = validator.validateJsonBody(request.url(), request.body(), signature);
    } else {
      if (request.method().equals("POST")
          && FormEncoding.parameterCountBound(request.body()) > maxFormParameters) {
        throw new WebhookPayloadTooLargeException(
            "more than " + maxFormParameters + " form parameters");
      }
      valid = validator.validate(request.url(), formParams(request), signature);
    }
    if (!valid) {
      throw new WebhookVerificationException(PROVIDER, "signature does not match");
    }
  }

  private static Map<String, List<String>> formParams(WebhookRequest request) {
    if (!request.method().equals("POST")) {
      return Map.of(); // Twilio signs the URL alone for a GET
    }
    try {
      return FormEncoding.parse(request.bodyAsString());
    } catch (IllegalArgumentException e) {
      WebhookVerificationException rejected =
          new WebhookVerificationException(
              PROVIDER, "body is not form-encoded, cannot check its signature");
      rejected.initCause(e);
      throw rejected;
    }
  }

  @Override
  public ParsedWebhook parse(WebhookRequest request) {
    if (TwilioRequestValidator.bodyHashOf(request.url()).isPresent()) {
      return ParsedWebhook.ignored("json");
    }
    Object read = read(request);
    if (read instanceof StatusCallback s) {
      return ParsedWebhook.ignored("status." + s.messageStatus())
          .withDeliveryId(s.messageSid() + "/" + s.messageStatus());
    }
    return ParsedWebhook.ignored("message").withDeliveryId(((InboundMessage) read).messageSid());
  }

  /**
   * Passes one request through {@code handler} and, when the handler accepted it as a new, verified
   * delivery, hands the message or status to the listener.
   *
   * <p>A failure of the listener is logged, not thrown: Twilio would only deliver the request
   * again.
   *
   * @param handler the core handler this adapter is registered with
   * @param request the request as Twilio sent it, with the public URL it called
   * @return the handler's result; answer Twilio with its status
   */
  @Override
  public WebhookResult handle(WebhookHandler handler, WebhookRequest request) {
    Checks.notNull(handler, "handler");
    Checks.notNull(request, "request");
    WebhookResult result = handler.handle(PROVIDER, request);
    if (result.outcome() != WebhookResult.Outcome.IGNORED
        || TwilioRequestValidator.bodyHashOf(request.url()).isPresent()) {
      return result;
    }
    Object read = read(request);
    try {
      if (read instanceof StatusCallback s) {
        listener.statusCallback(s);
      } else {
        listener.inboundMessage((InboundMessage) read);
      }
    } catch (RuntimeException e) {
      log.warn("Twilio message listener {} failed on {}", listener.getClass().getName(), read, e);
    }
    return result;
  }

  /** An {@link InboundMessage} or a {@link StatusCallback}. */
  private static Object read(WebhookRequest request) {
    Map<String, List<String>> form;
    try {
      form = FormEncoding.parse(request.bodyAsString());
    } catch (IllegalArgumentException e) {
      throw new WebhookParseException("Twilio body is not form-encoded", e);
    }
    String sid = required(form, "MessageSid");
    Optional<String> status = first(form, "MessageStatus");
    if (status.isPresent() && !status.get().equalsIgnoreCase("received")) {
      return new StatusCallback(sid, status.get(), first(form, "ErrorCode"));
    }
    return new InboundMessage(
        sid,
        required(form, "From"),
        required(form, "To"),
        first(form, "Body").orElse(""),
        first(form, "ProfileName"),
        first(form, "WaId"));
  }

  private static String required(Map<String, List<String>> form, String name) {
    return first(form, name)
        .orElseThrow(() -> new WebhookParseException("Twilio webhook lacks " + name));
  }

  private static Optional<String> first(Map<String, List<String>> form, String name) {
    return form.getOrDefault(name, List.of()).stream().filter(v -> !v.isBlank()).findFirst();
  }

  @Override
  public String toString() {
    return "TwilioWebhooks{" + validator + "}";
  }

  /** Configures a {@link TwilioWebhooks}. */
  public static final class Builder {
    private final TwilioRequestValidator validator;
    private TwilioMessageListener listener = TwilioMessageListener.NONE;
    private int maxFormParameters = DEFAULT_MAX_FORM_PARAMETERS;

    private Builder(TwilioRequestValidator validator) {
      this.validator = validator;
    }

    /**
     * Who hears inbound messages and status callbacks; {@link TwilioMessageListener#NONE} by
     * default.
     *
     * @param listener the listener, such as {@link WhatsAppConversations}
     * @return this builder
     */
    public Builder listener(TwilioMessageListener listener) {
      this.listener = Checks.notNull(listener, "listener");
      return this;
    }

    /**
     * The most form parameters a request may carry ({@value #DEFAULT_MAX_FORM_PARAMETERS} by
     * default, at least 50); more are answered 413 before decoding or signature checks.
     *
     * @param maxFormParameters the limit, at least 50
     * @return this builder
     * @throws dev.cita.scheduling.ValidationException if it is below 50
     */
    public Builder maxFormParameters(int maxFormParameters) {
      this.maxFormParameters = Checks.atLeast(maxFormParameters, 50, "maxFormParameters");
      return this;
    }

    /** {@return the adapter, immutable and thread-safe} */
    public TwilioWebhooks build() {
      return new TwilioWebhooks(this);
    }
  }
}
