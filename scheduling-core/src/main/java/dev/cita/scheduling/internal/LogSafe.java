package dev.cita.scheduling.internal;

import org.jspecify.annotations.Nullable;

/**
 * Makes text that came from outside (a webhook URL, a provider's field, a customer's name) safe to
 * put in one log line: line breaks, NUL and every other control character, and the Unicode line
 * separators and bidirectional overrides, are written as escapes ({@code \n}, {@code \u0000}), and
 * very long text is cut. A value with a newline can then never start a forged second log line. Not
 * public API.
 */
public final class LogSafe {
  /**
   * The longest text kept from one value, in characters, before the cut is marked with an ellipsis.
   */
  public static final int MAX_CHARS = 500;

  private LogSafe() {}

  /**
   * {@code value}'s text (or {@code "null"}) with control characters escaped, at most about {@value
   * #MAX_CHARS} chars.
   */
  public static String escape(@Nullable Object value) {
    String text = String.valueOf(value);
    int end = Math.min(text.length(), MAX_CHARS);
    StringBuilder out = null;
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      if (needsEscape(c)) {
        if (out == null) {
          out = new StringBuilder(end + 16).append(text, 0, i);
        }
        switch (c) {
          case '\n' -> out.append("\\n");
          case '\r' -> out.append("\\r");
          case '\t' -> out.append("\\t");
          default -> out.append(String.format("\\u%04X", (int) c));
        }
      } else if (out != null) {
        out.append(c);
      }
    }
    if (end < text.length()) {
      return (out == null ? text.substring(0, end) : out.toString())
          + "…("
          + text.length()
          + " chars)";
    }
    return out == null ? text : out.toString();
  }

  /** True for characters a log line must not carry raw. */
  public static boolean needsEscape(char c) {
    return Character.isISOControl(c)
        || c == '\u2028'
        || c == '\u2029'
        || c == '\u0085'
        || (c >= '\u202A' && c <= '\u202E')
        || (c >= '\u2066' && c <= '\u2069');
  }
}
