package dev.cita.scheduling.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cita.scheduling.internal.Checks;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where a provider puts its error code and human message in an error body. Built-in formats cover
 * the providers Cita talks to; {@link #jsonPointers(String, String)} and {@link #of(Function,
 * Function)} describe any other.
 *
 * <pre>{@code
 * ErrorFormat.twilio();    // {"code": 21211, "message": "...", "status": 400}
 * ErrorFormat.google();    // {"error": {"errors": [{"reason": "rateLimitExceeded"}], "message": "..."}}
 * ErrorFormat.calendly();  // {"title": "Resource Not Found", "message": "..."}
 * ErrorFormat.calcom();    // {"status": "error", "error": {"code": "NotFoundException", "message": "..."}}
 * }</pre>
 */
public final class ErrorFormat {
  private static final ErrorFormat NONE =
      new ErrorFormat(n -> Optional.empty(), n -> Optional.empty());
  private static final ErrorFormat TWILIO = jsonPointers("/code", "/message");
  private static final ErrorFormat GOOGLE =
      new ErrorFormat(
          firstOf("/error/errors/0/reason", "/error/status", "/error"),
          firstOf("/error/message", "/error_description"));
  private static final ErrorFormat CALENDLY =
      new ErrorFormat(firstOf("/title"), ErrorFormat::calendlyMessage);
  private static final ErrorFormat CALCOM =
      new ErrorFormat(firstOf("/error/code", "/code"), firstOf("/error/message", "/message"));

  private final Function<JsonNode, Optional<String>> code;
  private final Function<JsonNode, Optional<String>> message;

  private ErrorFormat(
      Function<JsonNode, Optional<String>> code, Function<JsonNode, Optional<String>> message) {
    this.code = code;
    this.message = message;
  }

  /**
   * A format read by two functions of the parsed body, for a provider no other factory fits.
   *
   * @param code reads the error code; returns empty when it finds nothing
   * @param message reads the human message; returns empty when it finds nothing
   * @return the format
   */
  public static ErrorFormat of(
      Function<JsonNode, Optional<String>> code, Function<JsonNode, Optional<String>> message) {
    return new ErrorFormat(Checks.notNull(code, "code"), Checks.notNull(message, "message"));
  }

  /**
   * A format with the code and the message at two JSON pointers (RFC 6901).
   *
   * @param codePointer where the error code is, such as {@code /error/code}
   * @param messagePointer where the message is, such as {@code /error/message}
   * @return the format; a pointer that finds no text value reads as empty
   * @throws IllegalArgumentException if a pointer is neither empty nor starts with {@code /}
   */
  public static ErrorFormat jsonPointers(String codePointer, String messagePointer) {
    return new ErrorFormat(firstOf(codePointer), firstOf(messagePointer));
  }

  /** {@return a format that reads nothing} Errors then carry only the status and request id. */
  public static ErrorFormat none() {
    return NONE;
  }

  /**
   * {@return Twilio's format: the numeric {@code code} (such as 21211 or 63016) and {@code
   * message}}
   */
  public static ErrorFormat twilio() {
    return TWILIO;
  }

  /**
   * Google APIs: {@code error.errors[0].reason} (e.g. {@code rateLimitExceeded}), else {@code
   * error.status}, else an OAuth {@code error}; message {@code error.message}.
   *
   * @return Google's format
   */
  public static ErrorFormat google() {
    return GOOGLE;
  }

  /**
   * Calendly API v2: {@code title}, and {@code message} followed by each of {@code details[]} as
   * {@code parameter: message}.
   *
   * @return Calendly's format
   */
  public static ErrorFormat calendly() {
    return CALENDLY;
  }

  /** {@return Cal.com API v2's format: {@code error.code} and {@code error.message}} */
  public static ErrorFormat calcom() {
    return CALCOM;
  }

  /**
   * Reads the provider's error code.
   *
   * @param body the parsed error body
   * @return the code, or empty when the body has none or it is blank
   */
  public Optional<String> code(JsonNode body) {
    return code.apply(body).filter(s -> !s.isBlank());
  }

  /**
   * Reads the provider's human message, not yet redacted.
   *
   * @param body the parsed error body
   * @return the message, or empty when the body has none or it is blank
   */
  public Optional<String> message(JsonNode body) {
    return message.apply(body).filter(s -> !s.isBlank());
  }

  private static Optional<String> calendlyMessage(JsonNode body) {
    JsonNode message = body.get("message");
    StringBuilder text =
        new StringBuilder(message != null && message.isValueNode() ? message.asText() : "");
    JsonNode details = body.get("details");
    if (details != null && details.isArray()) {
      StringBuilder d = new StringBuilder();
      for (JsonNode detail : details) {
        JsonNode parameter = detail.get("parameter");
        JsonNode what = detail.get("message");
        if (what == null || !what.isValueNode()) {
          continue;
        }
        d.append(d.length() == 0 ? "" : "; ")
            .append(parameter != null && parameter.isValueNode() ? parameter.asText() + ": " : "")
            .append(what.asText());
      }
      if (d.length() > 0) {
        text.append(text.length() == 0 ? "" : " ").append('(').append(d).append(')');
      }
    }
    return text.length() == 0 ? Optional.empty() : Optional.of(text.toString());
  }

  private static Function<JsonNode, Optional<String>> firstOf(String... pointers) {
    for (String pointer : pointers) {
      if (!pointer.isEmpty() && !pointer.startsWith("/")) {
        throw new IllegalArgumentException("JSON pointer must start with '/': " + pointer);
      }
    }
    return body -> {
      for (String pointer : pointers) {
        JsonNode node = body.at(pointer);
        if (node.isValueNode() && !node.isNull()) {
          return Optional.of(node.asText());
        }
      }
      return Optional.empty();
    };
  }
}
