package dev.cita.scheduling.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.TestClock;
import dev.cita.scheduling.memory.InMemoryAuthorizationStateStore;
import dev.cita.scheduling.model.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class AuthorizationFlowTest {
  private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");
  private static final TenantId TENANT = TenantId.of("clinica-norte");

  private final TestClock clock = new TestClock(T0);
  private final AuthorizationFlow flow =
      AuthorizationFlow.create(new InMemoryAuthorizationStateStore(clock), clock);

  @Test
  void beginIssuesA256BitStateAndAnS256Challenge() {
    AuthorizationStart start = flow.begin(TENANT, "google");

    assertThat(start.state()).matches("[A-Za-z0-9_-]+");
    assertThat(Base64.getUrlDecoder().decode(start.state()))
        .hasSizeGreaterThanOrEqualTo(16)
        .hasSize(32);
    assertThat(start.codeChallengeMethod()).isEqualTo("S256");
    assertThat(start.codeChallenge()).isEqualTo(Pkce.s256Challenge(start.codeVerifier()));
    assertThat(start.expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
    assertThat(flow.begin(TENANT, "google").state()).isNotEqualTo(start.state());
  }

  @Test
  void configuredStateTtlSetsTheExpiry() {
    AuthorizationFlow shortFlow =
        AuthorizationFlow.create(
            new InMemoryAuthorizationStateStore(clock), clock, Duration.ofMinutes(3));
    AuthorizationStart start = shortFlow.begin(TENANT, "google");

    assertThat(start.expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(3)));
    clock.advance(Duration.ofMinutes(3).plusSeconds(1));
    assertRejected(() -> shortFlow.complete(start.state(), "google"), "expired");
  }

  @Test
  void completeReturnsWhatWasStartedOnce() {
    AuthorizationStart start = flow.begin(TENANT, "google");

    PendingAuthorization pending = flow.complete(start.state(), "google");

    assertThat(pending.tenant()).isEqualTo(TENANT);
    assertThat(pending.provider()).isEqualTo("google");
    assertThat(pending.codeVerifier()).isEqualTo(start.codeVerifier());
    assertRejected(() -> flow.complete(start.state(), "google"), "already used");
  }

  @Test
  void stateIsAcceptedUntilItsExpiry() {
    AuthorizationStart start = flow.begin(TENANT, "google");
    clock.advance(Duration.ofMinutes(9).plusSeconds(59));

    assertThat(flow.complete(start.state(), "google").tenant()).isEqualTo(TENANT);
  }

  @Test
  void expiredStateIsRejected() {
    AuthorizationStart start = flow.begin(TENANT, "google");
    clock.advance(Duration.ofMinutes(10).plusSeconds(1));

    assertRejected(() -> flow.complete(start.state(), "google"), "expired");
  }

  @Test
  void unknownOrMissingStateIsRejected() {
    flow.begin(TENANT, "google");

    assertRejected(() -> flow.complete("bm90LWEtcmVhbC1zdGF0ZQ", "google"), "unknown");
    assertRejected(() -> flow.complete("", "google"), "missing");
    assertRejected(() -> flow.complete(null, "google"), "missing");
  }

  @Test
  void stateOfAnotherProviderIsRejectedAndUsedUp() {
    AuthorizationStart start = flow.begin(TENANT, "google");

    assertRejected(() -> flow.complete(start.state(), "calendly"), "another provider");
    assertRejected(() -> flow.complete(start.state(), "google"), "already used");
  }

  @Test
  void concurrentCallbacksWithOneStateLetExactlyOneThrough() throws Exception {
    AuthorizationStart start = flow.begin(TENANT, "google");
    ExecutorService pool = Executors.newFixedThreadPool(16);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    try {
      for (int i = 0; i < 16; i++) {
        Callable<Boolean> callback =
            () -> {
              go.await();
              try {
                flow.complete(start.state(), "google");
                return true;
              } catch (AuthorizationStateException e) {
                return false;
              }
            };
        results.add(pool.submit(callback));
      }
      go.countDown();
      int accepted = 0;
      for (Future<Boolean> r : results) {
        accepted += r.get(10, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(accepted).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void secretsStayOutOfToStringAndMessages() {
    AuthorizationStart start = flow.begin(TENANT, "google");

    assertThat(start.toString())
        .doesNotContain(start.state())
        .doesNotContain(start.codeVerifier())
        .contains(start.codeChallenge());
    clock.advance(Duration.ofHours(1));
    assertThatThrownBy(() -> flow.complete(start.state(), "google"))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(start.state()));
    PendingAuthorization pending =
        new PendingAuthorization(TENANT, "google", start.codeVerifier(), T0);
    assertThat(pending.toString()).doesNotContain(start.codeVerifier());
  }

  private static void assertRejected(ThrowingCallable call, String why) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            AuthorizationStateException.class,
            e -> {
              assertThat(e.field()).isEqualTo("state");
              assertThat(e.getMessage()).contains(why);
            });
  }
}
