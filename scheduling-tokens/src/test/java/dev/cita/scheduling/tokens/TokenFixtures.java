package dev.cita.scheduling.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.OAuthCredential;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/** Credentials, connections, master keys and a secret-leak detector shared by the token tests. */
final class TokenFixtures {
  static final String ACCESS_TOKEN = "ya29.ACCESS-SECRET-7f3a9c";
  static final String REFRESH_TOKEN = "1//REFRESH-SECRET-b41d2e";
  static final String OTHER_ACCESS_TOKEN = "ya29.OTHER-ACCESS-SECRET-55aa01";

  static final TenantId NORTE = TenantId.of("clinica-norte");
  static final TenantId SUR = TenantId.of("clinica-sur");
  static final ConnectionKey NORTE_GOOGLE = ConnectionKey.of(NORTE, "google", "agenda@norte.cl");
  static final ConnectionKey SUR_GOOGLE = ConnectionKey.of(SUR, "google", "agenda@norte.cl");
  static final ConnectionKey NORTE_CALENDLY =
      ConnectionKey.of(NORTE, "calendly", "agenda@norte.cl");
  static final ConnectionKey NORTE_GOOGLE_OTHER_ACCOUNT =
      ConnectionKey.of(NORTE, "google", "otra@norte.cl");

  private TokenFixtures() {}

  /** A credential with every field set, including an expiry with nanoseconds. */
  static OAuthCredential googleCredential() {
    return OAuthCredential.builder("google", "agenda@norte.cl", ACCESS_TOKEN)
        .accountEmail("agenda@norte.cl")
        .refreshToken(REFRESH_TOKEN)
        .expiresAt(Instant.parse("2026-03-01T12:34:56.123456789Z"))
        .scopes(Set.of("https://www.googleapis.com/auth/calendar.events", "openid"))
        .build();
  }

  static OAuthCredential credentialFor(ConnectionKey key, String accessToken) {
    return OAuthCredential.builder(key.provider(), key.account(), accessToken)
        .refreshToken(REFRESH_TOKEN)
        .expiresAt(Instant.parse("2026-03-01T12:00:00Z"))
        .build();
  }

  /** A fresh master AEAD, standing in for a KMS key. */
  static Aead newMasterKey() {
    try {
      AeadConfig.register();
      return KeysetHandle.generateNew(
              PredefinedAeadParameters.AES256_GCM, RegistryConfiguration.get())
          .getPrimitive(RegistryConfiguration.get(), Aead.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The base64 key material ({@code key[].keyData.value}) of a keyset's cleartext JSON. */
  static List<String> keyMaterial(TokenKeyset keyset) {
    try {
      JsonNode root = new ObjectMapper().readTree(keyset.insecureToCleartextJson());
      List<String> values = new ArrayList<>();
      root.get("key").forEach(k -> values.add(k.get("keyData").get("value").asText()));
      return values;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The secrets of {@code secrets} that occur in {@code text}. */
  static List<String> leaks(String text, Collection<String> secrets) {
    return secrets.stream().filter(text::contains).toList();
  }

  /**
   * A throwable's full stack trace, causes and suppressed ones included, as a log would print it.
   */
  static String stackTrace(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
