package dev.cita.scheduling.token;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.internal.Poller;
import java.time.Duration;

/**
 * Calls {@link CredentialManager#retryRevocations()} every interval on a daemon thread of its own,
 * so a disconnect whose revocation failed (the provider could not be reached) is retried. Run one
 * per node: claims in the status store keep two nodes from sending the same revocation. A round
 * that throws is logged and the next one runs; it can be stopped and started again.
 *
 * <pre>{@code
 * RevocationWorker revocations = RevocationWorker.every(Duration.ofMinutes(1), credentials);
 * revocations.start();   // on shutdown: revocations.stop();
 * }</pre>
 */
public final class RevocationWorker {
  private final Poller poller;

  private RevocationWorker(Duration interval, CredentialManager credentials) {
    this.poller =
        new Poller(
            "cita-revocations", interval, Duration.ofSeconds(30), credentials::retryRevocations);
  }

  /**
   * A worker for {@code credentials}, not started yet.
   *
   * @param interval the pause between two rounds; positive
   * @param credentials the manager whose pending revocations are retried
   * @return the worker
   * @throws dev.cita.scheduling.ValidationException if an argument is missing or the interval is
   *     not positive
   */
  public static RevocationWorker every(Duration interval, CredentialManager credentials) {
    Checks.positive(interval, "interval");
    return new RevocationWorker(interval, Checks.notNull(credentials, "credentials"));
  }

  /** Starts the rounds, the first at once; starting a running worker does nothing. */
  public void start() {
    poller.start();
  }

  /** Stops the rounds, waiting at most 30 seconds for the one in flight; it may start again. */
  public void stop() {
    poller.stop();
  }
}
