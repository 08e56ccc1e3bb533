package dev.cita.scheduling.token;

import dev.cita.scheduling.ValidationException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;

/**
 * A PKCE pair (RFC 7636): a secret code verifier that stays on the server and its {@code S256} code
 * challenge that goes in the authorization URL. Immutable; {@link #toString()} hides the verifier.
 */
public final class Pkce {
  /** The only challenge method Cita uses. */
  public static final String METHOD = "S256";

  private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9\\-._~]{43,128}");

  private final String verifier;
  private final String challenge;

  private Pkce(String verifier, String challenge) {
    this.verifier = verifier;
    this.challenge = challenge;
  }

  /**
   * {@return a new pair: 32 bytes from {@link java.security.SecureRandom}, base64url without
   * padding}
   */
  public static Pkce generate() {
    return of(Secrets.randomBase64Url(32));
  }

  /**
   * The pair of a known verifier, for example one loaded back from storage.
   *
   * @param verifier 43 to 128 characters from {@code A-Z a-z 0-9 - . _ ~}
   * @return the pair
   * @throws ValidationException if the verifier is malformed
   */
  public static Pkce of(String verifier) {
    return new Pkce(verifier, s256Challenge(verifier));
  }

  /**
   * {@code BASE64URL(SHA-256(ASCII(verifier)))} without padding, as RFC 7636 section 4.2 defines.
   *
   * @param verifier 43 to 128 characters from {@code A-Z a-z 0-9 - . _ ~}
   * @return the challenge
   * @throws ValidationException if the verifier is malformed
   */
  public static String s256Challenge(String verifier) {
    if (verifier == null || !VERIFIER.matcher(verifier).matches()) {
      throw new ValidationException(
          "codeVerifier", "must be 43 to 128 characters from A-Z a-z 0-9 - . _ ~");
    }
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return Secrets.base64Url(sha256.digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(
          "this Java runtime has no SHA-256, which every runtime must have", e);
    }
  }

  /** {@return the secret code verifier, sent only in the token exchange} Never log it. */
  public String verifier() {
    return verifier;
  }

  /** {@return the code challenge for the authorization URL} */
  public String challenge() {
    return challenge;
  }

  /** {@return always {@value #METHOD}} */
  public String method() {
    return METHOD;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Pkce p && verifier.equals(p.verifier);
  }

  @Override
  public int hashCode() {
    return verifier.hashCode();
  }

  @Override
  public String toString() {
    return "Pkce{challenge=" + challenge + ", method=" + METHOD + ", verifier=[redacted]}";
  }
}
