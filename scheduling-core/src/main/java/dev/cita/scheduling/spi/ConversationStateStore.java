package dev.cita.scheduling.spi;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.model.TenantId;
import java.time.Instant;
import java.util.Optional;

/**
 * Where a conversational front end (such as the WhatsApp assistant) keeps each customer's dialogue
 * state between messages, so that it survives restarts and is shared by every app node: opaque
 * bytes per tenant and customer key, with a version and an expiry. The store never reads the bytes;
 * the caller serializes its own state.
 *
 * <p>A row whose {@code expiresAt} is not after {@code now} counts as absent for {@link #find} and
 * {@link #replace}, and {@link #purgeExpired} removes it for good (conversations hold personal
 * data; keep them no longer than needed). Two nodes writing one conversation: {@link #save} is
 * last-writer-wins; {@link #replace} is a compare-and-set on the version for callers that must not
 * lose an update. Versions only grow while a row exists (an expired row that is written again
 * continues its count); after a delete or purge they start again at 1.
 *
 * <p>Every implementation accepts customer keys of up to {@link #MAX_CUSTOMER_KEY} characters and
 * states of up to {@link #MAX_STATE_BYTES} bytes, refuses longer ones with a {@link
 * ValidationException} naming the field, and writes nothing then. Customer keys are personal data:
 * implementations never put them in exception messages or logs. The in-memory one is {@code
 * InMemoryConversationStateStore}; {@code scheduling-jdbc} has a SQL one.
 */
public interface ConversationStateStore {
  /** The longest customer key every store accepts. */
  int MAX_CUSTOMER_KEY = 200;

  /** The largest state every store accepts, in bytes. */
  int MAX_STATE_BYTES = 64 * 1024;

  /**
   * The customer's live conversation state with this tenant, if there is one at {@code now}.
   *
   * @param tenant the tenant
   * @param customerKey the customer, as the caller keys them
   * @param now the current instant; a row expired by then is absent
   * @return the live record, or empty
   */
  Optional<ConversationStateRecord> find(TenantId tenant, String customerKey, Instant now);

  /**
   * Creates or replaces the customer's state, whatever is stored (last writer wins).
   *
   * @param tenant the tenant
   * @param customerKey the customer, at most {@value #MAX_CUSTOMER_KEY} characters
   * @param state the bytes to store, at most {@value #MAX_STATE_BYTES}
   * @param now when it is written; the record's {@code updatedAt}
   * @param expiresAt when it stops counting; must be after {@code now}
   * @return the stored record, with its new version
   */
  ConversationStateRecord save(
      TenantId tenant, String customerKey, byte[] state, Instant now, Instant expiresAt);

  /**
   * Writes the customer's state only if the live row still has {@code expectedVersion}, atomically;
   * {@code expectedVersion} 0 means "only if there is no live row". Of several racing calls with
   * the same expected version, exactly one succeeds.
   *
   * @param tenant the tenant
   * @param customerKey the customer, at most {@value #MAX_CUSTOMER_KEY} characters
   * @param expectedVersion the version the caller read, or 0 for "no live row"
   * @param state the bytes to store, at most {@value #MAX_STATE_BYTES}
   * @param now when it is written; the record's {@code updatedAt}
   * @param expiresAt when it stops counting; must be after {@code now}
   * @return the stored record with its new version, or empty if the row changed, is gone, expired
   *     or (for 0) exists
   */
  Optional<ConversationStateRecord> replace(
      TenantId tenant,
      String customerKey,
      long expectedVersion,
      byte[] state,
      Instant now,
      Instant expiresAt);

  /**
   * Removes the customer's row, live or expired (for example on an erasure request).
   *
   * @param tenant the tenant
   * @param customerKey the customer
   * @return true if there was one
   */
  boolean delete(TenantId tenant, String customerKey);

  /**
   * Removes every row of every tenant that expired at or before {@code now}.
   *
   * @param now the current instant
   * @return how many rows were removed
   */
  int purgeExpired(Instant now);
}
