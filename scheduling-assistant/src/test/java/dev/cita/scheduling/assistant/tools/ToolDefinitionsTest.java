package dev.cita.scheduling.assistant.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The schemas a model is shown are valid JSON Schema objects, and what the dispatcher accepts. */
class ToolDefinitionsTest {
  /** A valid value for every property any schema has (so a new property must be added here). */
  private static final Map<String, String> SAMPLES =
      Map.of(
          "service_id", "corte",
          "branch_id", "centro",
          "professional_id", "any",
          "date_from", "2026-03-03",
          "date_to", "2026-03-04",
          "date", "2026-03-03",
          "time", "10:00",
          "part_of_day", "morning",
          "reference", "r0123456789abcdef");

  private final ToolsFixture f = new ToolsFixture();

  @Test
  void theToolsAreTheEightOfTheIssueInAStableOrder() {
    assertThat(f.tools.definitions())
        .extracting(ToolDefinition::name)
        .containsExactly(
            "list_services",
            "list_professionals",
            "list_branches",
            "find_available_slots",
            "propose_booking",
            "list_my_appointments",
            "propose_cancellation",
            "propose_reschedule");
    assertThat(f.tools.definitions()).isEqualTo(f.tools.definitions());
  }

  @Test
  void everySchemaIsAClosedObjectOfDescribedStringsWithTheKeywordsTheDispatcherChecks() {
    for (ToolDefinition d : f.tools.definitions()) {
      JsonNode schema = ToolsFixture.parse(d.parametersSchema());
      assertThat(d.description()).as(d.name()).contains("Example");
      assertThat(schema.get("type").asText()).as(d.name()).isEqualTo("object");
      assertThat(schema.get("additionalProperties").asBoolean(true)).as(d.name()).isFalse();
      assertThat(names(schema)).as(d.name()).isSubsetOf(ToolSchemas.OBJECT_KEYWORDS);
      JsonNode properties = schema.get("properties");
      for (JsonNode required : schema.get("required")) {
        assertThat(properties.has(required.asText())).as(d.name() + " " + required).isTrue();
      }
      properties
          .properties()
          .forEach(
              p -> {
                String what = d.name() + "." + p.getKey();
                assertThat(names(p.getValue())).as(what).isSubsetOf(ToolSchemas.PROPERTY_KEYWORDS);
                assertThat(p.getValue().get("type").asText()).as(what).isEqualTo("string");
                assertThat(p.getValue().get("description").asText()).as(what).isNotBlank();
                assertThat(SAMPLES).as(what).containsKey(p.getKey());
                assertThat(p.getKey()).as(what).doesNotContain("phone", "tenant", "customer");
              });
    }
  }

  @Test
  void theDispatcherAcceptsWhatTheSchemaAllowsAndRefusesWhatItDoesNot() {
    for (ToolDefinition d : f.tools.definitions()) {
      JsonNode schema = ToolsFixture.parse(d.parametersSchema());
      ObjectNode full = ToolsFixture.JSON.createObjectNode();
      schema.get("properties").fieldNames().forEachRemaining(n -> full.put(n, SAMPLES.get(n)));
      assertThat(schemaError(d.name(), full)).as(d.name() + " with every field").isNull();

      ObjectNode minimal = ToolsFixture.JSON.createObjectNode();
      schema.get("required").forEach(r -> minimal.put(r.asText(), SAMPLES.get(r.asText())));
      assertThat(schemaError(d.name(), minimal)).as(d.name() + " with the required").isNull();

      for (JsonNode required : schema.get("required")) {
        ObjectNode missing = minimal.deepCopy();
        missing.remove(required.asText());
        assertThat(error(d.name(), missing))
            .as(d.name() + " without " + required)
            .containsExactly("missing_field", required.asText());
      }
      for (String field : List.of("phone", "tenant", "customer_phone", "tenant_id")) {
        ObjectNode smuggled = minimal.deepCopy().put(field, "+56987654321");
        assertThat(error(d.name(), smuggled))
            .as(d.name() + " with " + field)
            .containsExactly("unknown_field", field);
      }
      schema
          .get("properties")
          .fieldNames()
          .forEachRemaining(
              n -> {
                for (JsonNode wrong : List.of(ToolsFixture.parse("1"), ToolsFixture.parse("[]"))) {
                  ObjectNode typed = full.deepCopy();
                  typed.set(n, wrong);
                  assertThat(error(d.name(), typed))
                      .as(d.name() + "." + n + " = " + wrong)
                      .containsExactly("wrong_type", n);
                }
              });
    }
  }

  /** The schema-level error of a call, or null if the schema let the arguments through. */
  private String schemaError(String tool, ObjectNode args) {
    List<String> e = error(tool, args);
    return e.isEmpty()
            || !List.of("unknown_field", "missing_field", "wrong_type", "malformed_json")
                .contains(e.get(0))
        ? null
        : e.toString();
  }

  private List<String> error(String tool, ObjectNode args) {
    JsonNode result = f.call(tool, args.toString());
    if (!result.has("error")) {
      return List.of();
    }
    return List.of(
        result.get("error").get("code").asText(), result.get("error").get("field").asText());
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
