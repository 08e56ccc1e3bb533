package dev.cita.scheduling.tokens;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.cita.scheduling.SchedulingException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.OAuthCredential;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Turns a credential into the JSON bytes that get sealed, and a connection into the associated data
 * that binds a ciphertext to its row. Instants are ISO-8601 strings, so nothing is rounded.
 */
final class CredentialCodec {
  /** Part of the stored format (StoredFormatTest): changing it makes every row unreadable. */
  private static final byte[] AD_PREFIX = "cita/token/v1".getBytes(StandardCharsets.UTF_8);

  private static final int FORMAT_VERSION = 1;
  private static final ObjectMapper JSON =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private CredentialCodec() {}

  /**
   * A fixed prefix, then tenant, provider and account, each as a 4-byte big-endian length and its
   * UTF-8 bytes; lengths make it unambiguous ({@code ("ab","c")} differs from {@code ("a","bc")}).
   */
  static byte[] associatedData(ConnectionKey connection) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(AD_PREFIX);
    for (String part :
        List.of(connection.tenant().value(), connection.provider(), connection.account())) {
      byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
      out.writeBytes(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
      out.writeBytes(bytes);
    }
    return out.toByteArray();
  }

  static byte[] toJson(OAuthCredential credential) {
    Stored stored =
        new Stored(
            FORMAT_VERSION,
            credential.provider(),
            credential.accountId(),
            credential.accountEmail().orElse(null),
            credential.accessToken(),
            credential.refreshToken().orElse(null),
            credential.expiresAt().map(Instant::toString).orElse(null),
            List.copyOf(new TreeSet<>(credential.scopes())));
    try {
      return JSON.writeValueAsBytes(stored);
    } catch (IOException e) {
      // The exception could quote a token: keep only its type.
      throw new SchedulingException(
          "could not serialize credential (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** Reads authenticated plaintext; any problem becomes a typed error that quotes no content. */
  static OAuthCredential fromJson(byte[] json, ConnectionKey connection) {
    try {
      Stored s = JSON.readValue(json, Stored.class);
      if (s.v() != FORMAT_VERSION) {
        throw new CredentialDecryptionException(
            connection, "unknown credential format version " + s.v());
      }
      return OAuthCredential.builder(s.provider(), s.accountId(), s.accessToken())
          .accountEmail(s.accountEmail())
          .refreshToken(s.refreshToken())
          .expiresAt(s.expiresAt() == null ? null : Instant.parse(s.expiresAt()))
          .scopes(s.scopes() == null ? Set.of() : Set.copyOf(s.scopes()))
          .build();
    } catch (IOException | RuntimeException e) {
      if (e instanceof CredentialDecryptionException) {
        throw (CredentialDecryptionException) e;
      }
      String field =
          e instanceof ValidationException ? " (" + ((ValidationException) e).field() + ")" : "";
      throw new CredentialDecryptionException(
          connection,
          "decrypted content is not a valid credential: " + e.getClass().getSimpleName() + field);
    }
  }

  /** The stored form; field names are the on-disk format, so do not rename them. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  private record Stored(
      int v,
      String provider,
      String accountId,
      @Nullable String accountEmail,
      String accessToken,
      @Nullable String refreshToken,
      @Nullable String expiresAt,
      @Nullable List<String> scopes) {}
}
