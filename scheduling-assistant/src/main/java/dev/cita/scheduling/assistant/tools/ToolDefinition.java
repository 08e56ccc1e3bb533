package dev.cita.scheduling.assistant.tools;

import dev.cita.scheduling.internal.Checks;

/**
 * One tool a language model may call: its name, what it is for (with examples that help a model
 * fill the arguments), and its parameters as a JSON Schema object, in the shape OpenAI's and
 * Anthropic's tool calling accept.
 *
 * @param name the tool's name, such as {@code find_available_slots}
 * @param description what the tool does and how to fill its arguments, in English
 * @param parametersSchema the parameters as a JSON Schema object, as JSON text
 */
public record ToolDefinition(String name, String description, String parametersSchema) {
  /**
   * Checks the components.
   *
   * @param name the tool's name
   * @param description what the tool does
   * @param parametersSchema the parameters' JSON Schema, as JSON text
   * @throws dev.cita.scheduling.ValidationException naming the component that is blank
   */
  public ToolDefinition {
    Checks.notBlank(name, "tool.name");
    Checks.notBlank(description, "tool.description");
    Checks.notBlank(parametersSchema, "tool.parametersSchema");
  }
}
