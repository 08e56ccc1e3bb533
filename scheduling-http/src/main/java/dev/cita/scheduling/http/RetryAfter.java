package dev.cita.scheduling.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Reads a {@code Retry-After} header: delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
final class RetryAfter {
  /** Far beyond any cap; keeps absurd values from overflowing. */
  private static final long MAX_SECONDS = 366L * 24 * 3600;

  private RetryAfter() {}

  /**
   * The wait the header asks for, from {@code now}, at most 366 days; a date in the past means no
   * wait. Anything else (not delay-seconds, not an RFC 1123 date) is empty; nothing throws.
   */
  static Optional<Duration> parse(@Nullable String value, Instant now) {
    if (value == null) {
      return Optional.empty();
    }
    String v = value.strip();
    if (v.isEmpty()) {
      return Optional.empty();
    }
    if (v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      long seconds = v.length() > 9 ? MAX_SECONDS : Math.min(MAX_SECONDS, Long.parseLong(v));
      return Optional.of(Duration.ofSeconds(seconds));
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration wait = Duration.between(now, at);
      // A year such as 202601 parses; cap it like delay-seconds (found by RetryAfterFuzzTest).
      return Optional.of(
          wait.isNegative() ? Duration.ZERO : min(wait, Duration.ofSeconds(MAX_SECONDS)));
    } catch (DateTimeParseException | ArithmeticException e) {
      return Optional.empty();
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
