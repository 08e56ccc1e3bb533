package dev.cita.scheduling.webhook;

import dev.cita.scheduling.internal.Checks;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 signatures as webhook providers send them (Calendly's {@code v1}, Cal.com's {@code
 * X-Cal-Signature-256}): computed with the JDK's {@link Mac} over the raw bytes, written as
 * lowercase hex, and compared in constant time. Shared by the adapters so none of them hand-rolls
 * the comparison.
 */
public final class HmacSignatures {
  private static final String HMAC_SHA256 = "HmacSHA256";
  private static final HexFormat HEX = HexFormat.of();

  private HmacSignatures() {}

  /**
   * Lowercase hex of HMAC-SHA256 under {@code key} over the concatenation of {@code parts}.
   *
   * @param key the HMAC key, not empty
   * @param parts the bytes to sign, in order
   * @return 64 lowercase hex digits
   * @throws IllegalArgumentException if the key is empty
   */
  public static String hmacSha256Hex(byte[] key, byte[]... parts) {
    return HEX.formatHex(hmacSha256(key, parts));
  }

  /**
   * The 32 bytes of HMAC-SHA256 under {@code key} over the concatenation of {@code parts}.
   *
   * @param key the HMAC key, not empty
   * @param parts the bytes to sign, in order
   * @return the MAC
   * @throws IllegalArgumentException if the key is empty
   */
  public static byte[] hmacSha256(byte[] key, byte[]... parts) {
    Checks.notNull(key, "key");
    if (key.length == 0) {
      throw new IllegalArgumentException("an HMAC key must not be empty");
    }
    try {
      Mac mac = Mac.getInstance(HMAC_SHA256);
      mac.init(new SecretKeySpec(key, HMAC_SHA256));
      for (byte[] part : parts) {
        mac.update(part);
      }
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  /**
   * The UTF-8 bytes of a secret configured as text, as providers use them for HMAC keys.
   *
   * @param secret the secret text
   * @return its UTF-8 bytes
   */
  public static byte[] utf8(String secret) {
    return Checks.notNull(secret, "secret").getBytes(StandardCharsets.UTF_8);
  }

  /**
   * True when {@code candidate} is the same hex as {@code expectedHex}, ignoring case, in time that
   * does not depend on where they differ. A null or blank candidate never matches.
   *
   * @param expectedHex the signature computed locally
   * @param candidate the signature the request carried; may be {@code null}
   * @return whether they match
   */
  public static boolean hexEquals(String expectedHex, String candidate) {
    Checks.notNull(expectedHex, "expectedHex");
    if (candidate == null || candidate.isBlank()) {
      return false;
    }
    return MessageDigest.isEqual(
        expectedHex.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII),
        candidate.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
  }
}
