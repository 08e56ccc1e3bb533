package dev.cita.scheduling.assistant.openai;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.cita.scheduling.assistant.tools.ToolDefinition;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Chat Completions transcripts in the wire format (the JSON OpenAI's {@code POST
 * /v1/chat/completions} answers), replayed by WireMock one response per request, and the requests
 * the assistant sent, read back as JSON.
 */
final class ChatCompletionsWire {
  static final String PATH = "/v1/chat/completions";
  private static final ObjectMapper JSON = new ObjectMapper();

  private ChatCompletionsWire() {}

  /** {@return a WireMock server on a free port, to register as a JUnit extension} */
  static WireMockExtension server() {
    return WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();
  }

  /** A tool call: its id, the function's name and its arguments as the model wrote them. */
  record ToolCall(String id, String name, String arguments) {}

  static ToolCall call(String id, String name, String arguments) {
    return new ToolCall(id, name, arguments);
  }

  /** A completion whose message asks for tool calls ({@code finish_reason} "tool_calls"). */
  static String toolCalls(ToolCall... calls) {
    ObjectNode message = JSON.createObjectNode().put("role", "assistant").putNull("content");
    ArrayNode toolCalls = message.putArray("tool_calls");
    for (ToolCall call : calls) {
      ObjectNode node = toolCalls.addObject().put("id", call.id()).put("type", "function");
      node.putObject("function").put("name", call.name()).put("arguments", call.arguments());
    }
    message.putNull("refusal");
    message.putArray("annotations");
    return completion(message, "tool_calls");
  }

  /** A completion whose message is text ({@code finish_reason} "stop"). */
  static String text(String content) {
    ObjectNode message = JSON.createObjectNode().put("role", "assistant").put("content", content);
    message.putNull("refusal");
    message.putArray("annotations");
    return completion(message, "stop");
  }

  private static String completion(ObjectNode message, String finishReason) {
    ObjectNode completion =
        JSON.createObjectNode()
            .put("id", "chatcmpl-" + Math.abs(message.hashCode()))
            .put("object", "chat.completion")
            .put("created", 1772452800L)
            .put("model", "gpt-4.1-mini-2025-04-14");
    ObjectNode choice = completion.putArray("choices").addObject().put("index", 0);
    choice.set("message", message);
    choice.putNull("logprobs");
    choice.put("finish_reason", finishReason);
    completion
        .putObject("usage")
        .put("prompt_tokens", 310)
        .put("completion_tokens", 24)
        .put("total_tokens", 334);
    completion.put("service_tier", "default").put("system_fingerprint", "fp_0123456789");
    return completion.toString();
  }

  /**
   * Stubs the endpoint to answer the next requests with {@code responses}, in order, replacing any
   * earlier transcript (the requests received so far stay in the journal).
   */
  static void replay(WireMockExtension wm, String... responses) {
    wm.resetMappings();
    wm.resetScenarios();
    for (int i = 0; i < responses.length; i++) {
      wm.stubFor(
          post(urlEqualTo(PATH))
              .inScenario("transcript")
              .whenScenarioStateIs(i == 0 ? STARTED : "after " + i)
              .willReturn(okJson(responses[i]))
              .willSetStateTo("after " + (i + 1)));
    }
  }

  /** Stubs the endpoint to answer {@code body} only after three seconds, past any test timeout. */
  static void answerLate(WireMockExtension wm, String body) {
    wm.resetMappings();
    wm.stubFor(
        post(urlEqualTo(PATH))
            .willReturn(
                aResponse()
                    .withFixedDelay(3_000)
                    .withHeader("Content-Type", "application/json")
                    .withBody(body)));
  }

  /** {@return the bodies of the requests the endpoint received, in the order it received them} */
  static List<JsonNode> requests(WireMockExtension wm) {
    return wm.findAll(postRequestedFor(urlEqualTo(PATH))).stream()
        .map(r -> parse(r.getBodyAsString()))
        .toList();
  }

  /** {@return the roles of a request's messages, in order} */
  static List<String> roles(JsonNode request) {
    List<String> roles = new java.util.ArrayList<>();
    request.get("messages").forEach(m -> roles.add(m.get("role").asText()));
    return roles;
  }

  /** Asserts that the request offered exactly these tools, in order, as function tools. */
  static void assertToolsSent(JsonNode request, List<ToolDefinition> definitions) {
    JsonNode sentTools = request.get("tools");
    assertThat(sentTools).hasSize(definitions.size());
    for (int i = 0; i < definitions.size(); i++) {
      ToolDefinition definition = definitions.get(i);
      JsonNode tool = sentTools.get(i);
      assertThat(tool.get("type").asText()).isEqualTo("function");
      assertThat(tool.at("/function/name").asText()).isEqualTo(definition.name());
      assertThat(tool.at("/function/description").asText()).isEqualTo(definition.description());
      assertThat(tool.at("/function/parameters")).isEqualTo(parse(definition.parametersSchema()));
    }
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
