package dev.cita.scheduling.assistant.openai;

import dev.cita.scheduling.assistant.tools.ChatTools;
import dev.cita.scheduling.assistant.tools.ToolContext;
import dev.cita.scheduling.assistant.tools.ToolDefinition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * {@link ChatTools} that answer from a script and record every call: tool calls answer with the
 * queued results in order (an unknown tool gets the contract's error), and a customer message
 * carries out the pending proposal only when it is "sí" (the real gate reads yes and no).
 */
final class FakeChatTools implements ChatTools {
  static final ToolDefinition FIND_SLOTS =
      new ToolDefinition(
          "find_available_slots",
          "Finds free times for a service on a date. Example: {\"service\":\"consulta\","
              + "\"date\":\"2026-03-03\"}",
          """
          {"type":"object","properties":{"service":{"type":"string"},\
          "date":{"type":"string","format":"date","description":"ISO date, 2026-03-03"}},\
          "required":["service","date"],"additionalProperties":false}\
          """);
  static final ToolDefinition PROPOSE_BOOKING =
      new ToolDefinition(
          "propose_booking",
          "Proposes a free time to the customer; it is booked only after the customer's yes.",
          """
          {"type":"object","properties":{"slot_id":{"type":"string"}},\
          "required":["slot_id"],"additionalProperties":false}\
          """);
  static final ToolDefinition PROPOSE_CANCELLATION =
      new ToolDefinition(
          "propose_cancellation",
          "Proposes cancelling one of the customer's appointments.",
          """
          {"type":"object","properties":{"appointment_id":{"type":"string"}},\
          "required":["appointment_id"],"additionalProperties":false}\
          """);

  /** One call as the fake received it. */
  record Call(ToolContext context, String name, String argumentsJson) {}

  /** One customer message as the fake received it. */
  record Message(ToolContext context, String text) {}

  final List<Call> calls = new ArrayList<>();
  final List<Message> messages = new ArrayList<>();

  /** What a yes carried out, as the real tools would book it. */
  final List<String> carriedOut = new ArrayList<>();

  private final Deque<String> results = new ArrayDeque<>();
  private boolean proposalPending;

  /** Queues the results of the next tool calls, in order. */
  FakeChatTools answering(String... results) {
    this.results.addAll(List.of(results));
    return this;
  }

  @Override
  public List<ToolDefinition> definitions() {
    return List.of(FIND_SLOTS, PROPOSE_BOOKING, PROPOSE_CANCELLATION);
  }

  @Override
  public synchronized String call(ToolContext context, String name, String argumentsJson) {
    calls.add(new Call(context, name, argumentsJson));
    if (definitions().stream().noneMatch(d -> d.name().equals(name))) {
      return "{\"error\":{\"code\":\"unknown_tool\",\"field\":\"name\",\"message\":\"no tool "
          + name
          + "\"}}";
    }
    if (name.startsWith("propose_")) {
      proposalPending = true;
    }
    String result = results.poll();
    return result == null ? "{\"error\":{\"code\":\"unscripted\"}}" : result;
  }

  @Override
  public synchronized void dropProposal(ToolContext context) {
    proposalPending = false;
  }

  @Override
  public synchronized Optional<String> onCustomerMessage(ToolContext context, String message) {
    messages.add(new Message(context, message));
    if (!proposalPending) {
      return Optional.empty();
    }
    proposalPending = false;
    if (message.strip().equalsIgnoreCase("sí")) {
      String outcome =
          "{\"done\":\"booked\",\"appointment\":{\"id\":\"apt-1\",\"start\":\"2026-03-03T10:00\"}}";
      carriedOut.add(outcome);
      return Optional.of(outcome);
    }
    return Optional.of("{\"done\":\"dropped\"}");
  }
}
