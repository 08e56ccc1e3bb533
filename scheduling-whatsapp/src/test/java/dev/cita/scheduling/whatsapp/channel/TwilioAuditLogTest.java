package dev.cita.scheduling.whatsapp.channel;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.cita.scheduling.whatsapp.channel.Fixtures.AUTH_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.memory.InMemoryAuditLog;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.AuditEntry;
import dev.cita.scheduling.whatsapp.channel.Fixtures.RecordingSleeper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every Twilio Messages API call of both channels is one API log entry, as for Cal.com. */
class TwilioAuditLogTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String MESSAGES = "/2010-04-01/Accounts/AC123/Messages.json";
  private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
  private static final TenantId CLINIC = TenantId.of(Fixtures.TENANT);

  private final MutableClock clock = new MutableClock(NOW);
  private final RecordingSleeper sleeper = new RecordingSleeper();
  private final InMemoryAuditLog audit = new InMemoryAuditLog();

  private TwilioConfig config() {
    return TwilioConfig.builder()
        .accountSid("AC123")
        .authToken(AUTH_TOKEN)
        .from("whatsapp:+14155238886")
        .baseUrl(wm.baseUrl())
        .build();
  }

  private TwilioSmsChannel sms() {
    return TwilioSmsChannel.builder(config())
        .from("+14155550100")
        .clock(clock)
        .sleeper(sleeper)
        .auditLog(audit)
        .build();
  }

  private TwilioWhatsAppChannel whatsapp() {
    return TwilioWhatsAppChannel.builder(config())
        .clock(clock)
        .sleeper(sleeper)
        .auditLog(audit)
        .build();
  }

  private static ResponseDefinitionBuilder created(String sid) {
    return aResponse()
        .withStatus(201)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"sid\":\"" + sid + "\",\"status\":\"queued\",\"to\":\"+56912345678\"}");
  }

  private static ResponseDefinitionBuilder twilioError(int status, int code) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(
            "{\"code\":"
                + code
                + ",\"message\":\"The 'To' number +56912345678 is not valid\",\"status\":"
                + status
                + "}");
  }

  private static AuditEntry entry(
      String operation, AuditEntry.Outcome outcome, int status, Optional<String> code) {
    return new AuditEntry(
        NOW,
        Optional.of(CLINIC),
        "twilio",
        AuditEntry.Direction.OUTBOUND,
        operation,
        outcome,
        status,
        code,
        Duration.ZERO);
  }

  @Test
  void anSmsSendAndAWhatsAppReplyAreOneEntryEach() {
    wm.stubFor(post(urlEqualTo(MESSAGES)).willReturn(created("SM0001")));
    TwilioSmsChannel sms = sms();
    TwilioWhatsAppChannel whatsapp = whatsapp();

    sms.send(Fixtures.reminder());
    whatsapp.reply(CLINIC, Fixtures.PHONE, "Hola", "reply-SM9");

    assertThat(audit.recent(CLINIC, 10))
        .containsExactly(
            entry("whatsapp.messages.create", AuditEntry.Outcome.SUCCESS, 0, Optional.empty()),
            entry("sms.messages.create", AuditEntry.Outcome.SUCCESS, 0, Optional.empty()));
  }

  @Test
  void aRefusalRecordsTwiliosStatusAndCodeButNoPhoneOrText() {
    wm.stubFor(post(urlEqualTo(MESSAGES)).willReturn(twilioError(400, 21211)));
    TwilioWhatsAppChannel whatsapp = whatsapp();

    assertThatThrownBy(() -> whatsapp.reply(CLINIC, Fixtures.PHONE, "Hola", "reply-SM10"))
        .isInstanceOf(ProviderException.class);

    List<AuditEntry> entries = audit.recent(CLINIC, 10);
    assertThat(entries)
        .containsExactly(
            entry(
                "whatsapp.messages.create", AuditEntry.Outcome.FAILURE, 400, Optional.of("21211")));
    assertThat(entries.toString())
        .doesNotContain("912345678")
        .doesNotContain("Hola")
        .doesNotContain("SECRET");
  }

  @Test
  void aSendRetriedAfter429IsOneEntryAndARefusedRepeatMakesNone() {
    Fixtures.firstThen(wm, MESSAGES, twilioError(429, 20429), created("SM0003"));
    TwilioSmsChannel sms = sms();

    sms.send(Fixtures.reminder());
    sms.send(Fixtures.reminder()); // the same key: answered from the send store, no call

    wm.verify(2, postRequestedFor(urlEqualTo(MESSAGES)));
    assertThat(audit.recent(CLINIC, 10))
        .containsExactly(
            entry("sms.messages.create", AuditEntry.Outcome.SUCCESS, 0, Optional.empty()));
  }
}
