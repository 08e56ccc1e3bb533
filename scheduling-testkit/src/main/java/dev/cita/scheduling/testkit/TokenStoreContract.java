package dev.cita.scheduling.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.TokenStore;
import dev.cita.scheduling.token.ConnectionKey;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link TokenStore} must have: the bytes saved are the bytes loaded (any
 * bytes: they are ciphertext), the store keeps its own copies, a save replaces, delete reports
 * whether there was a row, and each connection key (tenant, provider, account) is its own row.
 *
 * <p>Extend it in your test sources and return a new, empty store from {@link #newStore()}; JUnit
 * runs every group below against it:
 *
 * <pre>{@code
 * class MyTokenStoreTest extends TokenStoreContract {
 *   @Override
 *   protected TokenStore newStore() {
 *     return new MyTokenStore(freshDatabase());   // empty, once per test
 *   }
 * }
 * }</pre>
 *
 * <p>The store must hold at least 4 KiB per row: a sealed credential with long provider tokens and
 * many scopes gets close to that.
 */
public abstract class TokenStoreContract {
  private static final TenantId NORTE = TenantId.of("clinica-norte");
  private static final TenantId SUR = TenantId.of("clinica-sur");
  private static final ConnectionKey NORTE_GOOGLE =
      ConnectionKey.of(NORTE, "google", "agenda@norte.cl");
  private static final ConnectionKey NORTE_CALCOM =
      ConnectionKey.of(NORTE, "calcom", "agenda@norte.cl");
  private static final ConnectionKey NORTE_GOOGLE_2 =
      ConnectionKey.of(NORTE, "google", "ana@norte.cl");
  private static final ConnectionKey SUR_GOOGLE =
      ConnectionKey.of(SUR, "google", "agenda@norte.cl");

  private TokenStore store;

  /** For subclasses, which supply the implementation under test. */
  protected TokenStoreContract() {}

  /** {@return a new, empty store} Called once before every test. */
  protected abstract TokenStore newStore();

  /** Creates the store under test, through {@link #newStore()}, before every test. */
  @BeforeEach
  protected final void createTokenStore() {
    store = newStore();
    assertThat(store).as("newStore()").isNotNull();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Every byte value, including ones that are not valid text in any encoding. */
  private static byte[] everyByte() {
    byte[] b = new byte[512];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (255 - i % 256);
    }
    return b;
  }

  private byte[] load(ConnectionKey key) {
    return store.load(key).orElseThrow(() -> new AssertionError("no row for " + key));
  }

  @Nested
  @DisplayName("save and load")
  class SaveAndLoad {
    @Test
    void loadReturnsTheSavedBytes() {
      store.save(NORTE_GOOGLE, bytes("sealed-1"));

      assertThat(load(NORTE_GOOGLE)).isEqualTo(bytes("sealed-1"));
    }

    @Test
    void anyByteValueSurvivesTheRoundTrip() {
      byte[] ciphertext = everyByte();

      store.save(NORTE_GOOGLE, ciphertext);

      assertThat(load(NORTE_GOOGLE)).isEqualTo(everyByte());
    }

    @Test
    void aFourKibibyteRowSurvivesTheRoundTrip() {
      byte[] big = new byte[4096];
      for (int i = 0; i < big.length; i++) {
        big[i] = (byte) (i * 31 + 7);
      }

      store.save(NORTE_GOOGLE, big.clone());

      assertThat(load(NORTE_GOOGLE)).isEqualTo(big);
    }

    @Test
    void anUnknownConnectionIsEmpty() {
      store.save(NORTE_GOOGLE, bytes("sealed-1"));

      assertThat(store.load(NORTE_CALCOM)).isEmpty();
      assertThat(store.load(SUR_GOOGLE)).isEmpty();
    }

    @Test
    void aSecondSaveReplacesTheFirst() {
      store.save(NORTE_GOOGLE, bytes("sealed-1"));

      store.save(NORTE_GOOGLE, bytes("sealed-2, a little longer"));

      assertThat(load(NORTE_GOOGLE)).isEqualTo(bytes("sealed-2, a little longer"));
      assertThat(store.list(NORTE)).containsExactly(NORTE_GOOGLE);
      assertThat(store.listAll()).containsExactly(NORTE_GOOGLE);
    }

    @Test
    void aShorterReplacementLeavesNothingOfTheLongerRow() {
      store.save(NORTE_GOOGLE, bytes("a rather long sealed credential"));

      store.save(NORTE_GOOGLE, bytes("short"));

      assertThat(load(NORTE_GOOGLE)).isEqualTo(bytes("short"));
    }
  }

  @Nested
  @DisplayName("defensive copies")
  class DefensiveCopies {
    @Test
    void changingTheSavedArrayAfterwardsDoesNotChangeTheRow() {
      byte[] given = bytes("sealed-1");
      store.save(NORTE_GOOGLE, given);

      Arrays.fill(given, (byte) 0);

      assertThat(load(NORTE_GOOGLE)).isEqualTo(bytes("sealed-1"));
    }

    @Test
    void changingALoadedArrayDoesNotChangeTheRow() {
      store.save(NORTE_GOOGLE, bytes("sealed-1"));

      byte[] loaded = load(NORTE_GOOGLE);
      Arrays.fill(loaded, (byte) 0);

      assertThat(load(NORTE_GOOGLE)).isEqualTo(bytes("sealed-1"));
    }

    @Test
    void twoLoadsReturnTwoArrays() {
      store.save(NORTE_GOOGLE, bytes("sealed-1"));

      byte[] first = load(NORTE_GOOGLE);
      byte[] second = load(NORTE_GOOGLE);

      assertThat(first).isNotSameAs(second).isEqualTo(second);
    }
  }

  @Nested
  @DisplayName("replace (compare-and-set)")
  class Replace {
    @Test
    void replacesWhenTheRowStillHoldsTheExpectedBytes() {
      store.save(NORTE_GOOGLE, bytes("sealed-1"));

      assertThat(store.replace(NORTE_GOOGLE, bytes("sealed-1"), bytes("sealed-2"))).isTrue();
      assertThat(load(NORTE_GOOGLE)).isEqualTo(bytes("sealed-2"));
    }

    @Test
    void leavesARowThatChangedMeanwhile() {
      store.save(NORTE_GOOGLE, bytes("sealed-1"));
      store.save(NORTE_GOOGLE, bytes("saved-meanwhile"));

      assertThat(store.replace(NORTE_GOOGLE, bytes("sealed-1"), bytes("resealed-old"))).isFalse();
      assertThat(load(NORTE_GOOGLE)).isEqualTo(bytes("saved-meanwhile"));
    }

    @Test
    void doesNotCreateAMissingRow() {
      assertThat(store.replace(NORTE_GOOGLE, bytes("sealed-1"), bytes("sealed-2"))).isFalse();
      assertThat(store.load(NORTE_GOOGLE)).isEmpty();
    }

    @Test
    void onlyOneOfManyRacingReplacementsOfTheSameRowWins() throws InterruptedException {
      store.save(NORTE_GOOGLE, bytes("sealed-0"));

      var outcomes =
          Race.run(
              Race.THREADS,
              i -> () -> store.replace(NORTE_GOOGLE, bytes("sealed-0"), bytes("sealed-by-" + i)));

      assertThat(outcomes).filteredOn(o -> Boolean.TRUE.equals(o.value())).hasSize(1);
      assertThat(new String(load(NORTE_GOOGLE), StandardCharsets.UTF_8)).startsWith("sealed-by-");
    }
  }

  @Nested
  @DisplayName("delete")
  class Delete {
    @Test
    void deleteReturnsTrueThenFalse() {
      store.save(NORTE_GOOGLE, bytes("sealed-1"));

      assertThat(store.delete(NORTE_GOOGLE)).isTrue();
      assertThat(store.delete(NORTE_GOOGLE)).isFalse();
      assertThat(store.load(NORTE_GOOGLE)).isEmpty();
      assertThat(store.list(NORTE)).isEmpty();
      assertThat(store.listAll()).isEmpty();
    }

    @Test
    void deleteOfAnUnknownConnectionIsFalse() {
      assertThat(store.delete(NORTE_GOOGLE)).isFalse();
    }

    @Test
    void deleteRemovesOnlyThatConnection() {
      store.save(NORTE_GOOGLE, bytes("norte-google"));
      store.save(NORTE_CALCOM, bytes("norte-calcom"));
      store.save(SUR_GOOGLE, bytes("sur-google"));

      assertThat(store.delete(NORTE_GOOGLE)).isTrue();

      assertThat(load(NORTE_CALCOM)).isEqualTo(bytes("norte-calcom"));
      assertThat(load(SUR_GOOGLE)).isEqualTo(bytes("sur-google"));
      assertThat(store.listAll()).containsExactlyInAnyOrder(NORTE_CALCOM, SUR_GOOGLE);
    }

    @Test
    void aDeletedConnectionCanBeSavedAgain() {
      store.save(NORTE_GOOGLE, bytes("sealed-1"));
      store.delete(NORTE_GOOGLE);

      store.save(NORTE_GOOGLE, bytes("sealed-2"));

      assertThat(load(NORTE_GOOGLE)).isEqualTo(bytes("sealed-2"));
    }
  }

  @Nested
  @DisplayName("keys and listing")
  class KeysAndListing {
    @Test
    void connectionsThatDifferByProviderOrAccountAreSeparateRows() {
      store.save(NORTE_GOOGLE, bytes("google/agenda"));
      store.save(NORTE_CALCOM, bytes("calcom/agenda"));
      store.save(NORTE_GOOGLE_2, bytes("google/ana"));

      assertThat(load(NORTE_GOOGLE)).isEqualTo(bytes("google/agenda"));
      assertThat(load(NORTE_CALCOM))
          .as("same tenant and account, other provider")
          .isEqualTo(bytes("calcom/agenda"));
      assertThat(load(NORTE_GOOGLE_2))
          .as("same tenant and provider, other account")
          .isEqualTo(bytes("google/ana"));
      assertThat(store.list(NORTE))
          .containsExactlyInAnyOrder(NORTE_GOOGLE, NORTE_CALCOM, NORTE_GOOGLE_2);
    }

    @Test
    void listReturnsOnlyTheTenantsConnections() {
      store.save(NORTE_GOOGLE, bytes("norte-google"));
      store.save(NORTE_CALCOM, bytes("norte-calcom"));
      store.save(SUR_GOOGLE, bytes("sur-google"));

      assertThat(store.list(NORTE)).containsExactlyInAnyOrder(NORTE_GOOGLE, NORTE_CALCOM);
      assertThat(store.list(SUR)).containsExactly(SUR_GOOGLE);
      assertThat(store.list(TenantId.of("nadie"))).isEmpty();
    }

    @Test
    void theSameProviderAndAccountInTwoTenantsAreSeparateRows() {
      store.save(NORTE_GOOGLE, bytes("norte"));
      store.save(SUR_GOOGLE, bytes("sur"));

      assertThat(load(NORTE_GOOGLE)).isEqualTo(bytes("norte"));
      assertThat(load(SUR_GOOGLE)).isEqualTo(bytes("sur"));
    }

    @Test
    void listAllReturnsEveryConnectionOfEveryTenant() {
      store.save(NORTE_GOOGLE, bytes("norte-google"));
      store.save(NORTE_CALCOM, bytes("norte-calcom"));
      store.save(SUR_GOOGLE, bytes("sur-google"));

      assertThat(store.listAll()).containsExactlyInAnyOrder(NORTE_GOOGLE, NORTE_CALCOM, SUR_GOOGLE);
    }

    @Test
    void aFreshStoreListsNothing() {
      assertThat(store.listAll()).isEmpty();
      assertThat(store.list(NORTE)).isEmpty();
    }
  }
}
