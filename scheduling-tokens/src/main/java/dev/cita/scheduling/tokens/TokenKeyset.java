package dev.cita.scheduling.tokens;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.Configuration;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Tink AEAD keyset (AES256-GCM) that seals stored credentials. Immutable: {@link #rotate()} and
 * {@link #withoutKey(int)} return new keysets. Store it encrypted under a KMS or master AEAD with
 * {@link #toEncryptedJson(Aead)}; the cleartext methods say {@code insecure} in their names.
 *
 * <pre>{@code
 * TokenKeyset keyset = TokenKeyset.fromEncryptedJson(json, kmsAead);
 * EncryptedTokenStore tokens = new EncryptedTokenStore(myTokenStore, keyset);
 * }</pre>
 */
public final class TokenKeyset {
  /**
   * Binds a serialized keyset to its purpose, so no other encrypted keyset is accepted in its
   * place. Part of the stored format: it keeps the class's first package name ({@code .token.}),
   * and changing it would make every encrypted keyset written so far unreadable (StoredFormatTest).
   */
  private static final byte[] KEYSET_ASSOCIATED_DATA =
      "dev.cita.scheduling.token.TokenKeyset/v1".getBytes(StandardCharsets.UTF_8);

  /** Tink's global registry, with the AEAD key types registered once below. */
  private static final Configuration CONFIG;

  static {
    try {
      AeadConfig.register();
      CONFIG = RegistryConfiguration.get();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final KeysetHandle handle;
  private final Aead aead;

  private TokenKeyset(KeysetHandle handle) {
    this.handle = handle;
    try {
      this.aead = handle.getPrimitive(CONFIG, Aead.class);
    } catch (GeneralSecurityException e) {
      throw new KeysetException(
          "keyset is not a usable AEAD keyset (" + e.getClass().getSimpleName() + ")");
    }
  }

  /**
   * A new keyset holding one freshly generated AES256-GCM key, which is primary.
   *
   * @return the new keyset
   */
  public static TokenKeyset generate() {
    try {
      return new TokenKeyset(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM, CONFIG));
    } catch (GeneralSecurityException e) {
      throw new KeysetException("could not generate a keyset", e);
    }
  }

  /**
   * A keyset with every key of this one plus a freshly generated key made primary: new seals use
   * the new key, and credentials sealed under the old keys still open.
   *
   * @return a new keyset; this one is unchanged
   */
  public TokenKeyset rotate() {
    try {
      return new TokenKeyset(
          KeysetHandle.newBuilder(handle)
              .addEntry(
                  KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                      .withRandomId()
                      .makePrimary())
              .build());
    } catch (GeneralSecurityException e) {
      throw new KeysetException("could not rotate the keyset", e);
    }
  }

  /**
   * A keyset without the key {@code keyId}; credentials sealed under it no longer open, so run
   * {@link EncryptedTokenStore#reencryptAll()} first. The primary key cannot be removed.
   *
   * @param keyId the id of a key of this keyset other than the primary one
   * @return a new keyset; this one is unchanged
   * @throws ValidationException if {@code keyId} is the primary key or not in the keyset
   */
  public TokenKeyset withoutKey(int keyId) {
    if (keyId == primaryKeyId()) {
      throw new ValidationException(
          "keyId", "key " + keyId + " is the primary key; rotate before removing it");
    }
    KeysetHandle.Builder builder = KeysetHandle.newBuilder(handle);
    for (int i = 0; i < builder.size(); i++) {
      if (handle.getAt(i).getId() == keyId) {
        builder.deleteAt(i);
        try {
          return new TokenKeyset(builder.build());
        } catch (GeneralSecurityException e) {
          throw new KeysetException("could not remove key " + keyId + " from the keyset", e);
        }
      }
    }
    throw new ValidationException("keyId", "no key " + keyId + " in keyset " + keyIds());
  }

  /**
   * The id of the key that seals new credentials.
   *
   * @return the primary key's id
   */
  public int primaryKeyId() {
    return handle.getPrimary().getId();
  }

  /**
   * The ids of every key in the keyset, in keyset order.
   *
   * @return an unmodifiable list of key ids
   */
  public List<Integer> keyIds() {
    List<Integer> ids = new ArrayList<>(handle.size());
    for (int i = 0; i < handle.size(); i++) {
      ids.add(handle.getAt(i).getId());
    }
    return List.copyOf(ids);
  }

  /**
   * The keyset as Tink JSON, encrypted under {@code masterKey} (for example a KMS AEAD).
   *
   * @param masterKey the AEAD that encrypts the keyset
   * @return the encrypted keyset JSON, safe to store
   */
  public String toEncryptedJson(Aead masterKey) {
    Checks.notNull(masterKey, "masterKey");
    try {
      return TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(
          handle, masterKey, KEYSET_ASSOCIATED_DATA, CONFIG);
    } catch (GeneralSecurityException e) {
      throw new KeysetException("could not encrypt the keyset under the master key", e);
    }
  }

  /**
   * Reads a keyset written by {@link #toEncryptedJson(Aead)}.
   *
   * @param json the encrypted keyset JSON
   * @param masterKey the AEAD it was encrypted under
   * @return the keyset
   * @throws KeysetException if the JSON is malformed or {@code masterKey} is not the key it was
   *     encrypted under
   */
  public static TokenKeyset fromEncryptedJson(String json, Aead masterKey) {
    Checks.notBlank(json, "keysetJson");
    Checks.notNull(masterKey, "masterKey");
    KeysetHandle parsed;
    try {
      parsed =
          TinkJsonProtoKeysetFormat.parseEncryptedKeyset(
              json, masterKey, KEYSET_ASSOCIATED_DATA, CONFIG);
    } catch (GeneralSecurityException e) {
      throw new KeysetException(
          "could not decrypt the keyset: wrong master key, or the encrypted"
              + " keyset JSON is corrupt",
          e);
    } catch (RuntimeException e) {
      // Parser errors may quote their input; keep only their type.
      throw new KeysetException(
          "encrypted keyset JSON is malformed (" + e.getClass().getSimpleName() + ")");
    }
    return new TokenKeyset(parsed);
  }

  /**
   * The keyset as cleartext Tink JSON, key material included. Keep it out of logs and source
   * control.
   *
   * @return the cleartext keyset JSON
   */
  public String insecureToCleartextJson() {
    try {
      return TinkJsonProtoKeysetFormat.serializeKeyset(
          handle, CONFIG, InsecureSecretKeyAccess.get());
    } catch (GeneralSecurityException e) {
      throw new KeysetException(
          "could not serialize the keyset (" + e.getClass().getSimpleName() + ")");
    }
  }

  /**
   * Reads a keyset written by {@link #insecureToCleartextJson()}.
   *
   * @param json the cleartext keyset JSON
   * @return the keyset
   * @throws KeysetException if the JSON is not a valid AEAD keyset
   */
  public static TokenKeyset insecureFromCleartextJson(String json) {
    Checks.notBlank(json, "keysetJson");
    KeysetHandle parsed;
    try {
      parsed = TinkJsonProtoKeysetFormat.parseKeyset(json, CONFIG, InsecureSecretKeyAccess.get());
    } catch (GeneralSecurityException | RuntimeException e) {
      // The input holds key material and parser errors may quote it: keep only the error's type.
      throw new KeysetException(
          "cleartext keyset JSON is not a valid keyset (" + e.getClass().getSimpleName() + ")");
    }
    return new TokenKeyset(parsed);
  }

  /** Seals with the primary key. */
  byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
    return aead.encrypt(plaintext, associatedData);
  }

  /** Opens with whichever key of the keyset sealed the ciphertext. */
  byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
    return aead.decrypt(ciphertext, associatedData);
  }

  @Override
  public String toString() {
    return "TokenKeyset{primaryKeyId=" + primaryKeyId() + ", keyIds=" + keyIds() + "}";
  }
}
