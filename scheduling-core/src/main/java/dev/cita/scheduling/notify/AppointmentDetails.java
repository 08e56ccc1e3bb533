package dev.cita.scheduling.notify;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a message says about where and with whom an appointment is, beyond what Cita stores: the
 * branch's name and address, the professional's name and a link where the customer can reschedule
 * or cancel. The application supplies them through an {@link AppointmentDetailsSource}; each is
 * optional, and a message leaves out what is absent.
 *
 * <pre>{@code
 * AppointmentDetails.builder()
 *     .branchName("Clínica Providencia")
 *     .address("Av. Providencia 1234, Santiago")
 *     .professionalName("Dra. Rojas")
 *     .manageLink(URI.create("https://citas.example/a/7f3c"))
 *     .build();
 * }</pre>
 */
public final class AppointmentDetails {
  /** The longest name or address accepted, in characters. */
  public static final int MAX_TEXT = 200;

  private static final AppointmentDetails NONE = builder().build();

  private final @Nullable String branchName;
  private final @Nullable String address;
  private final @Nullable String professionalName;
  private final @Nullable URI manageLink;

  private AppointmentDetails(Builder b) {
    this.branchName = b.branchName;
    this.address = b.address;
    this.professionalName = b.professionalName;
    this.manageLink = b.manageLink;
  }

  /** {@return details with nothing in them: messages show only what Cita stores} */
  public static AppointmentDetails none() {
    return NONE;
  }

  /** {@return an empty builder} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the branch's name, e.g. {@code "Clínica Providencia"}} */
  public Optional<String> branchName() {
    return Optional.ofNullable(branchName);
  }

  /** {@return the branch's street address} */
  public Optional<String> address() {
    return Optional.ofNullable(address);
  }

  /** {@return the name of the professional who attends, e.g. {@code "Dra. Rojas"}} */
  public Optional<String> professionalName() {
    return Optional.ofNullable(professionalName);
  }

  /** {@return the branch's name and address joined by a comma, or what there is of them} */
  public Optional<String> place() {
    if (branchName == null || address == null) {
      return Optional.ofNullable(branchName != null ? branchName : address);
    }
    return Optional.of(branchName + ", " + address);
  }

  /** {@return the page where the customer can reschedule or cancel (http or https)} */
  public Optional<URI> manageLink() {
    return Optional.ofNullable(manageLink);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AppointmentDetails d
        && Objects.equals(branchName, d.branchName)
        && Objects.equals(address, d.address)
        && Objects.equals(professionalName, d.professionalName)
        && Objects.equals(manageLink, d.manageLink);
  }

  @Override
  public int hashCode() {
    return Objects.hash(branchName, address, professionalName, manageLink);
  }

  /** Names the fields present, never their values (a manage link may carry a secret token). */
  @Override
  public String toString() {
    return "AppointmentDetails{"
        + (branchName == null ? "" : "branch ")
        + (address == null ? "" : "address ")
        + (professionalName == null ? "" : "professional ")
        + (manageLink == null ? "" : "link")
        + "}";
  }

  /** Builds {@link AppointmentDetails}; every field is optional. */
  public static final class Builder {
    private @Nullable String branchName;
    private @Nullable String address;
    private @Nullable String professionalName;
    private @Nullable URI manageLink;

    private Builder() {}

    /**
     * The branch's name.
     *
     * @param branchName not blank, at most {@value AppointmentDetails#MAX_TEXT} characters, one
     *     line
     * @return this builder
     */
    public Builder branchName(String branchName) {
      this.branchName = text(branchName, "details.branchName");
      return this;
    }

    /**
     * The branch's street address.
     *
     * @param address not blank, at most {@value AppointmentDetails#MAX_TEXT} characters, one line
     * @return this builder
     */
    public Builder address(String address) {
      this.address = text(address, "details.address");
      return this;
    }

    /**
     * The professional's name.
     *
     * @param professionalName not blank, at most {@value AppointmentDetails#MAX_TEXT} characters,
     *     one line
     * @return this builder
     */
    public Builder professionalName(String professionalName) {
      this.professionalName = text(professionalName, "details.professionalName");
      return this;
    }

    /**
     * The page where the customer can reschedule or cancel.
     *
     * @param manageLink an absolute http or https URI
     * @return this builder
     * @throws ValidationException if it is not an absolute http(s) URI
     */
    public Builder manageLink(URI manageLink) {
      Checks.notNull(manageLink, "details.manageLink");
      String scheme =
          manageLink.getScheme() == null ? "" : manageLink.getScheme().toLowerCase(Locale.ROOT);
      if (!manageLink.isAbsolute()
          || !(scheme.equals("https") || scheme.equals("http"))
          || manageLink.getHost() == null) {
        throw new ValidationException("details.manageLink", "must be an absolute http(s) URI");
      }
      this.manageLink = manageLink;
      return this;
    }

    /** {@return the details} */
    public AppointmentDetails build() {
      return new AppointmentDetails(this);
    }

    private static String text(String value, String field) {
      Checks.notBlank(value, field);
      if (value.length() > MAX_TEXT) {
        throw new ValidationException(field, "must be at most " + MAX_TEXT + " characters");
      }
      if (value.chars().anyMatch(c -> c == '\r' || c == '\n')) {
        throw new ValidationException(field, "must be one line");
      }
      return value.strip();
    }
  }
}
