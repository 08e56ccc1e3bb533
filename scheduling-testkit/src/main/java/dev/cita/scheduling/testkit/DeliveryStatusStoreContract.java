package dev.cita.scheduling.testkit;

import static dev.cita.scheduling.testkit.Refusals.refused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.spi.DeliveryStatusRecord;
import dev.cita.scheduling.spi.DeliveryStatusStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link DeliveryStatusStore} must have: what is written is what is found,
 * {@code replace} is a compare-and-set on the version that exactly one of many racing writers wins
 * (also for the first record), the purge removes only old records, and bad input is refused naming
 * the field with nothing written.
 *
 * <p>Extend it in your test sources and return a new, empty store from {@link #newStore()}:
 *
 * <pre>{@code
 * class MyDeliveryStatusStoreTest extends DeliveryStatusStoreContract {
 *   @Override
 *   protected DeliveryStatusStore newStore() {
 *     return new MyDeliveryStatusStore(freshDatabase());   // empty, once per test
 *   }
 * }
 * }</pre>
 */
public abstract class DeliveryStatusStoreContract {
  private static final String SM1 = "SM0123456789abcdef0123456789abcdef";
  private static final String SM2 = "SMfedcba9876543210fedcba9876543210";
  private static final Instant T0 = Instant.parse("2026-03-03T13:00:00.123Z");

  private DeliveryStatusStore store;

  /** For subclasses, which supply the implementation under test. */
  protected DeliveryStatusStoreContract() {}

  /** {@return a new, empty store} Called once before every test. */
  protected abstract DeliveryStatusStore newStore();

  /** Creates the store under test, through {@link #newStore()}, before every test. */
  @BeforeEach
  protected final void createDeliveryStatusStore() {
    store = newStore();
    assertThat(store).as("newStore()").isNotNull();
  }

  @Test
  void aFreshStoreKnowsNoMessage() {
    assertThat(store.find(SM1)).isEmpty();
  }

  @Test
  void theFirstRecordHasVersionOneAndIsFoundAsWritten() {
    Optional<DeliveryStatusRecord> written = store.replace(SM1, 0, "queued", Optional.empty(), T0);

    DeliveryStatusRecord expected =
        new DeliveryStatusRecord(SM1, "queued", Optional.empty(), T0, 1);
    assertThat(written).contains(expected);
    assertThat(store.find(SM1)).contains(expected);
    assertThat(store.find(SM2)).isEmpty();
  }

  @Test
  void replaceWritesOnlyOverTheExpectedVersion() {
    store.replace(SM1, 0, "queued", Optional.empty(), T0);

    assertThat(store.replace(SM1, 0, "sent", Optional.empty(), T0.plusSeconds(1))).isEmpty();
    assertThat(store.replace(SM1, 2, "sent", Optional.empty(), T0.plusSeconds(1))).isEmpty();
    assertThat(store.replace(SM1, 1, "failed", Optional.of("63016"), T0.plusSeconds(2)))
        .contains(
            new DeliveryStatusRecord(SM1, "failed", Optional.of("63016"), T0.plusSeconds(2), 2));
    assertThat(store.find(SM1).orElseThrow().errorCode()).contains("63016");
    assertThat(store.replace(SM2, 1, "sent", Optional.empty(), T0)).isEmpty();
    assertThat(store.find(SM2)).isEmpty();
  }

  @Test
  void exactlyOneOfManyRacingCreationsWins() throws InterruptedException {
    var outcomes =
        Race.run(
            Race.THREADS,
            i -> () -> store.replace(SM1, 0, "s" + i, Optional.empty(), T0.plusSeconds(i)));

    assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).isNull());
    List<DeliveryStatusRecord> winners =
        outcomes.stream().flatMap(o -> o.returned().stream()).toList();
    assertThat(winners).hasSize(1);
    assertThat(store.find(SM1)).contains(winners.get(0));
  }

  @Test
  void exactlyOneOfManyRacingReplacementsOfOneVersionWins() throws InterruptedException {
    store.replace(SM1, 0, "queued", Optional.empty(), T0);

    var outcomes =
        Race.run(
            Race.THREADS,
            i -> () -> store.replace(SM1, 1, "s" + i, Optional.empty(), T0.plusSeconds(i)));

    assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).isNull());
    List<DeliveryStatusRecord> winners =
        outcomes.stream().flatMap(o -> o.returned().stream()).toList();
    assertThat(winners).hasSize(1);
    assertThat(store.find(SM1)).contains(winners.get(0));
    assertThat(winners.get(0).version()).isEqualTo(2);
  }

  @Test
  void purgeRemovesOnlyRecordsUpdatedBeforeTheCutoff() {
    store.replace(SM1, 0, "sent", Optional.empty(), T0);
    store.replace(SM2, 0, "sent", Optional.empty(), T0.plus(Duration.ofDays(1)));

    assertThat(store.purgeBefore(T0.plus(Duration.ofDays(1)))).isEqualTo(1);

    assertThat(store.find(SM1)).isEmpty();
    assertThat(store.find(SM2)).isPresent();
  }

  @Test
  void theLongestValuesAreAcceptedAndLongerOnesRefusedWithNothingWritten() {
    String id = "S".repeat(DeliveryStatusStore.MAX_MESSAGE_ID);
    String code = "c".repeat(DeliveryStatusStore.MAX_CODE);
    assertThat(store.replace(id, 0, code, Optional.of(code), T0)).isPresent();
    assertThat(store.find(id).orElseThrow().errorCode()).contains(code);

    refused(() -> store.replace(id + "S", 0, "sent", Optional.empty(), T0), "messageId");
    refused(() -> store.replace(SM1, 0, code + "c", Optional.empty(), T0), "status");
    refused(() -> store.replace(SM1, 0, "sent", Optional.of(code + "c"), T0), "errorCode");
    assertThat(store.find(SM1)).isEmpty();
  }

  @Test
  @SuppressWarnings("NullAway") // passes null where the SPI forbids it, to see it refused
  void missingOrBadArgumentsAreRefusedNamingTheField() {
    refused(() -> store.replace(" ", 0, "sent", Optional.empty(), T0), "messageId");
    refused(() -> store.replace(SM1, -1, "sent", Optional.empty(), T0), "expectedVersion");
    refused(() -> store.replace(SM1, 0, "", Optional.empty(), T0), "status");
    refused(() -> store.replace(SM1, 0, "sent", null, T0), "errorCode");
    refused(() -> store.replace(SM1, 0, "sent", Optional.empty(), null), "at");
    refused(() -> store.find(null), "messageId");
    refused(() -> store.purgeBefore(null), "cutoff");
    assertThat(store.find(SM1)).isEmpty();
  }
}
