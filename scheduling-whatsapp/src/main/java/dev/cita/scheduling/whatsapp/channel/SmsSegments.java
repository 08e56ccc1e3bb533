package dev.cita.scheduling.whatsapp.channel;

import dev.cita.scheduling.internal.Checks;

/**
 * How an SMS text is encoded and into how many segments it is split (3GPP TS 23.038 alphabet, TS
 * 23.040 concatenation; Twilio's "What the heck is a segment?" page gives the same limits).
 *
 * <ul>
 *   <li>GSM-7 when every character is in the GSM 03.38 basic table or its extension table; an
 *       extension character ({@code ^ { } \ [ ] ~ | €} and form feed) takes two septets (escape +
 *       character). One segment holds 160 septets; a multi-part message holds 153 per segment.
 *   <li>UCS-2 otherwise (one {@code á}, {@code í}, {@code ó}, {@code ú} or emoji is enough): every
 *       UTF-16 code unit counts, so an emoji (a surrogate pair) counts 2. One segment holds 70
 *       units; a multi-part message 67 per segment.
 * </ul>
 *
 * A two-unit character (an extension character, a surrogate pair) is never split across segments,
 * as phones and Twilio do. Immutable.
 */
public final class SmsSegments {
  /** The SMS data coding. */
  public enum Encoding {
    /** The GSM 7-bit default alphabet with its extension table. */
    GSM_7,
    /** UTF-16 (UCS-2 with surrogate pairs), for every other text. */
    UCS_2
  }

  /** GSM 03.38 basic table, minus the escape; the positions do not matter here. */
  private static final String GSM_BASIC =
      "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
          + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

  /** GSM 03.38 extension table: each is sent as escape + character, two septets. */
  private static final String GSM_EXTENSION = "\f^{}\\[~]|€";

  private final Encoding encoding;
  private final int units;
  private final int segments;

  private SmsSegments(Encoding encoding, int units, int segments) {
    this.encoding = encoding;
    this.units = units;
    this.segments = segments;
  }

  /**
   * Measures a text.
   *
   * @param text the message body
   * @return its encoding, length in units and segment count
   * @throws dev.cita.scheduling.ValidationException if {@code text} is null
   */
  public static SmsSegments of(String text) {
    Checks.notNull(text, "text");
    boolean gsm = text.chars().allMatch(c -> GSM_BASIC.indexOf(c) >= 0 || isExtension(c));
    return gsm ? gsm7(text) : ucs2(text);
  }

  private static SmsSegments gsm7(String text) {
    int[] costs = text.chars().map(c -> isExtension(c) ? 2 : 1).toArray();
    return new SmsSegments(Encoding.GSM_7, sum(costs), count(costs, 160, 153));
  }

  private static SmsSegments ucs2(String text) {
    int[] costs = text.codePoints().map(Character::charCount).toArray();
    return new SmsSegments(Encoding.UCS_2, sum(costs), count(costs, 70, 67));
  }

  private static boolean isExtension(int c) {
    return GSM_EXTENSION.indexOf(c) >= 0;
  }

  private static int sum(int[] costs) {
    int total = 0;
    for (int cost : costs) {
      total += cost;
    }
    return total;
  }

  /** Fills segments greedily, never splitting one character's units. */
  private static int count(int[] costs, int single, int perPart) {
    if (sum(costs) <= single) {
      return 1;
    }
    int segments = 1;
    int used = 0;
    for (int cost : costs) {
      if (used + cost > perPart) {
        segments++;
        used = 0;
      }
      used += cost;
    }
    return segments;
  }

  /** {@return GSM-7 when every character is in the GSM alphabet, otherwise UCS-2} */
  public Encoding encoding() {
    return encoding;
  }

  /**
   * {@return the length in septets (GSM-7, extension characters counting 2) or UTF-16 code units
   * (UCS-2, emoji counting 2)}
   */
  public int units() {
    return units;
  }

  /** {@return how many SMS segments the text is sent as; 1 for an empty text} */
  public int segments() {
    return segments;
  }

  @Override
  public String toString() {
    return "SmsSegments{" + encoding + ", " + units + " units, " + segments + " segments}";
  }
}
