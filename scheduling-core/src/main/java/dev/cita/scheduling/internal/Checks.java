package dev.cita.scheduling.internal;

import dev.cita.scheduling.ValidationException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import org.jspecify.annotations.Nullable;

/** Argument checks that raise {@link ValidationException} naming the field. Not public API. */
public final class Checks {
  private Checks() {}

  @Contract("null, _ -> fail")
  public static <T> T notNull(@Nullable T value, String field) {
    if (value == null) {
      throw new ValidationException(field, "is required");
    }
    return value;
  }

  @Contract("null, _ -> fail")
  public static String notBlank(@Nullable String value, String field) {
    notNull(value, field);
    if (value.isBlank()) {
      throw new ValidationException(field, "must not be blank");
    }
    return value;
  }

  /**
   * Refuses a null or empty set, or one holding a null or blank id; returns an immutable copy in a
   * stable (sorted) order.
   */
  public static java.util.List<String> nonEmptyIds(
      java.util.@Nullable Set<String> ids, String field) {
    notNull(ids, field);
    if (ids.isEmpty()) {
      throw new ValidationException(field, "must not be empty");
    }
    java.util.List<String> out = new java.util.ArrayList<>();
    for (String id : ids) {
      if (id == null || id.isBlank()) {
        throw new ValidationException(field, "must not hold a blank id");
      }
      out.add(id);
    }
    java.util.Collections.sort(out);
    return java.util.List.copyOf(out);
  }

  /** Refuses a text longer than {@code max} characters; null passes (check presence separately). */
  @Contract("!null, _, _ -> !null")
  public static @Nullable String maxLength(@Nullable String value, int max, String field) {
    if (value != null && value.length() > max) {
      throw new ValidationException(
          field, "must be at most " + max + " characters, was " + value.length());
    }
    return value;
  }

  /**
   * Refuses text holding control characters (NUL, line breaks, tabs…) or Unicode line separators or
   * bidirectional overrides: a name is shown in messages and logs, where those would forge lines.
   */
  public static String noControlCharacters(String value, String field) {
    for (int i = 0; i < value.length(); i++) {
      if (LogSafe.needsEscape(value.charAt(i))) {
        throw new ValidationException(
            field,
            String.format(
                "must not contain control characters (found U+%04X at index %d)",
                (int) value.charAt(i), i));
      }
    }
    return value;
  }

  @Contract("null, _ -> fail")
  public static Duration positive(@Nullable Duration value, String field) {
    notNull(value, field);
    if (value.isNegative() || value.isZero()) {
      throw new ValidationException(field, "must be positive, was " + value);
    }
    return value;
  }

  @Contract("null, _ -> fail")
  public static Duration notNegative(@Nullable Duration value, String field) {
    notNull(value, field);
    if (value.isNegative()) {
      throw new ValidationException(field, "must not be negative, was " + value);
    }
    return value;
  }

  public static Duration atLeast(@Nullable Duration value, Duration min, String field) {
    notNull(value, field);
    if (value.compareTo(min) < 0) {
      throw new ValidationException(field, "must be at least " + min + ", was " + value);
    }
    return value;
  }

  public static Duration atMost(Duration value, Duration max, String field) {
    if (value.compareTo(max) > 0) {
      throw new ValidationException(field, "must be at most " + max + ", was " + value);
    }
    return value;
  }

  public static int atLeast(int value, int min, String field) {
    if (value < min) {
      throw new ValidationException(field, "must be at least " + min + ", was " + value);
    }
    return value;
  }

  public static long atLeast(long value, long min, String field) {
    if (value < min) {
      throw new ValidationException(field, "must be at least " + min + ", was " + value);
    }
    return value;
  }

  /** Parses a region or offset zone id, rejecting unknown ones with a typed error. */
  @Contract("null, _ -> fail")
  public static ZoneId zone(@Nullable String id, String field) {
    notBlank(id, field);
    try {
      return ZoneId.of(id);
    } catch (DateTimeException e) {
      throw new ValidationException(field, "unknown time zone '" + id + "'");
    }
  }
}
