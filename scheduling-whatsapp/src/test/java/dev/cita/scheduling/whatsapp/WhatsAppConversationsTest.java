package dev.cita.scheduling.whatsapp;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.assistant.BookingAssistant;
import dev.cita.scheduling.assistant.ChatAssistant;
import dev.cita.scheduling.assistant.Reply;
import dev.cita.scheduling.assistant.TenantBookingConfig;
import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.availability.WeeklyHours;
import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.memory.InMemoryScheduleStore;
import dev.cita.scheduling.memory.InMemoryWebhookInbox;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.webhook.WebhookHandler;
import dev.cita.scheduling.webhook.WebhookRequest;
import dev.cita.scheduling.webhook.WebhookResult;
import dev.cita.scheduling.whatsapp.channel.CustomerWindow;
import dev.cita.scheduling.whatsapp.channel.MessageStatus;
import dev.cita.scheduling.whatsapp.channel.MessageStatusTracker;
import dev.cita.scheduling.whatsapp.channel.TwilioConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole WhatsApp loop against a fake Twilio: a signed inbound message goes through the core
 * webhook pipeline to the assistant, whose answer is posted back to Twilio's Messages endpoint;
 * choosing and confirming books the appointment; a redelivered message is answered once; status
 * callbacks update the delivery status.
 */
class WhatsAppConversationsTest {
  @RegisterExtension
  static WireMockExtension twilioApi =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  static final TenantId CLINIC = TenantId.of("clinica-norte");
  static final ResourceId ANA = ResourceId.of("ana");
  static final String TOKEN = "twilio-auth-token";
  static final String HOOK_URL = "https://app.example/hooks/twilio";
  static final String MESSAGES = "/2010-04-01/Accounts/AC123/Messages.json";

  final Clock clock =
      Clock.fixed(LocalDateTime.parse("2026-03-02T09:00").atZone(SANTIAGO).toInstant(), SANTIAGO);
  final InMemoryAppointmentStore appointments = new InMemoryAppointmentStore();
  final TwilioRequestValidator validator = TwilioRequestValidator.withAuthToken(TOKEN);
  final MessageStatusTracker tracker = MessageStatusTracker.inMemory();
  WebhookHandler webhooks;
  TwilioWebhooks twilio;
  int sids;

  @BeforeEach
  void setUp() {
    InMemoryScheduleStore schedules = new InMemoryScheduleStore();
    AppointmentType consult =
        AppointmentType.builder("consult", "Consulta", Duration.ofMinutes(30))
            .minimumNotice(Duration.ofHours(2))
            .build();
    schedules.saveAppointmentType(CLINIC, consult);
    schedules.saveSchedule(
        CLINIC,
        ANA,
        Schedule.builder(SANTIAGO)
            .weeklyHours(
                WeeklyHours.builder().add(EnumSet.range(MONDAY, FRIDAY), "09:00", "13:00").build())
            .build());
    BookingService service =
        BookingService.builder()
            .inMemoryDefaults()
            .clock(clock)
            .appointmentStore(appointments)
            .scheduleStore(schedules)
            .build();
    wire(
        BookingAssistant.builder(service)
            .clock(clock)
            .tenant(CLINIC, TenantBookingConfig.forResource(ANA, consult.id(), SANTIAGO))
            .build());
    WhatsAppStack.twilioAnswersSid(twilioApi, "SMreply");
  }

  /** The webhooks and channel around {@code assistant}. */
  private void wire(ChatAssistant assistant) {
    WhatsAppStack stack =
        WhatsAppStack.build(
            new WhatsAppStack.Parts(
                assistant,
                CustomerWindow.inMemory(clock),
                tracker,
                null,
                appointments,
                new InMemoryWebhookInbox()),
            TwilioConfig.builder(),
            TOKEN,
            CLINIC,
            clock,
            twilioApi.baseUrl());
    twilio = stack.twilio();
    webhooks = stack.webhooks();
  }

  private WebhookResult customerWrites(String messageSid, String text) {
    return twilio.handle(
        webhooks, signed(SignedForms.inbound(messageSid, "+56912345678", "+14155238886", text)));
  }

