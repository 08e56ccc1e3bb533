package dev.cita.scheduling.webhook;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.internal.LogSafe;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a provider adapter read from one webhook delivery: its trigger name, the provider's delivery
 * id when it sends one (the de-duplication key), and the booking events it carries. A delivery with
 * no events is {@linkplain #isIgnored() ignored}: acknowledged, never retried.
 */
public final class ParsedWebhook {
  private final String trigger;
  private final @Nullable String deliveryId;
  private final List<ProviderBookingEvent> events;

  private ParsedWebhook(
      String trigger, @Nullable String deliveryId, List<ProviderBookingEvent> events) {
    this.trigger = Checks.notBlank(trigger, "parsedWebhook.trigger");
    this.deliveryId = deliveryId;
    this.events = List.copyOf(Checks.notNull(events, "parsedWebhook.events"));
  }

  /**
   * A delivery that carries booking events (at least one).
   *
   * @param trigger the provider's trigger name, e.g. {@code "BOOKING_CREATED"}
   * @param events the events, at least one
   * @return the parsed delivery, without a delivery id
   * @throws ValidationException if the trigger is blank or there are no events
   */
  public static ParsedWebhook of(String trigger, List<ProviderBookingEvent> events) {
    if (Checks.notNull(events, "parsedWebhook.events").isEmpty()) {
      throw new ValidationException(
          "parsedWebhook.events", "must not be empty; use ParsedWebhook.ignored");
    }
    return new ParsedWebhook(trigger, null, events);
  }

  /**
   * A delivery that carries one booking event.
   *
   * @param trigger the provider's trigger name
   * @param event the event
   * @return the parsed delivery, without a delivery id
   */
  public static ParsedWebhook of(String trigger, ProviderBookingEvent event) {
    return of(trigger, List.of(Checks.notNull(event, "parsedWebhook.event")));
  }

  /**
   * A delivery whose trigger the adapter does not map: acknowledged, logged and ignored.
   *
   * @param trigger the provider's trigger name
   * @return a delivery without events
   */
  public static ParsedWebhook ignored(String trigger) {
    return new ParsedWebhook(trigger, null, List.of());
  }

  /**
   * A copy carrying the provider's id of this delivery, which then keys de-duplication.
   *
   * @param deliveryId the provider's id of the delivery, not blank
   * @return a new instance; this one is unchanged
   */
  public ParsedWebhook withDeliveryId(String deliveryId) {
    return new ParsedWebhook(
        trigger, Checks.notBlank(deliveryId, "parsedWebhook.deliveryId"), events);
  }

  /** {@return the provider's trigger name, e.g. {@code "BOOKING_CREATED"}} */
  public String trigger() {
    return trigger;
  }

  /**
   * {@return the provider's id of the delivery, or empty if it sends none} Without one, the
   * delivery is keyed by a digest of its body.
   */
  public Optional<String> deliveryId() {
    return Optional.ofNullable(deliveryId);
  }

  /** {@return the booking events, in the order the body lists them; empty if ignored} */
  public List<ProviderBookingEvent> events() {
    return events;
  }

  /** {@return true when the delivery carries no booking event to apply} */
  public boolean isIgnored() {
    return events.isEmpty();
  }

  @Override
  public String toString() {
    return "ParsedWebhook{"
        + LogSafe.escape(trigger)
        + (deliveryId == null ? "" : ", delivery=" + LogSafe.escape(deliveryId))
        + ", events="
        + events.size()
        + "}";
  }
}
