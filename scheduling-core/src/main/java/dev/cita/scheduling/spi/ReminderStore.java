package dev.cita.scheduling.spi;

import dev.cita.scheduling.notify.ReminderKey;
import dev.cita.scheduling.notify.ReminderRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Where reminders are claimed and settled, so that each is sent once even with several scheduler
 * nodes. A SQL store keeps one row per {@link ReminderKey#id()} (primary key) and claims with
 * {@code INSERT … ON CONFLICT DO NOTHING} or an {@code UPDATE … WHERE state = 'CLAIMED' AND (owner
 * IS NULL OR lease_until <= :now)}: the claim is the only place where two nodes can race, and the
 * database decides it.
 *
 * <p>Settling calls ({@link #markSent}, {@link #markFailed}, {@link #abandon}) take the worker id
 * and do nothing, returning false, unless that worker holds the claim (an expired claim nobody took
 * over still counts as held). Worker ids must be unique among the schedulers sharing a store.
 */
public interface ReminderStore {
  /**
   * Atomically claims the reminder for {@code worker} until {@code now + lease}: inserts a CLAIMED
   * row when there is none, or takes over a CLAIMED row whose claim was released or expired, adding
   * one to its claims. A SENT or ABANDONED row is never claimed again.
   *
   * @param key the reminder
   * @param worker the claiming scheduler's id, unique among the schedulers
   * @param now the current instant
   * @param lease how long the claim lasts before another worker may take it over
   * @return the claimed row, or empty if someone else holds it or it is settled
   */
  Optional<ReminderRecord> claim(ReminderKey key, String worker, Instant now, Duration lease);

  /**
   * Marks a claimed reminder SENT, for good.
   *
   * @param key the reminder
   * @param worker the worker that claimed it
   * @param channelMessageId the channel's id of the sent message
   * @return false if {@code worker} lost the claim
   */
  boolean markSent(ReminderKey key, String worker, String channelMessageId);

  /**
   * Releases a claimed reminder after a failed send, adding one to its failures, so that the next
   * run may claim it again at once.
   *
   * @param key the reminder
   * @param worker the worker that claimed it
   * @param error why the send failed, without contact details
   * @return false if {@code worker} lost the claim
   */
  boolean markFailed(ReminderKey key, String worker, String error);

  /**
   * Marks a claimed reminder ABANDONED, for good.
   *
   * @param key the reminder
   * @param worker the worker that claimed it
   * @param reason why it will not be sent (e.g. the appointment was cancelled or moved)
   * @return false if {@code worker} lost the claim
   */
  boolean abandon(ReminderKey key, String worker, String reason);

  /**
   * Reads a reminder's row.
   *
   * @param key the reminder
   * @return the row, or empty if the reminder was never claimed
   */
  Optional<ReminderRecord> find(ReminderKey key);
}
