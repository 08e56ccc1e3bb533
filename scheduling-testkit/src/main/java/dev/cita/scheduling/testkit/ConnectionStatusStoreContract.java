package dev.cita.scheduling.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.ConnectionStatusStore;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.ConnectionState;
import dev.cita.scheduling.token.ConnectionStatus;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The behaviour every {@link ConnectionStatusStore} must have: a saved state is loaded back
 * exactly, a save replaces, an unknown connection is empty, and each connection key (tenant,
 * provider, account) has its own state.
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
}
