package dev.cita.scheduling.testkit;

import static dev.cita.scheduling.testkit.Refusals.refused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.notify.MessageKind;
import dev.cita.scheduling.notify.NotificationPreferences;
import dev.cita.scheduling.notify.RecipientKind;
import dev.cita.scheduling.spi.NotificationPreferencesStore;
import dev.cita.scheduling.testkit.Race.Outcome;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link NotificationPreferencesStore} must have: a tenant that saved nothing
 * gets the defaults, saved preferences come back equal in every field, a save replaces the whole
 * preferences, each tenant's are its own, racing saves leave one of them whole, and bad input is
 * refused naming the field.
 *
 * <p>Extend it in your test sources and return a new, empty store from {@link #newStore()}:
 *
 * <pre>{@code
 * class MyNotificationPreferencesStoreTest extends NotificationPreferencesStoreContract {
 *   @Override
 *   protected NotificationPreferencesStore newStore() {
 *     return new MyNotificationPreferencesStore(freshDatabase());   // empty, once per test
 *   }
 * }
 * }</pre>
 */
public abstract class NotificationPreferencesStoreContract {
  private static final TenantId NORTE = TenantId.of("clinica-norte");
  private static final TenantId SUR = TenantId.of("clinica-sur");

  private NotificationPreferencesStore store;

  /** For subclasses, which supply the implementation under test. */
  protected NotificationPreferencesStoreContract() {}

  /** {@return a new, empty store} Called once before every test. */
  protected abstract NotificationPreferencesStore newStore();

  /**
   * What the store gives a tenant that saved nothing; override it if your store was built with
   * other defaults.
   *
   * @return {@link NotificationPreferences#defaults()}, unless overridden
   */
  protected NotificationPreferences expectedDefaults() {
    return NotificationPreferences.defaults();
  }

  /** Creates the store under test, through {@link #newStore()}, before every test. */
  @BeforeEach
  protected final void createNotificationPreferencesStore() {
    store = newStore();
    assertThat(store).as("newStore()").isNotNull();
  }

  /** Preferences with every field set away from its default, to catch a store that drops one. */
  private static NotificationPreferences everyField() {
    return NotificationPreferences.builder()
        .recipients(MessageKind.CONFIRMATION, RecipientKind.CUSTOMER, RecipientKind.AGENT)
        .recipients(MessageKind.CANCELLATION, RecipientKind.CUSTOMER, RecipientKind.OWNER)
        .recipients(MessageKind.RESCHEDULE)
        .recipients(MessageKind.REMINDER, RecipientKind.CUSTOMER, RecipientKind.AGENT)
        .channels("whatsapp", "email")
        .agent(
            ResourceId.of("dra-ana"),
            Attendee.builder("Ana Soto — Ñuñoa")
                .phone("+56911112222")
                .locale(Locale.forLanguageTag("es-CL"))
                .zone(ZoneId.of("America/Santiago"))
                .build())
        .agent(ResourceId.of("dr-ben"), Attendee.builder("Ben").email("ben@norte.cl").build())
        .owner(Attendee.builder("Clínica Norte").email("admin@norte.cl").build())
        .providerNotifiesAttendee(true)
        .skipChannelsWhenProviderNotifies("email", "sms")
        .providerNotifiesStaff("calcom", "email")
        .providerNotifiesStaff("calendly", "email", "push")
        .build();
  }

  @Nested
  @DisplayName("save and read")
  class SaveAndRead {
    @Test
    void aTenantThatSavedNothingGetsTheDefaults() {
      assertThat(store.preferences(NORTE)).isEqualTo(expectedDefaults());
    }

    @Test
    void savedPreferencesComeBackEqualInEveryField() {
      store.save(NORTE, everyField());

      NotificationPreferences read = store.preferences(NORTE);

      assertThat(read).isEqualTo(everyField());
      assertThat(read.recipients(MessageKind.RESCHEDULE)).as("a notice turned off").isEmpty();
      assertThat(read.channels()).as("channel order").containsExactly("whatsapp", "email");
      assertThat(read.agent(ResourceId.of("dra-ana")).orElseThrow().zone())
          .contains(ZoneId.of("America/Santiago"));
    }

    @Test
    void aSaveReplacesEverythingSavedBefore() {
      store.save(NORTE, everyField());
      NotificationPreferences fewer =
          NotificationPreferences.builder().channels("whatsapp").build();

      store.save(NORTE, fewer);

      NotificationPreferences read = store.preferences(NORTE);
      assertThat(read).isEqualTo(fewer);
      assertThat(read.agents()).isEmpty();
      assertThat(read.owner()).isEmpty();
    }

    @Test
    void eachTenantHasItsOwnPreferences() {
      NotificationPreferences sur = NotificationPreferences.builder().channels("email").build();
      store.save(NORTE, everyField());
      store.save(SUR, sur);

      assertThat(store.preferences(NORTE)).isEqualTo(everyField());
      assertThat(store.preferences(SUR)).isEqualTo(sur);
      assertThat(store.preferences(TenantId.of("clinica-este"))).isEqualTo(expectedDefaults());
    }
  }

  @Nested
  @DisplayName("bad input")
  class BadInput {
    @Test
    @SuppressWarnings("NullAway") // passes null where the SPI forbids it, to see it refused
    void missingArgumentsAreRefusedNamingThemAndNothingIsSaved() {
      refused(() -> store.save(null, everyField()), "tenant");
      refused(() -> store.save(NORTE, null), "preferences");
      refused(() -> store.preferences(null), "tenant");

      assertThat(store.preferences(NORTE)).isEqualTo(expectedDefaults());
    }
  }

  @Nested
  @DisplayName("concurrency")
  class Concurrency {
    /**
     * Sixteen racing first saves of one tenant: all succeed, and one of them is read back whole.
     */
    @RepeatedTest(3)
    void racingSavesAllSucceedAndOneOfThemIsKeptWhole() throws Exception {
      List<NotificationPreferences> choices =
          List.of(
              everyField(),
              NotificationPreferences.builder().channels("whatsapp").build(),
              NotificationPreferences.builder()
                  .owner(Attendee.builder("Dueña").email("duena@norte.cl").build())
                  .build());

      List<Outcome<Boolean>> outcomes =
          Race.run(
              Race.THREADS,
              i ->
                  () -> {
                    store.save(NORTE, choices.get(i % choices.size()));
                    return true;
                  });

      assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).as("error").isNull());
      assertThat(choices).contains(store.preferences(NORTE));
    }
  }
}
