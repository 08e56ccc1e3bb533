package dev.cita.scheduling.whatsapp.channel;

import java.time.Instant;
import java.util.Optional;

/** A {@link CustomerWindow} that records nothing and is never open. */
enum ClosedWindow implements CustomerWindow {
  INSTANCE;

  @Override
  public void recordInbound(String scope, String customerPhone, Instant at) {}

  @Override
  public void recordClosed(String scope, String customerPhone, Instant at) {}

  @Override
  public Optional<Instant> lastInbound(String scope, String customerPhone) {
    return Optional.empty();
  }

  @Override
  public boolean isOpen(String scope, String customerPhone) {
    return false;
  }
}
