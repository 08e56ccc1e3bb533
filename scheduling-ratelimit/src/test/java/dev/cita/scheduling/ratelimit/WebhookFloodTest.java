package dev.cita.scheduling.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.memory.InMemoryWebhookInbox;
import dev.cita.scheduling.spi.RateLimiter;
import dev.cita.scheduling.testkit.TestClock;
import dev.cita.scheduling.webhook.ParsedWebhook;
import dev.cita.scheduling.webhook.ProviderWebhooks;
import dev.cita.scheduling.webhook.WebhookHandler;
import dev.cita.scheduling.webhook.WebhookRequest;
import dev.cita.scheduling.webhook.WebhookResult;
import dev.cita.scheduling.webhook.WebhookResult.Outcome;
import dev.cita.scheduling.whatsapp.TwilioRequestValidator;
import dev.cita.scheduling.whatsapp.TwilioWebhooks;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * 10,000 posts with bad Twilio signatures from one source: with a limit of 100 a minute per source,
 * 100 reach signature verification and the rest are answered 429 before it. Prints the CPU time of
 * the flood with and without the limit (no timing is asserted beyond a loose bound).
 */
class WebhookFloodTest {
  private static final int FLOOD = 10_000;
  private static final int BURST = 100;

  /** Every post is a database transaction there: a smaller flood keeps the test short. */
  private static final int PG_FLOOD = 2_000;

  private static final String URL = "https://app.example/hooks/twilio";

  private final TestClock clock = new TestClock(Instant.parse("2026-12-07T12:00:00Z"));
  private final AtomicInteger verified = new AtomicInteger();

  /** The real Twilio adapter, counting the signatures it is asked to check. */
  private ProviderWebhooks countingTwilio() {
    TwilioWebhooks twilio =
        TwilioWebhooks.builder(TwilioRequestValidator.withAuthToken("twilio-auth-token")).build();
    return new ProviderWebhooks() {
      @Override
      public String provider() {
        return twilio.provider();
      }

      @Override
      public void verify(WebhookRequest request) {
        verified.incrementAndGet();
        twilio.verify(request);
      }

      @Override
      public ParsedWebhook parse(WebhookRequest request) {
        return twilio.parse(request);
      }
    };
  }

  private WebhookHandler handler(RateLimiter limiter) {
    return WebhookHandler.builder()
        .clock(clock)
        .appointmentStore(new InMemoryAppointmentStore())
        .inbox(new InMemoryWebhookInbox())
        .provider(countingTwilio())
        .rateLimit(limiter, request -> request.header("X-Forwarded-For").orElse("direct"))
        .build();
  }

  /** An inbound-message form as Twilio posts it, signed with the wrong key. */
  private static WebhookRequest forged(String source, int i) {
    String body =
        "ToCountry=CL&ProfileName=Mar%C3%ADa&WaId=56912345678&SmsMessageSid=SM"
            + i
            + "&NumMedia=0&SmsSid=SM"
            + i
            + "&SmsStatus=received&Body=Hola%2C+quiero+una+hora+para+ma%C3%B1ana"
            + "&To=whatsapp%3A%2B14155238886&NumSegments=1&MessageSid=SM"
            + i
            + "&AccountSid=AC123&From=whatsapp%3A%2B56912345678&ApiVersion=2010-04-01";
    return WebhookRequest.builder("POST", URL)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-Twilio-Signature", "c2lnbmVkLXdpdGgtYW5vdGhlci1rZXk9")
        .header("X-Forwarded-For", source)
        .body(body.getBytes(StandardCharsets.UTF_8))
        .build();
  }

  private static Map<Outcome, Integer> flood(WebhookHandler handler, String source, int posts) {
    Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
    for (int i = 0; i < posts; i++) {
      WebhookResult result = handler.handle("twilio", forged(source, i));
      outcomes.merge(result.outcome(), 1, Integer::sum);
    }
    return outcomes;
  }

