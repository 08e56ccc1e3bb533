package dev.cita.scheduling.assistant.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.models.chat.completions.ChatCompletionMessageParam;
import com.openai.models.chat.completions.ChatCompletionUserMessageParam;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConversationHistoryTest {
  private final ConversationHistory history = new ConversationHistory(2, 2);

  @Test
  void keepsTheLastTurnsOfEachCustomerWhole() {
    history.add("+56911111111", List.of(user("a1"), user("a2")));
    history.add("+56911111111", List.of(user("b1")));
    history.add("+56911111111", List.of(user("c1"), user("c2")));

    assertThat(texts("+56911111111")).containsExactly("b1", "c1", "c2");
  }

  @Test
  void forgetsTheLeastRecentlySeenCustomerPastTheCap() {
    history.add("+56911111111", List.of(user("first")));
    history.add("+56922222222", List.of(user("second")));
    history.messages("+56911111111"); // seen again: the second customer is now the eldest
    history.add("+56933333333", List.of(user("third")));

    assertThat(texts("+56911111111")).containsExactly("first");
    assertThat(texts("+56922222222")).isEmpty();
    assertThat(texts("+56933333333")).containsExactly("third");
  }

  private List<String> texts(String customer) {
    return history.messages(customer).stream().map(m -> m.asUser().content().asText()).toList();
  }

  private static ChatCompletionMessageParam user(String text) {
    return ChatCompletionMessageParam.ofUser(
        ChatCompletionUserMessageParam.builder().content(text).build());
  }
}