  private WebhookRequest signed(Map<String, List<String>> params) {
    return SignedForms.signed(validator, HOOK_URL, params);
  }

  /** The Body of every message posted to Twilio, decoded, in order. */
  private static List<String> answers() {
    return WhatsAppStack.answers(twilioApi);
  }

  @Test
  void aCustomerBooksOverWhatsAppAndEveryAnswerGoesBackThroughTwilio() {
    assertThat(customerWrites("SM1", "quiero reservar para mañana a las 10").status())
        .isEqualTo(200);
    assertThat(answers()).singleElement().asString().contains("10:00");

    customerWrites("SM2", "sí");

    assertThat(
            appointments.findTimeHolding(
                CLINIC, ANA, clock.instant(), clock.instant().plus(Duration.ofDays(3))))
        .singleElement()
        .satisfies(
            a ->
                assertThat(a.start().atZone(SANTIAGO).toLocalDateTime())
                    .isEqualTo(LocalDateTime.parse("2026-03-03T10:00")));
    assertThat(answers()).hasSize(2);
    twilioApi.verify(
        postRequestedFor(urlEqualTo(MESSAGES))
            .withoutHeader("I-Twilio-Idempotency-Token")
            .withRequestBody(containing("To=whatsapp%3A%2B56912345678"))
            .withRequestBody(containing("From=whatsapp%3A%2B14155238886")));
  }

  @Test
  void anyChatAssistantSuchAsAModelDrivenOneAnswersTheWhatsAppMessage() {
    List<String> heard = new ArrayList<>();
    wire(
        (tenant, phone, name, text, locale) -> {
          heard.add(tenant + " " + phone + " " + name + " " + text + " " + locale);
          return new Reply("Hola " + name + ", ¿qué día te acomoda?", locale);
        });

    assertThat(customerWrites("SM1", "quiero una hora").status()).isEqualTo(200);

    assertThat(heard).containsExactly("clinica-norte +56912345678 María quiero una hora es");
    assertThat(answers()).containsExactly("Hola María, ¿qué día te acomoda?");
  }

  @Test
  void aRedeliveredMessageIsAnsweredOnce() {
    customerWrites("SM1", "hola");
    WebhookResult again = customerWrites("SM1", "hola");

    assertThat(again.status()).isEqualTo(200);
    assertThat(answers()).hasSize(1);
  }

  @Test
  void aForgedMessageReachesNeitherTheAssistantNorTwilio() {
    Map<String, List<String>> params = new LinkedHashMap<>();
    params.put("MessageSid", List.of("SM9"));
    params.put("From", List.of("whatsapp:+56912345678"));
    params.put("To", List.of("whatsapp:+14155238886"));
    params.put("Body", List.of("cancelar mi cita"));
    WebhookRequest forged =
        WebhookRequest.builder("POST", HOOK_URL)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("X-Twilio-Signature", "bm90LWEtc2lnbmF0dXJl")
            .body(
                "MessageSid=SM9&From=whatsapp%3A%2B56912345678&To=whatsapp%3A%2B14155238886&Body=cancelar")
            .build();

    assertThat(twilio.handle(webhooks, forged).status()).isEqualTo(401);
    assertThat(answers()).isEmpty();
  }

  @Test
  void statusCallbacksUpdateTheDeliveryStatusAndNeverGoBack() {
    Map<String, List<String>> delivered = new LinkedHashMap<>();
    delivered.put("MessageSid", List.of("SMreply"));
    delivered.put("MessageStatus", List.of("delivered"));
    Map<String, List<String>> lateSent = new LinkedHashMap<>();
    lateSent.put("MessageSid", List.of("SMreply"));
    lateSent.put("MessageStatus", List.of("sent"));

    assertThat(twilio.handle(webhooks, signed(delivered)).status()).isEqualTo(200);
    assertThat(twilio.handle(webhooks, signed(lateSent)).status()).isEqualTo(200);

    assertThat(tracker.status("SMreply")).map(r -> r.status()).contains(MessageStatus.DELIVERED);
  }
}
