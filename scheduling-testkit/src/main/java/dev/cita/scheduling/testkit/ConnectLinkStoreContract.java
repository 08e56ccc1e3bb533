package dev.cita.scheduling.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.ConnectLinkStore;
import dev.cita.scheduling.testkit.Race.Outcome;
import dev.cita.scheduling.token.ConnectLink;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ConnectLinkStore} must have, as the onboarding endpoints rely on it: a
 * link comes back as it was put, is used at most once (of many racing uses, exactly one succeeds),
 * an expired link cannot be used, and used or expired links stay readable.
 *
 * <p>Extend it in your test sources and return a new, empty store from {@link #newStore()}:
 *
 * <pre>{@code
 * class MyConnectLinkStoreTest extends ConnectLinkStoreContract {
 *   @Override
 *   protected ConnectLinkStore newStore() {
 *     return new MyConnectLinkStore(freshDatabase());   // empty, once per test
 *   }
 * }
 * }</pre>
 *
 * <p>The store must round-trip instants to the millisecond.
 */
public abstract class ConnectLinkStoreContract {
  private static final TenantId CENTRO = TenantId.of("sucursal-centro");
  private static final Instant T0 = Instant.parse("2026-03-03T13:00:00.123Z");
  private static final Instant EXPIRES = T0.plus(Duration.ofDays(7));

  private ConnectLinkStore store;

  /** For subclasses, which supply the implementation under test. */
  protected ConnectLinkStoreContract() {}

  /** {@return a new, empty store} Called once before every test. */
  protected abstract ConnectLinkStore newStore();

  /** Creates the store under test, through {@link #newStore()}, before every test. */
  @BeforeEach
  protected final void createConnectLinkStore() {
    store = newStore();
    assertThat(store).as("newStore()").isNotNull();
  }

  private static ConnectLink link(String id) {
    return new ConnectLink(id, CENTRO, "google", EXPIRES, null);
  }

  @Test
  void aLinkComesBackAsItWasPut() {
    ConnectLink put = new ConnectLink("a".repeat(64), CENTRO, "calendly", EXPIRES, null);
    store.put(put);
    assertThat(store.find("a".repeat(64))).contains(put);
  }

  @Test
  void anUnknownIdIsEmptyAndCannotBeUsed() {
    store.put(link("known"));
    assertThat(store.find("unknown")).isEmpty();
    assertThat(store.markUsed("unknown", T0)).isFalse();
  }

  @Test
  void aLinkIsUsedOnceAndStaysReadableWithWhenItWasUsed() {
    store.put(link("one"));
    assertThat(store.markUsed("one", T0.plusSeconds(5))).isTrue();
    assertThat(store.markUsed("one", T0.plusSeconds(6))).isFalse();
    assertThat(store.find("one"))
        .hasValueSatisfying(l -> assertThat(l.usedAt()).isEqualTo(T0.plusSeconds(5)));
  }

  @Test
  void anExpiredLinkCannotBeUsedAndStaysReadable() {
    store.put(link("late"));
    assertThat(store.markUsed("late", EXPIRES)).isFalse();
    assertThat(store.find("late")).hasValueSatisfying(l -> assertThat(l.used()).isFalse());
    assertThat(store.markUsed("late", EXPIRES.minusMillis(1))).isTrue();
  }

  @Test
  void usingOneLinkLeavesTheOthersUnused() {
    store.put(link("first"));
    store.put(link("second"));
    assertThat(store.markUsed("first", T0)).isTrue();
    assertThat(store.find("second")).hasValueSatisfying(l -> assertThat(l.used()).isFalse());
  }

  @RepeatedTest(3)
  void ofManyRacingUsesOfOneLinkExactlyOneSucceeds() throws Exception {
    store.put(link("raced"));
    List<Outcome<Boolean>> outcomes =
        Race.run(Race.THREADS, i -> () -> store.markUsed("raced", T0));
    assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).as("error").isNull());
    assertThat(outcomes.stream().filter(Outcome::returned).count()).isEqualTo(1);
  }
}
