package dev.cita.scheduling.webhook;

import dev.cita.scheduling.SchedulingException;

/**
 * A verified webhook body could not be read (not JSON, a required field missing or malformed).
 * {@link WebhookHandler} answers 400 and writes nothing; the message must not quote the body.
 */
public class WebhookParseException extends SchedulingException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what could not be read, without quoting the body
   */
  public WebhookParseException(String message) {
    super(message);
  }

  /**
   * Creates the exception with the parser's failure as its cause.
   *
   * @param message what could not be read, without quoting the body
   * @param cause the parser's exception
   */
  public WebhookParseException(String message, Throwable cause) {
    super(message, cause);
  }
}
