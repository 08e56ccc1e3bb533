package dev.cita.scheduling.webhook;

import dev.cita.scheduling.InvalidTransitionException;
import dev.cita.scheduling.NotFoundException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.WebhookVerificationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.internal.LogContext;
import dev.cita.scheduling.internal.LogSafe;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.notify.NotificationQueue;
import dev.cita.scheduling.observe.Observer;
import dev.cita.scheduling.spi.AppointmentStore;
import dev.cita.scheduling.spi.AuditEntry;
import dev.cita.scheduling.spi.AuditLog;
import dev.cita.scheduling.spi.OutboxStore;
import dev.cita.scheduling.spi.RateLimiter;
import dev.cita.scheduling.spi.WebhookInbox;
import dev.cita.scheduling.webhook.EventApplier.Applied;
import dev.cita.scheduling.webhook.WebhookResult.Outcome;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns provider webhooks into local appointment changes: verify → parse → de-duplicate → apply →
 * record → publish, answering with the HTTP status the app should return. Thread-safe; one instance
 * serves every registered provider.
 *
 * <pre>{@code
 * WebhookHandler webhooks = WebhookHandler.builder()
 *     .appointmentStore(store)
 *     .inbox(inbox)
 *     .provider(calcomWebhooks)
 *     .listener(myListener)
 *     .build();
 * // in the web layer, for POST /hooks/{provider}:
 * WebhookResult result = webhooks.handle(provider, request);
 * response.setStatus(result.status());
 * }</pre>
 *
 * <p>Work before authentication is bounded: with a {@link Builder#rateLimit rate limit}, a source
 * over it is answered 429 before anything else is looked at; a body longer than {@link
 * Builder#maxBodyBytes(int)} (256 KiB by default) is answered 413 before any parsing or signature
 * check, and so is a request an adapter finds too large (Twilio's form-parameter count). The web
 * layer should not read more than that limit in the first place: read the body with {@link
 * WebhookRequest#readBody(java.io.InputStream, int)} and {@link #maxBodyBytes()}, or set the
 * framework's own request-size limit.
 *
 * <p>Each delivery runs with the SLF4J MDC keys {@code cita.provider}, and once parsed {@code
 * cita.tenant} and {@code cita.delivery} (see {@code internal.LogContext}), removed when it ends.
 *
 * <p>Nothing is written for a request that fails verification (401). A delivery is recorded in the
 * {@link WebhookInbox}, per tenant, only after all its events were applied, so a failure that may
 * pass (a store outage, a lost version race) answers 5xx and leaves it to the provider's retry. A
 * verified delivery that can never be applied (a body that cannot be read, a field no store can
 * hold: {@link ValidationException}, {@link WebhookParseException}, {@link DateTimeException},
 * {@link ArithmeticException}, {@link NotFoundException}, {@link InvalidTransitionException}) is
 * recorded as rejected with its reason, logged once at WARN without a stack trace and answered 2xx
 * ({@link Outcome#REJECTED}), so the provider stops retrying; its redeliveries are answered 2xx
 * without work.
 *
 * <p>The Cita tag on a booking (its appointment id) links an event to an appointment only when its
 * signature verifies with the {@link Builder#tagSigner(AppointmentTagSigner) tag signer}.
 */
public final class WebhookHandler {
  private static final Logger log = LoggerFactory.getLogger(WebhookHandler.class);

  private final Clock clock;
  private final WebhookInbox inbox;
  private final Map<String, ProviderWebhooks> providers;
  private final List<WebhookListener> listeners;
  private final EventApplier applier;
  private final AuditLog auditLog;
  private final Observer observer;
  private final int maxBodyBytes;
  private final RateLimiter rateLimiter;
  private final Function<WebhookRequest, String> sourceOf;

  private WebhookHandler(Builder b) {
    this.clock = b.clock;
    this.inbox = Checks.notNull(b.inbox, "webhookHandler.inbox");
    AppointmentStore store = Checks.notNull(b.store, "webhookHandler.appointmentStore");
    if (b.providers.isEmpty()) {
      throw new ValidationException(
          "webhookHandler.providers", "at least one provider is required");
    }
    this.providers = Map.copyOf(b.providers);
    this.listeners = List.copyOf(b.listeners);
    this.applier =
        new EventApplier(store, inbox, b.outbox, b.tagSigner, clock, b.queueNotifications);
    this.auditLog = b.auditLog;
    this.observer = Observer.all(b.observers);
    this.maxBodyBytes = b.maxBodyBytes;
    this.rateLimiter = b.rateLimiter;
    this.sourceOf = b.sourceOf;
  }

  /**
   * {@return the largest body, in bytes, this handler accepts} The web layer need not read more
   * than one byte past it.
   */
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  /** {@return a builder} An appointment store, an inbox and at least one provider are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Handles one delivery for {@code provider} (the id a {@link ProviderWebhooks} was registered
   * with, typically taken from the URL path). Never throws for anything the request contains.
   *
   * @param provider the provider id from the URL
   * @param request the request as received
   * @return the outcome and the HTTP status to answer
   */
  public WebhookResult handle(String provider, WebhookRequest request) {
    Checks.notNull(provider, "provider");
    Checks.notNull(request, "request");
    try (LogContext context = LogContext.open().provider(provider)) {
      Instant start = clock.instant();
      ParsedWebhook[] parsedOut = new ParsedWebhook[1];
      WebhookResult result = handle(provider, request, parsedOut, context);
      observer.webhook(providers.containsKey(provider) ? provider : "unknown", result.outcome());
      // A flood that is refused is not written to the API log line by line either.
      if (auditLog != AuditLog.noop()
          && result.outcome() != Outcome.UNKNOWN_PROVIDER
          && result.outcome() != Outcome.RATE_LIMITED) {
        audit(provider, start, result, parsedOut[0]);
      }
      return result;
    }
  }

  private void audit(String provider, Instant start, WebhookResult result, ParsedWebhook parsed) {
    Optional<TenantId> tenant =
        parsed == null || parsed.events().isEmpty()
            ? Optional.empty()
            : Optional.of(parsed.events().get(0).tenant());
    String operation = parsed == null ? "webhook" : parsed.trigger();
    if (operation.length() > AuditEntry.MAX_TEXT) {
      operation = operation.substring(0, AuditEntry.MAX_TEXT);
    }
    AuditEntry.Outcome outcome =
        switch (result.outcome()) {
          case HANDLED -> AuditEntry.Outcome.SUCCESS;
          case DUPLICATE -> AuditEntry.Outcome.DUPLICATE;
          case IGNORED -> AuditEntry.Outcome.IGNORED;
          case UNAUTHORIZED,
              BAD_REQUEST,
              UNKNOWN_PROVIDER,
              PAYLOAD_TOO_LARGE,
              REJECTED,
              RATE_LIMITED ->
              AuditEntry.Outcome.REJECTED;
          case FAILED -> AuditEntry.Outcome.FAILURE;
        };
    Duration latency = Duration.between(start, clock.instant());
    auditLog.safeRecord(
        new AuditEntry(
            start,
            tenant,
            provider,
            AuditEntry.Direction.INBOUND,
            operation,
            outcome,
            result.status(),
            result.isSuccess()
                ? Optional.empty()
                : Optional.of(result.outcome().name().toLowerCase(Locale.ROOT)),
            latency.isNegative() ? Duration.ZERO : latency));
  }

  private WebhookResult handle(
      String provider, WebhookRequest request, ParsedWebhook[] parsedOut, LogContext context) {
    ProviderWebhooks plugin = providers.get(provider);
    if (plugin == null) {
      log.warn("Webhook for unknown provider '{}': {}", LogSafe.escape(provider), request);
      return new WebhookResult(Outcome.UNKNOWN_PROVIDER, "no webhook adapter for this provider");
    }
    RateLimiter.Permit permit = rateLimiter.tryAcquire(provider + ":" + sourceOf.apply(request));
    if (!permit.granted()) {
      log.debug("Webhook for {} refused by its source's rate limit: {}", provider, request);
      return new WebhookResult(
          Outcome.RATE_LIMITED, "too many requests", Optional.of(permit.retryAfter()));
    }
    if (request.bodyLength() > maxBodyBytes) {
      log.warn(
          "Webhook for {} refused before verification: {} exceeds the limit of {} bytes",
          provider,
          request,
          maxBodyBytes);
      return new WebhookResult(
          Outcome.PAYLOAD_TOO_LARGE, "body larger than " + maxBodyBytes + " bytes");
    }
    try {
      plugin.verify(request);
    } catch (WebhookPayloadTooLargeException e) {
      log.warn(
          "Webhook for {} refused before verification, {}: {}", provider, request, e.getMessage());
      return new WebhookResult(Outcome.PAYLOAD_TOO_LARGE, "request too large");
    } catch (WebhookVerificationException e) {
      log.warn("Webhook rejected, {}: {}", request, LogSafe.escape(e.getMessage()));
      return new WebhookResult(Outcome.UNAUTHORIZED, "signature verification failed");
    } catch (RuntimeException e) {
      // Verification is a function of the request alone: a retry of it cannot pass either.
      log.error("Webhook verifier of {} failed on {}", provider, request, e);
      return new WebhookResult(Outcome.UNAUTHORIZED, "signature verification failed");
    }
    ParsedWebhook parsed;
    try {
      parsed = parse(plugin, request);
      parsedOut[0] = parsed;
    } catch (WebhookPayloadTooLargeException e) {
      log.warn("Webhook for {} refused, {}: {}", provider, request, e.getMessage());
      return new WebhookResult(Outcome.PAYLOAD_TOO_LARGE, "request too large");
    } catch (RuntimeException e) {
      if (!isPermanent(e)) {
        // Parsing is a pure function of the body: answering 5xx would only make the provider retry
        // forever.
        log.error("Webhook parser of {} failed on {}", provider, request, e);
        return new WebhookResult(Outcome.BAD_REQUEST, "unreadable webhook body");
      }
      return rejectUnreadable(provider, request, e);
    }
    try {
      return dispatch(provider, request, parsed, context);
    } catch (RuntimeException e) {
      log.error(
          "Applying webhook {} from {} failed; not recorded, so the provider's retry applies it",
          parsed,
          provider,
          e);
      return new WebhookResult(Outcome.FAILED, "temporary failure, retry later");
    }
  }

  /**
   * Failures that a retry of the same delivery cannot pass: the delivery itself is wrong (a field
   * no store holds, a time out of range, a body that cannot be read). Everything else (a store
   * outage, a lost version race, a failure of unknown cause) may pass and is left to the provider's
   * retry.
   */
  static boolean isPermanent(RuntimeException e) {
    return e instanceof ValidationException
        || e instanceof WebhookParseException
        || e instanceof DateTimeException
        || e instanceof ArithmeticException
        || e instanceof NotFoundException
        || e instanceof InvalidTransitionException;
  }

  /**
   * A verified body the adapter cannot read: recorded (by its hash) as rejected and acknowledged.
   */
  private WebhookResult rejectUnreadable(
      String provider, WebhookRequest request, RuntimeException e) {
    WebhookInbox.Delivery delivery =
        WebhookInbox.Delivery.untenanted(provider, "unreadable:" + sha256(request.body()));
    if (inbox.seen(delivery)) {
      log.debug("Redelivery of an unreadable webhook from {}, {}", provider, request);
      return new WebhookResult(Outcome.DUPLICATE, "already rejected");
    }
    String reason = reason(e);
    inbox.recordRejected(delivery, clock.instant(), reason);
    log.warn(
        "Rejected webhook from {}, {}: it can never be applied: {}", provider, request, reason);
    return new WebhookResult(Outcome.REJECTED, "webhook can never be applied; acknowledged");
  }

  private static String sha256(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** The exception's type and message, without control characters, cut to what an inbox keeps. */
  private static String reason(RuntimeException e) {
    String text = e.getClass().getSimpleName() + ": " + e.getMessage();
    text = text.replaceAll("\\p{Cntrl}", "?");
    return text.length() > WebhookInbox.MAX_REASON
        ? text.substring(0, WebhookInbox.MAX_REASON)
        : text;
  }

  private static ParsedWebhook parse(ProviderWebhooks plugin, WebhookRequest request) {
    ParsedWebhook parsed = plugin.parse(request);
    if (parsed == null) {
      throw new IllegalStateException("parse returned null");
    }
    for (ProviderBookingEvent e : parsed.events()) {
      if (!e.provider().equals(plugin.provider())) {
        throw new IllegalStateException(
            "event for provider " + e.provider() + " from adapter " + plugin.provider());
      }
      if (!e.tenant().equals(parsed.events().get(0).tenant())) {
        throw new IllegalStateException("one delivery carries events of two tenants");
      }
    }
    return parsed;
  }

  /**
   * The inbox key of a parsed delivery: its tenant (two tenants may share one provider account),
   * provider and key.
   */
  private static WebhookInbox.Delivery deliveryOf(
      String provider, ParsedWebhook parsed, WebhookRequest request) {
    String key = DeliveryKey.of(parsed, request);
    return parsed.isIgnored()
        ? WebhookInbox.Delivery.untenanted(provider, key)
        : WebhookInbox.Delivery.of(parsed.events().get(0).tenant(), provider, key);
  }

  private WebhookResult dispatch(
      String provider, WebhookRequest request, ParsedWebhook parsed, LogContext context) {
    WebhookInbox.Delivery delivery = deliveryOf(provider, parsed, request);
    context.tenant(delivery.tenant().orElse(null)).delivery(delivery.key());
    Optional<WebhookInbox.Recorded> before = inbox.find(delivery);
    if (before.isPresent()) {
      log.debug("Duplicate webhook {} from {}", parsed, provider);
      return new WebhookResult(
          Outcome.DUPLICATE, before.get().rejected() ? "already rejected" : "already handled");
    }
    if (parsed.isIgnored()) {
      inbox.record(delivery, clock.instant());
      log.info("Ignoring webhook trigger '{}' from {}", LogSafe.escape(parsed.trigger()), provider);
      publish(l -> l.triggerIgnored(provider, parsed.trigger()));
      return new WebhookResult(Outcome.IGNORED, "trigger not handled: " + parsed.trigger());
    }
    List<Applied> results = new ArrayList<>();
    List<String> rejections = new ArrayList<>();
    for (ProviderBookingEvent event : parsed.events()) {
      try {
        results.add(applier.apply(event));
      } catch (RuntimeException e) {
        if (!isPermanent(e)) {
          throw e; // may pass on the provider's retry; events applied so far apply idempotently
          // again
        }
        String reason = reason(e);
        log.warn(
            "Rejected {} of webhook {} from {}: it can never be applied: {}",
            event,
            parsed,
            provider,
            reason);
        rejections.add(event.externalId() + ": " + reason);
        results.add(Applied.ignored(event, "rejected: " + reason));
      }
    }
    if (rejections.isEmpty()) {
      inbox.record(delivery, clock.instant());
    } else {
      String reason = String.join("; ", rejections);
      inbox.recordRejected(
          delivery,
          clock.instant(),
          reason.length() > WebhookInbox.MAX_REASON
              ? reason.substring(0, WebhookInbox.MAX_REASON)
              : reason);
    }
    int changed = 0;
    for (Applied a : results) {
      Appointment after = a.after();
      if (after != null) {
        changed++;
        Optional<Appointment> previous = a.before();
        if (previous.isEmpty()
            || previous.get().status() != after.status()
            || !previous.get().start().equals(after.start())) {
          observer.transition(after.tenant(), previous.map(Appointment::status), after.status());
        }
        publish(l -> l.applied(a.event(), a.before(), after));
      } else {
        // Applied.ignored, the only way to an Applied without an appointment, takes a reason.
        String reason = Objects.requireNonNull(a.reason(), "reason");
        publish(l -> l.ignored(a.event(), reason));
      }
    }
    String summary = changed + " of " + results.size() + " event(s) changed an appointment";
    return rejections.isEmpty()
        ? new WebhookResult(Outcome.HANDLED, summary)
        : new WebhookResult(
            Outcome.REJECTED, summary + ", " + rejections.size() + " can never be applied");
  }

  private void publish(Consumer<WebhookListener> call) {
    for (WebhookListener l : listeners) {
      try {
        call.accept(l);
      } catch (RuntimeException e) {
        log.warn("Webhook listener {} failed", l.getClass().getName(), e);
      }
    }
  }

  /** The default body limit: 256 KiB, far above any booking webhook a provider sends. */
  public static final int DEFAULT_MAX_BODY_BYTES = 256 * 1024;

  /** Collects the parts of a {@link WebhookHandler}; {@link #build()} validates them. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private @Nullable AppointmentStore store;
    private @Nullable WebhookInbox inbox;
    private final Map<String, ProviderWebhooks> providers = new HashMap<>();
    private final List<WebhookListener> listeners = new ArrayList<>();
    private final List<Observer> observers = new ArrayList<>();
    private AuditLog auditLog = AuditLog.noop();
    private @Nullable OutboxStore outbox;
    private AppointmentTagSigner tagSigner = AppointmentTagSigner.ephemeral();
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private boolean queueNotifications;
    private RateLimiter rateLimiter = RateLimiter.unlimited();
    private Function<WebhookRequest, String> sourceOf = request -> "";

    private Builder() {}

    /**
     * Writes a {@link NotificationQueue} entry with every applied change that is a notice (booked,
     * approved, moved, cancelled, no-show at the provider), in the same atomic store write as the
     * appointment, naming the provider the change came from; a {@code NotificationWorker} sends it
     * exactly once, however often the webhook is delivered and on however many nodes. Off by
     * default: turn it on only when a worker drains the queue.
     *
     * @return this builder
     */
    public Builder queueNotifications() {
      this.queueNotifications = true;
      return this;
    }

    /**
     * Limits deliveries per source before any other work: a request whose source has no permit left
     * is answered 429 ({@link Outcome#RATE_LIMITED}, with {@link WebhookResult#retryAfter()})
     * before its size, signature or body is looked at, so a flood of forged posts costs one bucket
     * lookup each. The limiter's key is {@code provider + ":" + source}. Unlimited by default.
     *
     * <pre>{@code
     * .rateLimit(limits.limiter("webhook", Limit.perMinute(600)),
     *     request -> request.header("X-Forwarded-For").orElse("direct")) // or the tenant in the URL
     * }</pre>
     *
     * @param limiter the limit, e.g. from {@code scheduling-ratelimit}
     * @param source names a request's source: the remote address the web layer saw, or a key of
     *     provider account and tenant the application reads from the URL; must not return null
     * @return this builder
     */
    public Builder rateLimit(RateLimiter limiter, Function<WebhookRequest, String> source) {
      this.rateLimiter = Checks.notNull(limiter, "rateLimiter");
      this.sourceOf = Checks.notNull(source, "rateLimitSource");
      return this;
    }

    /**
     * The largest body accepted, in bytes ({@value #DEFAULT_MAX_BODY_BYTES} by default, at least
     * 1024); a longer one is answered 413 before any parsing or signature check.
     *
     * @param maxBodyBytes at least 1024
     * @return this builder
     */
    public Builder maxBodyBytes(int maxBodyBytes) {
      this.maxBodyBytes = Checks.atLeast(maxBodyBytes, 1024, "maxBodyBytes");
      return this;
    }

    /**
     * Verifies the signature next to Cita's tag on provider bookings; must hold the same keys as
     * the signer the provider adapters write tags with. {@link AppointmentTagSigner#ephemeral()} by
     * default.
     *
     * @param tagSigner the signer
     * @return this builder
     */
    public Builder tagSigner(AppointmentTagSigner tagSigner) {
      this.tagSigner = Checks.notNull(tagSigner, "tagSigner");
      return this;
    }

    /**
     * The outbox the booking service writes to (for example {@code appointments.outbox()}). With
     * it, a provider event older than a local change not yet pushed to that provider is ignored, so
     * the late echo of an earlier write never undoes a newer move or cancel. Recommended whenever
     * Cita pushes to the provider whose webhooks this handler reads.
     *
     * <p>Known limit: "older" compares the provider's event time with Cita's clock. A change made
     * at the provider just after a local one, but stamped earlier because the provider's clock runs
     * behind Cita's, is taken for an echo and ignored (a cancel is logged at WARN); the queued
     * local change is still pushed, which restores the event (Google) or is refused and
     * dead-lettered (a provider that cannot move a cancelled booking). Keep the app's clock
     * synchronized (NTP); skew larger than the gap between two people's edits is rare.
     *
     * @param outbox the outbox store
     * @return this builder
     */
    public Builder outboxStore(OutboxStore outbox) {
      this.outbox = Checks.notNull(outbox, "outboxStore");
      return this;
    }

    /**
     * Where each delivery is logged (provider, tenant, trigger, outcome, latency); none by default.
     *
     * @param auditLog the API log
     * @return this builder
     */
    public Builder auditLog(AuditLog auditLog) {
      this.auditLog = Checks.notNull(auditLog, "auditLog");
      return this;
    }

    /**
     * The clock every "now" is read from; tests pass a fixed or fake one.
     *
     * @param clock the clock; default {@link Clock#systemUTC()}
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    /**
     * Sets where the events are applied (required).
     *
     * @param store the appointment store the booking service uses
     * @return this builder
     */
    public Builder appointmentStore(AppointmentStore store) {
      this.store = Checks.notNull(store, "appointmentStore");
      return this;
    }

    /**
     * Where handled deliveries are remembered, for de-duplication.
     *
     * @param inbox the inbox (required: there is no default)
     * @return this builder
     */
    public Builder inbox(WebhookInbox inbox) {
      this.inbox = Checks.notNull(inbox, "inbox");
      return this;
    }

    /**
     * Registers a provider adapter under its {@link ProviderWebhooks#provider()} id.
     *
     * @param provider the adapter
     * @return this builder
     * @throws ValidationException if an adapter with the same id was registered already, or its id
     *     is {@value NotificationQueue#PROVIDER}, reserved for the notification queue
     */
    public Builder provider(ProviderWebhooks provider) {
      Checks.notNull(provider, "provider");
      String id = Checks.notBlank(provider.provider(), "provider.provider");
      if (NotificationQueue.PROVIDER.equals(id)) {
        throw new ValidationException(
            "provider", "'" + id + "' is reserved for the notification queue");
      }
      if (providers.putIfAbsent(id, provider) != null) {
        throw new ValidationException(
            "provider", "a provider with id '" + id + "' is already registered");
      }
      return this;
    }

    /**
     * Adds a listener told what each delivery did to local appointments (default: none).
     *
     * @param listener the listener, called in the order added
     * @return this builder
     */
    public Builder listener(WebhookListener listener) {
      listeners.add(Checks.notNull(listener, "listener"));
      return this;
    }

    /**
     * Adds an observer told the outcome of every delivery and the status transitions webhooks
     * store, for metrics and health checks (default: none).
     *
     * @param observer the observer, called in the order added
     * @return this builder
     */
    public Builder observer(Observer observer) {
      observers.add(Checks.notNull(observer, "observer"));
      return this;
    }

    /**
     * Checks the settings and builds the handler.
     *
     * @return the handler, ready to share between threads
     * @throws ValidationException if the appointment store or inbox is missing, or no provider was
     *     registered
     */
    public WebhookHandler build() {
      return new WebhookHandler(this);
    }
  }
}
