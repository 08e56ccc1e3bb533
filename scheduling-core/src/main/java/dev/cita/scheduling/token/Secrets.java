package dev.cita.scheduling.token;

import java.security.SecureRandom;
import java.util.Base64;

/** Random secrets for the authorization flow, from one shared {@link SecureRandom}. */
final class Secrets {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private Secrets() {}

  /** {@code bytes} random bytes, base64url-encoded without padding. */
  static String randomBase64Url(int bytes) {
    byte[] raw = new byte[bytes];
    RANDOM.nextBytes(raw);
    return BASE64URL.encodeToString(raw);
  }

  static String base64Url(byte[] raw) {
    return BASE64URL.encodeToString(raw);
  }
}
