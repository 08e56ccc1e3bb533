package dev.cita.scheduling.whatsapp;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks Twilio's {@code X-Twilio-Signature}: Base64 of HMAC-SHA1, keyed with the account's auth
 * token, over the full URL (with its query) followed by every POST parameter sorted by name, each
 * as name then value with no separators. A repeated parameter contributes name and value once per
 * value, values sorted. JSON bodies are signed differently: the URL carries {@code bodySHA256=<hex
 * SHA-256 of the raw body>}, the signature covers that URL alone, and the body must hash to that
 * value.
 *
 * <p>Twilio may sign the URL with or without the scheme's default port ({@code :443} for https,
 * {@code :80} for http), so a signature is accepted for the URL as given, with the port added and
 * with it removed. Comparisons are constant-time; text is always encoded as UTF-8. Thread-safe.
 *
 * <pre>{@code
 * TwilioRequestValidator validator = TwilioRequestValidator.withAuthToken(authToken);
 * boolean ok = validator.validate(url, formParams, request.getHeader("X-Twilio-Signature"));
 * }</pre>
 *
 * <p>{@link #toString()} never shows the token.
 */
public final class TwilioRequestValidator {
  /** The query parameter that carries the hex SHA-256 of a JSON body. */
  public static final String BODY_SHA256 = "bodySHA256";

  private static final String HMAC_SHA1 = "HmacSHA1";

  private final SecretKeySpec key;

  private TwilioRequestValidator(SecretKeySpec key) {
    this.key = key;
  }

  /**
   * A validator keyed with the account's auth token (the secret; it is kept only as key bytes).
   *
   * @param authToken the auth token of the Twilio account that sends the webhooks
   * @return the validator
   * @throws ValidationException if the token is null or blank
   */
  public static TwilioRequestValidator withAuthToken(String authToken) {
    if (authToken == null || authToken.isBlank()) {
      throw new ValidationException("twilio.authToken", "is required");
    }
    return new TwilioRequestValidator(
        new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), HMAC_SHA1));
  }

  /**
   * True if {@code signature} signs a form-encoded (or bodiless) request to {@code url} with these
   * POST parameters. A null or empty signature never validates.
   *
   * @param url the full URL Twilio called, with its query, as seen before any proxy rewrote it
   * @param params the decoded POST parameters, each name with its values; empty for a GET
   * @param signature the {@code X-Twilio-Signature} header, or null when it is missing
   * @return true when the signature matches
   */
  public boolean validate(
      String url, Map<String, ? extends List<String>> params, String signature) {
    Checks.notBlank(url, "url");
    Checks.notNull(params, "params");
    if (signature == null || signature.isEmpty()) {
      return false;
    }
    boolean valid = false;
    for (String candidate : urlVariants(url)) {
      // No early exit: every variant costs the same, whichever one matches.
      valid |= signatureMatches(candidate, params, signature);
    }
    return valid;
  }

  /**
   * True if {@code signature} signs a JSON-body request: {@code url} must carry {@link
   * #BODY_SHA256}, the signature must cover the URL with no parameters, and the hex SHA-256 of
   * {@code body} must equal the value in the URL.
   *
   * @param url the full URL Twilio called, with its query, as seen before any proxy rewrote it
   * @param body the raw body
   * @param signature the {@code X-Twilio-Signature} header, or null when it is missing
   * @return true when the signature and the body hash both match; false when the URL has no {@link
   *     #BODY_SHA256}
   */
  public boolean validateJsonBody(String url, byte[] body, String signature) {
    Checks.notBlank(url, "url");
    Checks.notNull(body, "body");
    Optional<String> expectedHash = bodyHashOf(url);
    if (expectedHash.isEmpty()) {
      return false;
    }
    boolean signed = validate(url, Map.of(), signature);
    return signed & bodyHashMatches(body, expectedHash.get());
  }

  /**
   * The value of the URL's {@link #BODY_SHA256} query parameter, if it has one; empty when the
   * query is not valid form encoding (such a URL signs no JSON body).
   */
  static Optional<String> bodyHashOf(String url) {
    int query = url.indexOf('?');
    if (query < 0) {
      return Optional.empty();
    }
    int fragment = url.indexOf('#', query);
    String q = fragment < 0 ? url.substring(query + 1) : url.substring(query + 1, fragment);
    List<String> values;
    try {
      values = FormEncoding.parse(q).getOrDefault(BODY_SHA256, List.of());
    } catch (IllegalArgumentException malformed) {
      // Found by TwilioWebhooksFuzzTest (seed malformed-escape-in-query): "?bodySHA256=%zz" threw
      // IllegalArgumentException out of verify() and parse().
      return Optional.empty();
    }
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  private static boolean bodyHashMatches(byte[] body, String hexHash) {
    byte[] actual = HexFormat.of().formatHex(sha256(body)).getBytes(StandardCharsets.US_ASCII);
    byte[] claimed = hexHash.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(actual, claimed);
  }

  private boolean signatureMatches(
      String url, Map<String, ? extends List<String>> params, String signature) {
    byte[] expected = sign(url, params).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.UTF_8));
  }

  /** The Base64 signature Twilio would send for this URL and these parameters. */
  String sign(String url, Map<String, ? extends List<String>> params) {
    StringBuilder data = new StringBuilder(url);
    for (Map.Entry<String, ? extends List<String>> e : new TreeMap<>(params).entrySet()) {
      List<String> values = new ArrayList<>(e.getValue());
      values.sort(null);
      for (String value : values) {
        data.append(e.getKey()).append(value);
      }
    }
    Mac mac;
    try {
      mac = Mac.getInstance(HMAC_SHA1);
      mac.init(key);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA1 is required of every Java platform", e);
    }
    byte[] raw = mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8));
    return Base64.getEncoder().encodeToString(raw);
  }

  /** The URL as given, with the scheme's default port added, and with it removed. */
  static Set<String> urlVariants(String url) {
    Set<String> variants = new LinkedHashSet<>();
    variants.add(url);
    int schemeEnd = url.indexOf("://");
    if (schemeEnd < 0) {
      return variants;
    }
    String scheme = url.substring(0, schemeEnd).toLowerCase(java.util.Locale.ROOT);
    String defaultPort = scheme.equals("https") ? "443" : scheme.equals("http") ? "80" : null;
    if (defaultPort == null) {
      return variants;
    }
    int authorityStart = schemeEnd + 3;
    int authorityEnd = authorityStart;
    while (authorityEnd < url.length() && "/?#".indexOf(url.charAt(authorityEnd)) < 0) {
      authorityEnd++;
    }
    String authority = url.substring(authorityStart, authorityEnd);
    int hostStart = authority.lastIndexOf('@') + 1;
    int bracket = authority.lastIndexOf(']');
    int colon = authority.lastIndexOf(':');
    boolean hasPort = colon >= hostStart && colon > bracket;
    String head = url.substring(0, authorityStart);
    String tail = url.substring(authorityEnd);
    if (hasPort) {
      if (authority.substring(colon + 1).equals(defaultPort)) {
        variants.add(head + authority.substring(0, colon) + tail);
      }
    } else {
      variants.add(head + authority + ":" + defaultPort + tail);
    }
    return variants;
  }

  private static byte[] sha256(byte[] body) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(body);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  @Override
  public String toString() {
    return "TwilioRequestValidator{authToken=(redacted)}";
  }
}
