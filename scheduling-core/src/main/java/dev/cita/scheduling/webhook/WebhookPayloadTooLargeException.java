package dev.cita.scheduling.webhook;

import dev.cita.scheduling.SchedulingException;

/**
 * A webhook request is larger than the pipeline accepts (its body, or the number of form parameters
 * in it), found before any parsing or signature check. {@link WebhookHandler} answers 413 and
 * writes nothing. The message names the limit, never the content.
 */
public class WebhookPayloadTooLargeException extends SchedulingException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the limit that was passed, never the content
   */
  public WebhookPayloadTooLargeException(String message) {
    super(message);
  }
}
