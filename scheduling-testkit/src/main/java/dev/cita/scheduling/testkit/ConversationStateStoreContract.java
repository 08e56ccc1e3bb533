package dev.cita.scheduling.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.ConversationStateRecord;
import dev.cita.scheduling.spi.ConversationStateStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ConversationStateStore} must have: the bytes saved are the bytes found
 * (any bytes, up to {@link ConversationStateStore#MAX_STATE_BYTES}), versions grow with each write,
 * expired rows count as absent until purged, {@code replace} is a compare-and-set that exactly one
 * of many racing writers wins, each tenant sees only its own rows, and bad input is refused naming
 * the field with nothing written.
 *
 * <p>Extend it in your test sources and return a new, empty store from {@link #newStore()}:
 *
 * <pre>{@code
 * class MyConversationStateStoreTest extends ConversationStateStoreContract {
 *   @Override
 *   protected ConversationStateStore newStore() {
 *     return new MyConversationStateStore(freshDatabase());   // empty, once per test
 *   }
 * }
 * }</pre>
 */
public abstract class ConversationStateStoreContract {
  private static final TenantId NORTE = TenantId.of("clinica-norte");
  private static final TenantId SUR = TenantId.of("clinica-sur");
  private static final String MARIA = "+56912345678";
  private static final String PEDRO = "+56987654321";
  private static final Instant T0 = Instant.parse("2026-03-03T13:00:00.123Z");
  private static final Instant IN_A_DAY = T0.plus(Duration.ofDays(1));

  private ConversationStateStore store;

  /** For subclasses, which supply the implementation under test. */
  protected ConversationStateStoreContract() {}

  /** {@return a new, empty store} Called once before every test. */
  protected abstract ConversationStateStore newStore();

  /** Creates the store under test, through {@link #newStore()}, before every test. */
  @BeforeEach
  protected final void createConversationStateStore() {
    store = newStore();
    assertThat(store).as("newStore()").isNotNull();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private ConversationStateRecord found(TenantId tenant, String customer, Instant now) {
    return store
        .find(tenant, customer, now)
        .orElseThrow(() -> new AssertionError("no live state for " + tenant + " at " + now));
  }

  private static void refused(ThrowingCallable call, String field) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.field()).as("field named by: " + e.getMessage()).isEqualTo(field));
  }

  @Nested
  @DisplayName("save and find")
  class SaveAndFind {
    @Test
    void aFreshStoreHasNothing() {
      assertThat(store.find(NORTE, MARIA, T0)).isEmpty();
    }

    @Test
    void findReturnsTheSavedBytesWithVersionOneAndItsInstants() {
      ConversationStateRecord saved =
          store.save(NORTE, MARIA, bytes("{\"state\":\"idle\"}"), T0, IN_A_DAY);

      ConversationStateRecord row = found(NORTE, MARIA, T0.plusSeconds(1));
      assertThat(row.state()).isEqualTo(bytes("{\"state\":\"idle\"}"));
      assertThat(row.version()).isEqualTo(1);
      assertThat(row.updatedAt()).isEqualTo(T0);
      assertThat(row.expiresAt()).isEqualTo(IN_A_DAY);
      assertThat(row.tenant()).isEqualTo(NORTE);
      assertThat(row.customerKey()).isEqualTo(MARIA);
      assertThat(saved).isEqualTo(row);
    }

    @Test
    void everySaveReplacesTheBytesAndAddsOneToTheVersion() {
      store.save(NORTE, MARIA, bytes("a rather long first state"), T0, IN_A_DAY);
      ConversationStateRecord second =
          store.save(NORTE, MARIA, bytes("second"), T0.plusSeconds(5), IN_A_DAY.plusSeconds(5));
      store.save(NORTE, MARIA, bytes("third"), T0.plusSeconds(9), IN_A_DAY.plusSeconds(9));

      assertThat(second.version()).isEqualTo(2);
      ConversationStateRecord row = found(NORTE, MARIA, T0.plusSeconds(10));
      assertThat(row.state()).isEqualTo(bytes("third"));
      assertThat(row.version()).isEqualTo(3);
      assertThat(row.updatedAt()).isEqualTo(T0.plusSeconds(9));
      assertThat(row.expiresAt()).isEqualTo(IN_A_DAY.plusSeconds(9));
    }

    @Test
    void anyByteValueAndTheLargestStateSurviveTheRoundTrip() {
      byte[] big = new byte[ConversationStateStore.MAX_STATE_BYTES];
      for (int i = 0; i < big.length; i++) {
        big[i] = (byte) (255 - i % 256);
      }
      store.save(NORTE, MARIA, big.clone(), T0, IN_A_DAY);
      store.save(NORTE, PEDRO, new byte[0], T0, IN_A_DAY);

      assertThat(found(NORTE, MARIA, T0).state()).isEqualTo(big);
      assertThat(found(NORTE, PEDRO, T0).state()).isEmpty();
    }

    @Test
    void theLongestCustomerKeyIsItsOwnRow() {
      String longest = "k".repeat(ConversationStateStore.MAX_CUSTOMER_KEY);
      String almost = "k".repeat(ConversationStateStore.MAX_CUSTOMER_KEY - 1);
      store.save(NORTE, longest, bytes("longest"), T0, IN_A_DAY);

      assertThat(found(NORTE, longest, T0).state()).isEqualTo(bytes("longest"));
      assertThat(store.find(NORTE, almost, T0)).isEmpty();
    }

    @Test
    void theStoreKeepsItsOwnCopies() {
      byte[] given = bytes("state-1");
      store.save(NORTE, MARIA, given, T0, IN_A_DAY);
      Arrays.fill(given, (byte) 0);
      Arrays.fill(found(NORTE, MARIA, T0).state(), (byte) 0);

      assertThat(found(NORTE, MARIA, T0).state()).isEqualTo(bytes("state-1"));
    }

    @Test
    void aRecordNeverShowsTheCustomerKeyOrTheBytes() {
      store.save(NORTE, MARIA, bytes("secret-dialogue"), T0, IN_A_DAY);

      String text = found(NORTE, MARIA, T0).toString();

      assertThat(text)
          .doesNotContain(MARIA)
          .doesNotContain("56912345")
          .doesNotContain("secret-dialogue");
    }
  }

  @Nested
  @DisplayName("expiry")
  class Expiry {
    @Test
    void aRowCountsUntilJustBeforeItExpires() {
      store.save(NORTE, MARIA, bytes("state-1"), T0, IN_A_DAY);

      assertThat(store.find(NORTE, MARIA, IN_A_DAY.minusMillis(1))).isPresent();
      assertThat(store.find(NORTE, MARIA, IN_A_DAY)).isEmpty();
      assertThat(store.find(NORTE, MARIA, IN_A_DAY.plusSeconds(1))).isEmpty();
    }

    @Test
    void savingAnExpiredRowAgainRevivesItAndKeepsCountingVersions() {
      store.save(NORTE, MARIA, bytes("old"), T0, IN_A_DAY);
      Instant later = IN_A_DAY.plusSeconds(60);

      ConversationStateRecord revived =
          store.save(NORTE, MARIA, bytes("new"), later, later.plusSeconds(60));

      assertThat(revived.version()).isEqualTo(2);
      assertThat(found(NORTE, MARIA, later).state()).isEqualTo(bytes("new"));
    }

    @Test
    void purgeRemovesOnlyExpiredRowsOfEveryTenantAndCountsThem() {
      store.save(NORTE, MARIA, bytes("expires-first"), T0, T0.plusSeconds(60));
      store.save(SUR, MARIA, bytes("expires-first-too"), T0, T0.plusSeconds(60));
      store.save(NORTE, PEDRO, bytes("lives-on"), T0, IN_A_DAY);

      assertThat(store.purgeExpired(T0.plusSeconds(60))).isEqualTo(2);
      assertThat(store.purgeExpired(T0.plusSeconds(60))).isZero();

      assertThat(found(NORTE, PEDRO, T0.plusSeconds(61)).state()).isEqualTo(bytes("lives-on"));
      assertThat(store.find(NORTE, MARIA, T0))
          .as("purged for good, even asked in the past")
          .isEmpty();
      assertThat(store.find(SUR, MARIA, T0)).isEmpty();
      assertThat(store.delete(NORTE, MARIA)).as("nothing left to delete").isFalse();
    }

    @Test
    void aPurgedKeyStartsAgainAtVersionOne() {
      store.save(NORTE, MARIA, bytes("old"), T0, T0.plusSeconds(60));
      store.purgeExpired(T0.plusSeconds(61));

      assertThat(store.save(NORTE, MARIA, bytes("new"), T0.plusSeconds(62), IN_A_DAY).version())
          .isEqualTo(1);
    }
  }

  @Nested
  @DisplayName("replace (compare-and-set on the version)")
  class Replace {
    @Test
    void replacesWhenTheLiveRowHasTheExpectedVersion() {
      store.save(NORTE, MARIA, bytes("v1"), T0, IN_A_DAY);

      Optional<ConversationStateRecord> written =
          store.replace(NORTE, MARIA, 1, bytes("v2"), T0.plusSeconds(1), IN_A_DAY.plusSeconds(1));

      assertThat(written)
          .hasValueSatisfying(
              r -> {
                assertThat(r.version()).isEqualTo(2);
                assertThat(r.updatedAt()).isEqualTo(T0.plusSeconds(1));
              });
      assertThat(found(NORTE, MARIA, T0.plusSeconds(2)).state()).isEqualTo(bytes("v2"));
    }

    @Test
    void leavesARowWrittenMeanwhile() {
      store.save(NORTE, MARIA, bytes("v1"), T0, IN_A_DAY);
      store.save(NORTE, MARIA, bytes("written-meanwhile"), T0.plusSeconds(1), IN_A_DAY);

      assertThat(store.replace(NORTE, MARIA, 1, bytes("stale"), T0.plusSeconds(2), IN_A_DAY))
          .isEmpty();
      ConversationStateRecord row = found(NORTE, MARIA, T0.plusSeconds(3));
      assertThat(row.state()).isEqualTo(bytes("written-meanwhile"));
      assertThat(row.version()).isEqualTo(2);
    }

    @Test
    void versionZeroCreatesAMissingRowOnly() {
      assertThat(store.replace(NORTE, MARIA, 0, bytes("first"), T0, IN_A_DAY))
          .hasValueSatisfying(r -> assertThat(r.version()).isEqualTo(1));

      assertThat(store.replace(NORTE, MARIA, 0, bytes("second"), T0.plusSeconds(1), IN_A_DAY))
          .isEmpty();
      assertThat(found(NORTE, MARIA, T0.plusSeconds(2)).state()).isEqualTo(bytes("first"));
    }

    @Test
    void aVersionOfAMissingRowCreatesNothing() {
      assertThat(store.replace(NORTE, MARIA, 1, bytes("ghost"), T0, IN_A_DAY)).isEmpty();

      assertThat(store.find(NORTE, MARIA, T0)).isEmpty();
    }

    @Test
    void anExpiredRowCountsAsAbsent() {
      store.save(NORTE, MARIA, bytes("old"), T0, T0.plusSeconds(60));
      Instant later = T0.plusSeconds(120);

      assertThat(store.replace(NORTE, MARIA, 1, bytes("stale"), later, IN_A_DAY)).isEmpty();
      Optional<ConversationStateRecord> fresh =
          store.replace(NORTE, MARIA, 0, bytes("fresh"), later, IN_A_DAY);

      assertThat(fresh)
          .hasValueSatisfying(
              r ->
                  assertThat(r.version())
                      .as(
                          "versions keep growing while the row exists, so an old reader's version"
                              + " never matches again")
                      .isEqualTo(2));
      assertThat(found(NORTE, MARIA, later).state()).isEqualTo(bytes("fresh"));
    }

    @Test
    void exactlyOneOfManyRacingReplacementsOfOneVersionWins() throws InterruptedException {
      store.save(NORTE, MARIA, bytes("v1"), T0, IN_A_DAY);

      var outcomes =
          Race.run(
              Race.THREADS,
              i ->
                  () ->
                      store.replace(
                          NORTE, MARIA, 1, bytes("by-" + i), T0.plusSeconds(1), IN_A_DAY));

      assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).isNull());
      List<ConversationStateRecord> winners =
          outcomes.stream().flatMap(o -> o.returned().stream()).toList();
      assertThat(winners).hasSize(1);
      ConversationStateRecord row = found(NORTE, MARIA, T0.plusSeconds(2));
      assertThat(row.version()).isEqualTo(2);
      assertThat(row.state()).isEqualTo(winners.get(0).state());
    }

    @Test
    void exactlyOneOfManyRacingCreationsWins() throws InterruptedException {
      var outcomes =
          Race.run(
              Race.THREADS,
              i -> () -> store.replace(NORTE, MARIA, 0, bytes("by-" + i), T0, IN_A_DAY));

      assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).isNull());
      assertThat(outcomes.stream().filter(o -> o.returned().isPresent())).hasSize(1);
      assertThat(found(NORTE, MARIA, T0).version()).isEqualTo(1);
    }

    @Test
    void racingSavesAllLandAndEachAddsOneToTheVersion() throws InterruptedException {
      var outcomes =
          Race.run(
              Race.THREADS, i -> () -> store.save(NORTE, MARIA, bytes("by-" + i), T0, IN_A_DAY));

      assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).isNull());
      assertThat(outcomes.stream().map(o -> o.returned().version()).distinct())
          .hasSize(Race.THREADS);
      assertThat(found(NORTE, MARIA, T0).version()).isEqualTo(Race.THREADS);
    }
  }

  @Nested
  @DisplayName("tenants and delete")
  class TenantsAndDelete {
    @Test
    void oneCustomerOfTwoTenantsHasTwoRows() {
      store.save(NORTE, MARIA, bytes("norte"), T0, IN_A_DAY);
      store.save(SUR, MARIA, bytes("sur"), T0, IN_A_DAY);

      assertThat(found(NORTE, MARIA, T0).state()).isEqualTo(bytes("norte"));
      assertThat(found(SUR, MARIA, T0).state()).isEqualTo(bytes("sur"));
    }

    @Test
    void aTenantCannotReadReplaceOrDeleteAnotherTenantsRow() {
      store.save(NORTE, MARIA, bytes("norte"), T0, IN_A_DAY);

      assertThat(store.find(SUR, MARIA, T0)).isEmpty();
      assertThat(store.replace(SUR, MARIA, 1, bytes("sur"), T0, IN_A_DAY)).isEmpty();
      assertThat(store.delete(SUR, MARIA)).isFalse();

      ConversationStateRecord row = found(NORTE, MARIA, T0);
      assertThat(row.state()).isEqualTo(bytes("norte"));
      assertThat(row.version()).isEqualTo(1);
    }

    @Test
    void deleteRemovesOnlyThatCustomerOfThatTenant() {
      store.save(NORTE, MARIA, bytes("norte-maria"), T0, IN_A_DAY);
      store.save(NORTE, PEDRO, bytes("norte-pedro"), T0, IN_A_DAY);
      store.save(SUR, MARIA, bytes("sur-maria"), T0, IN_A_DAY);

      assertThat(store.delete(NORTE, MARIA)).isTrue();
      assertThat(store.delete(NORTE, MARIA)).isFalse();

      assertThat(store.find(NORTE, MARIA, T0)).isEmpty();
      assertThat(found(NORTE, PEDRO, T0).state()).isEqualTo(bytes("norte-pedro"));
      assertThat(found(SUR, MARIA, T0).state()).isEqualTo(bytes("sur-maria"));
    }

    @Test
    void deleteRemovesAnExpiredRowToo() {
      store.save(NORTE, MARIA, bytes("old"), T0, T0.plusSeconds(60));

      assertThat(store.delete(NORTE, MARIA)).isTrue();
      assertThat(store.purgeExpired(IN_A_DAY)).isZero();
    }
  }

  @Nested
  @DisplayName("bad input")
  class BadInput {
    @Test
    void anOversizedStateIsRefusedAndNothingIsWritten() {
      byte[] tooBig = new byte[ConversationStateStore.MAX_STATE_BYTES + 1];

      refused(() -> store.save(NORTE, MARIA, tooBig, T0, IN_A_DAY), "state");
      refused(() -> store.replace(NORTE, MARIA, 0, tooBig, T0, IN_A_DAY), "state");

      assertThat(store.find(NORTE, MARIA, T0)).isEmpty();
    }

    @Test
    void anOversizedKeyIsRefusedWithoutRepeatingIt() {
      String tooLong = "+569" + "1".repeat(ConversationStateStore.MAX_CUSTOMER_KEY);

      assertThatThrownBy(() -> store.save(NORTE, tooLong, bytes("x"), T0, IN_A_DAY))
          .isInstanceOfSatisfying(
              ValidationException.class, e -> assertThat(e.field()).isEqualTo("customerKey"))
          .message()
          .doesNotContain("1111111111");
      refused(() -> store.replace(NORTE, tooLong, 0, bytes("x"), T0, IN_A_DAY), "customerKey");
    }

    @Test
    @SuppressWarnings("NullAway") // passes null where the SPI forbids it, to see it refused
    void missingOrBlankArgumentsAreRefusedNamingThem() {
      refused(() -> store.save(null, MARIA, bytes("x"), T0, IN_A_DAY), "tenant");
      refused(() -> store.save(NORTE, " ", bytes("x"), T0, IN_A_DAY), "customerKey");
      refused(() -> store.save(NORTE, MARIA, null, T0, IN_A_DAY), "state");
      refused(() -> store.save(NORTE, MARIA, bytes("x"), null, IN_A_DAY), "now");
      refused(() -> store.save(NORTE, MARIA, bytes("x"), T0, null), "expiresAt");
      refused(() -> store.find(NORTE, null, T0), "customerKey");

      assertThat(store.find(NORTE, MARIA, T0)).isEmpty();
    }

    @Test
    void anExpiryNotAfterNowIsRefusedAndNothingIsWritten() {
      refused(() -> store.save(NORTE, MARIA, bytes("x"), T0, T0), "expiresAt");
      refused(
          () -> store.replace(NORTE, MARIA, 0, bytes("x"), T0, T0.minusSeconds(1)), "expiresAt");

      assertThat(store.find(NORTE, MARIA, T0.minusSeconds(10))).isEmpty();
    }

    @Test
    void aNegativeExpectedVersionIsRefused() {
      store.save(NORTE, MARIA, bytes("v1"), T0, IN_A_DAY);

      refused(() -> store.replace(NORTE, MARIA, -1, bytes("x"), T0, IN_A_DAY), "expectedVersion");

      assertThat(found(NORTE, MARIA, T0).state()).isEqualTo(bytes("v1"));
    }
  }
}
