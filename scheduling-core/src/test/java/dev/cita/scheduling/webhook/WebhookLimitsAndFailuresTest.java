package dev.cita.scheduling.webhook;

import static dev.cita.scheduling.webhook.Deliveries.body;
import static dev.cita.scheduling.webhook.Deliveries.signed;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cita.scheduling.TestClock;
import dev.cita.scheduling.memory.InMemoryWebhookInbox;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.WebhookInbox;
import dev.cita.scheduling.webhook.WebhookResult.Outcome;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Issue 14, "Webhooks: tenant isolation and bounded work before authentication". */
class WebhookLimitsAndFailuresTest {
  private static final TenantId NORTE = TenantId.of("norte");
  private static final TenantId SUR = TenantId.of("sur");
  private static final String PROVIDER = HmacJsonWebhooks.PROVIDER;
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  private final TestClock clock = new TestClock(NOW);
  private final FlakyAppointmentStore store = new FlakyAppointmentStore();
  private final InMemoryWebhookInbox inbox = new InMemoryWebhookInbox();
  private final AtomicInteger verified = new AtomicInteger();
  private final AtomicInteger parsed = new AtomicInteger();

  /** The test adapter, counting how often it verifies and parses. */
  private ProviderWebhooks counting() {
    HmacJsonWebhooks real = new HmacJsonWebhooks(Deliveries.SECRET);
    return new ScriptedWebhooks(
        request -> {
          verified.incrementAndGet();
          real.verify(request);
        },
        request -> {
          parsed.incrementAndGet();
          return real.parse(request);
        });
  }

  private WebhookHandler.Builder handler() {
    return WebhookHandler.builder()
        .clock(clock)
        .appointmentStore(store)
        .inbox(inbox)
        .provider(counting());
  }

  private static WebhookRequest signedFor(TenantId tenant, byte[] body) {
    return WebhookRequest.builder(
            "POST", "https://app.example.cl/hooks/testcal?tenant=" + tenant.value())
        .header(HmacJsonWebhooks.SIGNATURE_HEADER, HmacJsonWebhooks.sign(Deliveries.SECRET, body))
        .body(body)
        .build();
  }

  // --- bullet 1: the de-duplication key includes the tenant ------------------------------------

  @Test
  void twoTenantsSharingOneAccountEachApplyTheSameSignedBody() {
    // Cal.com sends no delivery id: the key is a hash of the body, the same for both tenants.
    byte[] body =
        body("booking.created", null, "b-1", 0, NOW.minusSeconds(60))
            .toString()
            .getBytes(StandardCharsets.UTF_8);
    WebhookHandler webhooks = handler().build();

    WebhookResult norte = webhooks.handle(PROVIDER, signedFor(NORTE, body));
    WebhookResult sur = webhooks.handle(PROVIDER, signedFor(SUR, body));

    assertThat(norte.outcome()).isEqualTo(Outcome.HANDLED);
    assertThat(sur.outcome()).as("Sur's copy is not Norte's duplicate").isEqualTo(Outcome.HANDLED);
    assertThat(store.findByExternalRef(NORTE, PROVIDER, "b-1")).isPresent();
    assertThat(store.findByExternalRef(SUR, PROVIDER, "b-1")).isPresent();
    assertThat(webhooks.handle(PROVIDER, signedFor(SUR, body)).outcome())
        .isEqualTo(Outcome.DUPLICATE);
  }

  @Test
  void twoTenantsSharingOneAccountEachApplyTheSameDeliveryId() {
    byte[] body =
        body("booking.created", "d-1", "b-1", 0, NOW.minusSeconds(60))
            .toString()
            .getBytes(StandardCharsets.UTF_8);
    WebhookHandler webhooks = handler().build();

    webhooks.handle(PROVIDER, signedFor(NORTE, body));
    WebhookResult sur = webhooks.handle(PROVIDER, signedFor(SUR, body));

    assertThat(sur.outcome()).isEqualTo(Outcome.HANDLED);
    assertThat(inbox.seen(WebhookInbox.Delivery.of(SUR, PROVIDER, "id:d-1"))).isTrue();
  }

