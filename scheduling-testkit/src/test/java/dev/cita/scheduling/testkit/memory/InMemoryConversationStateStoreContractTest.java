package dev.cita.scheduling.testkit.memory;

import dev.cita.scheduling.memory.InMemoryConversationStateStore;
import dev.cita.scheduling.spi.ConversationStateStore;
import dev.cita.scheduling.testkit.ConversationStateStoreContract;

/**
 * Runs the contract kit against {@link InMemoryConversationStateStore}, from outside the kit's
 * package as a user would.
 */
class InMemoryConversationStateStoreContractTest extends ConversationStateStoreContract {
  @Override
  protected ConversationStateStore newStore() {
    return new InMemoryConversationStateStore();
  }
}
