package dev.cita.scheduling.webhook;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.WebhookVerificationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.internal.LogSafe;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.AppointmentStore;
import dev.cita.scheduling.spi.AuditEntry;
import dev.cita.scheduling.spi.AuditLog;
import dev.cita.scheduling.spi.OutboxStore;
import dev.cita.scheduling.spi.WebhookInbox;
import dev.cita.scheduling.webhook.EventApplier.Applied;
import dev.cita.scheduling.webhook.WebhookResult.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
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
 * <p>Nothing is written for a request that fails verification (401) or parsing (400). A delivery is
 * recorded in the {@link WebhookInbox} only after all its events were applied, so an unexpected
 * failure (500) leaves it to the provider's retry.
 */
public final class WebhookHandler {
  private static final Logger log = LoggerFactory.getLogger(WebhookHandler.class);

  private final Clock clock;
  private final WebhookInbox inbox;
  private final Map<String, ProviderWebhooks> providers;
  private final List<WebhookListener> listeners;
  private final EventApplier applier;
  private final AuditLog auditLog;

  private WebhookHandler(Builder b) {
    this.clock = b.clock;
    this.inbox = Checks.notNull(b.inbox, "webhookHandler.inbox");
    AppointmentStore store = Checks.notNull(b.store, "webhookHandler.appointmentStore");
    if (b.providers.isEmpty()) {
      throw new ValidationException("webhookHandler.providers", "at least one provider is required");
    }
    this.providers = Map.copyOf(b.providers);
    this.listeners = List.copyOf(b.listeners);
    this.applier = new EventApplier(store, inbox, b.outbox, clock);
    this.auditLog = b.auditLog;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Handles one delivery for {@code provider} (the id a {@link ProviderWebhooks} was registered
   * with, typically taken from the URL path). Never throws for anything the request contains.
   */
  public WebhookResult handle(String provider, WebhookRequest request) {
    Checks.notNull(provider, "provider");
    Checks.notNull(request, "request");
    Instant start = clock.instant();
    ParsedWebhook[] parsedOut = new ParsedWebhook[1];
    WebhookResult result = handle(provider, request, parsedOut);
    if (auditLog != AuditLog.noop() && result.outcome() != Outcome.UNKNOWN_PROVIDER) {
      audit(provider, start, result, parsedOut[0]);
    }
    return result;
  }

  private void audit(String provider, Instant start, WebhookResult result, ParsedWebhook parsed) {
    Optional<TenantId> tenant = parsed == null || parsed.events().isEmpty()
        ? Optional.empty() : Optional.of(parsed.events().get(0).tenant());
    String operation = parsed == null ? "webhook" : parsed.trigger();
    if (operation.length() > AuditEntry.MAX_TEXT) {
      operation = operation.substring(0, AuditEntry.MAX_TEXT);
    }
    AuditEntry.Outcome outcome = switch (result.outcome()) {
      case HANDLED -> AuditEntry.Outcome.SUCCESS;
      case DUPLICATE -> AuditEntry.Outcome.DUPLICATE;
      case IGNORED -> AuditEntry.Outcome.IGNORED;
      case UNAUTHORIZED, BAD_REQUEST, UNKNOWN_PROVIDER -> AuditEntry.Outcome.REJECTED;
      case FAILED -> AuditEntry.Outcome.FAILURE;
    };
    Duration latency = Duration.between(start, clock.instant());
    auditLog.safeRecord(new AuditEntry(start, tenant, provider, AuditEntry.Direction.INBOUND, operation, outcome,
        result.status(), result.isSuccess() ? Optional.empty() : Optional.of(result.outcome().name().toLowerCase(Locale.ROOT)),
        latency.isNegative() ? Duration.ZERO : latency));
  }

  private WebhookResult handle(String provider, WebhookRequest request, ParsedWebhook[] parsedOut) {
    ProviderWebhooks plugin = providers.get(provider);
    if (plugin == null) {
      log.warn("Webhook for unknown provider '{}': {}", LogSafe.escape(provider), request);
      return new WebhookResult(Outcome.UNKNOWN_PROVIDER, "no webhook adapter for this provider");
    }
    try {
      plugin.verify(request);
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
    } catch (WebhookParseException | ValidationException e) {
      // A ValidationException here is a field the provider sent that the model rejects (an end
      // before its start): bad input, not an adapter bug.
      log.warn("Unreadable webhook from {}, {}: {}", provider, request, LogSafe.escape(e.getMessage()));
      return new WebhookResult(Outcome.BAD_REQUEST, "unreadable webhook body");
    } catch (RuntimeException e) {
      // Parsing is a pure function of the body: answering 5xx would only make the provider retry forever.
      log.error("Webhook parser of {} failed on {}", provider, request, e);
      return new WebhookResult(Outcome.BAD_REQUEST, "unreadable webhook body");
    }
    try {
      return dispatch(provider, request, parsed);
    } catch (RuntimeException e) {
      log.error("Applying webhook {} from {} failed; not recorded, so the provider's retry applies it",
          parsed, provider, e);
      return new WebhookResult(Outcome.FAILED, "temporary failure, retry later");
    }
  }

  private static ParsedWebhook parse(ProviderWebhooks plugin, WebhookRequest request) {
    ParsedWebhook parsed = plugin.parse(request);
    if (parsed == null) {
      throw new IllegalStateException("parse returned null");
    }
    for (ProviderBookingEvent e : parsed.events()) {
      if (!e.provider().equals(plugin.provider())) {
        throw new IllegalStateException("event for provider " + e.provider() + " from adapter " + plugin.provider());
      }
    }
    return parsed;
  }

  private WebhookResult dispatch(String provider, WebhookRequest request, ParsedWebhook parsed) {
    String key = DeliveryKey.of(parsed, request);
    if (inbox.seen(provider, key)) {
      log.debug("Duplicate webhook {} from {}", parsed, provider);
      return new WebhookResult(Outcome.DUPLICATE, "already handled");
    }
    if (parsed.isIgnored()) {
      inbox.record(provider, key, clock.instant());
      log.info("Ignoring webhook trigger '{}' from {}", LogSafe.escape(parsed.trigger()), provider);
      publish(l -> l.triggerIgnored(provider, parsed.trigger()));
      return new WebhookResult(Outcome.IGNORED, "trigger not handled: " + parsed.trigger());
    }
    List<Applied> results = new ArrayList<>();
    for (ProviderBookingEvent event : parsed.events()) {
      results.add(applier.apply(event));
    }
    inbox.record(provider, key, clock.instant());
    int changed = 0;
    for (Applied a : results) {
      if (a.changed()) {
        changed++;
        publish(l -> l.applied(a.event(), a.before(), a.after()));
      } else {
        publish(l -> l.ignored(a.event(), a.reason()));
      }
    }
    return new WebhookResult(Outcome.HANDLED, changed + " of " + results.size() + " event(s) changed an appointment");
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

  /** Collects the parts of a {@link WebhookHandler}; {@link #build()} validates them. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private AppointmentStore store;
    private WebhookInbox inbox;
    private final Map<String, ProviderWebhooks> providers = new HashMap<>();
    private final List<WebhookListener> listeners = new ArrayList<>();
    private AuditLog auditLog = AuditLog.noop();
    private OutboxStore outbox;

    private Builder() {}

    /**
     * The outbox the booking service writes to (for example {@code appointments.outbox()}). With
     * it, a provider event older than a local change not yet pushed to that provider is ignored, so
     * the late echo of an earlier write never undoes a newer move or cancel. Recommended whenever
     * Cita pushes to the provider whose webhooks this handler reads.
     *
     * <p>Known limit: "older" compares the provider's event time with Cita's clock. A change made at
     * the provider just after a local one, but stamped earlier because the provider's clock runs
     * behind Cita's, is taken for an echo and ignored (a cancel is logged at WARN); the queued
     * local change is still pushed, which restores the event (Google) or is refused and
     * dead-lettered (a provider that cannot move a cancelled booking). Keep the app's clock
     * synchronized (NTP); skew larger than the gap between two people's edits is rare.
     */
    public Builder outboxStore(OutboxStore outbox) {
      this.outbox = Checks.notNull(outbox, "outboxStore");
      return this;
    }

    /** Where each delivery is logged (provider, tenant, trigger, outcome, latency); none by default. */
    public Builder auditLog(AuditLog auditLog) {
      this.auditLog = Checks.notNull(auditLog, "auditLog");
      return this;
    }

    /** The clock every "now" is read from; tests pass a fixed or fake one. */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    public Builder appointmentStore(AppointmentStore store) {
      this.store = Checks.notNull(store, "appointmentStore");
      return this;
    }

    /** Where handled deliveries are remembered, for de-duplication. */
    public Builder inbox(WebhookInbox inbox) {
      this.inbox = Checks.notNull(inbox, "inbox");
      return this;
    }

    /** Registers a provider adapter under its {@link ProviderWebhooks#provider()} id. */
    public Builder provider(ProviderWebhooks provider) {
      Checks.notNull(provider, "provider");
      String id = Checks.notBlank(provider.provider(), "provider.provider");
      if (providers.putIfAbsent(id, provider) != null) {
        throw new ValidationException("provider", "a provider with id '" + id + "' is already registered");
      }
      return this;
    }

    public Builder listener(WebhookListener listener) {
      listeners.add(Checks.notNull(listener, "listener"));
      return this;
    }

    public WebhookHandler build() {
      return new WebhookHandler(this);
    }
  }
}
