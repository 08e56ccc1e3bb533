package dev.cita.scheduling.testkit;

import static dev.cita.scheduling.testkit.Refusals.refused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.notify.AddressKind;
import dev.cita.scheduling.notify.MessageKind;
import dev.cita.scheduling.notify.OutgoingMessage;
import dev.cita.scheduling.notify.RecipientKind;
import dev.cita.scheduling.spi.DeliveryStatusStore;
import dev.cita.scheduling.spi.SendAttemptStore;
import dev.cita.scheduling.spi.SendAttemptStore.Attempt;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link SendAttemptStore} must have: {@code begin} claims a key exactly once
 * (also when many racing calls try), a released key can be claimed again, an accepted key answers
 * its message id, the free-text message is found by that id exactly as it was given, the purge
 * removes only old entries, and bad input is refused naming the field with nothing written.
 *
 * <p>Extend it in your test sources and return a new, empty store from {@link #newStore()}; the
 * store's clock must read {@link #NOW} (the time {@code accepted} stamps):
 *
 * <pre>{@code
 * class MySendAttemptStoreTest extends SendAttemptStoreContract {
 *   @Override
 *   protected SendAttemptStore newStore() {
 *     return new MySendAttemptStore(freshDatabase(), Clock.fixed(NOW, ZoneOffset.UTC));
 *   }
 * }
 * }</pre>
 */
public abstract class SendAttemptStoreContract {
  /** What the store's clock must read: the time {@code accepted} stamps on an attempt. */
  protected static final Instant NOW = Instant.parse("2026-03-03T13:00:00.123Z");

  private static final String KEY = "reminder-24h:clinica-norte:appt-1";
  private static final String SM1 = "SM0123456789abcdef0123456789abcdef";

  private SendAttemptStore store;

  /** For subclasses, which supply the implementation under test. */
  protected SendAttemptStoreContract() {}

  /** {@return a new, empty store whose clock reads {@link #NOW}} Called once before every test. */
  protected abstract SendAttemptStore newStore();

  /** Creates the store under test, through {@link #newStore()}, before every test. */
  @BeforeEach
  protected final void createSendAttemptStore() {
    store = newStore();
    assertThat(store).as("newStore()").isNotNull();
  }

  private static OutgoingMessage message(String text) {
    return OutgoingMessage.builder()
        .tenant(TenantId.of("clinica-norte"))
        .appointmentId(AppointmentId.of("appt-1"))
        .recipient(RecipientKind.CUSTOMER, AddressKind.PHONE, "+56912345678")
        .locale(Locale.forLanguageTag("es-CL"))
        .kind(MessageKind.CONFIRMATION)
        .templateKey("cita_confirmada")
        .templateVariables(List.of("María", "martes 3 de marzo, 10:00", ""))
        .text(text)
        .idempotencyKey(KEY)
        .build();
  }

  @Test
  void theFirstBeginClaimsTheKeyAndLaterOnesSeeTheAttempt() {
    assertThat(store.begin(KEY, NOW.minusSeconds(5))).isEmpty();

    assertThat(store.begin(KEY, NOW)).contains(new Attempt(NOW.minusSeconds(5), Optional.empty()));
    assertThat(store.begin("other-key", NOW)).isEmpty();
  }

  @Test
  void aReleasedKeyCanBeClaimedAgain() {
    store.begin(KEY, NOW.minusSeconds(5));
    store.notSent(KEY);

    assertThat(store.begin(KEY, NOW)).isEmpty();
    assertThat(store.begin(KEY, NOW)).contains(new Attempt(NOW, Optional.empty()));
  }

  @Test
  void anAcceptedKeyAnswersItsMessageIdAndItsFreeTextMessage() {
    OutgoingMessage sent = message("Hola María, tu cita es el martes 3 de marzo a las 10:00 ✓");
    store.begin(KEY, NOW.minusSeconds(5));
    store.accepted(KEY, SM1, Optional.of(sent));

    assertThat(store.begin(KEY, NOW)).contains(new Attempt(NOW, Optional.of(SM1)));
    OutgoingMessage found = store.freeForm(SM1).orElseThrow();
    assertThat(found).isEqualTo(sent);
    assertThat(found.locale()).isEqualTo(sent.locale());
    assertThat(found.templateVariables()).isEqualTo(sent.templateVariables());
    assertThat(store.freeForm("SMunknown")).isEmpty();
  }

  @Test
  void aTemplateSendHasNoFreeTextMessage() {
    store.begin(KEY, NOW);
    store.accepted(KEY, SM1, Optional.empty());

    assertThat(store.freeForm(SM1)).isEmpty();
    assertThat(store.begin(KEY, NOW).flatMap(Attempt::messageId)).contains(SM1);
  }

  @Test
  void exactlyOneOfManyRacingBeginsClaimsTheKey() throws InterruptedException {
    var outcomes = Race.run(Race.THREADS, i -> () -> store.begin(KEY, NOW.plusMillis(i)));

    assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).isNull());
    assertThat(outcomes.stream().filter(o -> o.returned().isEmpty())).hasSize(1);
  }

  @Test
  void purgeRemovesOnlyAttemptsOlderThanTheCutoffWithTheirMessages() {
    store.begin("old", NOW.minus(Duration.ofDays(3)));
    store.begin(KEY, NOW.minusSeconds(5));
    store.accepted(KEY, SM1, Optional.of(message("Hola")));

    assertThat(store.purgeBefore(NOW.minus(Duration.ofDays(1)))).isEqualTo(1);
    assertThat(store.begin("old", NOW)).isEmpty();
    assertThat(store.freeForm(SM1)).isPresent();

    store.purgeBefore(NOW.plusSeconds(1));
    assertThat(store.freeForm(SM1)).isEmpty();
    assertThat(store.begin(KEY, NOW)).isEmpty();
  }

  @Test
  void theLongestValuesAreAcceptedAndLongerOnesRefusedWithNothingWritten() {
    String key = "k".repeat(SendAttemptStore.MAX_KEY);
    String id = "S".repeat(DeliveryStatusStore.MAX_MESSAGE_ID);
    assertThat(store.begin(key, NOW)).isEmpty();
    store.accepted(key, id, Optional.of(message("Hola")));
    assertThat(store.freeForm(id)).isPresent();

    refused(() -> store.begin(key + "k", NOW), "idempotencyKey");
    refused(() -> store.accepted(KEY, id + "S", Optional.empty()), "messageId");
    assertThat(store.begin(KEY, NOW)).isEmpty();
  }

  @Test
  @SuppressWarnings("NullAway") // passes null where the SPI forbids it, to see it refused
  void missingOrBlankArgumentsAreRefusedNamingTheField() {
    refused(() -> store.begin(" ", NOW), "idempotencyKey");
    refused(() -> store.begin(KEY, null), "at");
    refused(() -> store.notSent(null), "idempotencyKey");
    refused(() -> store.accepted(KEY, "", Optional.empty()), "messageId");
    refused(() -> store.accepted(KEY, SM1, null), "freeForm");
    refused(() -> store.freeForm(null), "messageId");
    refused(() -> store.purgeBefore(null), "cutoff");
    assertThat(store.begin(KEY, NOW)).isEmpty();
  }
}
