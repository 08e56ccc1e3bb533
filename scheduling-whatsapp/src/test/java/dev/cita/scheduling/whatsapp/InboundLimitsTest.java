package dev.cita.scheduling.whatsapp;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.cita.scheduling.assistant.ChatAssistant;
import dev.cita.scheduling.assistant.Reply;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.RateLimiter;
import dev.cita.scheduling.whatsapp.channel.CustomerWindow;
import dev.cita.scheduling.whatsapp.channel.TwilioConfig;
import dev.cita.scheduling.whatsapp.channel.TwilioWhatsAppChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A customer over the inbound limit gets one polite "wait" answer per notice window and then
 * silence; the assistant sees only the messages within the limit; another customer is untouched.
 */
class InboundLimitsTest {
  @RegisterExtension
  static WireMockExtension twilioApi =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final TenantId CLINIC = TenantId.of("clinica-norte");
  private final Clock clock = Clock.fixed(Instant.parse("2026-03-02T12:00:00Z"), ZoneOffset.UTC);
  private final AtomicInteger assistantTurns = new AtomicInteger();
  private final ChatAssistant assistant =
      (tenant, phone, name, text, locale) -> {
        assistantTurns.incrementAndGet();
        return new Reply("Hola, ¿qué día te acomoda?", Locale.forLanguageTag("es"));
      };
  private int sids;

  /** {@code permits} per key, never refilled: the clock of this test stands still. */
  private static RateLimiter fixed(int permits) {
    Map<String, AtomicInteger> used = new ConcurrentHashMap<>();
    return key ->
        used.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() <= permits
            ? RateLimiter.Permit.GRANTED
            : RateLimiter.Permit.refused(Duration.ofSeconds(60));
  }

  @BeforeEach
  void twilioAccepts() {
    WhatsAppStack.twilioAnswersSid(twilioApi, "SMreply");
  }

  private WhatsAppConversations conversations(RateLimiter perTenant) {
    CustomerWindow window = CustomerWindow.inMemory(clock);
    TwilioWhatsAppChannel channel =
        TwilioWhatsAppChannel.builder(
                TwilioConfig.builder()
                    .accountSid("AC123")
                    .authToken("twilio-auth-token")
                    .from("whatsapp:+14155238886")
                    .baseUrl(twilioApi.baseUrl())
                    .build())
            .customerWindow(window)
            .clock(clock)
            .sleeper(d -> {})
            .build();
    return WhatsAppConversations.builder(assistant, channel)
        .tenantOf(m -> CLINIC)
        .customerWindow(window)
        .clock(clock)
        .inboundLimits(fixed(30), perTenant, fixed(1))
        .build();
  }

  private void writes(WhatsAppConversations conversations, String phone, int times) {
    for (int i = 0; i < times; i++) {
      conversations.inboundMessage(
          new InboundMessage(
              "SM" + (++sids),
              "whatsapp:" + phone,
              "whatsapp:+14155238886",
              "hola " + i,
              Optional.of("Ana"),
              Optional.empty()));
    }
  }

  private static List<String> answers() {
    return WhatsAppStack.answers(twilioApi);
  }

  @Test
  void aFloodingCustomerGetsThirtyAnswersOneWaitAndThenSilence() {
    WhatsAppConversations conversations = conversations(fixed(1000));

    writes(conversations, "+56912345678", 45);
    writes(conversations, "+56987654321", 1);

    assertThat(assistantTurns).hasValue(31);
    List<String> answers = answers();
    assertThat(answers).hasSize(32);
    assertThat(answers.subList(0, 30)).containsOnly("Hola, ¿qué día te acomoda?");
    assertThat(answers.get(30)).isEqualTo(WhatsAppConversations.WAIT_ES);
    assertThat(answers.get(31)).isEqualTo("Hola, ¿qué día te acomoda?");
  }

  @Test
  void aTenantOverItsLimitTellsEachCustomerOnceToWait() {
    WhatsAppConversations conversations = conversations(fixed(2));

    writes(conversations, "+56912345678", 3);
    writes(conversations, "+56987654321", 2);

    assertThat(assistantTurns).hasValue(2);
    assertThat(answers())
        .containsExactly(
            "Hola, ¿qué día te acomoda?",
            "Hola, ¿qué día te acomoda?",
            WhatsAppConversations.WAIT_ES,
            WhatsAppConversations.WAIT_ES);
  }
}