  // --- bullet 2: bounded work before authentication --------------------------------------------

  @Test
  void aBodyOverTheDefaultLimitIsRefusedWith413BeforeVerificationOrParsing() {
    byte[] huge = new byte[WebhookHandler.DEFAULT_MAX_BODY_BYTES + 1];
    Arrays.fill(huge, (byte) 'a');
    WebhookHandler webhooks = handler().build();

    WebhookResult result = webhooks.handle(PROVIDER, signedFor(NORTE, huge));

    assertThat(result.status()).isEqualTo(413);
    assertThat(result.outcome()).isEqualTo(Outcome.PAYLOAD_TOO_LARGE);
    assertThat(result.isSuccess()).isFalse();
    assertThat(verified).as("no HMAC was computed").hasValue(0);
    assertThat(parsed).hasValue(0);
    assertThat(inbox.size()).isZero();
  }

  @Test
  void theBodyLimitIsConfigurableAndABodyAtTheLimitIsVerified() {
    WebhookHandler webhooks = handler().maxBodyBytes(2048).build();
    ObjectNode body = body("booking.created", "d-1", "b-1", 0, NOW.minusSeconds(60));
    body.put("padding", "");
    int base = body.toString().getBytes(StandardCharsets.UTF_8).length;
    body.put("padding", "x".repeat(2048 - base));
    byte[] atLimit = body.toString().getBytes(StandardCharsets.UTF_8);
    body.put("padding", "x".repeat(2049 - base));
    byte[] overLimit = body.toString().getBytes(StandardCharsets.UTF_8);

    assertThat(atLimit).hasSize(2048);
    assertThat(webhooks.handle(PROVIDER, signedFor(NORTE, overLimit)).status()).isEqualTo(413);
    assertThat(verified).hasValue(0);
    assertThat(webhooks.handle(PROVIDER, signedFor(NORTE, atLimit)).outcome())
        .isEqualTo(Outcome.HANDLED);
    assertThat(webhooks.maxBodyBytes()).isEqualTo(2048);
  }

  @Test
  void anAdapterThatFindsTheRequestTooLargeIsAnswered413() {
    ProviderWebhooks tooMany =
        new ScriptedWebhooks(
            request -> {
              throw new WebhookPayloadTooLargeException("more than 200 form parameters");
            },
            request -> {
              throw new AssertionError("never parsed");
            });
    WebhookHandler webhooks =
        WebhookHandler.builder().appointmentStore(store).inbox(inbox).provider(tooMany).build();

    assertThat(webhooks.handle(PROVIDER, signedFor(NORTE, new byte[10])).status()).isEqualTo(413);
  }

  @Test
  void readBodyNeverReadsMoreThanOneBytePastTheLimit() throws IOException {
    AtomicInteger read = new AtomicInteger();
    InputStream endless =
        new InputStream() {
          @Override
          public int read() {
            read.incrementAndGet();
            return 'a';
          }
        };

    byte[] body = WebhookRequest.readBody(endless, 1000);

    assertThat(body).hasSize(1001);
    assertThat(read).hasValueLessThanOrEqualTo(1001);
    assertThat(WebhookRequest.readBody(new ByteArrayInputStream(new byte[10]), 1000)).hasSize(10);
  }

  // --- bullet 3: permanent failures are recorded as rejected and acknowledged ------------------

  private WebhookResult[] deliverTwice(ObjectNode body) {
    WebhookHandler webhooks = handler().build();
    WebhookRequest request = signed(body);
    return new WebhookResult[] {
      webhooks.handle(PROVIDER, request), webhooks.handle(PROVIDER, request)
    };
  }

