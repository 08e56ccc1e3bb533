package dev.cita.scheduling.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.ConnectionStatusStore;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.ConnectionState;
import dev.cita.scheduling.token.ConnectionStatus;
import dev.cita.scheduling.token.PendingRevocation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The behaviour every {@link ConnectionStatusStore} must have: a saved state is loaded back
 * exactly, a save replaces, an unknown connection is empty, and each connection key (tenant,
 * provider, account) has its own state. A store that keeps pending revocations (needed when a
 * {@code TokenRevoker} is registered) also passes the group "pending revocations": each claim is
 * won by exactly one caller, due revocations are listed earliest first, and a save ends one; a
 * store that does not keep them (the SPI's default methods) skips that group.
 *
 * <p>Extend it in your test sources and return a new, empty store from {@link #newStore()}; JUnit
 * runs every group below against it:
 *
 * <pre>{@code
 * class MyConnectionStatusStoreTest extends ConnectionStatusStoreContract {
 *   @Override
 *   protected ConnectionStatusStore newStore() {
 *     return new MyConnectionStatusStore(freshDatabase());   // empty, once per test
 *   }
 * }
 * }</pre>
 *
 * <p>The store must round-trip instants to the millisecond.
 */
public abstract class ConnectionStatusStoreContract {
  private static final TenantId NORTE = TenantId.of("clinica-norte");
  private static final TenantId SUR = TenantId.of("clinica-sur");
  private static final ConnectionKey NORTE_GOOGLE =
      ConnectionKey.of(NORTE, "google", "agenda@norte.cl");
  private static final Instant T0 = Instant.parse("2026-03-03T13:00:00.123Z");

  private ConnectionStatusStore store;

  /** For subclasses, which supply the implementation under test. */
  protected ConnectionStatusStoreContract() {}

  /** {@return a new, empty store} Called once before every test. */
  protected abstract ConnectionStatusStore newStore();

  /** Creates the store under test, through {@link #newStore()}, before every test. */
  @BeforeEach
  protected final void createConnectionStatusStore() {
    store = newStore();
    assertThat(store).as("newStore()").isNotNull();
  }

  @Nested
  @DisplayName("save and load")
  class SaveAndLoad {
    @ParameterizedTest
    @EnumSource(ConnectionStatus.class)
    void saveThenLoadReturnsAnEqualState(ConnectionStatus status) {
      ConnectionState state = new ConnectionState(status, T0, "because: " + status);

      store.save(NORTE_GOOGLE, state);

      assertThat(store.load(NORTE_GOOGLE)).contains(state);
    }

    @Test
    void aSecondSaveReplacesTheFirst() {
      store.save(NORTE_GOOGLE, new ConnectionState(ConnectionStatus.CONNECTED, T0, "authorized"));
      ConnectionState revoked =
          new ConnectionState(
              ConnectionStatus.NEEDS_REAUTHORIZATION,
              T0.plusSeconds(3600),
              "invalid_grant: Token has been expired or revoked.");

      store.save(NORTE_GOOGLE, revoked);

      assertThat(store.load(NORTE_GOOGLE)).contains(revoked);
    }

    @Test
    void anUnknownConnectionIsEmpty() {
      store.save(NORTE_GOOGLE, new ConnectionState(ConnectionStatus.CONNECTED, T0, "authorized"));

      assertThat(store.load(ConnectionKey.of(NORTE, "calcom", "agenda@norte.cl"))).isEmpty();
    }

    @Test
    void aFreshStoreKnowsNoConnection() {
      assertThat(store.load(NORTE_GOOGLE)).isEmpty();
    }
  }

  @Nested
  @DisplayName("keys")
  class Keys {
    @Test
    void everyPartOfTheKeyTellsConnectionsApart() {
      ConnectionKey otherTenant = ConnectionKey.of(SUR, "google", "agenda@norte.cl");
      ConnectionKey otherProvider = ConnectionKey.of(NORTE, "calcom", "agenda@norte.cl");
      ConnectionKey otherAccount = ConnectionKey.of(NORTE, "google", "ana@norte.cl");
      ConnectionState connected = new ConnectionState(ConnectionStatus.CONNECTED, T0, "authorized");
      ConnectionState revoked =
          new ConnectionState(ConnectionStatus.REVOKED, T0.plusSeconds(1), "revoked by tenant");
      ConnectionState reauth =
          new ConnectionState(
              ConnectionStatus.NEEDS_REAUTHORIZATION, T0.plusSeconds(2), "invalid_grant");
      ConnectionState notConnected =
          new ConnectionState(ConnectionStatus.NOT_CONNECTED, T0.plusSeconds(3), "disconnected");

      store.save(NORTE_GOOGLE, connected);
      store.save(otherTenant, revoked);
      store.save(otherProvider, reauth);
      store.save(otherAccount, notConnected);

      assertThat(store.load(NORTE_GOOGLE)).contains(connected);
      assertThat(store.load(otherTenant)).as("other tenant").contains(revoked);
      assertThat(store.load(otherProvider)).as("other provider").contains(reauth);
      assertThat(store.load(otherAccount)).as("other account").contains(notConnected);
    }
  }

  @Nested
  @DisplayName("pending revocations")
  class PendingRevocations {
    private final ConnectionKey norteCalendly =
        ConnectionKey.of(NORTE, "calendly", "https://api.calendly.com/users/NORTE");

    private ConnectionState revoking(int attempt) {
      return new ConnectionState(
          ConnectionStatus.REVOKING, T0.plusSeconds(attempt), "revoking, attempt " + attempt);
    }

    private PendingRevocation pending(ConnectionKey key, int attempts, long dueInSeconds) {
      return new PendingRevocation(key, attempts, T0.plusSeconds(dueInSeconds));
    }

    /** Claims the first attempt, or skips the group for a store without pending revocations. */
    private boolean start(ConnectionKey key, long dueInSeconds) {
      try {
        return store.claimRevocation(revoking(1), pending(key, 1, dueInSeconds), 0);
      } catch (UnsupportedOperationException e) {
        Assumptions.abort("the store does not keep pending revocations");
        throw e;
      }
    }

    @Test
    void startingARevocationMarksTheConnectionRevokingOnce() {
      store.save(norteCalendly, new ConnectionState(ConnectionStatus.CONNECTED, T0, "connected"));

      assertThat(start(norteCalendly, 60)).as("first start").isTrue();
      assertThat(store.claimRevocation(revoking(1), pending(norteCalendly, 1, 60), 0))
          .as("second start")
          .isFalse();
      assertThat(store.load(norteCalendly)).contains(revoking(1));
      assertThat(store.dueRevocations(T0.plusSeconds(60), 10))
          .containsExactly(pending(norteCalendly, 1, 60));
    }

    @Test
    void aConnectionWithoutAStatusCanStartARevocation() {
      assertThat(start(norteCalendly, 0)).isTrue();

      assertThat(store.load(norteCalendly)).contains(revoking(1));
    }

    @Test
    void theNextAttemptIsClaimedOnlyWithTheAttemptCountLastSeen() {
      start(norteCalendly, 60);

      assertThat(store.claimRevocation(revoking(2), pending(norteCalendly, 2, 300), 1)).isTrue();
      assertThat(store.claimRevocation(revoking(2), pending(norteCalendly, 2, 400), 1))
          .as("a second claim with the same count")
          .isFalse();
      assertThat(store.claimRevocation(revoking(3), pending(norteCalendly, 3, 900), 2)).isTrue();
      assertThat(store.dueRevocations(T0.plusSeconds(900), 10))
          .containsExactly(pending(norteCalendly, 3, 900));
    }

    @Test
    void onlyARevokingConnectionHasANextAttempt() {
      store.save(norteCalendly, new ConnectionState(ConnectionStatus.CONNECTED, T0, "connected"));

      assertThat(start(norteCalendly, 60)).isTrue();
      store.save(
          norteCalendly,
          new ConnectionState(ConnectionStatus.CONNECTED, T0.plusSeconds(5), "connected again"));

      assertThat(store.claimRevocation(revoking(2), pending(norteCalendly, 2, 300), 1)).isFalse();
      assertThat(store.dueRevocations(T0.plusSeconds(3600), 10)).as("after a save").isEmpty();
      assertThat(store.claimRevocation(revoking(1), pending(norteCalendly, 1, 60), 0))
          .as("a new start")
          .isTrue();
    }

    @Test
    void dueRevocationsOfEveryTenantComeEarliestFirstUpToTheLimit() {
      ConnectionKey surCalendly =
          ConnectionKey.of(SUR, "calendly", "https://api.calendly.com/users/SUR");
      ConnectionKey norteCalcom = ConnectionKey.of(NORTE, "calcom", "42");
      ConnectionKey later = ConnectionKey.of(SUR, "calcom", "43");
      start(norteCalendly, 30);
      start(surCalendly, 10);
      start(norteCalcom, 20);
      start(later, 61);

      assertThat(store.dueRevocations(T0.plusSeconds(60), 10))
          .containsExactly(
              pending(surCalendly, 1, 10),
              pending(norteCalcom, 1, 20),
              pending(norteCalendly, 1, 30));
      assertThat(store.dueRevocations(T0.plusSeconds(60), 2))
          .containsExactly(pending(surCalendly, 1, 10), pending(norteCalcom, 1, 20));
      assertThat(store.dueRevocations(T0.plusSeconds(9), 10)).isEmpty();
    }

    @Test
    void ofManyConcurrentClaimsWithTheSameCountExactlyOneWins() throws Exception {
      store.save(norteCalendly, new ConnectionState(ConnectionStatus.CONNECTED, T0, "connected"));
      start(norteCalendly, 0);

      List<Race.Outcome<Boolean>> outcomes =
          Race.run(
              Race.THREADS,
              i -> () -> store.claimRevocation(revoking(2), pending(norteCalendly, 2, 100 + i), 1));

      assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).isNull());
      assertThat(outcomes).filteredOn(o -> o.returned()).hasSize(1);
    }

    @Test
    void ofManyConcurrentStartsExactlyOneWins() throws Exception {
      List<Race.Outcome<Boolean>> outcomes =
          Race.run(
              Race.THREADS,
              i -> () -> store.claimRevocation(revoking(1), pending(norteCalendly, 1, i), 0));

      assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).isNull());
      assertThat(outcomes).filteredOn(o -> o.returned()).hasSize(1);
    }
  }

  @Nested
  @DisplayName("by status")
  class ByStatus {
    private void save(String tenant, String provider, String account, ConnectionStatus status) {
      store.save(
          ConnectionKey.of(TenantId.of(tenant), provider, account),
          new ConnectionState(status, T0, "test"));
    }

    /** Counts, or skips the group for a store that does not count by status. */
    private SortedMap<String, Long> count(ConnectionStatus status) {
      try {
        return store.countByProvider(status);
      } catch (UnsupportedOperationException e) {
        Assumptions.abort("the store does not count connections by status");
        throw e;
      }
    }

    @Test
    void countsEachProvidersConnectionsOfOneStatusAcrossTenants() {
      assertThat(count(ConnectionStatus.NEEDS_REAUTHORIZATION)).isEmpty();
      save("norte", "google", "a@norte.cl", ConnectionStatus.NEEDS_REAUTHORIZATION);
      save("norte", "google", "b@norte.cl", ConnectionStatus.CONNECTED);
      save("sur", "google", "a@sur.cl", ConnectionStatus.NEEDS_REAUTHORIZATION);
      save("sur", "calcom", "branch-1", ConnectionStatus.NEEDS_REAUTHORIZATION);
      save("centro", "calendly", "user-1", ConnectionStatus.REVOKED);

      assertThat(count(ConnectionStatus.NEEDS_REAUTHORIZATION))
          .containsExactly(Map.entry("calcom", 1L), Map.entry("google", 2L));
      assertThat(count(ConnectionStatus.REVOKED)).containsExactly(Map.entry("calendly", 1L));

      save("sur", "google", "a@sur.cl", ConnectionStatus.CONNECTED);
      assertThat(count(ConnectionStatus.NEEDS_REAUTHORIZATION))
          .as("a reconnected connection no longer counts")
          .containsExactly(Map.entry("calcom", 1L), Map.entry("google", 1L));
    }

    @Test
    void listsOneProvidersConnectionsOfOneStatusByTenantAndAccountUpToTheLimit() {
      count(ConnectionStatus.NEEDS_REAUTHORIZATION); // skips the group if not supported
      save("sur", "google", "b", ConnectionStatus.NEEDS_REAUTHORIZATION);
      save("norte", "google", "z", ConnectionStatus.NEEDS_REAUTHORIZATION);
      save("sur", "google", "a", ConnectionStatus.NEEDS_REAUTHORIZATION);
      save("centro", "google", "c", ConnectionStatus.CONNECTED);
      save("centro", "calcom", "c", ConnectionStatus.NEEDS_REAUTHORIZATION);

      assertThat(store.withStatus(ConnectionStatus.NEEDS_REAUTHORIZATION, "google", 10))
          .containsExactly(
              ConnectionKey.of(TenantId.of("norte"), "google", "z"),
              ConnectionKey.of(TenantId.of("sur"), "google", "a"),
              ConnectionKey.of(TenantId.of("sur"), "google", "b"));
      assertThat(store.withStatus(ConnectionStatus.NEEDS_REAUTHORIZATION, "google", 2))
          .containsExactly(
              ConnectionKey.of(TenantId.of("norte"), "google", "z"),
              ConnectionKey.of(TenantId.of("sur"), "google", "a"));
      assertThat(store.withStatus(ConnectionStatus.NEEDS_REAUTHORIZATION, "calendly", 10))
          .isEmpty();
    }
  }
}
