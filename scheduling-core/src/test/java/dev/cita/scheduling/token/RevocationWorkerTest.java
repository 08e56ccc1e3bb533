package dev.cita.scheduling.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.TestClock;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.memory.InMemoryConnectionStatusStore;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.ConnectionStatusStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RevocationWorker}: it retries pending revocations on its own thread, survives a round that
 * throws, and can be stopped and started again.
 */
class RevocationWorkerTest {
  private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");
  private static final ConnectionKey KEY =
      ConnectionKey.of(
          TenantId.of("clinica-sur"), "calendly", "https://api.calendly.com/users/SUR");
  private static final Duration TICK = Duration.ofMillis(10);

  private final TestClock clock = new TestClock(T0);
  private final MapCredentialStore store = new MapCredentialStore();
  private final AtomicInteger revocations = new AtomicInteger();
  private final AtomicInteger dueReads = new AtomicInteger();
  private RevocationWorker worker = RevocationWorker.every(TICK, manager(new FlakyDueReads(0)));

  /** Fails the first attempt (provider down), then revokes. */
  private boolean revoke(OAuthCredential credential) {
    if (revocations.incrementAndGet() == 1) {
      throw new ProviderException("calendly", 503, null, null, true, "unavailable", null);
    }
    return true;
  }

  private CredentialManager manager(ConnectionStatusStore statuses) {
    return CredentialManager.builder()
        .clock(clock)
        .credentialStore(store)
        .statusStore(statuses)
        .revoker("calendly", this::revoke)
        .revocationRetries(5, Duration.ofMinutes(1), Duration.ofMinutes(10))
        .revocationLease(Duration.ofMinutes(2))
        .build();
  }

  /** Connects, disconnects while the provider is down, and moves the clock past the backoff. */
  private void pendingRevocation(CredentialManager manager) {
    manager.connect(KEY, OAuthCredential.builder("calendly", KEY.account(), "access-1").build());
    manager.disconnect(KEY);
    assertThat(manager.status(KEY).status()).isEqualTo(ConnectionStatus.REVOKING);
    clock.advance(Duration.ofHours(1));
  }

  @AfterEach
  void stop() {
    worker.stop();
  }

  @Test
  void aStartedWorkerRetriesThePendingRevocation() {
    CredentialManager manager = manager(new FlakyDueReads(0));
    pendingRevocation(manager);
    worker = RevocationWorker.every(TICK, manager);

    worker.start();
    worker.start(); // a second start does nothing

    await(() -> manager.status(KEY).status() == ConnectionStatus.NOT_CONNECTED);
    assertThat(revocations).hasValue(2);
    assertThat(store.load(KEY)).isEmpty();
  }

  @Test
  void aRoundThatThrowsIsFollowedByTheNext() {
    CredentialManager manager = manager(new FlakyDueReads(3));
    pendingRevocation(manager);
    worker = RevocationWorker.every(TICK, manager);

    worker.start();

    await(() -> manager.status(KEY).status() == ConnectionStatus.NOT_CONNECTED);
    assertThat(dueReads.get()).isGreaterThan(3);
  }

  @Test
  void aStoppedWorkerSendsNothingUntilStartedAgain() throws InterruptedException {
    CredentialManager manager = manager(new FlakyDueReads(0));
    worker = RevocationWorker.every(TICK, manager);
    worker.start();
    worker.stop();
    pendingRevocation(manager);

    Thread.sleep(100);
    assertThat(revocations).as("only the disconnect's own attempt").hasValue(1);

    worker.start();
    await(() -> manager.status(KEY).status() == ConnectionStatus.NOT_CONNECTED);
    assertThat(revocations).hasValue(2);
  }

  @Test
  void refusesAMissingManagerOrANonPositiveInterval() {
    CredentialManager manager = manager(new FlakyDueReads(0));

    assertThatThrownBy(() -> RevocationWorker.every(Duration.ZERO, manager))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("interval"));
    assertThatThrownBy(() -> RevocationWorker.every(TICK, null))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("credentials"));
  }

  private static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition met within 10 s").isLessThan(deadline);
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** An in-memory status store whose first {@code failures} reads of the due list throw. */
  private final class FlakyDueReads implements ConnectionStatusStore {
    private final ConnectionStatusStore delegate = new InMemoryConnectionStatusStore();
    private final int failures;

    FlakyDueReads(int failures) {
      this.failures = failures;
    }

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
      if (dueReads.incrementAndGet() <= failures) {
        throw new IllegalStateException("database briefly unreachable");
      }
      return delegate.dueRevocations(now, limit);
    }
  }
}
