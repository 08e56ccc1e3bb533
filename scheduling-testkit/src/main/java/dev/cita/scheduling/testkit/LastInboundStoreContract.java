package dev.cita.scheduling.testkit;

import static dev.cita.scheduling.testkit.Refusals.refused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.spi.LastInboundStore;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link LastInboundStore} must have: the latest message time is kept whatever
 * the order of the calls (also when they race), a closed window forgets only what is not newer,
 * scopes and contacts are separate keys, the purge removes only old entries, and bad input is
 * refused naming the field with nothing written.
 *
 * <p>Extend it in your test sources and return a new, empty store from {@link #newStore()}:
 *
 * <pre>{@code
 * class MyLastInboundStoreTest extends LastInboundStoreContract {
 *   @Override
 *   protected LastInboundStore newStore() {
 *     return new MyLastInboundStore(freshDatabase());   // empty, once per test
 *   }
 * }
 * }</pre>
 */
public abstract class LastInboundStoreContract {
  private static final String NORTE = "clinica-norte";
  private static final String SUR = "clinica-sur";
  private static final String MARIA = "+56912345678";
  private static final String PEDRO = "+56987654321";
  private static final Instant T0 = Instant.parse("2026-03-03T13:00:00.123Z");

  private LastInboundStore store;

  /** For subclasses, which supply the implementation under test. */
  protected LastInboundStoreContract() {}

  /** {@return a new, empty store} Called once before every test. */
  protected abstract LastInboundStore newStore();

  /** Creates the store under test, through {@link #newStore()}, before every test. */
  @BeforeEach
  protected final void createLastInboundStore() {
    store = newStore();
    assertThat(store).as("newStore()").isNotNull();
  }

  @Test
  void aFreshStoreKnowsNoContact() {
    assertThat(store.lastInbound(NORTE, MARIA)).isEmpty();
  }

  @Test
  void keepsTheLatestMessageWhateverTheOrder() {
    store.recordInbound(NORTE, MARIA, T0.plusSeconds(60));
    store.recordInbound(NORTE, MARIA, T0);
    assertThat(store.lastInbound(NORTE, MARIA)).contains(T0.plusSeconds(60));

    store.recordInbound(NORTE, MARIA, T0.plusSeconds(120));
    assertThat(store.lastInbound(NORTE, MARIA)).contains(T0.plusSeconds(120));
  }

  @Test
  void scopesAndContactsAreSeparate() {
    store.recordInbound(NORTE, MARIA, T0);
    store.recordInbound(SUR, PEDRO, T0.plusSeconds(5));

    assertThat(store.lastInbound(NORTE, MARIA)).contains(T0);
    assertThat(store.lastInbound(SUR, MARIA)).isEmpty();
    assertThat(store.lastInbound(NORTE, PEDRO)).isEmpty();
    assertThat(store.lastInbound(SUR, PEDRO)).contains(T0.plusSeconds(5));
  }

  @Test
  void aClosedWindowForgetsMessagesNotAfterItButKeepsANewerOne() {
    store.recordInbound(NORTE, MARIA, T0);
    store.recordInbound(NORTE, PEDRO, T0.plusSeconds(10));

    store.recordClosed(NORTE, MARIA, T0);
    store.recordClosed(NORTE, PEDRO, T0.plusSeconds(9));
    store.recordClosed(SUR, MARIA, T0.plusSeconds(9));

    assertThat(store.lastInbound(NORTE, MARIA)).isEmpty();
    assertThat(store.lastInbound(NORTE, PEDRO)).contains(T0.plusSeconds(10));

    store.recordInbound(NORTE, MARIA, T0.plusSeconds(1));
    assertThat(store.lastInbound(NORTE, MARIA)).contains(T0.plusSeconds(1));
  }

  @Test
  void purgeRemovesOnlyEntriesOlderThanTheCutoff() {
    store.recordInbound(NORTE, MARIA, T0);
    store.recordInbound(SUR, MARIA, T0.plus(Duration.ofHours(1)));
    store.recordInbound(SUR, PEDRO, T0.plus(Duration.ofHours(2)));

    assertThat(store.purgeBefore(T0.plus(Duration.ofHours(1)))).isEqualTo(1);

    assertThat(store.lastInbound(NORTE, MARIA)).isEmpty();
    assertThat(store.lastInbound(SUR, MARIA)).contains(T0.plus(Duration.ofHours(1)));
    assertThat(store.lastInbound(SUR, PEDRO)).contains(T0.plus(Duration.ofHours(2)));
    assertThat(store.purgeBefore(T0)).isZero();
  }

  @Test
  void racingMessagesKeepTheLatest() throws InterruptedException {
    var outcomes =
        Race.run(
            Race.THREADS,
            i ->
                () -> {
                  store.recordInbound(NORTE, MARIA, T0.plusSeconds(i));
                  return true;
                });

    assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).isNull());
    assertThat(store.lastInbound(NORTE, MARIA)).contains(T0.plusSeconds(Race.THREADS - 1));
  }

  @Test
  void theLongestKeysAreAcceptedAndLongerOnesRefusedWithNothingWritten() {
    String scope = "s".repeat(LastInboundStore.MAX_KEY);
    String contact = "+" + "5".repeat(LastInboundStore.MAX_KEY - 1);
    store.recordInbound(scope, contact, T0);
    assertThat(store.lastInbound(scope, contact)).contains(T0);

    refused(() -> store.recordInbound(scope + "s", MARIA, T0), "scope");
    refused(() -> store.recordInbound(NORTE, contact + "5", T0), "contact");
    assertThat(store.lastInbound(NORTE, MARIA)).isEmpty();
  }

  @Test
  @SuppressWarnings("NullAway") // passes null where the SPI forbids it, to see it refused
  void missingOrBlankArgumentsAreRefusedNamingTheField() {
    refused(() -> store.recordInbound(" ", MARIA, T0), "scope");
    refused(() -> store.recordInbound(NORTE, "", T0), "contact");
    refused(() -> store.recordInbound(NORTE, MARIA, null), "at");
    refused(() -> store.recordClosed(NORTE, MARIA, null), "at");
    refused(() -> store.lastInbound(null, MARIA), "scope");
    refused(() -> store.purgeBefore(null), "cutoff");
    assertThat(store.lastInbound(NORTE, MARIA)).isEmpty();
  }
}
