package dev.cita.scheduling.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * The redaction rules shared by logs and exception messages: which headers, query parameters and
 * body fields hold secrets, and how phone numbers are masked. Everything here is pure and
 * thread-safe.
 *
 * <pre>{@code
 * Redaction.maskPhone("whatsapp:+14155550123");              // "whatsapp:+********123"
 * Redaction.redactQuery(HttpUrl.get("https://x.test/cb?code=abc&state=s"));
 *                                                            // "https://x.test/cb?code=REDACTED&state=s"
 * Redaction.isSensitiveHeader("X-Twilio-Signature");         // true
 * }</pre>
 */
public final class Redaction {
  /** What a redacted value is replaced with. */
  public static final String REDACTED = "REDACTED";

  /** E.164-looking numbers, raw or with the plus URL-encoded; the last three digits stay. */
  private static final Pattern PHONE = Pattern.compile("(\\+|%2[bB])(\\d{4,})(\\d{3})(?!\\d)");

  private static final Set<String> SENSITIVE_HEADERS =
      Set.of(
          "authorization",
          "proxy-authorization",
          "cookie",
          "set-cookie",
          "x-twilio-signature",
          "x-cal-signature-256",
          "calendly-webhook-signature");
  private static final String[] SENSITIVE_HEADER_WORDS = {
    "token", "secret", "key", "signature", "auth", "password", "session"
  };
  private static final String[] SENSITIVE_NAME_WORDS = {
    "token",
    "secret",
    "key",
    "signature",
    "password",
    "passwd",
    "credential",
    "assertion",
    "verifier"
  };

  /** Exact (normalised) names that hold one-time codes; "code" alone is the OAuth grant. */
  private static final Set<String> SENSITIVE_EXACT_NAMES =
      Set.of("code", "authcode", "authorizationcode", "otp", "pin", "sig", "authorization");

  private Redaction() {}

