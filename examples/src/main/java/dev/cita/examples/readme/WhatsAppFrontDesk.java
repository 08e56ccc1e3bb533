package dev.cita.examples.readme;

import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.assistant.BookingAssistant;
import dev.cita.scheduling.assistant.TenantBookingConfig;
import dev.cita.scheduling.memory.InMemoryWebhookInbox;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.webhook.WebhookHandler;
import dev.cita.scheduling.webhook.WebhookRequest;
import dev.cita.scheduling.whatsapp.TwilioRequestValidator;
import dev.cita.scheduling.whatsapp.TwilioWebhooks;
import dev.cita.scheduling.whatsapp.WhatsAppConversations;
import dev.cita.scheduling.whatsapp.channel.CustomerWindow;
import dev.cita.scheduling.whatsapp.channel.TwilioConfig;
import dev.cita.scheduling.whatsapp.channel.TwilioWhatsAppChannel;
import java.time.Clock;
import java.time.ZoneId;

/** A clinic's WhatsApp number: patients write, the assistant offers times and books on "sí". */
public class WhatsAppFrontDesk {
  private final TwilioWebhooks twilio;
  private final WebhookHandler webhookHandler;

  public WhatsAppFrontDesk(
      BookingService service,
      TenantId clinic,
      ResourceId drAna,
      AppointmentTypeId consult,
      String accountSid,
      String authToken) {
    CustomerWindow window = CustomerWindow.inMemory(Clock.systemUTC()); // when each one last wrote
    TwilioConfig twilioAccount =
        TwilioConfig.builder()
            .accountSid(accountSid)
            .authToken(authToken)
            .from("whatsapp:+14155238886")
            .template(
                "reminder_customer", "HXb5b62575e6e4ff6129ad7c8efe1f983e") // approved template
            .build();
    TwilioWhatsAppChannel channel =
        TwilioWhatsAppChannel.builder(twilioAccount).customerWindow(window).build();
    ZoneId santiago = ZoneId.of("America/Santiago");
    BookingAssistant assistant =
        BookingAssistant.builder(service)
            .tenant(clinic, TenantBookingConfig.forResource(drAna, consult, santiago))
            .build();
    WhatsAppConversations conversations =
        WhatsAppConversations.builder(assistant, channel)
            .tenantOf(message -> clinic)
            .customerWindow(window)
            .build();
    twilio =
        TwilioWebhooks.builder(TwilioRequestValidator.withAuthToken(authToken))
            .listener(conversations)
            .build();
    webhookHandler =
        WebhookHandler.builder()
            .appointmentStore(service.appointmentStore())
            .inbox(new InMemoryWebhookInbox())
            .provider(twilio)
            .build();
  }

  /** Handles one POST from Twilio and returns the HTTP status to answer. */
  public int post(WebhookRequest request) {
    return twilio.handle(webhookHandler, request).status();
  }
}
