package dev.cita.scheduling.google.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Reads a {@code Retry-After} header: delay-seconds or an HTTP date (RFC 9110 section 10.2.3). */
final class RetryAfter {
  private static final long MAX_SECONDS = 366L * 24 * 3600;

  private RetryAfter() {}

  static Optional<Duration> parse(@Nullable String value, Instant now) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String v = value.strip();
    if (v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      long seconds = v.length() > 9 ? MAX_SECONDS : Math.min(MAX_SECONDS, Long.parseLong(v));
      return Optional.of(Duration.ofSeconds(seconds));
    }
    try {
      Duration wait =
          Duration.between(
              now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
      return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