  @Test
  void aSixHundredCharacterUidIsRejectedOnceAndItsRedeliveryAcknowledged() {
    WebhookResult[] results =
        deliverTwice(body("booking.created", null, "u".repeat(600), 0, NOW.minusSeconds(60)));

    assertThat(results[0].status()).isEqualTo(200);
    assertThat(results[0].outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(results[1].outcome()).isEqualTo(Outcome.DUPLICATE);
    assertThat(results[1].isSuccess()).isTrue();
    assertThat(store.delegate.size()).isZero();
    assertThat(inbox.size()).isEqualTo(1);
  }

  @Test
  void aStartInTheYear300000IsRejectedOnceAndItsRedeliveryAcknowledged() {
    ObjectNode body = body("booking.created", "d-1", "b-1", 0, NOW.minusSeconds(60));
    ((ObjectNode) body.get("booking"))
        .put("start", "+300000-01-01T10:00:00Z")
        .put("end", "+300000-01-01T10:30:00Z");

    WebhookResult[] results = deliverTwice(body);

    assertThat(results[0].outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(results[1].outcome()).isEqualTo(Outcome.DUPLICATE);
    assertThat(store.delegate.size()).isZero();
  }

  @Test
  void aNameTheStoreCannotHoldIsRecordedAsRejectedWithTheReasonAndNotRetried() {
    ObjectNode body = body("booking.created", "d-1", "b-1", 0, NOW.minusSeconds(60));
    ((ObjectNode) body.get("booking").get("attendee"))
        .put("name", "N".repeat(FlakyAppointmentStore.MAX_NAME + 1));
    WebhookHandler webhooks = handler().build();

    PrintStream err = System.err;
    ByteArrayOutputStream logged = new ByteArrayOutputStream();
    WebhookResult first;
    WebhookResult again;
    try {
      System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
      first = webhooks.handle(PROVIDER, signed(body));
      again = webhooks.handle(PROVIDER, signed(body));
    } finally {
      System.setErr(err);
    }

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(again.outcome()).isEqualTo(Outcome.DUPLICATE);
    assertThat(parsed).as("the redelivery is answered from the inbox").hasValue(2);
    WebhookInbox.Recorded recorded =
        inbox.find(WebhookInbox.Delivery.of(NORTE, PROVIDER, "id:d-1")).orElseThrow();
    assertThat(recorded.rejection())
        .hasValueSatisfying(r -> assertThat(r).contains("appointment.attendee.name"));
    assertThat(store.delegate.size()).isZero();
    String log = logged.toString(StandardCharsets.UTF_8);
    assertThat(log.split("can never be applied", -1)).as("logged once: " + log).hasSize(2);
    assertThat(log).contains("WARN").doesNotContain("\tat dev.cita");
  }

  @Test
  void aStoreOutageStillAnswers500SoTheProviderRetries() {
    store.outageWrites.set(1);
    WebhookHandler webhooks = handler().build();
    WebhookRequest request = signed(body("booking.created", "d-1", "b-1", 0, NOW.minusSeconds(60)));

    assertThat(webhooks.handle(PROVIDER, request).status()).isEqualTo(500);
    assertThat(inbox.size()).isZero();
    assertThat(webhooks.handle(PROVIDER, request).outcome()).isEqualTo(Outcome.HANDLED);
  }

  @Test
  void aLostVersionRaceIsTransient() {
    assertThat(
            WebhookHandler.isPermanent(new dev.cita.scheduling.ConcurrentUpdateException("raced")))
        .isFalse();
    assertThat(WebhookHandler.isPermanent(new dev.cita.scheduling.SchedulingException("db down")))
        .isFalse();
    assertThat(WebhookHandler.isPermanent(new IllegalStateException("bug"))).isFalse();
    assertThat(WebhookHandler.isPermanent(new java.time.DateTimeException("year"))).isTrue();
    assertThat(WebhookHandler.isPermanent(new ArithmeticException("overflow"))).isTrue();
  }
}
