package dev.cita.scheduling.internal;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.ConversationStateStore;
import java.time.Instant;

/**
 * The argument checks every {@link ConversationStateStore} applies, so the in-memory and SQL stores
 * refuse the same input with the same field names, and the masking of customer keys. Not public
 * API.
 */
public final class ConversationStates {
  private ConversationStates() {}

  /**
   * A customer key as it may appear in logs and messages: its last two characters only ({@code
   * "***78"}), or {@code "***"} when it is short.
   */
  public static String mask(String customerKey) {
    if (customerKey == null || customerKey.length() <= 6) {
      return "***";
    }
    return "***" + customerKey.substring(customerKey.length() - 2);
  }

  /** Checks a write's arguments in order (tenant, key, state, instants); returns the key. */
  public static String checkWrite(
      TenantId tenant, String customerKey, byte[] state, Instant now, Instant expiresAt) {
    Checks.notNull(tenant, "tenant");
    String key = checkKey(customerKey);
    Checks.notNull(state, "state");
    if (state.length > ConversationStateStore.MAX_STATE_BYTES) {
      throw new ValidationException(
          "state",
          "must be at most "
              + ConversationStateStore.MAX_STATE_BYTES
              + " bytes, was "
              + state.length);
    }
    Checks.notNull(now, "now");
    Checks.notNull(expiresAt, "expiresAt");
    if (!expiresAt.isAfter(now)) {
      throw new ValidationException(
          "expiresAt", "must be after now (" + now + "), was " + expiresAt);
    }
    return key;
  }

  /** Refuses a blank or oversized customer key without repeating it; returns it. */
  public static String checkKey(String customerKey) {
    Checks.notBlank(customerKey, "customerKey");
    if (customerKey.length() > ConversationStateStore.MAX_CUSTOMER_KEY) {
      throw new ValidationException(
          "customerKey",
          "must be at most "
              + ConversationStateStore.MAX_CUSTOMER_KEY
              + " characters, was "
              + customerKey.length());
    }
    return customerKey;
  }

  /** Refuses a negative expected version; returns it. */
  public static long checkExpectedVersion(long expectedVersion) {
    if (expectedVersion < 0) {
      throw new ValidationException(
          "expectedVersion", "must be 0 (no live row) or a stored version, was " + expectedVersion);
    }
    return expectedVersion;
  }
}
