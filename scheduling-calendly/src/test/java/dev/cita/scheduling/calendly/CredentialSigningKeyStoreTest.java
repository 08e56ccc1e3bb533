package dev.cita.scheduling.calendly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.memory.InMemoryTokenStore;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.OAuthCredential;
import dev.cita.scheduling.tokens.EncryptedTokenStore;
import dev.cita.scheduling.tokens.TokenKeyset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CredentialSigningKeyStoreTest {
  private static final TenantId CLINIC = TenantId.of("clinic-1");
  private static final TenantId OTHER = TenantId.of("clinic-2");
  private static final String W1 = "https://api.calendly.com/webhook_subscriptions/W1";
  private static final String W2 = "https://api.calendly.com/webhook_subscriptions/W2";

  private final InMemoryTokenStore bytes = new InMemoryTokenStore();
  private final TokenKeyset keyset = TokenKeyset.generate();
  private final EncryptedTokenStore credentials = new EncryptedTokenStore(bytes, keyset);
  private final CredentialSigningKeyStore keys = new CredentialSigningKeyStore(credentials);

  @Test
  void keysAreSavedPerTenantListedAndDeleted() {
    keys.save(CLINIC, W1, "key-SECRET-1");
    keys.save(CLINIC, W2, "key-SECRET-2");
    keys.save(OTHER, W1, "key-SECRET-3");

    assertThat(keys.signingKeys(CLINIC)).containsExactlyInAnyOrder("key-SECRET-1", "key-SECRET-2");
    assertThat(keys.signingKeys(OTHER)).containsExactly("key-SECRET-3");
    assertThat(keys.delete(CLINIC, W1)).isTrue();
    assertThat(keys.delete(CLINIC, W1)).isFalse();
    assertThat(keys.signingKeys(CLINIC)).containsExactly("key-SECRET-2");
  }

  @Test
  void keysSurviveANewStoreOverTheSameBytesAndAreNeverStoredInClear() {
    keys.save(CLINIC, W1, "key-SECRET-1");

    CredentialSigningKeyStore afterRestart =
        new CredentialSigningKeyStore(new EncryptedTokenStore(bytes, keyset));

    assertThat(afterRestart.signingKeys(CLINIC)).containsExactly("key-SECRET-1");
    ConnectionKey stored = ConnectionKey.of(CLINIC, CredentialSigningKeyStore.PROVIDER, W1);
    String raw = new String(bytes.load(stored).orElseThrow(), StandardCharsets.ISO_8859_1);
    assertThat(raw).doesNotContain("key-SECRET-1");
  }

  @Test
  void theTenantsCalendlyConnectionIsNotTakenForAKey() {
    credentials.save(
        ConnectionKey.of(CLINIC, CalendlyClient.PROVIDER, "https://api.calendly.com/users/U1"),
        OAuthCredential.builder(
                CalendlyClient.PROVIDER, "https://api.calendly.com/users/U1", "access-SECRET")
            .build());

    assertThat(keys.signingKeys(CLINIC)).isEmpty();
  }

  @Test
  void badInputNamesTheFieldAndWritesNothing() {
    assertThatThrownBy(() -> keys.save(CLINIC, " ", "k"))
        .isInstanceOf(ValidationException.class)
        .extracting(e -> ((ValidationException) e).field())
        .isEqualTo("subscriptionUri");
    assertThatThrownBy(() -> keys.save(CLINIC, W1, ""))
        .isInstanceOf(ValidationException.class)
        .extracting(e -> ((ValidationException) e).field())
        .isEqualTo("signingKey");
    assertThat(keys.signingKeys(CLINIC)).isEmpty();
    assertThat(keys.toString()).doesNotContain("SECRET");
  }
}
