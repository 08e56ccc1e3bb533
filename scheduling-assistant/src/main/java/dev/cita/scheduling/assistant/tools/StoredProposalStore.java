package dev.cita.scheduling.assistant.tools;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.ConversationStateRecord;
import dev.cita.scheduling.spi.ConversationStateStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A {@link ProposalStore} every app node shares, over the core's {@link ConversationStateStore}
 * (such as {@code JdbcStores.conversations()}): a proposal made on one node is carried out by the
 * customer's yes on whichever node receives it, once. {@link #take} is a compare-and-set on the
 * row's version, so of two nodes reading the same yes at once only one gets the proposal.
 *
 * <p>Rows live under one tenant of the caller's choice (the chat's tenant) with keys {@code
 * "proposal:"} plus the opaque customer key, apart from the assistant's conversation rows; they
 * expire after the time to live, and the store's {@code purgeExpired} removes them.
 */
public final class StoredProposalStore implements ProposalStore {
  private static final String PREFIX = "proposal:";
  private static final byte[] TAKEN = new byte[0];

  private final ConversationStateStore store;
  private final TenantId tenant;
  private final Clock clock;
  private final Duration ttl;

  private StoredProposalStore(
      ConversationStateStore store, TenantId tenant, Clock clock, Duration ttl) {
    this.store = Checks.notNull(store, "store");
    this.tenant = Checks.notNull(tenant, "tenant");
    this.clock = Checks.notNull(clock, "clock");
    this.ttl = Checks.positive(ttl, "ttl");
  }

  /**
   * A store over {@code store}.
   *
   * @param store the shared conversation state store
   * @param tenant the tenant whose rows hold the proposals (the chat's tenant)
   * @param clock the time proposals expire by
   * @param ttl how long a proposal waits for the customer's yes, positive
   * @return the store
   * @throws dev.cita.scheduling.ValidationException naming the argument that is invalid
   */
  public static StoredProposalStore over(
      ConversationStateStore store, TenantId tenant, Clock clock, Duration ttl) {
    return new StoredProposalStore(store, tenant, clock, ttl);
  }

  @Override
  public void put(String customer, String proposal) {
    Checks.notNull(proposal, "proposal");
    Instant now = clock.instant();
    store.save(
        tenant, key(customer), proposal.getBytes(StandardCharsets.UTF_8), now, now.plus(ttl));
  }

  @Override
  public Optional<String> take(String customer) {
    String key = key(customer);
    Instant now = clock.instant();
    Optional<ConversationStateRecord> found = store.find(tenant, key, now);
    if (found.isEmpty() || found.get().state().length == 0) {
      return Optional.empty();
    }
    // Taken: an empty row that expires at once. Only the caller whose write lands gets it.
    Optional<ConversationStateRecord> taken =
        store.replace(tenant, key, found.get().version(), TAKEN, now, now.plusMillis(1));
    return taken.map(t -> new String(found.get().state(), StandardCharsets.UTF_8));
  }

  private static String key(String customer) {
    return PREFIX + Checks.notBlank(customer, "customer");
  }

  @Override
  public String toString() {
    return "StoredProposalStore{tenant=" + tenant + ", ttl=" + ttl + "}";
  }
}
