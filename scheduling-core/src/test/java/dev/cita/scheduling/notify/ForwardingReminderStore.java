package dev.cita.scheduling.notify;

import dev.cita.scheduling.spi.ReminderStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Passes every call to another store; tests override one method to inject a fault or a race. */
class ForwardingReminderStore implements ReminderStore {
  private final ReminderStore delegate;

  ForwardingReminderStore(ReminderStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public Optional<ReminderRecord> claim(
      ReminderKey key, String worker, Instant now, Duration lease) {
    return delegate.claim(key, worker, now, lease);
  }

  @Override
  public boolean markSent(ReminderKey key, String worker, String channelMessageId) {
    return delegate.markSent(key, worker, channelMessageId);
  }

  @Override
  public boolean markFailed(ReminderKey key, String worker, String error) {
    return delegate.markFailed(key, worker, error);
  }

  @Override
  public boolean abandon(ReminderKey key, String worker, String reason) {
    return delegate.abandon(key, worker, reason);
  }

  @Override
  public Optional<ReminderRecord> find(ReminderKey key) {
    return delegate.find(key);
  }
}
