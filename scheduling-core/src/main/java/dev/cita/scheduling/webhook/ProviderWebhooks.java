package dev.cita.scheduling.webhook;

/**
 * What a provider adapter plugs into {@link WebhookHandler}: how to verify its webhooks and how to
 * read them into neutral {@link ProviderBookingEvent}s. {@link #parse} is only called on verified
 * requests and must be a pure function of the request.
 */
public interface ProviderWebhooks extends WebhookVerifier {
  /**
   * {@return the provider id, as used in {@code Appointment.externalRefs()} (for example {@code
   * "calcom"})}
   */
  String provider();

  /**
   * Reads a verified request: its trigger, its delivery id if the provider sends one, and the
   * booking events it carries, or {@link ParsedWebhook#ignored} for a trigger the adapter does not
   * map.
   *
   * @param request the verified request
   * @return the trigger, delivery id and events
   * @throws WebhookParseException if the body cannot be read
   */
  ParsedWebhook parse(WebhookRequest request);

  /**
   * Handles one delivery of this provider through {@code handler}, with which this adapter is
   * registered: what an HTTP endpoint calls, so that an adapter with work after the handler's (such
   * as Twilio's, which hands inbound messages to its listener) gets to do it. By default just
   * {@code handler.handle(provider(), request)}.
   *
   * @param handler the handler this adapter is registered with
   * @param request the request as the provider sent it
   * @return the handler's result; answer the provider with its status
   */
  default WebhookResult handle(WebhookHandler handler, WebhookRequest request) {
    return handler.handle(provider(), request);
  }
}
