package dev.cita.scheduling.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import dev.cita.scheduling.memory.InMemoryTokenStore;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.OAuthCredential;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Rows and keysets written before the token encryption left the core still open: a fixed keyset,
 * its encrypted form and a sealed row (stored-format-v1.properties, written by the core's {@code
 * dev.cita.scheduling.token} classes) pin the stored format, including the associated data of both
 * the rows and the encrypted keyset.
 */
class StoredFormatTest {
  private static final ConnectionKey GOOGLE =
      ConnectionKey.of(TenantId.of("clinica-norte"), "google", "agenda@norte.cl");
  private static final Properties FIXTURE = load("stored-format-v1.properties");

  @Test
  void aRowSealedBeforeTheSplitOpens() {
    InMemoryTokenStore rows = new InMemoryTokenStore();
    rows.save(GOOGLE, Base64.getDecoder().decode(FIXTURE.getProperty("row.google")));
    TokenKeyset keyset =
        TokenKeyset.insecureFromCleartextJson(FIXTURE.getProperty("keyset.cleartext"));

    OAuthCredential credential = new EncryptedTokenStore(rows, keyset).load(GOOGLE).orElseThrow();

    assertThat(credential)
        .usingRecursiveComparison()
        .isEqualTo(
            OAuthCredential.builder("google", "agenda@norte.cl", "ya29.FIXTURE-ACCESS")
                .accountEmail("agenda@norte.cl")
                .refreshToken("1//FIXTURE-REFRESH")
                .expiresAt(Instant.parse("2026-03-01T12:34:56.123456789Z"))
                .scopes(Set.of("https://www.googleapis.com/auth/calendar.events", "openid"))
                .build());
  }

  @Test
  void aKeysetEncryptedBeforeTheSplitOpens() throws GeneralSecurityException {
    AeadConfig.register();
    Aead master =
        TinkJsonProtoKeysetFormat.parseKeyset(
                FIXTURE.getProperty("master.cleartext"), InsecureSecretKeyAccess.get())
            .getPrimitive(RegistryConfiguration.get(), Aead.class);

    TokenKeyset keyset =
        TokenKeyset.fromEncryptedJson(FIXTURE.getProperty("keyset.encrypted"), master);

    assertThat(keyset.insecureToCleartextJson())
        .isEqualTo(
            TokenKeyset.insecureFromCleartextJson(FIXTURE.getProperty("keyset.cleartext"))
                .insecureToCleartextJson());
  }

  private static Properties load(String name) {
    Properties properties = new Properties();
    try (InputStream in = StoredFormatTest.class.getResourceAsStream(name)) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }
}
