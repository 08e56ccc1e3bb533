package dev.cita.scheduling;

/**
 * An idempotency key was sent again with a different request. Keys identify one request; a new
 * request needs a new key. Nothing was written.
 */
public class IdempotencyKeyReusedException extends ValidationException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception, on field {@code idempotencyKey}. */
  public IdempotencyKeyReusedException() {
    super("idempotencyKey", "already used for a different booking request");
  }
}
