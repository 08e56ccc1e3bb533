package dev.cita.scheduling.internal;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.spi.LeaseStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leases one node holds in a shared {@link LeaseStore}, for a background worker that every node
 * runs but that should do each piece of work on one node at a time (the core's {@code
 * BusyRefresher}, Google's sync scheduler): before a piece of work the worker asks {@link
 * #tryHold}, which takes or renews the piece's lease; {@link #releaseAll()} gives up every lease
 * this node holds when the worker stops. Without a store ({@link #none()}) every piece is this
 * node's. Thread-safe.
 */
public final class LeaseHolder {
  private static final Logger log = LoggerFactory.getLogger(LeaseHolder.class);

  /** What {@link #tryHold} found. */
  public enum Hold {
    /** Another node holds the lease: leave the work to it. */
    OTHER_NODE,
    /**
     * This node held the lease without a break since its last hold (or there is no lease store):
     * what it remembers about the work is current.
     */
    HELD,
    /**
     * This node has just taken the lease: the first time, after another node had it, or after its
     * own hold lapsed. Another node may have done the work meanwhile, so what this node remembers
     * about it may be stale.
     */
    TAKEN;

    /** {@return true when this node may do the work now} */
    public boolean mine() {
      return this != OTHER_NODE;
    }
  }

  private final @Nullable LeaseStore store;
  private final String owner;
  private final Duration duration;
  private final Clock clock;
  private final String worker;

  /** Per lease this node holds, until when its last hold lasts. */
  private final Map<String, Instant> heldUntil = new ConcurrentHashMap<>();

  private LeaseHolder(
      @Nullable LeaseStore store, String owner, Duration duration, Clock clock, String worker) {
    this.store = store;
    this.owner = owner;
    this.duration = duration;
    this.clock = clock;
    this.worker = worker;
  }

  /**
   * A holder for a node that runs alone: every piece of work is its own, always {@link Hold#HELD}.
   *
   * @return the holder
   */
  public static LeaseHolder none() {
    return new LeaseHolder(null, "", Duration.ZERO, Clock.systemUTC(), "");
  }

  /**
   * A holder of leases in {@code store} for {@code owner}, each taken or renewed for {@code
   * duration} from {@code clock}'s now.
   *
   * @param store the lease store all nodes share
   * @param owner this node's id, unique among the nodes and stable for its life
   * @param duration how long a lease lasts unless renewed, positive
   * @param clock where now is read
   * @param worker the worker's name, for logs
   * @return the holder
   * @throws ValidationException if an argument is missing, blank or not positive
   */
  public static LeaseHolder of(
      LeaseStore store, String owner, Duration duration, Clock clock, String worker) {
    return new LeaseHolder(
        Checks.notNull(store, "leases"),
        Checks.notBlank(owner, "owner"),
        Checks.positive(duration, "leaseDuration"),
        Checks.notNull(clock, "clock"),
        Checks.notBlank(worker, "worker"));
  }

  /**
   * The lease a worker renewed once every {@code interval} should last: {@code duration} if set,
   * which must be longer than the interval, else twice the interval.
   *
   * @param duration the lease duration chosen, or null for the default
   * @param interval the time between the worker's rounds
   * @return the lease duration
   * @throws ValidationException ({@code leaseDuration}) if {@code duration} is not longer than
   *     {@code interval}
   */
  public static Duration duration(@Nullable Duration duration, Duration interval) {
    if (duration == null) {
      return interval.multipliedBy(2);
    }
    if (duration.compareTo(interval) <= 0) {
      throw new ValidationException(
          "leaseDuration",
          "must be longer than the interval (" + interval + ") to be renewed, was " + duration);
    }
    return duration;
  }

  /**
   * Takes or renews the lease {@code name} for this node.
   *
   * @param name the lease of one piece of work
   * @return whether this node holds it now, and whether without a break since its last hold
   * @throws RuntimeException if the lease store fails
   */
  public Hold tryHold(String name) {
    LeaseStore leases = store;
    if (leases == null) {
      return Hold.HELD;
    }
    Instant now = clock.instant();
    Instant until = heldUntil.get(name);
    if (!leases.tryAcquire(name, owner, now, duration)) {
      heldUntil.remove(name);
      return Hold.OTHER_NODE;
    }
    heldUntil.put(name, now.plus(duration));
    return until != null && until.isAfter(now) ? Hold.HELD : Hold.TAKEN;
  }

  /** Gives up every lease this node holds, so that other nodes take them at once. */
  public void releaseAll() {
    LeaseStore leases = store;
    if (leases == null) {
      return;
    }
    for (String name : List.copyOf(heldUntil.keySet())) {
      try {
        leases.release(name, owner);
        heldUntil.remove(name);
      } catch (RuntimeException e) {
        log.warn("{} could not give up lease {}: {}", worker, name, e.toString());
      }
    }
  }
}
