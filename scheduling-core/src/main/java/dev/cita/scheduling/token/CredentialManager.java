package dev.cita.scheduling.token;

import dev.cita.scheduling.NotFoundException;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.ReauthorizationRequiredException;
import dev.cita.scheduling.SchedulingException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Backoff;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.memory.InMemoryConnectionStatusStore;
import dev.cita.scheduling.observe.Observer;
import dev.cita.scheduling.spi.AuditLog;
import dev.cita.scheduling.spi.ConnectionStatusStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out working credentials for tenants' OAuth connections: it refreshes an access token
 * shortly before it expires (one refresh at a time per connection), saves rotated refresh tokens
 * before using them, and turns {@code invalid_grant} into {@link ReauthorizationRequiredException}
 * and a {@link ConnectionStatus#NEEDS_REAUTHORIZATION} status. Thread-safe; build one per
 * application.
 *
 * <pre>{@code
 * CredentialManager credentials = CredentialManager.builder()
 *     .credentialStore(encryptedTokenStore)
 *     .statusStore(connectionStatusStore)   // or .inMemoryDefaults()
 *     .refresher("google", googleTokenRefresher)
 *     .clock(Clock.systemUTC())
 *     .build();
 * credentials.connect(key, credentialFromTheCodeExchange);
 * String bearer = credentials.accessToken(key);
 * }</pre>
 *
 * <p>Decisions callers can rely on:
 *
 * <ul>
 *   <li>A connection without a stored credential raises {@link NotFoundException}: there is nothing
 *       to re-authorize. {@link ReauthorizationRequiredException} is kept for connections whose
 *       grant went bad ({@code NEEDS_REAUTHORIZATION} or {@code REVOKED}, or an expired access
 *       token with no refresh token).
 *   <li>A retryable {@link ProviderException} is retried with exponential backoff and full jitter
 *       up to {@link Builder#maxAttempts(int)} attempts; a non-retryable one is thrown at once. Any
 *       other {@link RuntimeException} from a {@link TokenRefresher} is a bug in the adapter
 *       (adapters report network failures as {@link ProviderException#network}), so it is not
 *       retried: it is thrown wrapped in a non-retryable {@link ProviderException}. None of these
 *       change the connection's status.
 *   <li>Callers waiting for another caller's refresh get the same credential, or the same exception
 *       instance.
 *   <li>{@link #status(ConnectionKey)} of a connection never seen is {@code NOT_CONNECTED}, changed
 *       at {@link Instant#EPOCH}, reason {@code "never connected"}.
 *   <li>With a {@link TokenRevoker} registered for its provider, {@link #disconnect} revokes the
 *       token at the provider before deleting it here; a provider that cannot be reached leaves the
 *       connection {@code REVOKING} and {@link #retryRevocations()} tries again later, with
 *       backoff, up to a cap. One attempt at a time per connection, across threads and nodes.
 * </ul>
 *
 * Tokens never appear in its logs or exception messages.
 */
public final class CredentialManager {
  private static final Logger log = LoggerFactory.getLogger(CredentialManager.class);
  private static final String NEVER_CONNECTED = "never connected";
  private static final int REVOCATION_BATCH = 100;

  private final Clock clock;
  private final CredentialStore credentials;
  private final ConnectionStatusStore statuses;
  private final Map<String, TokenRefresher> refreshers;
  private final Map<String, TokenRevoker> revokers;
  private final int revocationMaxAttempts;
  private final Backoff revocationBackoff;
  private final Duration revocationLease;
  private final List<ConnectionListener> listeners;
  private final Observer observer;
  private final AuditLog auditLog;
  private final Duration refreshMargin;
  private final int maxAttempts;
  private final Backoff backoff;
  private final Sleeper sleeper;
  private final Map<ConnectionKey, CompletableFuture<OAuthCredential>> refreshing =
      new ConcurrentHashMap<>();
  private final Map<ConnectionKey, Object> locks = new ConcurrentHashMap<>();

  private CredentialManager(Builder b) {
    this.clock = b.clock;
    this.credentials = Checks.notNull(b.credentials, "credentialStore");
    this.statuses = Checks.notNull(b.statuses, "statusStore");
    this.refreshers = Map.copyOf(b.refreshers);
    this.revokers = Map.copyOf(b.revokers);
    this.revocationMaxAttempts = b.revocationMaxAttempts;
    this.revocationBackoff = new Backoff(b.revocationBaseBackoff, b.revocationMaxBackoff, b.random);
    this.revocationLease = b.revocationLease;
    this.listeners = List.copyOf(b.listeners);
    this.refreshMargin = b.refreshMargin;
    this.observer = Observer.all(b.observers);
    this.auditLog = b.auditLog;
    this.maxAttempts = b.maxAttempts;
    this.backoff = new Backoff(b.baseBackoff, b.maxBackoff, b.random);
    this.sleeper = b.sleeper;
  }

  /** {@return a builder with the defaults described on its setters} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Stores the credential of a newly authorized connection and marks it {@code CONNECTED}.
   *
   * <p>A connection still {@code REVOKING} (see {@link #disconnect}) has its earlier token revoked
   * first, in one attempt made now; if the provider cannot be reached even then, the earlier token
   * stays valid at the provider until it expires (logged at WARN), as the new credential replaces
   * it here.
   *
   * @param connection the tenant's connection
   * @param credential the tokens from the code exchange; of the connection's provider
   * @throws dev.cita.scheduling.ValidationException if the credential is of another provider
   */
  public void connect(ConnectionKey connection, OAuthCredential credential) {
    Checks.notNull(connection, "connection");
    Checks.notNull(credential, "credential");
    if (!credential.provider().equals(connection.provider())) {
      throw new ValidationException(
          "credential.provider",
          "must be the connection's provider '"
              + connection.provider()
              + "', was '"
              + credential.provider()
              + "'");
    }
    synchronized (lockFor(connection)) {
      if (status(connection).status() == ConnectionStatus.REVOKING) {
        revokeBeforeReconnecting(connection, credential);
      }
      credentials.save(connection, credential);
      changeStatus(connection, ConnectionStatus.CONNECTED, "connected");
    }
  }

  /**
   * A working access token, refreshed first if it expires within the refresh margin.
   *
   * @param connection the tenant's connection
   * @return the access token, to send as a bearer token; never log it
   * @throws ReauthorizationRequiredException if the tenant must authorize again
   * @throws NotFoundException if no credential is stored for the connection
   * @throws ProviderException if the refresh failed for another reason
   */
  public String accessToken(ConnectionKey connection) {
    return credential(connection).accessToken();
  }

  /**
   * The connection's credential, refreshed (and saved) first if its access token expires within the
   * refresh margin.
   *
   * @param connection the tenant's connection
   * @return the stored or refreshed credential
   * @throws ReauthorizationRequiredException if the tenant must authorize again
   * @throws NotFoundException if no credential is stored for the connection
   * @throws ProviderException if the refresh failed for another reason
   */
  public OAuthCredential credential(ConnectionKey connection) {
    Checks.notNull(connection, "connection");
    requireUsable(connection);
    OAuthCredential current = load(connection);
    if (!current.expiresWithin(refreshMargin, clock)) {
      return current;
    }
    return refreshOnce(connection, null);
  }

  /**
   * The credential to retry with after the provider refused {@code rejectedAccessToken} (HTTP 401)
   * although it had not expired yet: it is refreshed once, unless another caller already replaced
   * it, in which case the stored one is returned. Concurrent callers share one refresh.
   *
   * @param connection the tenant's connection
   * @param rejectedAccessToken the access token the provider refused
   * @return the credential to retry with
   * @throws ReauthorizationRequiredException if the tenant must authorize again
   * @throws NotFoundException if no credential is stored for the connection
   * @throws ProviderException if the refresh failed for another reason
   */
  public OAuthCredential refreshRejected(ConnectionKey connection, String rejectedAccessToken) {
    Checks.notNull(connection, "connection");
    Checks.notBlank(rejectedAccessToken, "rejectedAccessToken");
    requireUsable(connection);
    OAuthCredential current = load(connection);
    if (!current.accessToken().equals(rejectedAccessToken)) {
      return credential(connection);
    }
    return refreshOnce(connection, rejectedAccessToken);
  }

  /**
   * Ends the connection: its credential is deleted and it is marked {@code NOT_CONNECTED}.
   *
   * <p>With a {@link TokenRevoker} registered for the connection's provider, the token is revoked
   * at the provider first. The connection is marked {@code REVOKING} (its credential is no longer
   * handed out) and one attempt is made at once; once the provider has revoked it, or says this
   * credential cannot be revoked there, or refuses for good, the credential is deleted. A provider
   * that cannot be reached (a retryable {@link ProviderException}: network failure, 5xx, 429)
   * leaves the connection {@code REVOKING} with its credential, and {@link #retryRevocations()}
   * tries again later with backoff; after the last attempt the credential is deleted anyway and the
   * token stays valid at the provider until it expires (logged at WARN). A connection already
   * {@code REVOKING} is left to that retry: a disconnect never sends a second revocation at once.
   * The store must keep pending revocations ({@link ConnectionStatusStore#claimRevocation}).
   *
   * @param connection the tenant's connection
   * @return true if a credential was stored (it may still be waiting to be revoked: see {@link
   *     #status})
   */
  public boolean disconnect(ConnectionKey connection) {
    Checks.notNull(connection, "connection");
    TokenRevoker revoker = revokers.get(connection.provider());
    if (revoker == null || credentials.load(connection).isEmpty()) {
      synchronized (lockFor(connection)) {
        boolean existed = credentials.delete(connection);
        changeStatus(connection, ConnectionStatus.NOT_CONNECTED, "disconnected");
        return existed;
      }
    }
    claimRevocation(connection, 0).ifPresent(claimed -> attemptRevocation(claimed, revoker));
    return true;
  }

  /**
   * Whether {@link #disconnect} revokes tokens of this provider, that is whether a {@link
   * TokenRevoker} was registered for it. Adapters that disconnect through the manager check it when
   * they are built.
   *
   * @param provider a provider id, such as {@code "google"}
   * @return true if a revoker is registered for it
   */
  public boolean revokes(String provider) {
    return revokers.containsKey(Checks.notBlank(provider, "provider"));
  }

  /**
   * One round of revocation retries: claims each {@code REVOKING} connection whose next attempt is
   * due (at most 100 a round, earliest first) and makes that attempt, as {@link #disconnect}
   * describes. Safe to call from several threads and nodes at once: each attempt is claimed in the
   * status store, so only one caller sends it. Call it every minute or so, or let a {@link
   * RevocationWorker} do it.
   *
   * @return how many connections this call claimed
   */
  public int retryRevocations() {
    if (revokers.isEmpty()) {
      return 0;
    }
    int claimedCount = 0;
    for (PendingRevocation due : statuses.dueRevocations(clock.instant(), REVOCATION_BATCH)) {
      TokenRevoker revoker = revokers.get(due.connection().provider());
      if (revoker == null) {
        continue; // another application's provider, sharing the store
      }
      Optional<PendingRevocation> claimed = claimRevocation(due.connection(), due.attempts());
      if (claimed.isPresent()) {
        claimedCount++;
        attemptRevocation(claimed.get(), revoker);
      }
    }
    return claimedCount;
  }

  /**
   * Marks the connection {@code REVOKED} (the tenant or the provider withdrew access), after which
   * {@link #credential} fails fast until {@link #connect} is called again. The stored credential is
   * kept; {@link #disconnect} deletes it.
   *
   * @param connection the tenant's connection
   * @param reason why, for the status; not blank, never a token
   */
  public void markRevoked(ConnectionKey connection, String reason) {
    Checks.notNull(connection, "connection");
    Checks.notBlank(reason, "reason");
    synchronized (lockFor(connection)) {
      changeStatus(connection, ConnectionStatus.REVOKED, reason);
    }
  }

  /**
   * The connection's status; {@code NOT_CONNECTED} at {@link Instant#EPOCH} if never seen.
   *
   * @param connection the tenant's connection
   * @return its state
   */
  public ConnectionState status(ConnectionKey connection) {
    Checks.notNull(connection, "connection");
    return statuses
        .load(connection)
        .orElseGet(
            () ->
                new ConnectionState(
                    ConnectionStatus.NOT_CONNECTED, Instant.EPOCH, NEVER_CONNECTED));
  }

  // --- revocation -----------------------------------------------------------------------------

  /**
   * Claims the next attempt in the status store; the claim also holds the revocation for the lease
   * and the backoff, so no other caller sends one meanwhile.
   */
  private Optional<PendingRevocation> claimRevocation(ConnectionKey connection, int seen) {
    int attempt = seen + 1;
    Instant now = clock.instant();
    PendingRevocation next =
        new PendingRevocation(
            connection,
            attempt,
            now.plus(revocationLease).plus(revocationBackoff.delayAfter(attempt)));
    ConnectionState after =
        new ConnectionState(
            ConnectionStatus.REVOKING,
            now,
            "disconnected; revoking the token at the provider (attempt "
                + attempt
                + " of "
                + revocationMaxAttempts
                + ")");
    synchronized (lockFor(connection)) {
      ConnectionState before = status(connection);
      if (!statuses.claimRevocation(after, next, seen)) {
        return Optional.empty();
      }
      if (before.status() != ConnectionStatus.REVOKING) {
        announce(connection, before, after);
      }
    }
    return Optional.of(next);
  }

  private void attemptRevocation(PendingRevocation claimed, TokenRevoker revoker) {
    ConnectionKey connection = claimed.connection();
    OAuthCredential credential = credentials.load(connection).orElse(null);
    if (credential == null) {
      finishRevocation(connection, null, "disconnected");
      return;
    }
    if (claimed.attempts() > revocationMaxAttempts) { // the last attempt's caller died
      giveUp(connection, credential, claimed.attempts() - 1, "no answer");
      return;
    }
    boolean revoked;
    try {
      revoked = revoke(connection, revoker, credential);
    } catch (RuntimeException e) {
      String failure = e instanceof ProviderException p ? describe(p) : e.getClass().getName();
      boolean retryable =
          e instanceof ProviderException p ? p.isRetryable() : !(e instanceof SchedulingException);
      if (retryable && claimed.attempts() < revocationMaxAttempts) {
        log.warn(
            "revoking the token of {} failed (attempt {} of {}), next attempt from {}: {}",
            connection,
            claimed.attempts(),
            revocationMaxAttempts,
            claimed.dueAt(),
            failure);
        return;
      }
      giveUp(connection, credential, claimed.attempts(), failure);
      return;
    }
    if (revoked) {
      log.info("revoked the token of {} at the provider", connection);
      finishRevocation(connection, credential, "disconnected; revoked at the provider");
    } else {
      log.warn(
          "{} has a credential the provider cannot revoke for this client (a personal access"
              + " token or API key): deleted here, it stays valid at the provider until the tenant"
              + " deletes it there",
          connection);
      finishRevocation(connection, credential, "disconnected; not revocable at the provider");
    }
  }

  /**
   * A connection connected again while its earlier token waits to be revoked: the new credential
   * replaces the earlier one, so this is the earlier token's last chance. One attempt is made now,
   * without waiting for the backoff (the tenant is online, so the provider likely is too). Another
   * node's retry may send the same revocation at the same moment; revoking a token twice is
   * harmless (RFC 7009, section 2.2: an invalid token is answered with 200).
   */
  private void revokeBeforeReconnecting(ConnectionKey connection, OAuthCredential replacement) {
    TokenRevoker revoker = revokers.get(connection.provider());
    OAuthCredential earlier = credentials.load(connection).orElse(null);
    if (revoker == null || earlier == null || earlier.equals(replacement)) {
      return;
    }
    try {
      if (revoke(connection, revoker, earlier)) {
        log.info("revoked the earlier token of {} before connecting it again", connection);
      } else {
        log.warn(
            "{} is connected again; its earlier credential cannot be revoked at the provider (a"
                + " personal access token or API key) and stays valid there",
            connection);
      }
    } catch (RuntimeException e) {
      log.warn(
          "{} is connected again while its earlier token was being revoked, and the last attempt"
              + " failed ({}): the earlier token stays valid at the provider until it expires",
          connection,
          e instanceof ProviderException p ? describe(p) : e.getClass().getName());
    }
  }

  private void giveUp(
      ConnectionKey connection, OAuthCredential credential, int attempts, String failure) {
    log.warn(
        "gave up revoking the token of {} after {} attempt(s) ({}): deleted here, it stays valid"
            + " at the provider until it expires",
        connection,
        attempts,
        failure);
    finishRevocation(
        connection,
        credential,
        "disconnected; the provider did not revoke the token after "
            + attempts
            + " attempt(s) ("
            + failure
            + ")");
  }

  /**
   * Deletes the revoked credential and marks the connection {@code NOT_CONNECTED}, unless it was
   * connected again meanwhile or holds another credential now (then that one stays; while the
   * connection is still {@code REVOKING}, a later retry revokes it).
   */
  private void finishRevocation(
      ConnectionKey connection, @Nullable OAuthCredential revoked, String reason) {
    synchronized (lockFor(connection)) {
      Optional<OAuthCredential> stored = credentials.load(connection);
      if (status(connection).status() != ConnectionStatus.REVOKING
          || (stored.isPresent() && !Objects.equals(stored.get(), revoked))) {
        log.info(
            "{} changed while its earlier token was revoked (connected again); the credential"
                + " stored now is kept",
            connection);
        return;
      }
      credentials.delete(connection);
      changeStatus(connection, ConnectionStatus.NOT_CONNECTED, reason);
    }
  }

  // --- refresh --------------------------------------------------------------------------------

  /** Single flight: the first caller refreshes, the others wait for its result. */
  private OAuthCredential refreshOnce(
      ConnectionKey connection, @Nullable String rejectedAccessToken) {
    CompletableFuture<OAuthCredential> mine = new CompletableFuture<>();
    CompletableFuture<OAuthCredential> running = refreshing.putIfAbsent(connection, mine);
    if (running != null) {
      return await(running);
    }
    try {
      OAuthCredential result = refreshNow(connection, rejectedAccessToken);
      mine.complete(result);
      return result;
    } catch (RuntimeException | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      refreshing.remove(connection, mine);
    }
  }

  private static OAuthCredential await(CompletableFuture<OAuthCredential> refresh) {
    try {
      return refresh.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      if (e.getCause() instanceof Error cause) {
        throw cause;
      }
      throw e;
    }
  }

  private OAuthCredential refreshNow(
      ConnectionKey connection, @Nullable String rejectedAccessToken) {
    // A caller that read the old credential may get here after an earlier refresh has finished,
    // and another node may have refreshed too: look again before spending the refresh token.
    requireUsable(connection);
    OAuthCredential current = load(connection);
    boolean rejected = current.accessToken().equals(rejectedAccessToken);
    if (!rejected && !current.expiresWithin(refreshMargin, clock)) {
      return current;
    }
    try {
      OAuthCredential kept = refreshStored(connection, current);
      observed(connection, Observer.RefreshOutcome.REFRESHED);
      return kept;
    } catch (ReauthorizationRequiredException e) {
      observed(connection, Observer.RefreshOutcome.REAUTHORIZATION_REQUIRED);
      throw e;
    } catch (RuntimeException e) {
      observed(connection, Observer.RefreshOutcome.FAILED);
      throw e;
    }
  }

  private void observed(ConnectionKey connection, Observer.RefreshOutcome outcome) {
    observer.tokenRefresh(connection.tenant(), connection.provider(), outcome);
  }

  /** Refreshes {@code current} at the provider and saves the result before handing it out. */
  private OAuthCredential refreshStored(ConnectionKey connection, OAuthCredential current) {
    if (current.refreshToken().isEmpty()) {
      throw needsReauthorization(
          connection, "the access token expired and there is no refresh token", null);
    }
    TokenRefresher refresher = refreshers.get(connection.provider());
    if (refresher == null) {
      throw new ProviderException(
          connection.provider(),
          0,
          null,
          null,
          false,
          "no TokenRefresher is registered for this provider",
          null);
    }
    OAuthCredential fresh = refreshWithRetries(connection, refresher, current);
    OAuthCredential kept =
        fresh.refreshToken().isPresent()
            ? fresh
            : fresh.toBuilder().refreshToken(current.refreshToken().get()).build();
    synchronized (lockFor(connection)) {
      // Persist before handing out: a rotated refresh token that is not saved is lost for good.
      if (credentials.load(connection).isEmpty()) {
        throw new NotFoundException("connection", connection); // disconnected during the refresh
      }
      credentials.save(connection, kept);
    }
    log.debug("refreshed the access token of {}", connection);
    return kept;
  }

  /** One revocation call at the provider, in the API log. */
  private boolean revoke(
      ConnectionKey connection, TokenRevoker revoker, OAuthCredential credential) {
    return auditLog.timed(
        clock,
        connection.tenant(),
        connection.provider(),
        "oauth.revoke",
        () -> revoker.revoke(credential));
  }

  private OAuthCredential refreshWithRetries(
      ConnectionKey connection, TokenRefresher refresher, OAuthCredential current) {
    for (int attempt = 1; ; attempt++) {
      try {
        OAuthCredential fresh =
            auditLog.timed(
                clock,
                connection.tenant(),
                connection.provider(),
                "oauth.refresh",
                () -> refresher.refresh(current));
        if (fresh == null) {
          throw new ProviderException(
              connection.provider(),
              0,
              null,
              null,
              false,
              "the token refresher returned no credential",
              null);
        }
        return fresh;
      } catch (InvalidGrantException e) {
        throw needsReauthorization(
            connection, "the provider rejected the refresh token (invalid_grant)", e);
      } catch (ProviderException e) {
        if (!e.isRetryable() || attempt >= maxAttempts) {
          log.warn(
              "token refresh for {} failed after {} attempt(s): {}",
              connection,
              attempt,
              describe(e));
          throw e;
        }
        Duration wait = backoff.delayAfter(attempt);
        log.info(
            "token refresh for {} failed (attempt {} of {}), retrying in {} ms: {}",
            connection,
            attempt,
            maxAttempts,
            wait.toMillis(),
            describe(e));
        pause(wait, e);
      } catch (SchedulingException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new ProviderException(
            connection.provider(),
            0,
            null,
            null,
            false,
            "the token refresher failed unexpectedly (" + e.getClass().getName() + ")",
            e);
      }
    }
  }

  /** Structured fields only: the free-text message comes from an adapter and is not logged. */
  private static String describe(ProviderException e) {
    return "HTTP "
        + (e.httpStatus().isPresent() ? e.httpStatus().getAsInt() : "none")
        + ", code "
        + e.providerCode().orElse("none")
        + ", request-id "
        + e.requestId().orElse("none")
        + (e.isRetryable() ? ", retryable" : ", not retryable");
  }

  private void pause(Duration wait, ProviderException failure) {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      failure.addSuppressed(interrupted);
      throw failure;
    }
  }

  private ReauthorizationRequiredException needsReauthorization(
      ConnectionKey connection, String reason, @Nullable Throwable cause) {
    synchronized (lockFor(connection)) {
      changeStatus(connection, ConnectionStatus.NEEDS_REAUTHORIZATION, reason);
    }
    log.warn("connection {} needs to be authorized again: {}", connection, reason);
    ReauthorizationRequiredException e = new ReauthorizationRequiredException(connection, reason);
    if (cause != null) {
      e.initCause(cause);
    }
    return e;
  }

  // --- status ---------------------------------------------------------------------------------

  private void requireUsable(ConnectionKey connection) {
    ConnectionState state = status(connection);
    switch (state.status()) {
      case NEEDS_REAUTHORIZATION:
        throw new ReauthorizationRequiredException(connection, state.reason());
      case REVOKED:
        throw new ReauthorizationRequiredException(
            connection, "access was revoked: " + state.reason());
      case REVOKING:
        throw new NotFoundException("connection (disconnected, token being revoked)", connection);
      default:
        break;
    }
  }

  private OAuthCredential load(ConnectionKey connection) {
    return credentials
        .load(connection)
        .orElseThrow(() -> new NotFoundException("connection", connection));
  }

  private Object lockFor(ConnectionKey connection) {
    return locks.computeIfAbsent(connection, k -> new Object());
  }

  /**
   * Saves and announces a change of status. Callers hold the connection's lock, so two changes of
   * one connection are never announced out of order or twice. A move to the status the connection
   * already has is not a change: nothing is saved or announced.
   */
  private void changeStatus(ConnectionKey connection, ConnectionStatus to, String reason) {
    ConnectionState before = status(connection);
    if (before.status() == to) {
      return;
    }
    ConnectionState after = new ConnectionState(to, clock.instant(), reason);
    statuses.save(connection, after);
    announce(connection, before, after);
  }

  private void announce(ConnectionKey connection, ConnectionState before, ConnectionState after) {
    for (ConnectionListener listener : listeners) {
      try {
        listener.statusChanged(connection, before, after);
      } catch (RuntimeException e) {
        log.warn("connection listener {} failed", listener.getClass().getName(), e);
      }
    }
  }

  /**
   * Configures a {@link CredentialManager}; {@link #build()} checks that a credential store and a
   * status store are set (or {@link #inMemoryDefaults()} opted in to an in-memory status store) and
   * that the backoff bounds agree.
   */
  public static final class Builder {
    private AuditLog auditLog = AuditLog.noop();
    private Clock clock = Clock.systemUTC();
    private @Nullable CredentialStore credentials;
    private @Nullable ConnectionStatusStore statuses;
    private boolean inMemoryDefaults;
    private final Map<String, TokenRefresher> refreshers = new HashMap<>();
    private final Map<String, TokenRevoker> revokers = new HashMap<>();
    private int revocationMaxAttempts = 8;
    private Duration revocationBaseBackoff = Duration.ofMinutes(1);
    private Duration revocationMaxBackoff = Duration.ofHours(1);
    private Duration revocationLease = Duration.ofMinutes(2);
    private final List<ConnectionListener> listeners = new ArrayList<>();
    private final List<Observer> observers = new ArrayList<>();
    private Duration refreshMargin = Duration.ofMinutes(2);
    private int maxAttempts = 3;
    private Duration baseBackoff = Duration.ofMillis(200);
    private Duration maxBackoff = Duration.ofSeconds(5);
    private Sleeper sleeper = Sleeper.threadSleep();
    private RandomGenerator random = () -> ThreadLocalRandom.current().nextLong();

    private Builder() {}

    /**
     * The clock every "now" is read from; tests pass a fake one.
     *
     * @param clock the clock; default {@link Clock#systemUTC()}
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    /**
     * Where credentials are kept, normally an {@code EncryptedTokenStore}. Required.
     *
     * @param store the credential store
     * @return this builder
     */
    public Builder credentialStore(CredentialStore store) {
      this.credentials = Checks.notNull(store, "credentialStore");
      return this;
    }

    /**
     * Where connection statuses are kept. No default: required, unless {@link #inMemoryDefaults()}
     * was called (then an {@link InMemoryConnectionStatusStore}, which forgets on restart that a
     * connection needs re-authorization).
     *
     * @param store the status store
     * @return this builder
     */
    public Builder statusStore(ConnectionStatusStore store) {
      this.statuses = Checks.notNull(store, "statusStore");
      return this;
    }

    /**
     * Opts in to an in-memory status store when none is set: the quick start and tests. The
     * credential store stays required.
     *
     * @return this builder
     */
    public Builder inMemoryDefaults() {
      this.inMemoryDefaults = true;
      return this;
    }

    /**
     * Registers how to refresh tokens of one provider id, such as {@code "google"}.
     *
     * @param provider the provider id; at most one refresher each
     * @param refresher the provider's refresher
     * @return this builder
     * @throws ValidationException if a refresher for the provider was registered already
     */
    public Builder refresher(String provider, TokenRefresher refresher) {
      register(refreshers, "refresher", provider, refresher);
      return this;
    }

    /** Adds a provider's refresher or revoker, refusing a second one for the same provider. */
    private static <T> void register(
        Map<String, T> byProvider, String kind, String provider, T it) {
      Checks.notBlank(provider, kind + ".provider");
      Checks.notNull(it, kind);
      if (byProvider.putIfAbsent(provider, it) != null) {
        throw new ValidationException(
            kind + ".provider", "a " + kind + " for '" + provider + "' is already registered");
      }
    }

    /**
     * Registers how to revoke tokens of one provider id when a tenant disconnects (see {@link
     * CredentialManager#disconnect}); without one, a disconnect only deletes the credential here.
     * The status store must keep pending revocations.
     *
     * @param provider the provider id; at most one revoker each
     * @param revoker the provider's revoker
     * @return this builder
     * @throws ValidationException if a revoker for the provider was registered already
     */
    public Builder revoker(String provider, TokenRevoker revoker) {
      register(revokers, "revoker", provider, revoker);
      return this;
    }

    /**
     * How often and how patiently a revocation is tried: at most {@code maxAttempts} attempts, the
     * first included; after the n-th failed one the next is due after the {@linkplain
     * #revocationLease lease} plus a random wait of up to {@code min(maxBackoff, baseBackoff *
     * 2^(n-1))}. Defaults: 8 attempts, 1 minute, 1 hour.
     *
     * @param maxAttempts at least 1
     * @param baseBackoff positive, at most {@code maxBackoff}
     * @param maxBackoff positive
     * @return this builder
     */
    public Builder revocationRetries(int maxAttempts, Duration baseBackoff, Duration maxBackoff) {
      this.revocationMaxAttempts = Checks.atLeast(maxAttempts, 1, "revocationMaxAttempts");
      this.revocationBaseBackoff = Checks.positive(baseBackoff, "revocationBaseBackoff");
      this.revocationMaxBackoff = Checks.positive(maxBackoff, "revocationMaxBackoff");
      return this;
    }

    /**
     * How long a claimed revocation attempt belongs to its caller before another caller (node) may
     * take it over; longer than a revocation call can take (its HTTP call timeout). Default 2
     * minutes.
     *
     * @param lease positive
     * @return this builder
     */
    public Builder revocationLease(Duration lease) {
      this.revocationLease = Checks.positive(lease, "revocationLease");
      return this;
    }

    /**
     * Adds a listener told of every status change (default: none).
     *
     * @param listener the listener, called in the order added
     * @return this builder
     */
    public Builder listener(ConnectionListener listener) {
      listeners.add(Checks.notNull(listener, "listener"));
      return this;
    }

    /**
     * Adds an observer told how each token refresh ended, for metrics and health checks (default:
     * none).
     *
     * @param observer the observer, called in the order added
     * @return this builder
     */
    public Builder observer(Observer observer) {
      observers.add(Checks.notNull(observer, "observer"));
      return this;
    }

    /**
     * Where each token refresh and revocation call is recorded (operations {@code oauth.refresh}
     * and {@code oauth.revoke}: tenant, provider, outcome, status, latency; never a token); default
     * none.
     *
     * @param auditLog the API log
     * @return this builder
     */
    public Builder auditLog(AuditLog auditLog) {
      this.auditLog = Checks.notNull(auditLog, "auditLog");
      return this;
    }

    /**
     * Refresh an access token this long before it expires; default 2 minutes.
     *
     * @param margin not negative
     * @return this builder
     */
    public Builder refreshMargin(Duration margin) {
      this.refreshMargin = Checks.notNegative(margin, "refreshMargin");
      return this;
    }

    /**
     * Attempts per refresh, the first included; default 3.
     *
     * @param maxAttempts at least 1
     * @return this builder
     */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = Checks.atLeast(maxAttempts, 1, "maxAttempts");
      return this;
    }

    /**
     * The largest wait after the first failed attempt; it doubles per attempt. Default 200 ms.
     *
     * @param baseBackoff positive, at most {@code maxBackoff}
     * @return this builder
     */
    public Builder baseBackoff(Duration baseBackoff) {
      this.baseBackoff = Checks.positive(baseBackoff, "baseBackoff");
      return this;
    }

    /**
     * The cap on any single wait between attempts; default 5 seconds.
     *
     * @param maxBackoff positive
     * @return this builder
     */
    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = Checks.positive(maxBackoff, "maxBackoff");
      return this;
    }

    /**
     * How to wait between attempts; tests pass one that records and returns at once.
     *
     * @param sleeper the sleeper; default {@link Sleeper#threadSleep()}
     * @return this builder
     */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Checks.notNull(sleeper, "sleeper");
      return this;
    }

    /**
     * The source of jitter; must be thread-safe. Default: {@link ThreadLocalRandom}.
     *
     * @param random the generator
     * @return this builder
     */
    public Builder random(RandomGenerator random) {
      this.random = Checks.notNull(random, "random");
      return this;
    }

    /**
     * The manager.
     *
     * @return the manager, ready to share between threads
     * @throws ValidationException on {@code credentialStore} or {@code statusStore} when one is not
     *     set (the status store may be left out after {@link #inMemoryDefaults()}), or on {@code
     *     baseBackoff} when it exceeds {@code maxBackoff}
     */
    public CredentialManager build() {
      Checks.notNull(credentials, "credentialStore");
      Checks.atMost(baseBackoff, maxBackoff, "baseBackoff");
      Checks.atMost(revocationBaseBackoff, revocationMaxBackoff, "revocationBaseBackoff");
      if (statuses == null && !inMemoryDefaults) {
        throw new ValidationException(
            "statusStore",
            "CredentialManager.builder() is missing statusStore: set it, or call inMemoryDefaults()"
                + " to keep connection statuses in memory (lost on restart, not shared between"
                + " nodes)");
      }
      if (statuses == null) {
        statuses = new InMemoryConnectionStatusStore();
      }
      return new CredentialManager(this);
    }
  }
}
