package dev.cita.scheduling.tokens;

import static dev.cita.scheduling.tokens.TokenFixtures.NORTE_GOOGLE;
import static dev.cita.scheduling.tokens.TokenFixtures.OTHER_ACCESS_TOKEN;
import static dev.cita.scheduling.tokens.TokenFixtures.SUR_GOOGLE;
import static dev.cita.scheduling.tokens.TokenFixtures.credentialFor;
import static dev.cita.scheduling.tokens.TokenFixtures.googleCredential;
import static dev.cita.scheduling.tokens.TokenFixtures.keyMaterial;
import static dev.cita.scheduling.tokens.TokenFixtures.newMasterKey;
import static dev.cita.scheduling.tokens.TokenFixtures.stackTrace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.Configuration;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.memory.InMemoryTokenStore;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenKeysetTest {

  @Test
  void generatedKeysetHasOnePrimaryKey() {
    TokenKeyset keyset = TokenKeyset.generate();

    assertThat(keyset.keyIds()).containsExactly(keyset.primaryKeyId());
    assertThat(keyMaterial(keyset)).hasSize(1).allSatisfy(v -> assertThat(v).isNotBlank());
    assertThat(keyMaterial(TokenKeyset.generate()))
        .doesNotContainAnyElementsOf(keyMaterial(keyset));
  }

  @Test
  void rotateAddsANewPrimaryAndLeavesTheOriginalUnchanged() {
    TokenKeyset original = TokenKeyset.generate();
    int firstKey = original.primaryKeyId();

    TokenKeyset rotated = original.rotate();

    assertThat(rotated.primaryKeyId()).isNotEqualTo(firstKey);
    assertThat(rotated.keyIds()).containsExactly(firstKey, rotated.primaryKeyId());
    assertThat(original.keyIds()).containsExactly(firstKey);
    assertThat(original.primaryKeyId()).isEqualTo(firstKey);
  }

  @Test
  void withoutKeyRemovesAnOldKey() {
    TokenKeyset rotated = TokenKeyset.generate().rotate();
    int oldKey = rotated.keyIds().get(0);

    TokenKeyset trimmed = rotated.withoutKey(oldKey);

    assertThat(trimmed.keyIds()).containsExactly(rotated.primaryKeyId());
    assertThat(trimmed.primaryKeyId()).isEqualTo(rotated.primaryKeyId());
    assertThat(rotated.keyIds()).hasSize(2);
  }

  @Test
  void withoutKeyRefusesThePrimaryAndUnknownIds() {
    TokenKeyset keyset = TokenKeyset.generate().rotate();

    assertThatThrownBy(() -> keyset.withoutKey(keyset.primaryKeyId()))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("keyId"))
        .hasMessageContaining("primary");
    int unknown = keyset.keyIds().get(0) ^ keyset.primaryKeyId() ^ 1;
    assertThat(keyset.keyIds()).doesNotContain(unknown);
    assertThatThrownBy(() -> keyset.withoutKey(unknown))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("keyId"))
        .hasMessageContaining("no key " + unknown);
  }

  @Test
  void encryptedJsonRoundTripKeepsEveryKey() {
    Aead master = newMasterKey();
    InMemoryTokenStore rows = new InMemoryTokenStore();
    TokenKeyset first = TokenKeyset.generate();
    new EncryptedTokenStore(rows, first).save(NORTE_GOOGLE, googleCredential());
    TokenKeyset rotated = first.rotate();
    new EncryptedTokenStore(rows, rotated)
        .save(SUR_GOOGLE, credentialFor(SUR_GOOGLE, OTHER_ACCESS_TOKEN));

    String json = rotated.toEncryptedJson(master);
    TokenKeyset restored = TokenKeyset.fromEncryptedJson(json, master);

    assertThat(restored.keyIds()).isEqualTo(rotated.keyIds());
    assertThat(restored.primaryKeyId()).isEqualTo(rotated.primaryKeyId());
    EncryptedTokenStore reopened = new EncryptedTokenStore(rows, restored);
    assertThat(reopened.load(NORTE_GOOGLE)).contains(googleCredential());
    assertThat(reopened.load(SUR_GOOGLE)).contains(credentialFor(SUR_GOOGLE, OTHER_ACCESS_TOKEN));
    assertThat(json).doesNotContain(keyMaterial(rotated));
  }

  @Test
  void cleartextJsonRoundTripThroughTheInsecureMethods() {
    InMemoryTokenStore rows = new InMemoryTokenStore();
    TokenKeyset keyset = TokenKeyset.generate().rotate();
    new EncryptedTokenStore(rows, keyset).save(NORTE_GOOGLE, googleCredential());

    String json = keyset.insecureToCleartextJson();
    TokenKeyset restored = TokenKeyset.insecureFromCleartextJson(json);

    assertThat(json).contains(keyMaterial(keyset));
    assertThat(restored.keyIds()).isEqualTo(keyset.keyIds());
    assertThat(restored.primaryKeyId()).isEqualTo(keyset.primaryKeyId());
    assertThat(new EncryptedTokenStore(rows, restored).load(NORTE_GOOGLE))
        .contains(googleCredential());
  }

  @Test
  void wrongMasterKeyFailsClearly() {
    TokenKeyset keyset = TokenKeyset.generate();
    String json = keyset.toEncryptedJson(newMasterKey());

    assertThatThrownBy(() -> TokenKeyset.fromEncryptedJson(json, newMasterKey()))
        .isInstanceOf(KeysetException.class)
        .hasMessageContaining("wrong master key")
        .satisfies(e -> assertThat(stackTrace(e)).doesNotContain(keyMaterial(keyset)));
  }

  @Test
  void encryptedJsonIsBoundToItsPurpose() {
    // Tink's encrypted keyset with no associated data must not be accepted as a TokenKeyset.
    Aead master = newMasterKey();
    TokenKeyset keyset = TokenKeyset.generate();
    String json = keyset.toEncryptedJson(master);
    String otherPurpose;
    try {
      Configuration config = RegistryConfiguration.get();
      KeysetHandle handle =
          TinkJsonProtoKeysetFormat.parseEncryptedKeyset(
              json,
              master,
              "dev.cita.scheduling.token.TokenKeyset/v1".getBytes(StandardCharsets.UTF_8),
              config);
      otherPurpose =
          TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(handle, master, new byte[0], config);
      assertThat(
              TinkJsonProtoKeysetFormat.parseEncryptedKeyset(
                      otherPurpose, master, new byte[0], config)
                  .size())
          .as("the re-encrypted keyset itself is valid")
          .isEqualTo(1);
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }

    assertThatThrownBy(() -> TokenKeyset.fromEncryptedJson(otherPurpose, master))
        .isInstanceOf(KeysetException.class);
  }

  @Test
  void malformedJsonFailsWithATypedErrorThatQuotesNothing() {
    Aead master = newMasterKey();
    TokenKeyset keyset = TokenKeyset.generate();
    String cleartext = keyset.insecureToCleartextJson();
    String secret = keyMaterial(keyset).get(0);
    List<String> badInputs =
        List.of(
            "not json",
            "{\"key\": 5}",
            "{}",
            cleartext.substring(0, cleartext.length() / 2),
            cleartext.replace(secret, secret.substring(0, secret.length() - 4) + "!!!!"));

    for (String bad : badInputs) {
      assertThatThrownBy(() -> TokenKeyset.insecureFromCleartextJson(bad))
          .as(bad)
          .isInstanceOf(KeysetException.class)
          .satisfies(
              e -> assertThat(stackTrace(e)).doesNotContain(secret, secret.substring(0, 16)));
      assertThatThrownBy(() -> TokenKeyset.fromEncryptedJson(bad, master))
          .as(bad)
          .isInstanceOf(KeysetException.class)
          .satisfies(
              e -> assertThat(stackTrace(e)).doesNotContain(secret, secret.substring(0, 16)));
    }
  }

  @Test
  void aKeysetThatIsNotAeadIsRefused() throws GeneralSecurityException {
    com.google.crypto.tink.mac.MacConfig.register();
    KeysetHandle mac =
        KeysetHandle.generateNew(
            com.google.crypto.tink.mac.PredefinedMacParameters.HMAC_SHA256_256BITTAG,
            RegistryConfiguration.get());
    String json =
        TinkJsonProtoKeysetFormat.serializeKeyset(
            mac, RegistryConfiguration.get(), com.google.crypto.tink.InsecureSecretKeyAccess.get());

    assertThatThrownBy(() -> TokenKeyset.insecureFromCleartextJson(json))
        .isInstanceOf(KeysetException.class)
        .hasMessageContaining("not a usable AEAD keyset");
  }

  @Test
  void missingArgumentsNameTheField() {
    TokenKeyset keyset = TokenKeyset.generate();

    assertThatThrownBy(() -> keyset.toEncryptedJson(null))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("masterKey"));
    assertThatThrownBy(() -> TokenKeyset.fromEncryptedJson(" ", newMasterKey()))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("keysetJson"));
    assertThatThrownBy(() -> TokenKeyset.insecureFromCleartextJson(null))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("keysetJson"));
  }

  @Test
  void toStringShowsKeyIdsOnly() {
    TokenKeyset keyset = TokenKeyset.generate().rotate();

    assertThat(keyset.toString())
        .contains(String.valueOf(keyset.primaryKeyId()), String.valueOf(keyset.keyIds().get(0)))
        .doesNotContain(keyMaterial(keyset));
    assertThat(keyset.toString()).doesNotContain("value", "keyData");
  }
}
