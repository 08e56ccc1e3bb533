package dev.cita.scheduling.internal;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.spi.DeliveryStatusStore;
import dev.cita.scheduling.spi.LastInboundStore;
import dev.cita.scheduling.spi.SendAttemptStore;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The argument checks every {@link LastInboundStore}, {@link DeliveryStatusStore} and {@link
 * SendAttemptStore} applies, so the in-memory and SQL stores refuse the same input with the same
 * field names. Messages never repeat the value (it may be a phone number). Not public API.
 */
public final class MessagingStates {
  private MessagingStates() {}

  /** Refuses a blank {@code value} or one longer than {@code max}, naming the field; returns it. */
  public static String key(@Nullable String value, int max, String field) {
    String checked = Checks.notBlank(value, field);
    if (checked.length() > max) {
      throw new ValidationException(
          field, "must be at most " + max + " characters, was " + checked.length());
    }
    return checked;
  }

  /** Checks a {@link LastInboundStore} key and instant. */
  public static void inbound(String scope, String contact, @Nullable Instant at) {
    key(scope, LastInboundStore.MAX_KEY, "scope");
    key(contact, LastInboundStore.MAX_KEY, "contact");
    Checks.notNull(at, "at");
  }

  /** Checks the arguments of {@link DeliveryStatusStore#replace}; returns the error code. */
  public static Optional<String> deliveryStatus(
      String messageId,
      long expectedVersion,
      String status,
      @Nullable Optional<String> errorCode,
      @Nullable Instant at) {
    key(messageId, DeliveryStatusStore.MAX_MESSAGE_ID, "messageId");
    if (expectedVersion < 0) {
      throw new ValidationException(
          "expectedVersion", "must be 0 (no record) or a stored version, was " + expectedVersion);
    }
    key(status, DeliveryStatusStore.MAX_CODE, "status");
    Checks.notNull(errorCode, "errorCode");
    errorCode.ifPresent(code -> key(code, DeliveryStatusStore.MAX_CODE, "errorCode"));
    Checks.notNull(at, "at");
    return errorCode;
  }

  /** Checks an idempotency key of a {@link SendAttemptStore}; returns it. */
  public static String sendKey(@Nullable String idempotencyKey) {
    return key(idempotencyKey, SendAttemptStore.MAX_KEY, "idempotencyKey");
  }

  /** Checks a message id of a {@link SendAttemptStore} or {@link DeliveryStatusStore}. */
  public static String messageId(@Nullable String messageId) {
    return key(messageId, DeliveryStatusStore.MAX_MESSAGE_ID, "messageId");
  }
}
