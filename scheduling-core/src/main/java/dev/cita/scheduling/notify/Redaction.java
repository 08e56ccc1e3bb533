package dev.cita.scheduling.notify;

import dev.cita.scheduling.model.Attendee;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Masks phone numbers and e-mail addresses before they reach a log line or a toString. */
final class Redaction {
  private static final Pattern PHONE = Pattern.compile("\\+[1-9][0-9]{6,14}");

  private Redaction() {}

  static String address(AddressKind kind, String address) {
    if (kind == AddressKind.PHONE) {
      return Attendee.maskPhone(address);
    }
    int at = address.indexOf('@');
    return at <= 0 ? "***" : address.charAt(0) + "***" + address.substring(at);
  }

  /** Masks every E.164 number in free text, such as an exception message from a channel. */
  static String phones(@Nullable String text) {
    if (text == null) {
      return "";
    }
    Matcher m = PHONE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(Attendee.maskPhone(m.group())));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** An exception for a log line: its type and its message with phone numbers masked. */
  static String error(Throwable e) {
    return e.getClass().getSimpleName() + ": " + phones(e.getMessage());
  }
}
