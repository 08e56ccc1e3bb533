package dev.cita.scheduling.micrometer;

import java.util.Locale;

/**
 * Tag values: enum constants in lower case with dashes ({@code SLOT_UNAVAILABLE} → {@code
 * slot-unavailable}).
 */
final class Labels {
  private Labels() {}

  static String of(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
