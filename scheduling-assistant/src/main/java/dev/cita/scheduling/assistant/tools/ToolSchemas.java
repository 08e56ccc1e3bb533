package dev.cita.scheduling.assistant.tools;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The tools' definitions, read from {@code tools.json} beside this class, and the strict reading of
 * a call's arguments against the same schemas: what the model is shown is what is accepted. The
 * schemas use only the keywords {@link #PROPERTY_KEYWORDS} and {@link #OBJECT_KEYWORDS}, which this
 * class checks completely.
 */
final class ToolSchemas {
  /** Arguments longer than this are refused unread. */
  static final int MAX_ARGUMENTS_LENGTH = 8_000;

  static final Set<String> OBJECT_KEYWORDS =
      Set.of("type", "properties", "required", "additionalProperties");
  static final Set<String> PROPERTY_KEYWORDS =
      Set.of("type", "description", "maxLength", "pattern", "enum");

  static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private static final List<ToolDefinition> DEFINITIONS = new ArrayList<>();
  private static final Map<String, JsonNode> SCHEMAS = new LinkedHashMap<>();
  private static final Map<String, Pattern> PATTERNS = new LinkedHashMap<>();
  private static final Pattern NOTHING = Pattern.compile("(?!)");

  static {
    try (InputStream in = ToolSchemas.class.getResourceAsStream("tools.json")) {
      if (in == null) {
        throw new IllegalStateException("tools.json is missing beside " + ToolSchemas.class);
      }
      for (JsonNode tool : JSON.readTree(in)) {
        JsonNode schema = tool.get("parameters");
        String name = tool.get("name").asText();
        DEFINITIONS.add(
            new ToolDefinition(
                name, tool.get("description").asText(), JSON.writeValueAsString(schema)));
        SCHEMAS.put(name, schema);
        schema
            .get("properties")
            .forEach(
                p -> {
                  if (p.has("pattern")) {
                    String regex = p.get("pattern").asText();
                    PATTERNS.put(regex, Pattern.compile(regex));
                  }
                });
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ToolSchemas() {}

  static List<ToolDefinition> definitions() {
    return List.copyOf(DEFINITIONS);
  }

  /**
   * The arguments of a call to a known tool, read as JSON and checked against its schema.
   *
   * @throws ToolError for an unknown tool, malformed JSON or arguments the schema does not accept
   */
  static ObjectNode read(String tool, String argumentsJson) {
    JsonNode schema = SCHEMAS.get(tool);
    if (schema == null) {
      throw new ToolError(
          "unknown_tool", "name", "no such tool; the tools are " + SCHEMAS.keySet());
    }
    if (argumentsJson.length() > MAX_ARGUMENTS_LENGTH) {
      throw new ToolError(
          "too_large", "", "the arguments must be at most " + MAX_ARGUMENTS_LENGTH + " characters");
    }
    JsonNode args;
    try {
      args = argumentsJson.isBlank() ? JSON.createObjectNode() : JSON.readTree(argumentsJson);
    } catch (JsonProcessingException e) {
      throw new ToolError("malformed_json", "", "the arguments are not valid JSON");
    }
    if (!(args instanceof ObjectNode object)) {
      throw new ToolError("wrong_type", "", "the arguments must be a JSON object");
    }
    check(schema, object);
    return object;
  }

  private static void check(JsonNode schema, ObjectNode args) {
    JsonNode properties = schema.get("properties");
    Iterator<String> names = args.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!properties.has(name)) {
        throw new ToolError(
            "unknown_field", name, "no such field; the fields are " + fieldNames(properties));
      }
    }
    for (JsonNode required : schema.get("required")) {
      if (!args.has(required.asText())) {
        throw new ToolError("missing_field", required.asText(), "is required");
      }
    }
    for (Map.Entry<String, JsonNode> field : args.properties()) {
      checkString(field.getKey(), properties.get(field.getKey()), field.getValue());
    }
  }

  /** Every property of these schemas is a string. */
  private static void checkString(String name, JsonNode property, JsonNode value) {
    if (!value.isTextual()) {
      throw new ToolError("wrong_type", name, "must be a string");
    }
    String text = value.textValue();
    JsonNode max = property.get("maxLength");
    if (max != null && text.codePointCount(0, text.length()) > max.asInt()) {
      throw new ToolError("invalid_value", name, "must be at most " + max.asInt() + " characters");
    }
    JsonNode pattern = property.get("pattern");
    if (pattern != null
        && !PATTERNS.getOrDefault(pattern.asText(), NOTHING).matcher(text).matches()) {
      throw new ToolError("invalid_value", name, "must match " + pattern.asText());
    }
    JsonNode allowed = property.get("enum");
    if (allowed != null) {
      boolean listed = false;
      for (JsonNode a : allowed) {
        listed |= a.asText().equals(text);
      }
      if (!listed) {
        throw new ToolError("invalid_value", name, "must be one of " + allowed);
      }
    }
  }

  private static List<String> fieldNames(JsonNode properties) {
    List<String> names = new ArrayList<>();
    properties.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
