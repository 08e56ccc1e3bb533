package dev.cita.scheduling.assistant.tools;

import java.util.List;
import java.util.Optional;

/**
 * The tools a language model in front of a chat may call, and the gate that keeps it from acting on
 * its own: a model can look things up and propose, but a booking, a move or a cancellation happens
 * only when the customer's own next message is read as a yes ({@link #onCustomerMessage}). A
 * model-driven chat adapter calls {@link #onCustomerMessage} with every customer message before it
 * asks the model, and {@link #call} for each tool call the model makes.
 */
public interface ChatTools {
  /** {@return the tools to offer the model, in a stable order} */
  List<ToolDefinition> definitions();

  /**
   * Runs one tool call. Never throws for anything a model sends: unknown tools, unknown fields,
   * wrong types and out-of-range values come back as a JSON error the model can read and correct
   * ({@code {"error":{"code":"...","field":"...","message":"..."}}}).
   *
   * @param context who the call acts for, from the conversation
   * @param name the tool's name as the model sent it
   * @param argumentsJson the arguments as the model sent them (JSON text, possibly malformed)
   * @return the result as compact JSON text
   */
  String call(ToolContext context, String name, String argumentsJson);

  /**
   * Reads a customer message against the proposal pending for this customer, if any: a yes (by the
   * deterministic yes/no reader) carries the proposal out; anything else drops it. Call it with
   * every customer message before the model sees it.
   *
   * @param context who wrote, from the conversation
   * @param message the customer's message as received
   * @return what was done, as compact JSON for the model (and the adapter) to read: {@code outcome}
   *     ({@code booked}, {@code cancelled}, {@code rescheduled}, {@code dropped}, {@code not_done}
   *     or {@code failed}) and {@code summary}, a sentence for the customer in their language that
   *     an adapter can send when the model cannot answer; empty when no proposal was pending
   */
  Optional<String> onCustomerMessage(ToolContext context, String message);

  /**
   * Drops the proposal pending for this customer, if any, without carrying it out. A model-driven
   * chat adapter calls it when the model fails after proposing, before the customer could see the
   * proposal: their next yes may answer something else and must not carry it out.
   *
   * @param context who the proposal is for, from the conversation
   */
  void dropProposal(ToolContext context);
}
