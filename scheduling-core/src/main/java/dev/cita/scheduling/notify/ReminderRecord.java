package dev.cita.scheduling.notify;

import dev.cita.scheduling.internal.Checks;
import java.time.Instant;
import java.util.Optional;

/**
 * A reminder's row in a {@link dev.cita.scheduling.spi.ReminderStore}: its state, who holds its
 * claim and until when, how many times it was claimed and how many sends failed.
 *
 * @param key the reminder
 * @param state where it stands
 * @param owner the worker holding the claim; empty once settled or released after a failure
 * @param leaseUntil when the claim ends; empty when nobody holds it
 * @param claims how many times it was claimed; a claim that ended in neither sent nor failed was a
 *     worker that stopped mid-send
 * @param failures how many sends failed
 * @param channelMessageId the channel's message id once SENT
 * @param lastError why the last send failed, or why it was abandoned
 */
public record ReminderRecord(
    ReminderKey key,
    ReminderState state,
    Optional<String> owner,
    Optional<Instant> leaseUntil,
    int claims,
    int failures,
    Optional<String> channelMessageId,
    Optional<String> lastError) {
  /**
   * Checks the components.
   *
   * @param key the reminder
   * @param state where it stands
   * @param owner the worker holding the claim, or empty
   * @param leaseUntil when the claim ends, or empty
   * @param claims how many times it was claimed; not negative
   * @param failures how many sends failed; not negative
   * @param channelMessageId the channel's message id, or empty
   * @param lastError the last error or abandon reason, or empty
   * @throws dev.cita.scheduling.ValidationException if a component is missing or negative
   */
  public ReminderRecord {
    Checks.notNull(key, "key");
    Checks.notNull(state, "state");
    Checks.notNull(owner, "owner");
    Checks.notNull(leaseUntil, "leaseUntil");
    Checks.atLeast(claims, 0, "claims");
    Checks.atLeast(failures, 0, "failures");
    Checks.notNull(channelMessageId, "channelMessageId");
    Checks.notNull(lastError, "lastError");
  }

  /**
   * {@return how many claims ended in neither a send nor a recorded failure} Each is a worker that
   * died mid-send.
   */
  public int unfinishedClaims() {
    int settled = failures + (state == ReminderState.CLAIMED ? 0 : 1);
    return Math.max(0, claims - settled - (owner.isPresent() ? 1 : 0));
  }
}
