package dev.cita.scheduling.spi;

import java.time.Duration;
import java.time.Instant;

/**
 * Named leases, so that of several application nodes exactly one does a piece of work at a time
 * (such as refreshing one tenant's busy time): a lease has one owner until it expires, its owner
 * renews it, and once it has expired any node takes it over. Times come from the caller's clock;
 * nodes sharing a store should have clocks that agree to well within a lease. Thread-safe.
 */
public interface LeaseStore {
  /**
   * Takes the lease {@code name} for {@code owner} until {@code now + duration} if it is free,
   * expired ({@code expiry <= now}) or already {@code owner}'s (a renewal).
   *
   * @param name the lease's name
   * @param owner the node asking, stable for its life
   * @param now the caller's current time
   * @param duration how long the lease lasts if taken, positive
   * @return true if {@code owner} holds the lease now, false if another owner holds it
   */
  boolean tryAcquire(String name, String owner, Instant now, Duration duration);

  /**
   * Gives the lease up if {@code owner} holds it, so another node may take it at once.
   *
   * @param name the lease's name
   * @param owner the node giving it up
   * @return true if it was {@code owner}'s
   */
  boolean release(String name, String owner);
}
