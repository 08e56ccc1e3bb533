package dev.cita.scheduling.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

import dev.cita.scheduling.NotFoundException;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.ReauthorizationRequiredException;
import dev.cita.scheduling.TestClock;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.memory.InMemoryAuditLog;
import dev.cita.scheduling.memory.InMemoryConnectionStatusStore;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.AuditEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class CredentialManagerTest {
  private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");
  private static final ConnectionKey KEY =
      ConnectionKey.of(TenantId.of("clinica-norte"), "google", "agenda@clinica.cl");
  private static final String OLD_ACCESS = "ya29.old-access-SECRET";
  private static final String OLD_REFRESH = "1//old-refresh-SECRET";
  private static final String NEW_ACCESS = "ya29.new-access-SECRET";
  private static final String NEW_REFRESH = "1//new-refresh-SECRET";

  private final TestClock clock = new TestClock(T0);
  private final MapCredentialStore store = new MapCredentialStore();
  private final InMemoryConnectionStatusStore statuses = new InMemoryConnectionStatusStore();
  private final RecordingListener listener = new RecordingListener();
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  private final AtomicInteger calls = new AtomicInteger();
  private final List<String> refreshTokensSeen = new CopyOnWriteArrayList<>();

  private static OAuthCredential credential(String access, String refresh, Instant expiresAt) {
    return OAuthCredential.builder("google", "agenda@clinica.cl", access)
        .refreshToken(refresh)
        .expiresAt(expiresAt)
        .build();
  }

  /** A refresher that counts calls, remembers the refresh token it was given, then answers. */
  private TokenRefresher counting(Function<Integer, OAuthCredential> answer) {
    return current -> {
      int call = calls.incrementAndGet();
      refreshTokensSeen.add(current.refreshToken().orElse("none"));
      return answer.apply(call);
    };
  }

  private OAuthCredential rotated() {
    return credential(NEW_ACCESS, NEW_REFRESH, clock.instant().plus(Duration.ofHours(1)));
  }

  private CredentialManager.Builder manager(TokenRefresher refresher) {
    return CredentialManager.builder()
        .clock(clock)
        .credentialStore(store)
        .statusStore(statuses)
        .refresher("google", refresher)
        .listener(listener)
        .sleeper(sleeps::add)
        .random(new Random(42));
  }

  /** Connects KEY with a credential whose access token expires in {@code in}. */
  private void connectExpiringIn(CredentialManager manager, Duration in) {
    manager.connect(KEY, credential(OLD_ACCESS, OLD_REFRESH, T0.plus(in)));
    listener.changes.clear();
  }

  private static ProviderException networkError() {
    return ProviderException.network("google", "connect timed out", null);
  }

  // --- the API log ------------------------------------------------------------------------------

  @Test
  void everyRefreshAndRevocationCallIsInTheApiLogWithoutItsTokens() {
    InMemoryAuditLog audit = new InMemoryAuditLog();
    CredentialManager manager =
        manager(
                counting(
                    call -> {
                      clock.advance(Duration.ofMillis(40));
                      if (call == 1) {
                        throw networkError();
                      }
                      return rotated();
                    }))
            .revoker("google", credential -> true)
            .auditLog(audit)
            .build();
    connectExpiringIn(manager, Duration.ofMinutes(1));

    assertThat(manager.accessToken(KEY)).isEqualTo(NEW_ACCESS);
    manager.disconnect(KEY);

    assertThat(audit.recent(KEY.tenant(), 10))
        .extracting(AuditEntry::provider, AuditEntry::operation, AuditEntry::outcome)
        .containsExactlyInAnyOrder(
            tuple("google", "oauth.refresh", AuditEntry.Outcome.FAILURE),
            tuple("google", "oauth.refresh", AuditEntry.Outcome.SUCCESS),
            tuple("google", "oauth.revoke", AuditEntry.Outcome.SUCCESS));
    assertThat(audit.recent(KEY.tenant(), 10))
        .filteredOn(e -> e.operation().equals("oauth.refresh"))
        .allSatisfy(e -> assertThat(e.latency()).isEqualTo(Duration.ofMillis(40)));
    assertThat(audit.recent(KEY.tenant(), 10).toString())
        .doesNotContain(OLD_REFRESH, NEW_REFRESH, OLD_ACCESS, NEW_ACCESS);
  }

  // --- no refresh needed ----------------------------------------------------------------------

  @Test
  void tokenNotExpiringWithinTheMarginIsReturnedWithoutRefresh() {
    CredentialManager manager = manager(counting(call -> rotated())).build();
    connectExpiringIn(manager, Duration.ofMinutes(2).plusSeconds(1));

    assertThat(manager.accessToken(KEY)).isEqualTo(OLD_ACCESS);
    assertThat(calls).hasValue(0);
  }

  @Test
  void tokenExpiringWithinTheMarginIsRefreshed() {
    CredentialManager manager = manager(counting(call -> rotated())).build();
    connectExpiringIn(manager, Duration.ofMinutes(2));

    assertThat(manager.accessToken(KEY)).isEqualTo(NEW_ACCESS);
    assertThat(calls).hasValue(1);
  }

  @Test
  void credentialWithoutExpiryIsNeverRefreshed() {
    CredentialManager manager = manager(counting(call -> rotated())).build();
    manager.connect(KEY, credential(OLD_ACCESS, null, null));
    clock.advance(Duration.ofDays(400));

    assertThat(manager.accessToken(KEY)).isEqualTo(OLD_ACCESS);
    assertThat(calls).hasValue(0);
  }

  // --- a token the provider rejected ---------------------------------------------------------

  @Test
  void rejectedTokenIsRefreshedAlthoughItHasNotExpired() {
    CredentialManager manager = manager(counting(call -> rotated())).build();
    connectExpiringIn(manager, Duration.ofHours(1));

    OAuthCredential fresh = manager.refreshRejected(KEY, OLD_ACCESS);

    assertThat(fresh.accessToken()).isEqualTo(NEW_ACCESS);
    assertThat(store.load(KEY).orElseThrow().refreshToken()).contains(NEW_REFRESH);
    assertThat(calls).hasValue(1);
  }

  @Test
  void rejectedTokenAlreadyReplacedByAnotherCallerIsNotRefreshedAgain() {
    CredentialManager manager = manager(counting(call -> rotated())).build();
    connectExpiringIn(manager, Duration.ofHours(1));
    manager.refreshRejected(KEY, OLD_ACCESS);

    OAuthCredential second = manager.refreshRejected(KEY, OLD_ACCESS);

    assertThat(second.accessToken()).isEqualTo(NEW_ACCESS);
    assertThat(calls).hasValue(1);
  }

  @Test
  void rejectedTokenWhoseRefreshIsRefusedNeedsReauthorization() {
    CredentialManager manager =
        manager(
                current -> {
                  throw new InvalidGrantException("invalid_grant");
                })
            .build();
    connectExpiringIn(manager, Duration.ofHours(1));

    assertThatThrownBy(() -> manager.refreshRejected(KEY, OLD_ACCESS))
        .isInstanceOf(ReauthorizationRequiredException.class);
    assertThat(manager.status(KEY).status()).isEqualTo(ConnectionStatus.NEEDS_REAUTHORIZATION);
  }

  // --- single flight --------------------------------------------------------------------------

  @Test
  void sixteenCallersOfAnExpiredTokenShareOneRefresh() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CredentialManager manager =
        manager(
                counting(
                    call -> {
                      await(release);
                      return rotated();
                    }))
            .build();
    connectExpiringIn(manager, Duration.ofSeconds(-30));

    List<String> tokens = pileUp(16, manager::accessToken, release);

    assertThat(calls).as("refresh calls that reached the provider").hasValue(1);
    assertThat(tokens).hasSize(16).containsOnly(NEW_ACCESS);
    assertThat(store.load(KEY).orElseThrow().refreshToken()).contains(NEW_REFRESH);
    assertThat(listener.changes).isEmpty();
  }

  @Test
  void sixteenCallersHittingInvalidGrantCauseOneRefreshAndOneEvent() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CredentialManager manager =
        manager(
                counting(
                    call -> {
                      await(release);
                      throw new InvalidGrantException("Token has been expired or revoked.");
                    }))
            .build();
    connectExpiringIn(manager, Duration.ofSeconds(-30));

    List<String> outcomes =
        pileUp(
            16,
            key -> {
              try {
                return manager.accessToken(key);
              } catch (ReauthorizationRequiredException e) {
                return "reauthorize";
              }
            },
            release);

    assertThat(outcomes).hasSize(16).containsOnly("reauthorize");
    assertThat(calls).hasValue(1);
    assertThat(listener.changes).hasSize(1);
  }

  /**
   * Runs {@code n} callers at once and releases the refresher only when every one of them is
   * parked: one inside the refresher, the others waiting for its result.
   */
  private static List<String> pileUp(
      int n, Function<ConnectionKey, String> call, CountDownLatch release)
      throws InterruptedException {
    String[] results = new String[n];
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int slot = i;
      Thread t =
          new Thread(
              () -> {
                try {
                  results[slot] = call.apply(KEY);
                } catch (Throwable e) {
                  failures.add(e);
                }
              },
              "caller-" + i);
      threads.add(t);
      t.start();
    }
    releaseWhenParked(threads, release);
    assertThat(failures).isEmpty();
    return List.of(results);
  }

  @Test
  void errorThrownByTheRefresherReachesTheWaitingCallerAsTheSameInstance() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Error bug = new StackOverflowError("refresher bug");
    CredentialManager manager =
        manager(
                counting(
                    call -> {
                      await(release);
                      throw bug;
                    }))
            .build();
    connectExpiringIn(manager, Duration.ofSeconds(-30));
    List<Throwable> thrown = new CopyOnWriteArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Thread t = new Thread(() -> thrown.add(catchThrowable(() -> manager.accessToken(KEY))));
      threads.add(t);
      t.start();
    }
    releaseWhenParked(threads, release);

    assertThat(calls).hasValue(1);
    assertThat(thrown).hasSize(2).allSatisfy(t -> assertThat(t).isSameAs(bug));
  }

  @Test
  void aTokenThatNeedsNoRefreshIsHandedOutWithoutWaitingForAnotherCallersRefresh()
      throws Exception {
    CountDownLatch refreshing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CredentialManager manager =
        manager(
                counting(
                    call -> {
                      refreshing.countDown();
                      await(release);
                      return rotated();
                    }))
            .build();
    connectExpiringIn(manager, Duration.ofHours(1));
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      Future<OAuthCredential> rejected =
          pool.submit(() -> manager.refreshRejected(KEY, OLD_ACCESS));
      await(refreshing);

      Future<String> current = pool.submit(() -> manager.accessToken(KEY));
      Future<OAuthCredential> stale =
          pool.submit(() -> manager.refreshRejected(KEY, "ya29.an-older-token"));

      assertThat(current.get(5, TimeUnit.SECONDS)).isEqualTo(OLD_ACCESS);
      assertThat(stale.get(5, TimeUnit.SECONDS).accessToken()).isEqualTo(OLD_ACCESS);
      release.countDown();
      assertThat(rejected.get(10, TimeUnit.SECONDS).accessToken()).isEqualTo(NEW_ACCESS);
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  /** Opens {@code release} once every caller is parked, then waits for all of them to finish. */
  private static void releaseWhenParked(List<Thread> threads, CountDownLatch release)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    // The refreshing caller waits on the latch (TIMED_WAITING), the others on its result (WAITING).
    while (!threads.stream().allMatch(CredentialManagerTest::parked)) {
      assertThat(System.nanoTime()).as("all callers parked in time").isLessThan(deadline);
      Thread.onSpinWait();
    }
    release.countDown();
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(10));
      assertThat(t.isAlive()).as(t.getName() + " finished").isFalse();
    }
  }

  private static boolean parked(Thread t) {
    return t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING;
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  // --- what gets saved ------------------------------------------------------------------------

  @Test
  void rotatedRefreshTokenIsPersistedAndUsedForTheNextRefresh() {
    AtomicInteger n = new AtomicInteger();
    CredentialManager manager =
        manager(
                counting(
                    call ->
                        credential(
                            "access-" + n.incrementAndGet(),
                            "refresh-" + n.get(),
                            clock.instant().plus(Duration.ofHours(1)))))
            .build();
    connectExpiringIn(manager, Duration.ofSeconds(-1));

    assertThat(manager.accessToken(KEY)).isEqualTo("access-1");
    assertThat(store.load(KEY).orElseThrow().refreshToken()).contains("refresh-1");

    clock.advance(Duration.ofHours(1));
    assertThat(manager.accessToken(KEY)).isEqualTo("access-2");
    assertThat(refreshTokensSeen).containsExactly(OLD_REFRESH, "refresh-1");
    assertThat(store.load(KEY).orElseThrow().refreshToken()).contains("refresh-2");
  }

  @Test
  void aConnectionDisconnectedDuringItsRefreshIsNotSavedAgain() {
    AtomicReference<CredentialManager> self = new AtomicReference<>();
    CredentialManager manager =
        manager(
                counting(
                    call -> {
                      self.get().disconnect(KEY);
                      return rotated();
                    }))
            .build();
    self.set(manager);
    connectExpiringIn(manager, Duration.ofMinutes(1));

    assertThatThrownBy(() -> manager.accessToken(KEY)).isInstanceOf(NotFoundException.class);

    assertThat(store.load(KEY)).isEmpty();
    assertThat(manager.status(KEY).status()).isEqualTo(ConnectionStatus.NOT_CONNECTED);
  }

  @Test
  void refresherReturningNoRefreshTokenKeepsTheOldOne() {
    CredentialManager manager =
        manager(
                counting(
                    call ->
                        credential(NEW_ACCESS, null, clock.instant().plus(Duration.ofHours(1)))))
            .build();
    connectExpiringIn(manager, Duration.ofSeconds(-1));

    OAuthCredential refreshed = manager.credential(KEY);

    assertThat(refreshed.accessToken()).isEqualTo(NEW_ACCESS);
    assertThat(refreshed.refreshToken()).contains(OLD_REFRESH);
    assertThat(store.load(KEY)).contains(refreshed);
  }

  @Test
  void refreshedTokenThatCannotBeSavedIsNotHandedOut() {
    MapCredentialStore failingStore =
        new MapCredentialStore() {
          @Override
          public void save(ConnectionKey connection, OAuthCredential credential) {
            if (credential.accessToken().equals(NEW_ACCESS)) {
              throw new IllegalStateException("database is down");
            }
            super.save(connection, credential);
          }
        };
    CredentialManager manager =
        manager(counting(call -> rotated())).credentialStore(failingStore).build();
    manager.connect(KEY, credential(OLD_ACCESS, OLD_REFRESH, T0.minusSeconds(1)));

    assertThatThrownBy(() -> manager.accessToken(KEY)).isInstanceOf(IllegalStateException.class);
    assertThat(failingStore.load(KEY).orElseThrow().accessToken()).isEqualTo(OLD_ACCESS);
  }

  @Test
  void callerArrivingAfterARefreshUsesTheStoredTokenInsteadOfRefreshingAgain() {
    CredentialManager manager = manager(counting(call -> rotated())).build();
    connectExpiringIn(manager, Duration.ofSeconds(-1));

    manager.accessToken(KEY);
    manager.accessToken(KEY);

    assertThat(calls).hasValue(1);
    assertThat(store.saves).as("connect + one refresh").hasValue(2);
  }

  @Test
  void refreshReadsTheStoreAgainBeforeSpendingTheRefreshToken() {
    // The caller's first read sees the expired token; by the time it may refresh, another caller
    // (or node) has stored a fresh one, which it must use instead of refreshing again.
    AtomicReference<OAuthCredential> staleOnce = new AtomicReference<>();
    MapCredentialStore racing =
        new MapCredentialStore() {
          @Override
          public java.util.Optional<OAuthCredential> load(ConnectionKey connection) {
            OAuthCredential stale = staleOnce.getAndSet(null);
            return stale != null ? java.util.Optional.of(stale) : super.load(connection);
          }
        };
    CredentialManager manager =
        manager(counting(call -> rotated())).credentialStore(racing).build();
    manager.connect(KEY, credential(NEW_ACCESS, NEW_REFRESH, T0.plus(Duration.ofHours(1))));
    staleOnce.set(credential(OLD_ACCESS, OLD_REFRESH, T0.minusSeconds(1)));

    assertThat(manager.accessToken(KEY)).isEqualTo(NEW_ACCESS);
    assertThat(calls).hasValue(0);
  }

  @Test
  void refreshChecksTheStatusAgainBeforeSpendingTheRefreshToken() {
    // Between the caller's status check and its refresh, another node marks the connection
    // revoked: the refresh token must not be spent.
    AtomicReference<CredentialManager> managerRef = new AtomicReference<>();
    AtomicReference<String> revokeOnLoad = new AtomicReference<>();
    MapCredentialStore racing =
        new MapCredentialStore() {
          @Override
          public java.util.Optional<OAuthCredential> load(ConnectionKey connection) {
            String reason = revokeOnLoad.getAndSet(null);
            if (reason != null) {
              managerRef.get().markRevoked(connection, reason);
            }
            return super.load(connection);
          }
        };
    CredentialManager manager =
        manager(counting(call -> rotated())).credentialStore(racing).build();
    managerRef.set(manager);
    manager.connect(KEY, credential(OLD_ACCESS, OLD_REFRESH, T0.minusSeconds(1)));
    revokeOnLoad.set("revoked by the tenant");

    assertThatThrownBy(() -> manager.accessToken(KEY))
        .isInstanceOf(ReauthorizationRequiredException.class);
    assertThat(calls).hasValue(0);
    assertThat(racing.load(KEY).orElseThrow().accessToken()).isEqualTo(OLD_ACCESS);
  }

  @Test
  void largerRefreshMarginRefreshesEarlier() {
    CredentialManager manager =
        manager(counting(call -> rotated())).refreshMargin(Duration.ofMinutes(10)).build();
    connectExpiringIn(manager, Duration.ofMinutes(9));

    assertThat(manager.accessToken(KEY)).isEqualTo(NEW_ACCESS);
    assertThat(calls).hasValue(1);
  }

  // --- invalid_grant and revocation ----------------------------------------------------------

  @Test
  void invalidGrantMarksTheConnectionAndLaterCallsFailFast() {
    CredentialManager manager =
        manager(
                counting(
                    call -> {
                      throw new InvalidGrantException("Token has been expired or revoked.");
                    }))
            .build();
    connectExpiringIn(manager, Duration.ofSeconds(-1));
    clock.advance(Duration.ofMinutes(5));

    Throwable thrown = catchThrowable(() -> manager.accessToken(KEY));

    assertThat(thrown)
        .isInstanceOf(ReauthorizationRequiredException.class)
        .hasMessageContaining("invalid_grant")
        .hasCauseInstanceOf(InvalidGrantException.class);
    assertThat(((ReauthorizationRequiredException) thrown).connection()).isEqualTo(KEY);
    ConnectionState state = manager.status(KEY);
    assertThat(state.status()).isEqualTo(ConnectionStatus.NEEDS_REAUTHORIZATION);
    assertThat(state.changedAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
    assertThat(state.reason()).contains("invalid_grant");
    assertThat(listener.changes)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.connection()).isEqualTo(KEY);
              assertThat(c.before().status()).isEqualTo(ConnectionStatus.CONNECTED);
              assertThat(c.after()).isEqualTo(state);
            });

    assertThatThrownBy(() -> manager.accessToken(KEY))
        .isInstanceOf(ReauthorizationRequiredException.class);
    assertThatThrownBy(() -> manager.credential(KEY))
        .isInstanceOf(ReauthorizationRequiredException.class);
    assertThat(calls).as("later calls never reach the provider").hasValue(1);
    assertThat(listener.changes).hasSize(1);
  }

  @Test
  void connectingAgainAfterInvalidGrantRestoresTheConnection() {
    CredentialManager manager =
        manager(
                counting(
                    call -> {
                      throw new InvalidGrantException("revoked");
                    }))
            .build();
    connectExpiringIn(manager, Duration.ofSeconds(-1));
    assertThatThrownBy(() -> manager.accessToken(KEY))
        .isInstanceOf(ReauthorizationRequiredException.class);

    manager.connect(KEY, credential(NEW_ACCESS, NEW_REFRESH, T0.plus(Duration.ofHours(1))));

    assertThat(manager.accessToken(KEY)).isEqualTo(NEW_ACCESS);
    assertThat(manager.status(KEY).status()).isEqualTo(ConnectionStatus.CONNECTED);
    assertThat(listener.changes)
        .extracting(c -> c.after().status())
        .containsExactly(ConnectionStatus.NEEDS_REAUTHORIZATION, ConnectionStatus.CONNECTED);
  }

  @Test
  void expiredTokenWithoutRefreshTokenNeedsReauthorization() {
    CredentialManager manager = manager(counting(call -> rotated())).build();
    manager.connect(KEY, credential(OLD_ACCESS, null, T0.minusSeconds(1)));

    assertThatThrownBy(() -> manager.accessToken(KEY))
        .isInstanceOf(ReauthorizationRequiredException.class);
    assertThat(manager.status(KEY).status()).isEqualTo(ConnectionStatus.NEEDS_REAUTHORIZATION);
    assertThat(calls).hasValue(0);
  }

  @Test
  void revokedConnectionFailsFastEvenWithAValidToken() {
    CredentialManager manager = manager(counting(call -> rotated())).build();
    connectExpiringIn(manager, Duration.ofHours(1));

    manager.markRevoked(KEY, "the tenant removed the app");
    manager.markRevoked(KEY, "again");

    assertThatThrownBy(() -> manager.accessToken(KEY))
        .isInstanceOf(ReauthorizationRequiredException.class)
        .hasMessageContaining("the tenant removed the app");
    assertThat(manager.status(KEY))
        .isEqualTo(new ConnectionState(ConnectionStatus.REVOKED, T0, "the tenant removed the app"));
    assertThat(listener.changes).as("one event per change, none for a repeat").hasSize(1);
    assertThat(calls).hasValue(0);
  }

  @Test
  void revokedConnectionWithoutAStoredCredentialNeedsReauthorizationNotNotFound() {
    // The status is checked before the store: a grant that went bad asks for a new authorization
    // even when the credential is already gone, on both ways to get a credential.
    CredentialManager manager = manager(counting(call -> rotated())).build();
    manager.markRevoked(KEY, "the tenant removed the app");

    assertThatThrownBy(() -> manager.credential(KEY))
        .isInstanceOf(ReauthorizationRequiredException.class);
    assertThatThrownBy(() -> manager.refreshRejected(KEY, OLD_ACCESS))
        .isInstanceOf(ReauthorizationRequiredException.class);
    assertThat(calls).hasValue(0);
  }

  // --- transient and permanent failures -------------------------------------------------------

  @Test
  void retryableErrorIsRetriedWithJitteredBackoffAndSucceedsOnTheThirdAttempt() {
    CredentialManager manager =
        manager(
                counting(
                    call -> {
                      if (call < 3) {
                        throw networkError();
                      }
                      return rotated();
                    }))
            .build();
    connectExpiringIn(manager, Duration.ofSeconds(-1));
    ConnectionState before = manager.status(KEY);

    assertThat(manager.accessToken(KEY)).isEqualTo(NEW_ACCESS);

    assertThat(calls).hasValue(3);
    assertThat(sleeps).hasSize(2);
    assertThat(sleeps.get(0)).isBetween(Duration.ZERO, Duration.ofMillis(200));
    assertThat(sleeps.get(1)).isBetween(Duration.ZERO, Duration.ofMillis(400));
    assertThat(manager.status(KEY)).isEqualTo(before);
    assertThat(before.status()).isEqualTo(ConnectionStatus.CONNECTED);
    assertThat(listener.changes).isEmpty();
  }

  @Test
  void defaultJitterIsRandomNotZero() {
    CredentialManager manager =
        CredentialManager.builder()
            .inMemoryDefaults()
            .clock(clock)
            .credentialStore(store)
            .refresher(
                "google",
                counting(
                    call -> {
                      throw networkError();
                    }))
            .sleeper(sleeps::add)
            .build();
    manager.connect(KEY, credential(OLD_ACCESS, OLD_REFRESH, T0.minusSeconds(1)));

    assertThatThrownBy(() -> manager.accessToken(KEY)).isInstanceOf(ProviderException.class);
    assertThat(sleeps).hasSize(2);
    // Each wait is uniform over 0..200 ms (then 0..400 ms) in nanoseconds: both zero is ~1e-17.
    assertThat(sleeps).anyMatch(d -> d.compareTo(Duration.ZERO) > 0);
  }

  @Test
  void backoffDoublesFromTheBaseAndIsCapped() {
    CredentialManager manager =
        manager(
                counting(
                    call -> {
                      throw networkError();
                    }))
            .maxAttempts(5)
            .baseBackoff(Duration.ofMillis(200))
            .maxBackoff(Duration.ofMillis(500))
            .random(extremeJitter(true))
            .build();
    connectExpiringIn(manager, Duration.ofSeconds(-1));

    assertThatThrownBy(() -> manager.accessToken(KEY)).isInstanceOf(ProviderException.class);

    assertThat(sleeps)
        .containsExactly(
            Duration.ofMillis(200),
            Duration.ofMillis(400),
            Duration.ofMillis(500),
            Duration.ofMillis(500));
  }

  @Test
  void backoffIsFullJitterDownToZero() {
    CredentialManager manager =
        manager(
                counting(
                    call -> {
                      throw networkError();
                    }))
            .random(extremeJitter(false))
            .build();
    connectExpiringIn(manager, Duration.ofSeconds(-1));

    assertThatThrownBy(() -> manager.accessToken(KEY)).isInstanceOf(ProviderException.class);

    assertThat(sleeps).containsExactly(Duration.ZERO, Duration.ZERO);
  }

  @Test
  void jitteredWaitsStayWithinTheirCeilings() {
    Random random = new Random(7);
    for (int run = 0; run < 50; run++) {
      sleeps.clear();
      CredentialManager manager =
          manager(
                  current -> {
                    throw networkError();
                  })
              .maxAttempts(6)
              .maxBackoff(Duration.ofMillis(1000))
              .random(random)
              .build();
      connectExpiringIn(manager, Duration.ofSeconds(-1));
      assertThatThrownBy(() -> manager.accessToken(KEY)).isInstanceOf(ProviderException.class);
      long[] ceilings = {200, 400, 800, 1000, 1000};
      assertThat(sleeps).hasSize(5);
      for (int i = 0; i < 5; i++) {
        assertThat(sleeps.get(i)).isBetween(Duration.ZERO, Duration.ofMillis(ceilings[i]));
      }
    }
  }

  /** Returns the largest ({@code top}) or smallest possible value for every bounded draw. */
  private static RandomGenerator extremeJitter(boolean top) {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        return 0;
      }

      @Override
      public long nextLong(long bound) {
        return top ? bound - 1 : 0;
      }
    };
  }

  @Test
  void alwaysFailingRefreshGivesUpAfterTheCapWithTheProviderException() {
    List<ProviderException> thrownByRefresher = new CopyOnWriteArrayList<>();
    CredentialManager manager =
        manager(
                counting(
                    call -> {
                      ProviderException e = networkError();
                      thrownByRefresher.add(e);
                      throw e;
                    }))
            .build();
    connectExpiringIn(manager, Duration.ofSeconds(-1));
    ConnectionState before = manager.status(KEY);

    Throwable thrown = catchThrowable(() -> manager.accessToken(KEY));

    assertThat(calls).hasValue(3);
    assertThat(sleeps).hasSize(2);
    assertThat(thrown).isSameAs(thrownByRefresher.get(2));
    assertThat(manager.status(KEY)).isEqualTo(before);
    assertThat(listener.changes).isEmpty();
    assertThat(store.load(KEY).orElseThrow().accessToken()).isEqualTo(OLD_ACCESS);
  }

  @Test
  void nonRetryableErrorIsThrownAtOnce() {
    ProviderException badClient =
        new ProviderException(
            "google", 401, "invalid_client", "req-1", false, "client authentication failed", null);
    CredentialManager manager =
        manager(
                counting(
                    call -> {
                      throw badClient;
                    }))
            .build();
    connectExpiringIn(manager, Duration.ofSeconds(-1));

    assertThatThrownBy(() -> manager.accessToken(KEY)).isSameAs(badClient);
    assertThat(calls).hasValue(1);
    assertThat(sleeps).isEmpty();
    assertThat(manager.status(KEY).status()).isEqualTo(ConnectionStatus.CONNECTED);
    assertThat(listener.changes).isEmpty();
  }

  @Test
  void refresherReturningNoCredentialFailsWithoutRetry() {
    CredentialManager manager = manager(counting(call -> null)).build();
    connectExpiringIn(manager, Duration.ofSeconds(-1));

    assertThatThrownBy(() -> manager.accessToken(KEY))
        .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.isRetryable()).isFalse())
        .hasMessageContaining("returned no credential");
    assertThat(calls).hasValue(1);
    assertThat(sleeps).isEmpty();
    assertThat(store.load(KEY).orElseThrow().accessToken()).isEqualTo(OLD_ACCESS);
  }

  @Test
  void failedRefreshLogsTheProvidersStructuredFieldsButNotItsMessage() {
    String logText;
    try (CapturedLogs logs = new CapturedLogs()) {
      CredentialManager retried =
          manager(
                  counting(
                      call -> {
                        if (call == 1) {
                          throw ProviderException.network("google", "free text one", null);
                        }
                        throw new ProviderException(
                            "google",
                            400,
                            "invalid_request",
                            "req-9",
                            false,
                            "free text two",
                            null);
                      }))
              .build();
      connectExpiringIn(retried, Duration.ofSeconds(-1));
      catchThrowable(() -> retried.accessToken(KEY));
      logText = logs.text();
    }

    assertThat(logText)
        .contains("failed (attempt 1 of 3), retrying in")
        .contains(": HTTP none, code none, request-id none, retryable")
        .contains(
            "failed after 2 attempt(s): HTTP 400, code invalid_request, request-id req-9, not"
                + " retryable")
        .doesNotContain("free text");
  }

  @Test
  void unexpectedRuntimeExceptionIsWrappedAndNotRetried() {
    CredentialManager manager =
        manager(
                counting(
                    call -> {
                      throw new IllegalStateException("unexpected JSON");
                    }))
            .build();
    connectExpiringIn(manager, Duration.ofSeconds(-1));

    Throwable thrown = catchThrowable(() -> manager.accessToken(KEY));

    assertThat(thrown)
        .isInstanceOf(ProviderException.class)
        .hasCauseInstanceOf(IllegalStateException.class);
    assertThat(((ProviderException) thrown).isRetryable()).isFalse();
    assertThat(calls).hasValue(1);
    assertThat(sleeps).isEmpty();
    assertThat(manager.status(KEY).status()).isEqualTo(ConnectionStatus.CONNECTED);
  }

  @Test
  void interruptedBackoffStopsRetryingAndKeepsTheInterruptFlag() {
    CredentialManager manager =
        manager(
                counting(
                    call -> {
                      throw networkError();
                    }))
            .sleeper(
                d -> {
                  throw new InterruptedException();
                })
            .build();
    connectExpiringIn(manager, Duration.ofSeconds(-1));

    try {
      assertThatThrownBy(() -> manager.accessToken(KEY))
          .isInstanceOf(ProviderException.class)
          .satisfies(
              e ->
                  assertThat(e.getSuppressed())
                      .singleElement()
                      .isInstanceOf(InterruptedException.class));
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
      assertThat(calls).hasValue(1);
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void providerWithoutARefresherFailsWithoutRetry() {
    CredentialManager manager =
        CredentialManager.builder()
            .inMemoryDefaults()
            .clock(clock)
            .credentialStore(store)
            .sleeper(sleeps::add)
            .build();
    manager.connect(KEY, credential(OLD_ACCESS, OLD_REFRESH, T0.minusSeconds(1)));

    assertThatThrownBy(() -> manager.accessToken(KEY))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("no TokenRefresher");
    assertThat(sleeps).isEmpty();
  }

  // --- connect, disconnect, status, listeners -------------------------------------------------

  @Test
  void unknownConnectionIsNotConnectedSinceTheEpochAndHasNoCredential() {
    CredentialManager manager = manager(counting(call -> rotated())).build();

    assertThat(manager.status(KEY))
        .isEqualTo(
            new ConnectionState(ConnectionStatus.NOT_CONNECTED, Instant.EPOCH, "never connected"));
    assertThatThrownBy(() -> manager.accessToken(KEY)).isInstanceOf(NotFoundException.class);
    assertThat(manager.disconnect(KEY)).isFalse();
    assertThat(listener.changes).isEmpty();
  }

  @Test
  void connectAndDisconnectFireOneEventEach() {
    CredentialManager manager = manager(counting(call -> rotated())).build();

    manager.connect(KEY, credential(OLD_ACCESS, OLD_REFRESH, T0.plus(Duration.ofHours(1))));
    clock.advance(Duration.ofMinutes(1));
    assertThat(manager.disconnect(KEY)).isTrue();

    assertThat(listener.changes)
        .extracting(c -> c.before().status(), c -> c.after().status())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                ConnectionStatus.NOT_CONNECTED, ConnectionStatus.CONNECTED),
            org.assertj.core.groups.Tuple.tuple(
                ConnectionStatus.CONNECTED, ConnectionStatus.NOT_CONNECTED));
    assertThat(manager.status(KEY))
        .isEqualTo(
            new ConnectionState(
                ConnectionStatus.NOT_CONNECTED, T0.plus(Duration.ofMinutes(1)), "disconnected"));
    assertThat(store.load(KEY)).isEmpty();
    assertThatThrownBy(() -> manager.accessToken(KEY)).isInstanceOf(NotFoundException.class);
  }

  @Test
  void connectRejectsACredentialOfAnotherProvider() {
    CredentialManager manager = manager(counting(call -> rotated())).build();
    OAuthCredential calendly = OAuthCredential.builder("calendly", "u-1", OLD_ACCESS).build();

    assertThatThrownBy(() -> manager.connect(KEY, calendly))
        .isInstanceOf(ValidationException.class)
        .extracting(e -> ((ValidationException) e).field())
        .isEqualTo("credential.provider");
    assertThat(store.load(KEY)).isEmpty();
    assertThat(listener.changes).isEmpty();
  }

  @Test
  void failingListenerIsLoggedAndDoesNotStopOthers() {
    RecordingListener second = new RecordingListener();
    CredentialManager manager =
        manager(counting(call -> rotated()))
            .listener(
                new ConnectionListener() {
                  @Override
                  public void statusChanged(
                      ConnectionKey c, ConnectionState before, ConnectionState after) {
                    throw new IllegalStateException("listener bug");
                  }
                })
            .listener(second)
            .build();

    try (CapturedLogs logs = new CapturedLogs()) {
      manager.connect(KEY, credential(OLD_ACCESS, OLD_REFRESH, T0.plus(Duration.ofHours(1))));
      assertThat(logs.text()).contains("connection listener").contains("listener bug");
    }
    assertThat(listener.changes).hasSize(1);
    assertThat(second.changes).hasSize(1);
    assertThat(manager.status(KEY).status()).isEqualTo(ConnectionStatus.CONNECTED);
  }

  @Test
  void builderRejectsBadSettingsNamingTheField() {
    assertThatThrownBy(() -> CredentialManager.builder().build())
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("credentialStore"));
    assertThatThrownBy(
            () ->
                CredentialManager.builder()
                    .inMemoryDefaults()
                    .credentialStore(store)
                    .baseBackoff(Duration.ofSeconds(2))
                    .maxBackoff(Duration.ofSeconds(1))
                    .build())
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("baseBackoff"));
    assertThatThrownBy(() -> CredentialManager.builder().maxAttempts(0))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("maxAttempts"));
    assertThatThrownBy(
            () ->
                CredentialManager.builder().refresher("google", c -> c).refresher("google", c -> c))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("refresher.provider"));
  }

  /** Issue 24: the in-memory status store is never a silent default. */
  @Test
  void aBuilderWithoutStatusStoreFailsNamingItUnlessInMemoryDefaultsOptsIn() {
    assertThatThrownBy(() -> CredentialManager.builder().credentialStore(store).build())
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.field()).isEqualTo("statusStore");
              assertThat(e.getMessage())
                  .contains("missing statusStore")
                  .contains("inMemoryDefaults()");
            });
    // inMemoryDefaults() covers the status store only: the credential store stays required.
    assertThatThrownBy(() -> CredentialManager.builder().inMemoryDefaults().build())
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("credentialStore"));

    CredentialManager inMemory =
        CredentialManager.builder().credentialStore(store).inMemoryDefaults().clock(clock).build();
    inMemory.connect(KEY, credential(OLD_ACCESS, OLD_REFRESH, T0.plus(Duration.ofHours(1))));
    assertThat(inMemory.status(KEY).status()).isEqualTo(ConnectionStatus.CONNECTED);

    CredentialManager explicit =
        CredentialManager.builder()
            .credentialStore(store)
            .statusStore(statuses)
            .clock(clock)
            .build();
    explicit.markRevoked(KEY, "revoked in the test");
    // the given store, not an in-memory one, got the change
    assertThat(statuses.load(KEY))
        .hasValueSatisfying(s -> assertThat(s.status()).isEqualTo(ConnectionStatus.REVOKED));
  }

  // --- secrets --------------------------------------------------------------------------------

  @Test
  void noTokenAppearsInExceptionMessagesOrLogs() {
    List<String> messages = new ArrayList<>();
    String logText;
    try (CapturedLogs logs = new CapturedLogs()) {
      for (TokenRefresher refresher :
          List.<TokenRefresher>of(
              current -> {
                throw networkError();
              },
              current -> {
                throw new ProviderException(
                    "google", 400, "invalid_request", "req-9", false, "bad request", null);
              },
              current -> {
                throw new IllegalStateException("unexpected JSON");
              },
              current -> {
                throw new InvalidGrantException("Token has been expired or revoked.");
              })) {
        MapCredentialStore fresh = new MapCredentialStore();
        CredentialManager manager =
            CredentialManager.builder()
                .inMemoryDefaults()
                .clock(clock)
                .credentialStore(fresh)
                .refresher("google", refresher)
                .sleeper(sleeps::add)
                .build();
        manager.connect(KEY, credential(OLD_ACCESS, OLD_REFRESH, T0.minusSeconds(1)));
        collectMessages(catchThrowable(() -> manager.accessToken(KEY)), messages);
        collectMessages(catchThrowable(() -> manager.accessToken(KEY)), messages);
      }
      CredentialManager ok =
          CredentialManager.builder()
              .inMemoryDefaults()
              .clock(clock)
              .credentialStore(new MapCredentialStore())
              .refresher("google", current -> rotated())
              .build();
      ok.connect(KEY, credential(OLD_ACCESS, OLD_REFRESH, T0.minusSeconds(1)));
      ok.accessToken(KEY);
      logText = logs.text();
    }

    assertThat(messages).as("the paths above did throw").hasSizeGreaterThanOrEqualTo(8);
    assertThat(logText)
        .as("the paths above did log")
        .contains("retrying in")
        .contains("needs to be authorized again")
        .contains("refreshed the access token");
    for (String secret : List.of(OLD_ACCESS, OLD_REFRESH, NEW_ACCESS, NEW_REFRESH, "SECRET")) {
      assertThat(logText).doesNotContain(secret);
      assertThat(messages).noneMatch(m -> m.contains(secret));
    }
    assertThat(credential(OLD_ACCESS, OLD_REFRESH, T0).toString()).doesNotContain("SECRET");
  }

  private static void collectMessages(Throwable thrown, List<String> into) {
    assertThat(thrown).isNotNull();
    AtomicReference<Throwable> t = new AtomicReference<>(thrown);
    while (t.get() != null) {
      into.add(String.valueOf(t.get().getMessage()));
      into.add(t.get().toString());
      t.set(t.get().getCause());
    }
  }
}
