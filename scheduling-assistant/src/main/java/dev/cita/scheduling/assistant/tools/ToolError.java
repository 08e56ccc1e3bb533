package dev.cita.scheduling.assistant.tools;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A problem with a tool call that the model can read and correct; {@link BookingTools} turns it
 * into {@code {"error":{"code":"...","field":"...","message":"..."}}}. Its message never repeats
 * what the model sent, beyond a field name cut short.
 */
final class ToolError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Field names longer than this are cut: a hostile name must not flood the reply. */
  private static final int MAX_FIELD_LENGTH = 64;

  private final String code;
  private final String field;

  ToolError(String code, String field, String message) {
    super(message, null, false, false);
    this.code = code;
    this.field =
        field.length() > MAX_FIELD_LENGTH ? field.substring(0, MAX_FIELD_LENGTH) + "…" : field;
  }

  String code() {
    return code;
  }

  String field() {
    return field;
  }

  ObjectNode toJson() {
    ObjectNode error = JsonNodeFactory.instance.objectNode();
    error.putObject("error").put("code", code).put("field", field).put("message", getMessage());
    return error;
  }
}