  private static long cpuNanos(Runnable work) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long start = threads.getCurrentThreadCpuTime();
    work.run();
    return threads.getCurrentThreadCpuTime() - start;
  }

  @Test
  void allButTheBurstAreRefusedBeforeSignatureVerification() {
    WebhookHandler limited =
        handler(RateLimits.inMemory(clock).limiter("webhook", Limit.perMinute(BURST)));
    WebhookHandler unlimited = handler(RateLimiter.unlimited());
    // Warm-up (JIT), from other sources than the measured one.
    for (int round = 0; round < 5; round++) {
      flood(limited, "198.51.100." + round, 2_000);
      flood(unlimited, "198.51.100." + round, 2_000);
    }
    verified.set(0);

    Map<Outcome, Integer>[] outcomes = newResults();
    long withLimit = cpuNanos(() -> outcomes[0] = flood(limited, "203.0.113.7", FLOOD));
    int verifiedWithLimit = verified.getAndSet(0);
    long withoutLimit = cpuNanos(() -> outcomes[1] = flood(unlimited, "203.0.113.7", FLOOD));
    int verifiedWithoutLimit = verified.get();

    System.out.printf(
        "Webhook flood, %,d posts with bad signatures from one source (in-memory limiter, %d/min):"
            + " CPU with limit %.1f ms (%.1f us/post), without %.1f ms (%.1f us/post)%n",
        FLOOD,
        BURST,
        withLimit / 1e6,
        withLimit / 1e3 / FLOOD,
        withoutLimit / 1e6,
        withoutLimit / 1e3 / FLOOD);
    assertThat(outcomes[0])
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(Outcome.UNAUTHORIZED, BURST, Outcome.RATE_LIMITED, FLOOD - BURST));
    assertThat(verifiedWithLimit).isEqualTo(BURST);
    assertThat(outcomes[1]).containsExactlyInAnyOrderEntriesOf(Map.of(Outcome.UNAUTHORIZED, FLOOD));
    assertThat(verifiedWithoutLimit).isEqualTo(FLOOD);
    assertThat(withLimit).as("CPU of the limited flood, ns").isLessThan(10_000_000_000L);
  }

  @Test
  void theFloodAgainstBucketsInPostgresql() throws Exception {
    try (TestPostgres postgres = new TestPostgres()) {
      RateLimits.createTable(postgres.pool());
      WebhookHandler limited =
          handler(
              RateLimits.postgres(postgres.pool(), clock)
                  .limiter("webhook", Limit.perMinute(BURST)));
      flood(limited, "198.51.100.1", 500); // warm-up
      verified.set(0);

      Map<Outcome, Integer>[] outcomes = newResults();
      long wallStart = System.nanoTime();
      long cpu = cpuNanos(() -> outcomes[0] = flood(limited, "203.0.113.7", PG_FLOOD));
      long wall = System.nanoTime() - wallStart;

      System.out.printf(
          "Webhook flood, %,d posts with bad signatures from one source (PostgreSQL limiter,"
              + " %d/min): CPU of the calling thread %.1f ms (%.1f us/post), wall %.1f ms%n",
          PG_FLOOD, BURST, cpu / 1e6, cpu / 1e3 / PG_FLOOD, wall / 1e6);
      assertThat(outcomes[0])
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(Outcome.UNAUTHORIZED, BURST, Outcome.RATE_LIMITED, PG_FLOOD - BURST));
      assertThat(verified).hasValue(BURST);
    }
  }

  @Test
  void aRateLimitedAnswerCarriesRetryAfter() {
    WebhookHandler limited =
        handler(RateLimits.inMemory(clock).limiter("webhook", Limit.perMinute(1)));

    limited.handle("twilio", forged("203.0.113.9", 1));
    WebhookResult refused = limited.handle("twilio", forged("203.0.113.9", 2));
    WebhookResult otherSource = limited.handle("twilio", forged("203.0.113.10", 3));

    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.retryAfterHeader()).contains("60");
    assertThat(otherSource.outcome()).isEqualTo(Outcome.UNAUTHORIZED);
    assertThat(otherSource.retryAfter()).isEmpty();
  }

  @SuppressWarnings("unchecked")
  private static Map<Outcome, Integer>[] newResults() {
    return new Map[2];
  }
}
