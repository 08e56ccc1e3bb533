package dev.cita.scheduling.whatsapp;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.internal.LogSafe;
import dev.cita.scheduling.model.Attendee;
import java.util.Optional;

/**
 * A WhatsApp message a customer sent to the business, as Twilio's inbound webhook reports it.
 * {@code from} and {@code to} keep Twilio's {@code whatsapp:+E164} form; {@link #customerPhone()}
 * gives the bare E.164 number. {@link #toString()} masks the numbers and leaves out the text.
 *
 * @param messageSid Twilio's id of the message ({@code SM...}), also the delivery id
 * @param from the customer, {@code whatsapp:+E164}
 * @param to the business number, {@code whatsapp:+E164}; tells a multi-tenant app which tenant
 * @param body the text; empty for a media-only message
 * @param profileName the customer's WhatsApp profile name, when sent
 * @param waId the customer's WhatsApp id (the number without {@code +}), when sent
 */
public record InboundMessage(
    String messageSid,
    String from,
    String to,
    String body,
    Optional<String> profileName,
    Optional<String> waId) {
  /**
   * Checks the fields and makes the profile name printable: control characters become spaces, and a
   * blank name is dropped.
   *
   * @param messageSid Twilio's id of the message ({@code SM...}), not blank
   * @param from the customer, {@code whatsapp:+E164}, not blank
   * @param to the business number, {@code whatsapp:+E164}, not blank
   * @param body the text; empty for a media-only message
   * @param profileName the customer's WhatsApp profile name, or empty
   * @param waId the customer's WhatsApp id, or empty
   * @throws dev.cita.scheduling.ValidationException naming the field that is null or blank
   */
  public InboundMessage {
    Checks.notBlank(messageSid, "inboundMessage.messageSid");
    Checks.notBlank(from, "inboundMessage.from");
    Checks.notBlank(to, "inboundMessage.to");
    Checks.notNull(body, "inboundMessage.body");
    Checks.notNull(profileName, "inboundMessage.profileName");
    // The customer chooses the profile name: control characters become spaces, since it becomes an
    // attendee name (which refuses them) and is shown in messages.
    profileName = profileName.map(Attendee::printableName).filter(n -> !n.isBlank());
    Checks.notNull(waId, "inboundMessage.waId");
  }

  /**
   * {@return the customer's number without the {@code whatsapp:} prefix, such as {@code
   * +56912345678}}
   */
  public String customerPhone() {
    return stripChannel(from);
  }

  /** {@return the business number without the {@code whatsapp:} prefix} */
  public String businessPhone() {
    return stripChannel(to);
  }

  static String stripChannel(String address) {
    return address.startsWith("whatsapp:") ? address.substring("whatsapp:".length()) : address;
  }

  @Override
  public String toString() {
    return "InboundMessage{"
        + LogSafe.escape(messageSid)
        + ", from="
        + Attendee.maskPhone(customerPhone())
        + ", to="
        + Attendee.maskPhone(businessPhone())
        + ", body="
        + body.length()
        + " chars}";
  }
}