  /**
   * Masks every E.164-looking number ({@code +} and seven or more digits, or {@code %2B} and the
   * digits) so only its last three digits remain: {@code +14155550123} becomes {@code
   * +********123}.
   *
   * @param text any text: a URL, a path, a log line
   * @return the text with phone numbers masked; the same string when it has none
   */
  public static String maskPhone(String text) {
    if (text.indexOf('+') < 0 && text.indexOf('%') < 0) {
      return text;
    }
    Matcher m = PHONE.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (m.find()) {
      m.appendReplacement(
          out, Matcher.quoteReplacement(m.group(1) + "*".repeat(m.group(2).length()) + m.group(3)));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * The URL as text with the values of sensitive query parameters (token, secret, key, signature,
   * code, password…) replaced by {@link #REDACTED}, any user info removed, and phone numbers in the
   * path and in the other parameters masked.
   *
   * @param url the URL about to be logged or shown
   * @return the URL as text, safe to log
   */
  public static String redactQuery(HttpUrl url) {
    HttpUrl.Builder b = url.newBuilder().username("").password("").query(null);
    for (int i = 0; i < url.querySize(); i++) {
      String name = url.queryParameterName(i);
      String value = url.queryParameterValue(i);
      String shown = value == null ? null : isSensitiveName(name) ? REDACTED : maskPhone(value);
      b.addQueryParameter(name, shown);
    }
    return maskPhone(b.build().toString());
  }

  /**
   * True for headers that carry credentials or signatures: {@code Authorization}, {@code Cookie},
   * {@code Set-Cookie}, the Twilio, Cal.com and Calendly signature headers, and any header whose
   * name contains token, secret, key, signature, auth, password or session.
   *
   * @param name a header name, in any case
   * @return true when its value must not be logged
   */
  public static boolean isSensitiveHeader(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (SENSITIVE_HEADERS.contains(lower)) {
      return true;
    }
    for (String word : SENSITIVE_HEADER_WORDS) {
      if (lower.contains(word)) {
        return true;
      }
    }
    return false;
  }

  /**
   * True for query parameter, form field and JSON property names whose values are secrets: names
   * containing token, secret, key, signature, password, credential, assertion or verifier ({@code
   * access_token}, {@code client_secret}, {@code api_key}, {@code code_verifier}…), and one-time
   * codes named exactly {@code code}, {@code otp} or {@code pin}.
   *
   * @param name a name in any case; {@code _}, {@code -} and other separators are ignored
   * @return true when its value must not be logged
   */
  public static boolean isSensitiveName(String name) {
    String normalised = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    if (SENSITIVE_EXACT_NAMES.contains(normalised)) {
      return true;
    }
    for (String word : SENSITIVE_NAME_WORDS) {
      if (normalised.contains(word)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A form-encoded body ({@code a=1&b=2}) with sensitive field values redacted and phone numbers
   * masked in the rest; the result is decoded text meant for reading, not for sending.
   *
   * @param form the body, URL-encoded
   * @return the decoded body, safe to log
   */
  public static String redactForm(String form) {
    if (form.isEmpty()) {
      return form;
    }
    StringBuilder out = new StringBuilder(form.length());
    for (String pair : form.split("&", -1)) {
      if (out.length() > 0) {
        out.append('&');
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      out.append(maskPhone(name));
      if (eq >= 0) {
        String value = decode(pair.substring(eq + 1));
        out.append('=').append(isSensitiveName(name) ? REDACTED : maskPhone(value));
      }
    }
    return out.toString();
  }

  /**
   * Free text (an error message from a provider) made safe to show: bearer and basic credentials
   * and {@code name=value} / {@code "name":"value"} pairs with sensitive names are redacted, phone
   * numbers masked, and the result cut to {@code maxChars} characters.
   *
   * @param text the text to clean
   * @param maxChars the longest result; a longer one is cut and ends with {@code …}
   * @return the text, safe to log
   */
  public static String redactText(String text, int maxChars) {
    String out = text.replaceAll("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]+", "$1 " + REDACTED);
    Matcher m =
        Pattern.compile("(?i)(\"?)([a-z0-9_.-]+)(\"?\\s*[:=]\\s*\"?)([^\"&,;\\s}]+)").matcher(out);
    StringBuilder b = new StringBuilder(out.length());
    while (m.find()) {
      String replacement =
          isSensitiveName(m.group(2)) ? m.group(1) + m.group(2) + m.group(3) + REDACTED : m.group();
      m.appendReplacement(b, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(b);
    out = maskPhone(b.toString()).replaceAll("\\s+", " ").strip();
    if (out.length() > maxChars) {
      out = out.substring(0, Math.max(0, maxChars - 1)) + "…";
    }
    return out;
  }

  /**
   * The longest text {@link #redactErrorText} looks at; the rest is dropped before any pattern
   * runs.
   */
  static final int MAX_SCANNED_CHARS = 4_000;

  private static final Pattern EMAIL =
      Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+");

  /** A run of 20+ token characters with a letter and a digit: an API key, JWT part, session id… */
  private static final Pattern TOKEN_LIKE =
      Pattern.compile(
          "(?=[A-Za-z0-9_+/=.]*[0-9])(?=[A-Za-z0-9_+/=.]*[A-Za-z])[A-Za-z0-9_+/=.]{20,}");

  /**
   * Eight or more digits, possibly grouped by spaces, dots or dashes: a phone or account number.
   */
  private static final Pattern LONG_NUMBER =
      Pattern.compile("(?<![0-9])[0-9](?:[ .-]?[0-9]){7,}(?![0-9])");

  /** A date such as 2026-03-04 is kept: it explains an error and identifies no one. */
  private static final Pattern ISO_DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

  /**
   * A provider's error text (the message or code of an error body) made safe for an exception
   * message or a log line: every occurrence of the given credentials (the token the request was
   * sent with) is removed first, then what {@link #redactText} removes, then e-mail addresses,
   * token-like strings (20+ letters and digits) and numbers of eight or more digits (not dates such
   * as 2026-03-04); control characters become spaces, and the result is cut to {@code maxChars}.
   * Only the first {@value #MAX_SCANNED_CHARS} characters are looked at, so a huge body costs
   * little.
   *
   * @param text the provider's message or code
   * @param maxChars the longest result; a longer one is cut and ends with {@code …}
   * @param credentials values the request carried (tokens, secrets) to remove wherever they appear;
   *     those shorter than four characters are ignored
   * @return the text, safe for an exception message or a log line
   */
  public static String redactErrorText(String text, int maxChars, Collection<String> credentials) {
    String out = text.length() > MAX_SCANNED_CHARS ? text.substring(0, MAX_SCANNED_CHARS) : text;
    for (String credential : credentials) {
      if (credential != null && credential.length() >= 4) {
        out = out.replace(credential, REDACTED);
      }
    }
    out = redactText(out.replaceAll("\\p{Cntrl}", " "), Integer.MAX_VALUE);
    out = EMAIL.matcher(out).replaceAll(REDACTED);
    out = TOKEN_LIKE.matcher(out).replaceAll(REDACTED);
    out =
        LONG_NUMBER
            .matcher(out)
            .replaceAll(m -> ISO_DATE.matcher(m.group()).matches() ? m.group() : REDACTED);
    if (out.length() > maxChars) {
      out = out.substring(0, Math.max(0, maxChars - 1)) + "…";
    }
    return out;
  }

  /**
   * A JSON document with the values of sensitive properties (at any depth) replaced by {@link
   * #REDACTED} and phone numbers masked in every other string; text that is not JSON is not shown
   * at all, only its length.
   *
   * @param json a JSON body
   * @return the redacted JSON text, empty for an empty document, or a note with the length when the
   *     text is not JSON
   */
  public static String redactJson(String json) {
    JsonNode tree;
    try {
      tree = JsonCodec.MAPPER.readTree(json);
    } catch (JsonProcessingException notJson) {
      return "(unparseable JSON, " + json.length() + " chars)";
    }
    if (tree == null) {
      return "";
    }
    return redactNode(tree).toString();
  }

  private static JsonNode redactNode(JsonNode node) {
    if (node.isObject()) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        copy.set(
            field.getKey(),
            isSensitiveName(field.getKey())
                ? TextNode.valueOf(REDACTED)
                : redactNode(field.getValue()));
      }
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode();
      node.forEach(element -> copy.add(redactNode(element)));
      return copy;
    }
    if (node.isTextual()) {
      return TextNode.valueOf(maskPhone(node.textValue()));
    }
    return node;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return s;
    }
  }
}
