package dev.cita.scheduling.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.PushChannel;
import dev.cita.scheduling.spi.PushChannelStore;
import dev.cita.scheduling.spi.ResourceCalendar;
import dev.cita.scheduling.token.ConnectionKey;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link PushChannelStore} must have: a saved channel is found back exactly
 * (token and expiry included), a save with the same provider and id replaces, delete reports
 * whether there was one, each provider has its own channels, and {@code list} returns a provider's
 * channels ordered by id.
 *
 * <p>Extend it in your test sources and return a new, empty store from {@link #newStore()}:
 *
 * <pre>{@code
 * class MyPushChannelStoreTest extends PushChannelStoreContract {
 *   @Override
 *   protected PushChannelStore newStore() {
 *     return new MyPushChannelStore(freshDatabase());   // empty, once per test
 *   }
 * }
 * }</pre>
 *
 * <p>The store must round-trip instants to the millisecond and ids of 500 characters.
 */
public abstract class PushChannelStoreContract {
  private static final TenantId NORTE = TenantId.of("clinica-norte");
  private static final TenantId SUR = TenantId.of("clinica-sur");
  private static final ResourceCalendar ANA =
      new ResourceCalendar(
          NORTE,
          ResourceId.of("dra-ana"),
          ConnectionKey.of(NORTE, "google", "agenda@norte.cl"),
          "primary");
  private static final ResourceCalendar ROOM =
      new ResourceCalendar(
          SUR,
          ResourceId.of("sala-2"),
          ConnectionKey.of(SUR, "google", "agenda@sur.cl"),
          "c_sala2@group.calendar.google.com");
  private static final Instant T0 = Instant.parse("2026-03-03T13:00:00.123Z");

  private PushChannelStore store;

  /** For subclasses, which supply the implementation under test. */
  protected PushChannelStoreContract() {}

  /** {@return a new, empty store} Called once before every test. */
  protected abstract PushChannelStore newStore();

  /** Creates the store under test, through {@link #newStore()}, before every test. */
  @BeforeEach
  protected final void createPushChannelStore() {
    store = newStore();
    assertThat(store).as("newStore()").isNotNull();
  }

  private static PushChannel channel(String id, ResourceCalendar calendar, Instant expiresAt) {
    return new PushChannel(id, "res-" + id, "token-" + id, expiresAt, calendar);
  }

  @Nested
  @DisplayName("save, find and delete")
  class SaveFindDelete {
    @Test
    void aSavedChannelIsFoundBackExactly() {
      PushChannel c = channel("ch-1", ANA, T0);

      store.save(c);

      assertThat(store.find("google", "ch-1")).contains(c);
      assertThat(store.find("google", "ch-1").orElseThrow().verificationToken())
          .isEqualTo("token-ch-1");
    }

    @Test
    void aSaveWithTheSameIdReplaces() {
      store.save(channel("ch-1", ANA, T0));
      PushChannel renewed =
          new PushChannel("ch-1", "res-2", "token-2", T0.plusSeconds(604_800), ROOM);

      store.save(renewed);

      assertThat(store.find("google", "ch-1")).contains(renewed);
      assertThat(store.list("google")).containsExactly(renewed);
    }

    @Test
    void anUnknownChannelIsEmpty() {
      store.save(channel("ch-1", ANA, T0));

      assertThat(store.find("google", "ch-2")).isEmpty();
    }

    @Test
    void deleteSaysWhetherThereWasOne() {
      store.save(channel("ch-1", ANA, T0));

      assertThat(store.delete("google", "ch-1")).isTrue();
      assertThat(store.delete("google", "ch-1")).isFalse();
      assertThat(store.find("google", "ch-1")).isEmpty();
    }

    @Test
    void longIdsAndTokensRoundTrip() {
      String id = "i".repeat(PushChannel.MAX_ID_LENGTH);
      PushChannel c =
          new PushChannel(
              id,
              "r".repeat(PushChannel.MAX_ID_LENGTH),
              "t".repeat(PushChannel.MAX_ID_LENGTH),
              T0,
              ANA);

      store.save(c);

      assertThat(store.find("google", id)).contains(c);
    }

    @Test
    @SuppressWarnings("NullAway") // passes null where the SPI forbids it, to see it refused
    void aNullChannelIsRefusedNamingIt() {
      assertThatThrownBy(() -> store.save(null))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("channel");
    }
  }

  @Nested
  @DisplayName("providers and listing")
  class Listing {
    @Test
    void eachProviderHasItsOwnChannels() {
      ResourceCalendar outlook =
          new ResourceCalendar(
              NORTE,
              ResourceId.of("dra-ana"),
              ConnectionKey.of(NORTE, "microsoft", "agenda@norte.cl"),
              "AAMkAGI2");
      PushChannel google = channel("same-id", ANA, T0);
      PushChannel microsoft = channel("same-id", outlook, T0.plusSeconds(60));

      store.save(google);
      store.save(microsoft);

      assertThat(store.find("google", "same-id")).contains(google);
      assertThat(store.find("microsoft", "same-id")).contains(microsoft);
      assertThat(store.list("google")).containsExactly(google);
      assertThat(store.delete("microsoft", "same-id")).isTrue();
      assertThat(store.find("google", "same-id")).as("the other provider's").contains(google);
    }

    @Test
    void listReturnsEveryTenantsChannelsOrderedById() {
      PushChannel b = channel("b", ROOM, T0);
      PushChannel a = channel("a", ANA, T0.plusSeconds(10));
      PushChannel c = channel("c", ANA, T0.minusSeconds(10));
      store.save(b);
      store.save(a);
      store.save(c);

      assertThat(store.list("google")).containsExactly(a, b, c);
      assertThat(store.list("calendly")).isEmpty();
    }
  }
}
