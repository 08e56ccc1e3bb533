package dev.cita.scheduling.spi;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One line of a tenant's (branch's) mapping between a booking tool and Cita: an external id of some
 * kind at the provider — an account, a host (user), an event type — and the Cita resource or
 * appointment type it stands for, with a few non-secret settings of the line (such as {@code
 * multipleLengths=true}). Each adapter decides its kinds and attributes; a store keeps them as they
 * are. Secrets (webhook signing keys, tokens) never belong here.
 *
 * @param tenant the tenant (branch) the line belongs to
 * @param provider the provider, such as {@code "calcom"}
 * @param kind what the external id names, such as {@code "eventType"}; letters, digits, {@code _-.}
 * @param externalId the id at the provider, such as an event type id or a user URI
 * @param resource the resource it stands for, if any
 * @param appointmentType the appointment type it stands for, if any
 * @param attributes settings of the line; copied, sorted by key
 */
public record ProviderMapping(
    TenantId tenant,
    String provider,
    String kind,
    String externalId,
    @Nullable ResourceId resource,
    @Nullable AppointmentTypeId appointmentType,
    Map<String, String> attributes) {
  /** The longest provider or kind, in characters. */
  public static final int MAX_NAME_LENGTH = 100;

  /** The longest external id, in characters. */
  public static final int MAX_EXTERNAL_ID_LENGTH = 500;

  /** The most attributes one line may have. */
  public static final int MAX_ATTRIBUTES = 20;

  /** The longest attribute value, in characters (names follow the kind's rule). */
  public static final int MAX_ATTRIBUTE_LENGTH = 1000;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

  /**
   * Checks the components and copies the attributes.
   *
   * @param tenant the tenant the line belongs to
   * @param provider the provider, not blank, at most {@value #MAX_NAME_LENGTH} characters
   * @param kind letters, digits and {@code _-.}, at most {@value #MAX_NAME_LENGTH} characters
   * @param externalId not blank, at most {@value #MAX_EXTERNAL_ID_LENGTH} characters
   * @param resource the resource it stands for, if any
   * @param appointmentType the appointment type it stands for, if any
   * @param attributes at most {@value #MAX_ATTRIBUTES}; names as kinds, values at most {@value
   *     #MAX_ATTRIBUTE_LENGTH} characters
   * @throws ValidationException naming the component that is missing or does not fit
   */
  public ProviderMapping {
    Checks.notNull(tenant, "mapping.tenant");
    Checks.maxLength(
        Checks.notBlank(provider, "mapping.provider"), MAX_NAME_LENGTH, "mapping.provider");
    name(kind, "mapping.kind");
    Checks.maxLength(
        Checks.noControlCharacters(
            Checks.notBlank(externalId, "mapping.externalId"), "mapping.externalId"),
        MAX_EXTERNAL_ID_LENGTH,
        "mapping.externalId");
    Checks.notNull(attributes, "mapping.attributes");
    if (attributes.size() > MAX_ATTRIBUTES) {
      throw new ValidationException(
          "mapping.attributes", "must be at most " + MAX_ATTRIBUTES + ", was " + attributes.size());
    }
    Map<String, String> copy = new TreeMap<>();
    attributes.forEach(
        (k, v) -> {
          name(k, "mapping.attributes");
          Checks.maxLength(
              Checks.notNull(v, "mapping.attributes." + k),
              MAX_ATTRIBUTE_LENGTH,
              "mapping.attributes." + k);
          copy.put(k, v);
        });
    attributes = Collections.unmodifiableMap(copy);
  }

  private static void name(@Nullable String value, String field) {
    Checks.maxLength(Checks.notBlank(value, field), MAX_NAME_LENGTH, field);
    if (!NAME.matcher(value).matches()) {
      throw new ValidationException(field, "must be letters, digits and _-. only");
    }
  }

  /**
   * A line with no attributes.
   *
   * @param tenant the tenant the line belongs to
   * @param provider the provider
   * @param kind what the external id names
   * @param externalId the id at the provider
   * @param resource the resource it stands for, if any
   * @param appointmentType the appointment type it stands for, if any
   * @return the line
   * @throws ValidationException naming the component that is missing or does not fit
   */
  public static ProviderMapping of(
      TenantId tenant,
      String provider,
      String kind,
      String externalId,
      @Nullable ResourceId resource,
      @Nullable AppointmentTypeId appointmentType) {
    return new ProviderMapping(
        tenant, provider, kind, externalId, resource, appointmentType, Map.of());
  }

  /**
   * The same line with one more attribute.
   *
   * @param name the attribute's name
   * @param value its value
   * @return a new line
   * @throws ValidationException if the name or value does not fit
   */
  public ProviderMapping with(String name, String value) {
    Map<String, String> more = new TreeMap<>(attributes);
    more.put(Checks.notNull(name, "name"), Checks.notNull(value, "value"));
    return new ProviderMapping(tenant, provider, kind, externalId, resource, appointmentType, more);
  }

  /**
   * An attribute.
   *
   * @param name the attribute's name
   * @return its value, or empty when the line has none
   */
  public Optional<String> attribute(String name) {
    return Optional.ofNullable(attributes.get(name));
  }
}
