package dev.cita.scheduling.webhook;

import dev.cita.scheduling.SchedulingException;

/**
 * A verified webhook body could not be read (not JSON, a required field missing or malformed).
 * {@link WebhookHandler} answers 400 and writes nothing; the message must not quote the body.
 */
public class WebhookParseException extends SchedulingException {
  private static final long serialVersionUID = 1L;

  public WebhookParseException(String message) {
    super(message);
  }

  public WebhookParseException(String message, Throwable cause) {
    super(message, cause);
  }
}
