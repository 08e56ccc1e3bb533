package dev.cita.scheduling.assistant.tools;

import dev.cita.scheduling.assistant.Catalogue;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.Attendee;
import java.util.Locale;

/**
 * Who a tool call acts for, taken from the conversation (the chat channel's verified sender), never
 * from a model's arguments: the business's catalogue (its branches, and so its tenants) and the
 * customer. {@link #toString()} masks the phone.
 *
 * @param catalogue what the business offers; tools never reach outside its branches' tenants
 * @param customerPhone the customer's phone, E.164, as the channel verified it
 * @param customerName the customer's name on the channel, for the attendee of a booking
 * @param locale the customer's language
 */
public record ToolContext(
    Catalogue catalogue, String customerPhone, String customerName, Locale locale) {
  /**
   * Checks the components and normalizes the phone.
   *
   * @param catalogue what the business offers
   * @param customerPhone the customer's phone
   * @param customerName the customer's name on the channel
   * @param locale the customer's language
   * @throws dev.cita.scheduling.ValidationException naming the component that is invalid
   */
  public ToolContext {
    Checks.notNull(catalogue, "context.catalogue");
    customerPhone = Attendee.e164(customerPhone, "context.customerPhone");
    Checks.notNull(customerName, "context.customerName");
    Checks.notNull(locale, "context.locale");
  }

  @Override
  public String toString() {
    return "ToolContext{customer=" + Attendee.maskPhone(customerPhone) + ", locale=" + locale + "}";
  }
}
