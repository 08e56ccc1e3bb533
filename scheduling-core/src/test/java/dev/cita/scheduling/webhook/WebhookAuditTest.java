package dev.cita.scheduling.webhook;

import static dev.cita.scheduling.webhook.Deliveries.body;
import static dev.cita.scheduling.webhook.Deliveries.signed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.TestClock;
import dev.cita.scheduling.memory.InMemoryAuditLog;
import dev.cita.scheduling.memory.InMemoryWebhookInbox;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.AuditEntry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every delivery leaves one API-log line: tenant, trigger, outcome, status, latency, and nothing of
 * the body.
 */
class WebhookAuditTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private final TestClock clock = new TestClock(NOW);
  private final InMemoryAuditLog audit = new InMemoryAuditLog();
  private final WebhookHandler handler =
      WebhookHandler.builder()
          .clock(clock)
          .appointmentStore(new FlakyAppointmentStore())
          .inbox(new InMemoryWebhookInbox())
          .provider(new HmacJsonWebhooks(Deliveries.SECRET))
          .auditLog(audit)
          .build();

  @Test
  void handledDuplicateIgnoredAndRejectedDeliveriesAreEachLoggedOnce() {
    WebhookRequest created = signed(body("booking.created", "d-1", "b-1", 0, NOW.minusSeconds(60)));
    handler.handle(HmacJsonWebhooks.PROVIDER, created);
    handler.handle(HmacJsonWebhooks.PROVIDER, created);
    handler.handle(
        HmacJsonWebhooks.PROVIDER, signed(body("meeting.started", "d-2", "b-1", 0, NOW)));
    handler.handle(
        HmacJsonWebhooks.PROVIDER,
        WebhookRequest.builder("POST", Deliveries.URL)
            .body("{\"secret\":\"Camila +56912345678\"}".getBytes(StandardCharsets.UTF_8))
            .build());

    assertThat(audit.all())
        .extracting(AuditEntry::outcome)
        .containsExactly(
            AuditEntry.Outcome.SUCCESS,
            AuditEntry.Outcome.DUPLICATE,
            AuditEntry.Outcome.IGNORED,
            AuditEntry.Outcome.REJECTED);
    AuditEntry first = audit.all().get(0);
    assertThat(first.tenant()).contains(TenantId.of("norte"));
    assertThat(first.direction()).isEqualTo(AuditEntry.Direction.INBOUND);
    assertThat(first.operation()).isEqualTo("booking.created");
    assertThat(first.httpStatus()).isEqualTo(200);
    assertThat(first.at()).isEqualTo(NOW);
    assertThat(first.errorCode()).as("a success has no error code").isEmpty();
    AuditEntry rejected = audit.all().get(3);
    assertThat(rejected.tenant()).isEmpty();
    assertThat(rejected.operation()).isEqualTo("webhook");
    assertThat(rejected.httpStatus()).isEqualTo(401);
    assertThat(rejected.errorCode()).contains("unauthorized");
    assertThat(audit.all().toString()).doesNotContain("Camila").doesNotContain("+569");
  }

  @Test
  void anUnknownProviderIsNotLoggedAsAnyProvidersCall() {
    handler.handle(
        "nobody", WebhookRequest.builder("POST", Deliveries.URL).body(new byte[0]).build());
    assertThat(audit.all()).isEmpty();
  }

  /** A handler on the test clock whose adapter runs {@code duringVerify} as it verifies. */
  private WebhookHandler handlerThatDuringVerification(Runnable duringVerify) {
    return WebhookHandler.builder()
        .clock(clock)
        .appointmentStore(new FlakyAppointmentStore())
        .inbox(new InMemoryWebhookInbox())
        .provider(ScriptedWebhooks.signedRunning(duringVerify))
        .auditLog(audit)
        .build();
  }

  @Test
  void latencyIsTheHandlersElapsedTimeOnTheInjectedClock() {
    WebhookHandler slow =
        handlerThatDuringVerification(() -> clock.advance(Duration.ofMillis(250)));
    slow.handle(HmacJsonWebhooks.PROVIDER, signed(body("booking.created", "d-9", "b-9", 0, NOW)));
    assertThat(audit.recent(TenantId.of("norte"), 5))
        .singleElement()
        .satisfies(e -> assertThat(e.latency()).isEqualTo(Duration.ofMillis(250)));
    assertThat(audit.recent(TenantId.of("sur"), 5)).isEmpty();
    assertThat(Optional.of(audit.all().size())).contains(1);
  }

  @Test
  void aTriggerLongerThanAnAuditEntryHoldsIsCut() {
    String trigger = "meeting." + "x".repeat(AuditEntry.MAX_TEXT);

    WebhookResult result =
        handler.handle(HmacJsonWebhooks.PROVIDER, signed(body(trigger, "d-1", "b-1", 0, NOW)));

    assertThat(result.outcome()).isEqualTo(WebhookResult.Outcome.IGNORED);
    assertThat(audit.all())
        .singleElement()
        .satisfies(
            e -> assertThat(e.operation()).isEqualTo(trigger.substring(0, AuditEntry.MAX_TEXT)));
  }

  @Test
  void aClockThatStepsBackDuringHandlingGivesZeroLatencyNotAFailure() {
    WebhookHandler stepsBack = handlerThatDuringVerification(() -> clock.set(NOW.minusSeconds(1)));

    WebhookResult result =
        stepsBack.handle(
            HmacJsonWebhooks.PROVIDER, signed(body("booking.created", "d-9", "b-9", 0, NOW)));

    assertThat(result.outcome()).isEqualTo(WebhookResult.Outcome.HANDLED);
    assertThat(audit.all())
        .singleElement()
        .satisfies(e -> assertThat(e.latency()).isEqualTo(Duration.ZERO));
  }
}
