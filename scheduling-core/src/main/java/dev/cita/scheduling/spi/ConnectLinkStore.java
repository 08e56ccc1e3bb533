package dev.cita.scheduling.spi;

import dev.cita.scheduling.token.ConnectLink;
import java.time.Instant;
import java.util.Optional;

/**
 * Keeps one-time onboarding links ({@link ConnectLink}) between the moment they are sent and the
 * moment they are opened, possibly on another node, keyed by the digest of the link's token. A link
 * is used at most once: of several concurrent {@link #markUsed} calls, at most one succeeds. Used
 * and expired links are kept, so that a later visit can be told "already used" or "expired" rather
 * than "unknown".
 */
public interface ConnectLinkStore {
  /**
   * Stores a new, unused link under its id.
   *
   * @param link the link; its id was never stored before
   */
  void put(ConnectLink link);

  /**
   * {@return the link stored under {@code id}, used or not, expired or not; empty if unknown}
   *
   * @param id the digest of the link's token
   */
  Optional<ConnectLink> find(String id);

  /**
   * Marks the link used, atomically: only when it is unused and not expired at {@code usedAt}.
   *
   * @param id the digest of the link's token
   * @param usedAt when it is used
   * @return true for the one caller that marked it; false if it is unknown, already used or expired
   */
  boolean markUsed(String id, Instant usedAt);
}
