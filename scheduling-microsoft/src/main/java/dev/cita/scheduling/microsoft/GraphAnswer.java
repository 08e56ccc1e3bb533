package dev.cita.scheduling.microsoft;

import dev.cita.scheduling.internal.Checks;

/**
 * What to answer Graph with: the status, content type and body. For a validation request it is
 * {@code 200 text/plain} with the decoded {@code validationToken}, which Graph requires within 10
 * seconds; for notifications {@code 202} when they were handled, 401 when one failed verification,
 * 5xx when Graph should deliver them again.
 *
 * @param status the HTTP status
 * @param contentType the {@code Content-Type} header
 * @param body the body, plain text
 */
public record GraphAnswer(int status, String contentType, String body) {
  /**
   * Checks that no component is missing.
   *
   * @param status the HTTP status
   * @param contentType the {@code Content-Type} header
   * @param body the body, plain text
   */
  public GraphAnswer {
    Checks.notBlank(contentType, "answer.contentType");
    Checks.notNull(body, "answer.body");
  }

  static GraphAnswer text(int status, String body) {
    return new GraphAnswer(status, "text/plain; charset=utf-8", body);
  }
}
