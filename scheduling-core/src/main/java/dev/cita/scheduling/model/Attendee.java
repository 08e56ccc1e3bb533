package dev.cita.scheduling.model;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.internal.LogSafe;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The person an appointment is for. The phone, when given, must be E.164 ({@code +56912345678});
 * {@link #toString()} masks it and the e-mail so that attendees can be logged safely.
 */
public final class Attendee {
  /** The longest name, in characters. */
  public static final int MAX_NAME_LENGTH = 200;

  /** The longest e-mail address, in characters. */
  public static final int MAX_EMAIL_LENGTH = 320;

  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  private final String name;
  private final @Nullable String email;
  private final @Nullable String phone;
  private final Locale locale;
  private final @Nullable ZoneId zone;

  private Attendee(Builder b) {
    this.name =
        Checks.noControlCharacters(
            Checks.maxLength(
                Checks.notBlank(b.name, "attendee.name"), MAX_NAME_LENGTH, "attendee.name"),
            "attendee.name");
    Checks.maxLength(b.email, MAX_EMAIL_LENGTH, "attendee.email");
    if (b.email != null && !EMAIL.matcher(b.email).matches()) {
      throw new ValidationException("attendee.email", "is not an e-mail address");
    }
    if (b.phone != null && !E164.matcher(b.phone).matches()) {
      throw new ValidationException("attendee.phone", "must be in E.164 form such as +56912345678");
    }
    this.email = b.email;
    this.phone = b.phone;
    this.locale = Checks.notNull(b.locale, "attendee.locale");
    this.zone = b.zone;
  }

  /**
   * {@code text} with control characters, line separators and bidirectional overrides replaced by
   * spaces and the ends stripped: a name that came from outside (a provider's booking, a WhatsApp
   * profile) made acceptable to {@link Builder#name}, which refuses those characters.
   *
   * @param text a name from outside; not {@code null}
   * @return the cleaned name, possibly empty
   */
  public static String printableName(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      out.append(LogSafe.needsEscape(c) ? ' ' : c);
    }
    return out.toString().strip();
  }

  /**
   * A phone number as a customer or a channel writes it ({@code "+56 9 1234-5678"}, {@code "(+56)
   * 912345678"}) in the E.164 form attendees are stored with: spaces, hyphens, dots and parentheses
   * are dropped.
   *
   * @param phone the number as written
   * @param field the field to name in an error
   * @return the number in E.164 form, such as {@code +56912345678}
   * @throws ValidationException naming {@code field} if the number is missing or not E.164
   */
  public static String e164(@Nullable String phone, String field) {
    Checks.notNull(phone, field);
    StringBuilder digits = new StringBuilder(phone.length());
    for (int i = 0; i < phone.length(); i++) {
      char c = phone.charAt(i);
      if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')' && c != '\u00a0') {
        digits.append(c);
      }
    }
    String normalized = digits.toString();
    if (!E164.matcher(normalized).matches()) {
      throw new ValidationException(
          field, "must be a phone number in E.164 form such as +56912345678");
    }
    return normalized;
  }

  /**
   * An e-mail address as compared when looking up a customer's appointments: stripped and in lower
   * case, since customers and providers do not keep the case of an address.
   *
   * @param email the address as written
   * @param field the field to name in an error
   * @return the address stripped and in lower case
   * @throws ValidationException naming {@code field} if the address is missing, too long or not an
   *     e-mail address
   */
  public static String emailKey(@Nullable String email, String field) {
    String key = Checks.notNull(email, field).strip().toLowerCase(Locale.ROOT);
    Checks.maxLength(key, MAX_EMAIL_LENGTH, field);
    if (!EMAIL.matcher(key).matches()) {
      throw new ValidationException(field, "is not an e-mail address");
    }
    return key;
  }

  /**
   * Starts a builder for an attendee with the given name.
   *
   * @param name the attendee's name, not blank, at most {@value #MAX_NAME_LENGTH} characters
   * @return a builder with the locale Spanish and no e-mail, phone or zone
   */
  public static Builder builder(String name) {
    return new Builder().name(name);
  }

  /** {@return a builder holding every field of this attendee} Use it to make a changed copy. */
  public Builder toBuilder() {
    return new Builder().name(name).email(email).phone(phone).locale(locale).zone(zone);
  }

  /** {@return the attendee's name, as shown in messages} */
  public String name() {
    return name;
  }

  /** {@return the e-mail address, or empty if none was given} */
  public Optional<String> email() {
    return Optional.ofNullable(email);
  }

  /** {@return the phone in E.164 form, or empty if none was given} */
  public Optional<String> phone() {
    return Optional.ofNullable(phone);
  }

  /** {@return the language messages to this attendee use} Defaults to Spanish. */
  public Locale locale() {
    return locale;
  }

  /** {@return the attendee's own zone, or empty when unknown} Times shown to them use it. */
  public Optional<ZoneId> zone() {
    return Optional.ofNullable(zone);
  }

  /**
   * Masks all but the last three digits: {@code +56912345678} becomes {@code +*******678}.
   *
   * @param phone a phone number; {@code null} gives {@code "***"}
   * @return the masked number, safe to log
   */
  public static String maskPhone(String phone) {
    if (phone == null || phone.length() <= 4) {
      return "***";
    }
    return "+" + "*".repeat(phone.length() - 4) + phone.substring(phone.length() - 3);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Attendee)) {
      return false;
    }
    Attendee a = (Attendee) o;
    return name.equals(a.name)
        && Objects.equals(email, a.email)
        && Objects.equals(phone, a.phone)
        && locale.equals(a.locale)
        && Objects.equals(zone, a.zone);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, email, phone, locale, zone);
  }

  @Override
  public String toString() {
    return "Attendee{name="
        + name
        + (email == null
            ? ""
            : ", email=" + email.charAt(0) + "***" + email.substring(email.indexOf('@')))
        + (phone == null ? "" : ", phone=" + maskPhone(phone))
        + "}";
  }

  /** Collects the fields of an {@link Attendee}; {@link #build()} validates them. */
  public static final class Builder {
    private @Nullable String name;
    private @Nullable String email;
    private @Nullable String phone;
    private Locale locale = Locale.forLanguageTag("es");
    private @Nullable ZoneId zone;

    private Builder() {}

    /**
     * Sets the name (required).
     *
     * @param name not blank, without control characters, at most {@value Attendee#MAX_NAME_LENGTH}
     *     characters
     * @return this builder
     */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /**
     * Sets the e-mail address.
     *
     * @param email an address such as {@code ana@example.cl}; {@code null} for none
     * @return this builder
     */
    public Builder email(@Nullable String email) {
      this.email = email;
      return this;
    }

    /**
     * Sets the phone, in E.164 form such as {@code +56912345678}.
     *
     * @param phone the phone; {@code null} for none
     * @return this builder
     */
    public Builder phone(@Nullable String phone) {
      this.phone = phone;
      return this;
    }

    /**
     * Sets the language messages to this attendee use; Spanish by default.
     *
     * @param locale the locale
     * @return this builder
     */
    public Builder locale(Locale locale) {
      this.locale = locale;
      return this;
    }

    /**
     * Sets the attendee's own zone, used to show them times.
     *
     * @param zone the zone; {@code null} when unknown
     * @return this builder
     */
    public Builder zone(@Nullable ZoneId zone) {
      this.zone = zone;
      return this;
    }

    /**
     * Validates the fields and builds the attendee.
     *
     * @return a new attendee
     * @throws dev.cita.scheduling.ValidationException naming the first missing or invalid field
     */
    public Attendee build() {
      return new Attendee(this);
    }
  }
}
