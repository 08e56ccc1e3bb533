package dev.cita.scheduling.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.NotFoundException;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.TestClock;
import dev.cita.scheduling.memory.InMemoryConnectionStatusStore;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.ConnectionStatusStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * {@link CredentialManager#disconnect} with a {@link TokenRevoker}: revoke at the provider, then
 * delete here; a provider that cannot be reached leaves the connection {@code REVOKING} and {@link
 * CredentialManager#retryRevocations()} tries again, with a cap, one caller at a time.
 */
class CredentialManagerRevocationTest {
  private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");
  private static final ConnectionKey KEY =
      ConnectionKey.of(
          TenantId.of("clinica-norte"), "calendly", "https://api.calendly.com/users/NORTE");
  private static final String ACCESS = "access-SECRET-1";
  private static final String REFRESH = "refresh-SECRET-1";
  private static final Duration LEASE = Duration.ofMinutes(2);
  private static final Duration BACKOFF = Duration.ofMinutes(1);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(30);

  /** Longer than the lease plus any backoff: the next attempt is due by then. */
  private static final Duration LATER = Duration.ofHours(2);

  private final TestClock clock = new TestClock(T0);
  private final MapCredentialStore store = new MapCredentialStore();
  private final ConnectionStatusStore statuses = new InMemoryConnectionStatusStore();
  private final RecordingListener listener = new RecordingListener();
  private final List<String> revoked = new CopyOnWriteArrayList<>();
  private final AtomicInteger calls = new AtomicInteger();

  private static OAuthCredential credential() {
    return OAuthCredential.builder("calendly", KEY.account(), ACCESS)
        .refreshToken(REFRESH)
        .expiresAt(T0.plus(Duration.ofHours(2)))
        .build();
  }

  /** A revoker that records the refresh token of each call, then answers {@code answer(call)}. */
  private TokenRevoker revoker(IntFunction<Boolean> answer) {
    return credential -> {
      int call = calls.incrementAndGet();
      revoked.add(credential.refreshToken().orElse("none"));
      return answer.apply(call);
    };
  }

  private CredentialManager manager(TokenRevoker revoker, int maxAttempts) {
    return manager(revoker, maxAttempts, statuses);
  }

  private CredentialManager manager(
      TokenRevoker revoker, int maxAttempts, ConnectionStatusStore statuses) {
    return CredentialManager.builder()
        .clock(clock)
        .credentialStore(store)
        .statusStore(statuses)
        .revoker("calendly", revoker)
        .revocationRetries(maxAttempts, BACKOFF, MAX_BACKOFF)
        .revocationLease(LEASE)
        .listener(listener)
        .random(new Random(7))
        .build();
  }

  private CredentialManager connected(TokenRevoker revoker) {
    CredentialManager manager = manager(revoker, 8);
    manager.connect(KEY, credential());
    listener.changes.clear();
    return manager;
  }

  /** The credential is deleted here and the connection is {@code NOT_CONNECTED}. */
  private void assertEnded(CredentialManager manager) {
    assertThat(store.load(KEY)).isEmpty();
    assertThat(manager.status(KEY).status()).isEqualTo(ConnectionStatus.NOT_CONNECTED);
  }

  private static ProviderException unreachable() {
    return ProviderException.network("calendly", "connection reset", null);
  }

  private static ProviderException down() {
    return new ProviderException("calendly", 503, null, null, true, "service unavailable", null);
  }

  @Test
  void revokesNamesTheProvidersWithARegisteredRevoker() {
    CredentialManager manager = manager(revoker(call -> true), 8);

    assertThat(manager.revokes("calendly")).isTrue();
    assertThat(manager.revokes("google")).isFalse();
    assertThatThrownBy(() -> manager.revokes(" "))
        .isInstanceOfSatisfying(
            dev.cita.scheduling.ValidationException.class,
            e -> assertThat(e.field()).isEqualTo("provider"));
  }

  @Test
  void disconnectRevokesTheRefreshTokenOnceThenDeletesTheCredential() {
    CredentialManager manager = connected(revoker(call -> true));

    assertThat(manager.disconnect(KEY)).isTrue();

    assertThat(revoked).containsExactly(REFRESH);
    assertThat(store.load(KEY)).isEmpty();
    assertThat(manager.status(KEY).status()).isEqualTo(ConnectionStatus.NOT_CONNECTED);
    assertThat(manager.status(KEY).reason()).contains("revoked at the provider");
    assertThat(listener.changes)
        .extracting(c -> c.after().status())
        .containsExactly(ConnectionStatus.REVOKING, ConnectionStatus.NOT_CONNECTED);
    clock.advance(LATER);
    assertThat(manager.retryRevocations()).as("nothing left to retry").isZero();
    assertThat(calls).hasValue(1);
  }

  @Test
  void anUnreachableProviderLeavesTheConnectionRevokingUntilALaterRetryRevokesItOnce() {
    CredentialManager manager = connected(revoker(call -> call == 1 ? fail(unreachable()) : true));

    assertThat(manager.disconnect(KEY)).isTrue();

    assertThat(calls).hasValue(1);
    assertThat(manager.status(KEY).status()).isEqualTo(ConnectionStatus.REVOKING);
    assertThat(store.load(KEY)).as("kept until revoked").contains(credential());
    assertThatThrownBy(() -> manager.accessToken(KEY))
        .as("a disconnected credential is not handed out")
        .isInstanceOf(NotFoundException.class);
    assertThat(manager.retryRevocations()).as("not due yet").isZero();
    assertThat(calls).hasValue(1);

    clock.advance(LATER);
    assertThat(manager.retryRevocations()).isEqualTo(1);

    assertThat(revoked).containsExactly(REFRESH, REFRESH);
    assertThat(store.load(KEY)).isEmpty();
    assertThat(manager.status(KEY).status()).isEqualTo(ConnectionStatus.NOT_CONNECTED);
    clock.advance(LATER);
    assertThat(manager.retryRevocations()).isZero();
    assertThat(calls).hasValue(2);
  }

  @Test
  void aSecondDisconnectWhileRevokingSendsNothing() {
    CredentialManager manager = connected(revoker(call -> fail(down())));
    manager.disconnect(KEY);

    assertThat(manager.disconnect(KEY)).isTrue();
    clock.advance(LATER);
    assertThat(manager.disconnect(KEY)).as("even once the retry is due").isTrue();

    assertThat(calls).hasValue(1);
  }

  @Test
  void retriesStopAtTheCapAndThenTheCredentialIsDeletedAnyway() {
    CredentialManager manager = manager(revoker(call -> fail(down())), 3);
    manager.connect(KEY, credential());
    manager.disconnect(KEY);

    for (int round = 0; round < 10; round++) {
      clock.advance(LATER);
      manager.retryRevocations();
    }

    assertThat(calls).as("attempts").hasValue(3);
    assertThat(store.load(KEY)).isEmpty();
    ConnectionState state = manager.status(KEY);
    assertThat(state.status()).isEqualTo(ConnectionStatus.NOT_CONNECTED);
    assertThat(state.reason()).contains("after 3 attempt(s)").contains("HTTP 503");
  }

  @Test
  void retriesWaitLongerEachTimeWithinTheLeaseAndTheCap() {
    CredentialManager manager = manager(revoker(call -> fail(down())), 8);
    manager.connect(KEY, credential());
    manager.disconnect(KEY);
    List<Duration> waits = new ArrayList<>();
    Instant last = T0;
    for (int round = 0; round < 6; round++) {
      Instant due = statuses.dueRevocations(Instant.MAX, 1).get(0).dueAt();
      waits.add(Duration.between(last, due));
      clock.set(due);
      last = due;
      assertThat(manager.retryRevocations()).isEqualTo(1);
    }

    for (int attempt = 1; attempt <= waits.size(); attempt++) {
      Duration ceiling = BACKOFF.multipliedBy(1L << (attempt - 1));
      if (ceiling.compareTo(MAX_BACKOFF) > 0) {
        ceiling = MAX_BACKOFF;
      }
      assertThat(waits.get(attempt - 1))
          .as("wait after attempt %d", attempt)
          .isBetween(LEASE, LEASE.plus(ceiling));
    }
    assertThat(calls).hasValue(7);
  }

  @Test
  void aRefusalThatCannotSucceedLaterDeletesTheCredentialWithoutRetrying() {
    CredentialManager manager =
        connected(
            revoker(
                call ->
                    fail(
                        new ProviderException(
                            "calendly",
                            400,
                            "invalid_request",
                            null,
                            false,
                            "bad request",
                            null))));

    manager.disconnect(KEY);

    assertThat(store.load(KEY)).isEmpty();
    assertThat(manager.status(KEY).reason()).contains("HTTP 400").contains("invalid_request");
    clock.advance(LATER);
    assertThat(manager.retryRevocations()).isZero();
    assertThat(calls).hasValue(1);
  }

  @Test
  void aCredentialTheProviderCannotRevokeIsDeletedHere() {
    CredentialManager manager = connected(revoker(call -> false));

    manager.disconnect(KEY);

    assertThat(calls).hasValue(1);
    assertThat(store.load(KEY)).isEmpty();
    assertThat(manager.status(KEY).reason()).contains("not revocable at the provider");
  }

  @Test
  void withoutARevokerADisconnectOnlyDeletes() {
    CredentialManager manager =
        CredentialManager.builder()
            .clock(clock)
            .credentialStore(store)
            .statusStore(statuses)
            .build();
    manager.connect(KEY, credential());

    assertThat(manager.disconnect(KEY)).isTrue();

    assertThat(store.load(KEY)).isEmpty();
    assertThat(manager.status(KEY).status()).isEqualTo(ConnectionStatus.NOT_CONNECTED);
    assertThat(manager.retryRevocations()).isZero();
  }

  @Test
  void connectingAgainWhileRevokingRevokesTheEarlierTokenFirstThenKeepsTheNewOne() {
    CredentialManager manager = connected(revoker(call -> call == 1 ? fail(down()) : true));
    manager.disconnect(KEY);
    OAuthCredential fresh =
        OAuthCredential.builder("calendly", KEY.account(), "access-SECRET-2")
            .refreshToken("refresh-SECRET-2")
            .build();

    manager.connect(KEY, fresh);

    assertThat(revoked)
        .as("the earlier token again, at once (no backoff), never the new one")
        .containsExactly(REFRESH, REFRESH);
    assertThat(store.load(KEY)).contains(fresh);
    assertThat(manager.status(KEY).status()).isEqualTo(ConnectionStatus.CONNECTED);
    clock.advance(LATER);
    assertThat(manager.retryRevocations()).as("nothing left pending").isZero();
    assertThat(revoked).hasSize(2);
  }

  @Test
  void connectingAgainWithTheSameCredentialRevokesNothing() {
    CredentialManager manager = connected(revoker(call -> call == 1 ? fail(down()) : true));
    manager.disconnect(KEY);

    manager.connect(KEY, credential());

    assertThat(revoked).containsExactly(REFRESH);
    assertThat(manager.accessToken(KEY)).isEqualTo(ACCESS);
  }

  @Test
  void connectingAgainWhileRevokingWarnsThatTheEarlierTokenStaysValid() {
    String warning = "connected again while its earlier token was being revoked";
    String firstConnect;
    String secondConnect;
    try (CapturedLogs logs = new CapturedLogs()) {
      CredentialManager manager = connected(revoker(call -> fail(down())));
      firstConnect = logs.text();
      manager.disconnect(KEY);
      manager.connect(
          KEY, OAuthCredential.builder("calendly", KEY.account(), "access-SECRET-2").build());
      secondConnect = logs.text();
    }

    assertThat(firstConnect).doesNotContain(warning);
    assertThat(secondConnect)
        .contains(warning)
        .contains("stays valid at the provider")
        .contains("(HTTP 503, code none, request-id none, retryable)");
  }

  @Test
  void aCredentialAnotherNodeSavesWhileARetryFindsNoneIsKept() {
    CredentialManager manager = connected(revoker(call -> call == 1 ? fail(down()) : true));
    manager.disconnect(KEY);
    store.delete(KEY); // the earlier credential is gone (deleted elsewhere)
    OAuthCredential fresh =
        OAuthCredential.builder("calendly", KEY.account(), "access-SECRET-2")
            .refreshToken("refresh-SECRET-2")
            .build();
    // Another node connects again: its credential lands right after this node's retry found none,
    // before that node saves the CONNECTED status.
    store.afterEmptyLoad = () -> store.save(KEY, fresh);
    clock.advance(LATER);

    manager.retryRevocations();

    assertThat(store.load(KEY)).as("the other node's new credential stays").contains(fresh);
    assertThat(revoked).as("nothing else was revoked").containsExactly(REFRESH);
  }

  @Test
  void nodesRetryingAtOnceSendOneRevocation() throws Exception {
    TokenRevoker slowRevoker =
        revoker(
            call -> {
              if (call == 1) {
                throw down();
              }
              sleep(50); // a slow provider widens the window for a second sender
              return true;
            });
    // Two nodes: two managers over the same stores. Each reads the due list, then pauses, so every
    // caller holds the same stale list when it claims.
    ConnectionStatusStore slowReads = new SlowDueReads(statuses);
    CredentialManager nodeA = manager(slowRevoker, 8, slowReads);
    CredentialManager nodeB = manager(slowRevoker, 8, slowReads);
    nodeA.connect(KEY, credential());
    nodeA.disconnect(KEY);
    clock.advance(LATER);

    List<Integer> claims = race(16, i -> (i % 2 == 0 ? nodeA : nodeB).retryRevocations());

    assertThat(claims.stream().mapToInt(Integer::intValue).sum()).isEqualTo(1);
    assertThat(calls).as("one failed attempt, then exactly one more").hasValue(2);
    assertThat(store.load(KEY)).isEmpty();
  }

  @Test
  void concurrentDisconnectsSendOneRevocation() throws Exception {
    TokenRevoker slowRevoker =
        revoker(
            call -> {
              sleep(50);
              return true;
            });
    CredentialManager nodeA = connected(slowRevoker);
    CredentialManager nodeB = manager(slowRevoker, 8);

    List<Boolean> results = race(16, i -> (i % 2 == 0 ? nodeA : nodeB).disconnect(KEY));

    assertThat(calls).hasValue(1);
    assertThat(results).as("each saw a stored credential or none").hasSize(16);
    assertThat(store.load(KEY)).isEmpty();
    assertThat(nodeB.status(KEY).status()).isEqualTo(ConnectionStatus.NOT_CONNECTED);
  }

  @Test
  void noTokenReachesTheLogsOrTheStatusEvenWhenTheRevokerPutsOneInItsMessage() {
    CredentialManager manager =
        manager(
            revoker(
                call -> {
                  throw new ProviderException(
                      "calendly", 503, null, null, true, "failed for token " + REFRESH, null);
                }),
            2);
    manager.connect(KEY, credential());

    String logs;
    try (CapturedLogs captured = new CapturedLogs()) {
      manager.disconnect(KEY);
      clock.advance(LATER);
      manager.retryRevocations();
      logs = captured.text();
    }

    assertThat(logs).contains("gave up revoking").doesNotContain("SECRET");
    assertThat(manager.status(KEY).reason()).doesNotContain("SECRET");
  }

  @Test
  void reconnectingAConnectionThatIsNotRevokingRevokesNothing() {
    CredentialManager manager = connected(revoker(call -> true));
    OAuthCredential fresh =
        OAuthCredential.builder("calendly", KEY.account(), "access-SECRET-2").build();

    manager.connect(KEY, fresh);

    assertThat(calls).as("a re-authorization keeps the earlier grant alone").hasValue(0);
    assertThat(store.load(KEY)).contains(fresh);
  }

  @Test
  void disconnectingAConnectionWithoutACredentialRevokesNothing() {
    CredentialManager manager = manager(revoker(call -> true), 8);

    assertThat(manager.disconnect(KEY)).as("nothing was stored").isFalse();

    assertThat(calls).hasValue(0);
    assertThat(listener.changes).isEmpty();
  }

  @Test
  void aManagerWithoutRevokersNeedsNoRevocationSupportFromItsStatusStore() {
    ConnectionStatusStore statusesOnly = new StatusesOnly();
    CredentialManager manager =
        CredentialManager.builder()
            .clock(clock)
            .credentialStore(store)
            .statusStore(statusesOnly)
            .build();

    assertThat(manager.retryRevocations()).isZero();
  }

  @Test
  void aRetryLeavesPendingRevocationsOfProvidersItHasNoRevokerFor() {
    CredentialManager calendlyApp = connected(revoker(call -> call == 1 ? fail(down()) : true));
    CredentialManager googleApp =
        CredentialManager.builder()
            .clock(clock)
            .credentialStore(store)
            .statusStore(statuses)
            .revoker("google", credential -> true)
            .build();
    calendlyApp.disconnect(KEY);
    clock.advance(LATER);

    assertThat(googleApp.retryRevocations()).isZero();
    assertThat(calls).hasValue(1);
    assertThat(store.load(KEY)).contains(credential());

    assertThat(calendlyApp.retryRevocations()).as("still pending for its own app").isEqualTo(1);
    assertThat(calls).hasValue(2);
  }

  @Test
  void aRetryAnnouncesNoSecondRevokingStatus() {
    CredentialManager manager = connected(revoker(call -> call < 3 ? fail(down()) : true));
    manager.disconnect(KEY);

    clock.advance(LATER);
    manager.retryRevocations();
    clock.advance(LATER);
    manager.retryRevocations();

    assertThat(calls).hasValue(3);
    assertThat(listener.changes)
        .extracting(c -> c.after().status())
        .containsExactly(ConnectionStatus.REVOKING, ConnectionStatus.NOT_CONNECTED);
  }

  @Test
  void aCredentialDeletedBeforeTheRetryEndsTheConnectionWithoutARevocation() {
    CredentialManager manager = connected(revoker(call -> call == 1 ? fail(down()) : true));
    manager.disconnect(KEY);
    store.delete(KEY);
    clock.advance(LATER);

    assertThat(manager.retryRevocations()).isEqualTo(1);

    assertThat(calls).hasValue(1);
    assertThat(manager.status(KEY))
        .isEqualTo(
            new ConnectionState(ConnectionStatus.NOT_CONNECTED, T0.plus(LATER), "disconnected"));
  }

  @Test
  void anAttemptWhoseCallerDiedCountsAndTheNextClaimAfterTheLastGivesUp() {
    CredentialManager manager =
        manager(
            revoker(
                call -> {
                  if (call == 1) {
                    throw new NodeDied();
                  }
                  return true;
                }),
            1);
    manager.connect(KEY, credential());
    assertThatThrownBy(() -> manager.disconnect(KEY)).isInstanceOf(NodeDied.class);
    assertThat(manager.status(KEY).status()).isEqualTo(ConnectionStatus.REVOKING);
    clock.advance(LATER);

    assertThat(manager.retryRevocations()).isEqualTo(1);

    assertThat(calls).as("the one attempt allowed was made").hasValue(1);
    assertEnded(manager);
    assertThat(manager.status(KEY).reason()).contains("after 1 attempt(s) (no answer)");
  }

  @Test
  void anUnexpectedFailureOfTheRevokerIsRetriedLikeAnUnreachableProvider() {
    CredentialManager manager =
        connected(revoker(call -> call == 1 ? fail(new IllegalStateException("bug")) : true));

    assertThat(manager.disconnect(KEY)).isTrue();

    assertThat(manager.status(KEY).status()).isEqualTo(ConnectionStatus.REVOKING);
    assertThat(store.load(KEY)).contains(credential());
    clock.advance(LATER);
    assertThat(manager.retryRevocations()).isEqualTo(1);
    assertThat(calls).hasValue(2);
    assertEnded(manager);
  }

  @Test
  void aRevokerFailingWithALibraryExceptionIsNotRetried() {
    CredentialManager manager =
        connected(
            revoker(call -> fail(new dev.cita.scheduling.ValidationException("token", "bad"))));

    manager.disconnect(KEY);

    assertThat(calls).hasValue(1);
    assertEnded(manager);
    assertThat(manager.status(KEY).reason())
        .contains("after 1 attempt(s)")
        .contains("ValidationException");
  }

  @Test
  void connectingAgainWithTheSameCredentialDuringTheRevocationKeepsIt() {
    AtomicReference<CredentialManager> self = new AtomicReference<>();
    CredentialManager manager =
        connected(
            revoker(
                call -> {
                  self.get().connect(KEY, credential()); // the tenant authorizes again meanwhile
                  return true;
                }));
    self.set(manager);

    manager.disconnect(KEY);

    assertThat(manager.status(KEY).status()).isEqualTo(ConnectionStatus.CONNECTED);
    assertThat(store.load(KEY)).contains(credential());
    assertThat(manager.accessToken(KEY)).isEqualTo(ACCESS);
  }

  @Test
  void aCredentialReplacedDuringTheRevocationIsKeptUntilTheNextRetryRevokesIt() {
    OAuthCredential rotated =
        OAuthCredential.builder("calendly", KEY.account(), "access-SECRET-3")
            .refreshToken("refresh-SECRET-3")
            .build();
    CredentialManager manager =
        connected(
            revoker(
                call -> {
                  if (call == 1) {
                    store.save(KEY, rotated); // a refresh in flight saved a rotated token
                  }
                  return true;
                }));

    manager.disconnect(KEY);

    assertThat(manager.status(KEY).status()).isEqualTo(ConnectionStatus.REVOKING);
    assertThat(store.load(KEY)).contains(rotated);
    clock.advance(LATER);
    assertThat(manager.retryRevocations()).isEqualTo(1);
    assertThat(revoked).containsExactly(REFRESH, "refresh-SECRET-3");
    assertEnded(manager);
  }

  @Test
  void aCredentialDeletedElsewhereDuringTheRevocationEndsTheConnection() {
    CredentialManager manager =
        connected(
            revoker(
                call -> {
                  store.delete(KEY);
                  return true;
                }));

    assertThat(manager.disconnect(KEY)).isTrue();

    assertEnded(manager);
    assertThat(calls).hasValue(1);
  }

  @Test
  void aNodeWithoutTheRevokerConnectsAgainWithoutRevoking() {
    CredentialManager withRevoker = connected(revoker(call -> fail(down())));
    withRevoker.disconnect(KEY);
    CredentialManager without =
        CredentialManager.builder()
            .clock(clock)
            .credentialStore(store)
            .statusStore(statuses)
            .build();
    OAuthCredential fresh =
        OAuthCredential.builder("calendly", KEY.account(), "access-SECRET-2").build();

    String logs;
    try (CapturedLogs captured = new CapturedLogs()) {
      without.connect(KEY, fresh);
      logs = captured.text();
    }

    assertThat(logs).as("no attempt was made, so none failed").doesNotContain("attempt failed");
    assertThat(calls).hasValue(1);
    assertThat(store.load(KEY)).contains(fresh);
    assertThat(without.status(KEY).status()).isEqualTo(ConnectionStatus.CONNECTED);
  }

  @Test
  void connectingAgainAfterTheEarlierCredentialVanishedRevokesNothing() {
    CredentialManager manager = connected(revoker(call -> call == 1 ? fail(down()) : true));
    manager.disconnect(KEY);
    store.delete(KEY);
    OAuthCredential fresh =
        OAuthCredential.builder("calendly", KEY.account(), "access-SECRET-2").build();

    manager.connect(KEY, fresh);

    assertThat(calls).hasValue(1);
    assertThat(manager.accessToken(KEY)).isEqualTo("access-SECRET-2");
  }

  @Test
  void connectingAgainWhileRevokingLogsWhatBecameOfTheEarlierToken() {
    OAuthCredential fresh =
        OAuthCredential.builder("calendly", KEY.account(), "access-SECRET-2").build();
    Map<String, String> logged = new LinkedHashMap<>();
    Map<String, IntFunction<Boolean>> secondCalls =
        Map.of(
            "revoked", call -> true,
            "not revocable", call -> false,
            "failed", call -> fail(new IllegalStateException("bug")));
    for (Map.Entry<String, IntFunction<Boolean>> second : secondCalls.entrySet()) {
      store.delete(KEY);
      CredentialManager manager =
          connected(revoker(call -> call == 1 ? fail(down()) : second.getValue().apply(call)));
      calls.set(0);
      manager.disconnect(KEY);
      try (CapturedLogs logs = new CapturedLogs()) {
        manager.connect(KEY, fresh);
        logged.put(second.getKey(), logs.text());
      }
      assertThat(manager.status(KEY).status()).isEqualTo(ConnectionStatus.CONNECTED);
    }

    assertThat(logged.get("revoked")).contains("revoked the earlier token");
    assertThat(logged.get("not revocable"))
        .contains("cannot be revoked at the provider")
        .doesNotContain("revoked the earlier token");
    assertThat(logged.get("failed"))
        .contains("last attempt failed (java.lang.IllegalStateException)");
  }

  /** Stands for a node that dies in the middle of a revocation call. */
  private static final class NodeDied extends Error {
    private static final long serialVersionUID = 1L;
  }

  /** Keeps statuses but, like a store written before revocations existed, no pending revocation. */
  private static final class StatusesOnly implements ConnectionStatusStore {
    private final Map<ConnectionKey, ConnectionState> rows = new ConcurrentHashMap<>();

    @Override
    public Optional<ConnectionState> load(ConnectionKey connection) {
      return Optional.ofNullable(rows.get(connection));
    }

    @Override
    public void save(ConnectionKey connection, ConnectionState state) {
      rows.put(connection, state);
    }
  }

  /** Delegates, pausing after each read of the due list. */
  private record SlowDueReads(ConnectionStatusStore delegate) implements ConnectionStatusStore {
    @Override
    public Optional<ConnectionState> load(ConnectionKey connection) {
      return delegate.load(connection);
    }

    @Override
    public void save(ConnectionKey connection, ConnectionState state) {
      delegate.save(connection, state);
    }

    @Override
    public boolean claimRevocation(
        ConnectionState state, PendingRevocation next, int expectedAttempts) {
      return delegate.claimRevocation(state, next, expectedAttempts);
    }

    @Override
    public List<PendingRevocation> dueRevocations(Instant now, int limit) {
      List<PendingRevocation> due = delegate.dueRevocations(now, limit);
      sleep(100);
      return due;
    }
  }

  private static boolean fail(RuntimeException e) {
    throw e;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs {@code threads} calls that all start together, and returns their results. */
  private static <T> List<T> race(int threads, IntFunction<T> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int n = i;
        futures.add(
            pool.submit(
                () -> {
                  go.await();
                  return call.apply(n);
                }));
      }
      go.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(30, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
