package dev.cita.scheduling.whatsapp;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;

import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.assistant.BookingAssistant;
import dev.cita.scheduling.assistant.PersistentConversationStore;
import dev.cita.scheduling.assistant.TenantBookingConfig;
import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.availability.WeeklyHours;
import dev.cita.scheduling.jdbc.JdbcStores;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.notify.AddressKind;
import dev.cita.scheduling.notify.MessageKind;
import dev.cita.scheduling.notify.OutgoingMessage;
import dev.cita.scheduling.notify.RecipientKind;
import dev.cita.scheduling.webhook.WebhookHandler;
import dev.cita.scheduling.whatsapp.channel.CustomerWindow;
import dev.cita.scheduling.whatsapp.channel.MessageStatus;
import dev.cita.scheduling.whatsapp.channel.MessageStatusRecord;
import dev.cita.scheduling.whatsapp.channel.MessageStatusTracker;
import dev.cita.scheduling.whatsapp.channel.TwilioConfig;
import dev.cita.scheduling.whatsapp.channel.TwilioWhatsAppChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * One app node of the multi-node WhatsApp tests ({@link TwoNodesOneDatabaseTest}, {@link
 * TwoJvmsOneDatabaseTest}): a booking service, assistant, channel and webhook pipeline all built
 * from its own data source with {@link JdbcStores}, at a fixed clock, against a fake Twilio.
 */
record WhatsAppNode(
    TwilioWhatsAppChannel channel,
    TwilioWebhooks twilio,
    WebhookHandler webhooks,
    CustomerWindow window,
    MessageStatusTracker tracker) {
  static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  static final TenantId CLINIC = TenantId.of("clinica-norte");
  static final ResourceId ANA = ResourceId.of("ana");
  static final String CUSTOMER = "+56912345678";
  static final String BUSINESS = "+14155238886";
  static final String TOKEN = "twilio-auth-token";
  static final String HOOK_URL = "https://app.example/hooks/twilio";
  static final Clock CLOCK =
      Clock.fixed(LocalDateTime.parse("2026-03-02T09:00").atZone(SANTIAGO).toInstant(), SANTIAGO);

  /**
   * Builds a node over {@code dataSource} (migrated here); {@code seedSchedule} saves the clinic's
   * appointment type and Ana's hours, which one node of a database does.
   */
  static WhatsAppNode over(DataSource dataSource, boolean seedSchedule, String twilioBaseUrl) {
    JdbcStores stores = JdbcStores.create(dataSource, CLOCK).migrate();
    AppointmentType consult =
        AppointmentType.builder("consult", "Consulta", Duration.ofMinutes(30)).build();
    if (seedSchedule) {
      stores.schedules().saveAppointmentType(CLINIC, consult);
      stores
          .schedules()
          .saveSchedule(
              CLINIC,
              ANA,
              Schedule.builder(SANTIAGO)
                  .weeklyHours(
                      WeeklyHours.builder()
                          .add(EnumSet.range(MONDAY, FRIDAY), "09:00", "13:00")
                          .build())
                  .build());
    }
    BookingService service =
        stores.configure(BookingService.builder().inMemoryDefaults()).clock(CLOCK).build();
    BookingAssistant assistant =
        BookingAssistant.builder(service)
            .clock(CLOCK)
            .conversationStore(
                PersistentConversationStore.builder(stores.conversations()).clock(CLOCK).build())
            .tenant(CLINIC, TenantBookingConfig.forResource(ANA, consult.id(), SANTIAGO))
            .build();
    CustomerWindow window = CustomerWindow.over(stores.lastInbound(), CLOCK);
    MessageStatusTracker tracker = MessageStatusTracker.over(stores.deliveryStatuses());
    WhatsAppStack stack =
        WhatsAppStack.build(
            new WhatsAppStack.Parts(
                assistant,
                window,
                tracker,
                stores.sendAttempts(),
                stores.appointments(),
                stores.webhookInbox()),
            TwilioConfig.builder().template("reminder_customer", "HXreminder01"),
            TOKEN,
            CLINIC,
            CLOCK,
            twilioBaseUrl);
    return new WhatsAppNode(stack.channel(), stack.twilio(), stack.webhooks(), window, tracker);
  }

  /** Takes a Twilio webhook form, signed with {@link #TOKEN}; returns the HTTP status answered. */
  int receive(Map<String, List<String>> form) {
    return twilio
        .handle(
            webhooks,
            SignedForms.signed(TwilioRequestValidator.withAuthToken(TOKEN), HOOK_URL, form))
        .status();
  }

  /** The status this node reads for the message {@code sid}. */
  Optional<MessageStatus> status(String sid) {
    return tracker.status(sid).map(MessageStatusRecord::status);
  }

  /** Whether this node sees the customer's 24-hour window open. */
  boolean windowOpen() {
    return window.isOpen(CLINIC.value(), CUSTOMER);
  }

  /**
   * The customer's reminder of appointment {@code appt-1}, always with the same idempotency key.
   */
  static OutgoingMessage reminder() {
    return reminder("appt-1:reminder:customer");
  }

  /**
   * The customer's reminder of appointment {@code appt-1}, sent once per {@code idempotencyKey}.
   */
  static OutgoingMessage reminder(String idempotencyKey) {
    return OutgoingMessage.builder()
        .tenant(CLINIC)
        .appointmentId(AppointmentId.of("appt-1"))
        .recipient(RecipientKind.CUSTOMER, AddressKind.PHONE, CUSTOMER)
        .locale(Locale.forLanguageTag("es"))
        .kind(MessageKind.REMINDER)
        .templateKey("reminder_customer")
        .templateVariables(List.of("María", "mañana 10:00"))
        .text("Hola María, tu cita es mañana a las 10:00")
        .idempotencyKey(idempotencyKey)
        .build();
  }

  /** A Twilio status callback form. */
  static Map<String, List<String>> callback(String sid, String status, @Nullable String errorCode) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    params.put("MessageSid", List.of(sid));
    params.put("MessageStatus", List.of(status));
    if (errorCode != null) {
      params.put("ErrorCode", List.of(errorCode));
    }
    return params;
  }
}
