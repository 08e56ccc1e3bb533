package dev.cita.scheduling.assistant.tools;

import java.util.Optional;

/**
 * Where a proposal waits for the customer's yes: at most one per customer, taken (removed) by the
 * customer's next message. {@link InMemoryProposalStore} keeps them in one process; a store shared
 * by several instances implements the same two operations, with {@link #take} atomic.
 */
public interface ProposalStore {
  /**
   * Records the customer's pending proposal, replacing any earlier one.
   *
   * @param customer an opaque key for the customer (a hash; never a phone in clear)
   * @param proposal the proposal, as opaque JSON text
   */
  void put(String customer, String proposal);

  /**
   * Removes and returns the customer's pending proposal, if one is there and has not expired.
   *
   * @param customer the key given to {@link #put}
   * @return the proposal, or empty if none is pending
   */
  Optional<String> take(String customer);
}
