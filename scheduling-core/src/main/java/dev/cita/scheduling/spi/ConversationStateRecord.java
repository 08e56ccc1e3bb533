package dev.cita.scheduling.spi;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.internal.ConversationStates;
import dev.cita.scheduling.model.TenantId;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One customer's stored conversation state, as a {@link ConversationStateStore} returns it: opaque
 * bytes, the version that {@link ConversationStateStore#replace} compares, when it was written and
 * when it expires. The customer key is personal data (usually a phone number), so {@link
 * #toString()} masks it and never shows the bytes.
 *
 * @param tenant the tenant the conversation belongs to
 * @param customerKey the customer, as the caller keys them (for WhatsApp: the E.164 phone)
 * @param state the stored bytes; every call returns a fresh copy
 * @param version 1 for a new row, one more with every write
 * @param updatedAt when it was last written
 * @param expiresAt from when it counts as absent
 */
public record ConversationStateRecord(
    TenantId tenant,
    String customerKey,
    byte[] state,
    long version,
    Instant updatedAt,
    Instant expiresAt) {
  /**
   * Checks the components and copies the bytes.
   *
   * @param tenant the tenant the conversation belongs to
   * @param customerKey the customer, not blank
   * @param state the bytes, copied
   * @param version at least 1
   * @param updatedAt when it was last written
   * @param expiresAt from when it counts as absent
   * @throws ValidationException if a component is missing or the version is below 1
   */
  public ConversationStateRecord {
    Checks.notNull(tenant, "tenant");
    Checks.notBlank(customerKey, "customerKey");
    state = Checks.notNull(state, "state").clone();
    if (version < 1) {
      throw new ValidationException("version", "must be at least 1, was " + version);
    }
    Checks.notNull(updatedAt, "updatedAt");
    Checks.notNull(expiresAt, "expiresAt");
  }

  /** {@return a copy of the stored bytes} */
  @Override
  public byte[] state() {
    return state.clone();
  }

  /**
   * True while the conversation counts as present: before {@link #expiresAt()}.
   *
   * @param now the current instant
   * @return whether {@code now} is before the expiry
   */
  public boolean isLiveAt(Instant now) {
    return now.isBefore(expiresAt);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConversationStateRecord r
        && tenant.equals(r.tenant)
        && customerKey.equals(r.customerKey)
        && Arrays.equals(state, r.state)
        && version == r.version
        && updatedAt.equals(r.updatedAt)
        && expiresAt.equals(r.expiresAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tenant, customerKey, Arrays.hashCode(state), version, updatedAt, expiresAt);
  }

  @Override
  public String toString() {
    return "ConversationStateRecord{tenant="
        + tenant
        + ", customer="
        + ConversationStates.mask(customerKey)
        + ", "
        + state.length
        + " bytes, version="
        + version
        + ", updatedAt="
        + updatedAt
        + ", expiresAt="
        + expiresAt
        + "}";
  }
}
