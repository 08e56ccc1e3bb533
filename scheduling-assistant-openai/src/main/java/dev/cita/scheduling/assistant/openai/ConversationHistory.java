package dev.cita.scheduling.assistant.openai;

import com.openai.models.chat.completions.ChatCompletionMessageParam;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last turns of each customer's conversation with the model, in memory: at most {@code
 * maxTurns} turns per customer and {@code maxCustomers} customers (the least recently seen is
 * forgotten first). A turn is kept whole (the customer's message, the model's tool calls, their
 * results and its answer), so a tool result never loses the call it answers.
 */
final class ConversationHistory {
  private final int maxTurns;
  private final Map<String, Deque<List<ChatCompletionMessageParam>>> turns;

  ConversationHistory(int maxTurns, int maxCustomers) {
    this.maxTurns = maxTurns;
    this.turns =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(
              Map.Entry<String, Deque<List<ChatCompletionMessageParam>>> eldest) {
            return size() > maxCustomers;
          }
        };
  }

  /** {@return the customer's kept messages, oldest first} */
  synchronized List<ChatCompletionMessageParam> messages(String customer) {
    List<ChatCompletionMessageParam> messages = new ArrayList<>();
    Deque<List<ChatCompletionMessageParam>> kept = turns.get(customer);
    if (kept != null) {
      kept.forEach(messages::addAll);
    }
    return messages;
  }

  /** Keeps one finished turn, forgetting the customer's oldest beyond the cap. */
  synchronized void add(String customer, List<ChatCompletionMessageParam> turn) {
    Deque<List<ChatCompletionMessageParam>> kept =
        turns.computeIfAbsent(customer, c -> new ArrayDeque<>());
    kept.addLast(List.copyOf(turn));
    while (kept.size() > maxTurns) {
      kept.removeFirst();
    }
  }
}
