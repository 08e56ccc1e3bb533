package dev.cita.scheduling.model;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;

/**
 * The rule every Cita id ({@link TenantId}, {@link ResourceId}, {@link AppointmentTypeId}, {@link
 * AppointmentId}) follows: 1 to {@value #MAX_LENGTH} characters from {@code A-Z a-z 0-9 . _ : @ +
 * -}. Ids travel in URLs, log lines and database keys, so they carry no spaces, slashes, quotes or
 * control characters (a tenant id with a newline could forge a log line). E-mail-like ({@code
 * agenda@clinica.cl}), numeric ({@code 1234}), UUID and {@code kind:name} ids fit.
 */
public final class Ids {
  /** The longest id, in characters; the JDBC schema's id columns hold as much. */
  public static final int MAX_LENGTH = 200;

  private Ids() {}

  /**
   * True when {@code value} is a valid id (non-null, 1..{@value #MAX_LENGTH} allowed characters).
   *
   * @param value the text to test; may be {@code null}
   * @return whether it may be used as an id
   */
  public static boolean isValid(String value) {
    if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      if (!allowed(value.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns {@code value} when it is a valid id.
   *
   * @param value the text to check
   * @param field the field name the exception reports, e.g. {@code "tenantId"}
   * @return {@code value}, unchanged
   * @throws ValidationException naming {@code field} otherwise (the message shows no raw input)
   */
  public static String check(String value, String field) {
    Checks.notBlank(value, field);
    if (value.length() > MAX_LENGTH) {
      throw new ValidationException(
          field, "must be at most " + MAX_LENGTH + " characters, was " + value.length());
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!allowed(c)) {
        throw new ValidationException(
            field,
            String.format(
                "may contain only letters A-Z a-z, digits and . _ : @ + - (found U+%04X at index"
                    + " %d)",
                (int) c, i));
      }
    }
    return value;
  }

  private static boolean allowed(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '.'
        || c == '_'
        || c == ':'
        || c == '@'
        || c == '+'
        || c == '-';
  }
}
