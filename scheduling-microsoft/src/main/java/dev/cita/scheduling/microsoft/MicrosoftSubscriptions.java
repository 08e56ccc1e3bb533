package dev.cita.scheduling.microsoft;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.ReauthorizationRequiredException;
import dev.cita.scheduling.SchedulingException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.WebhookVerificationException;
import dev.cita.scheduling.http.Idempotency;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.LeaseStore;
import dev.cita.scheduling.spi.PushChannel;
import dev.cita.scheduling.spi.PushChannelStore;
import dev.cita.scheduling.spi.ResourceCalendar;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.webhook.ProviderWebhooks;
import dev.cita.scheduling.webhook.WebhookHandler;
import dev.cita.scheduling.webhook.WebhookRequest;
import dev.cita.scheduling.webhook.WebhookResult;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Graph change notifications for the mailboxes of a {@link MicrosoftCalendarProvider}: {@link
 * #subscribe} opens a subscription ({@code POST /subscriptions}, change types {@code
 * created,updated,deleted} on the mailbox's events, a random {@code clientState}, a lifecycle
 * notification URL) and keeps it in a {@link PushChannelStore} every node shares (the channel id is
 * Graph's subscription id, the token the {@code clientState}); {@link #renewExpiring} extends the
 * subscriptions that expire soon, on one node at a time when a {@link LeaseStore} is given; {@link
 * #handle} answers Graph's requests.
 *
 * <pre>{@code
 * MicrosoftSubscriptions subs = MicrosoftSubscriptions.builder(outlook, graph, channelStore)
 *     .notificationUrl("https://app.example/hooks/microsoft").lease(leases, nodeId).build();
 * WebhookHandler handler = WebhookHandler.builder()....provider(subs.webhooks()).build();
 * // in POST /hooks/microsoft (both URLs may be the same):
 * GraphAnswer answer = subs.handle(handler, request);
 * response.status(answer.status()).contentType(answer.contentType()).body(answer.body());
 * }</pre>
 */
public final class MicrosoftSubscriptions {
  /** Graph's longest subscription on Outlook events: 10,080 minutes. */
  public static final Duration MAX_TTL = Duration.ofMinutes(10_080);

  private static final Logger log = LoggerFactory.getLogger(MicrosoftSubscriptions.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String LEASE = "microsoft-subscriptions";

  private final MicrosoftCalendarProvider provider;
  private final MicrosoftGraph graph;
  private final PushChannelStore channels;
  private final GraphNotifications webhooks;
  private final String notificationUrl;
  private final String lifecycleUrl;
  private final Duration ttl;
  private final Duration renewBefore;
  private final @Nullable LeaseStore leases;
  private final String nodeId;

  /** Set by a {@link MicrosoftSyncScheduler}: mailboxes to sync are handed to it. */
  private volatile @Nullable Consumer<ResourceCalendar> syncNow;

  private MicrosoftSubscriptions(Builder b) {
    this.provider = b.provider;
    this.graph = b.graph;
    this.channels = b.channels;
    this.webhooks = new GraphNotifications(b.channels, b.provider.changesSecret());
    this.notificationUrl = Checks.notBlank(b.notificationUrl, "subscriptions.notificationUrl");
    this.lifecycleUrl = b.lifecycleUrl != null ? b.lifecycleUrl : notificationUrl;
    this.ttl = b.ttl;
    this.renewBefore = b.renewBefore;
    if (renewBefore.compareTo(ttl) >= 0) {
      throw new ValidationException("subscriptions.renewBefore", "must be shorter than the ttl");
    }
    this.leases = b.leases;
    this.nodeId = b.nodeId;
  }

  /**
   * Starts the configuration.
   *
   * @param provider the provider whose mailboxes are watched and synced
   * @param graph the Graph client
   * @param channels where subscriptions are kept, shared by every node
   * @return a builder that needs the {@linkplain Builder#notificationUrl notification URL}
   */
  public static Builder builder(
      MicrosoftCalendarProvider provider, MicrosoftGraph graph, PushChannelStore channels) {
    return new Builder(
        Checks.notNull(provider, "provider"),
        Checks.notNull(graph, "graph"),
        Checks.notNull(channels, "channels"));
  }

  /** Hands the mailboxes that notifications name to {@code scheduler}, instead of syncing them. */
  void deferSyncTo(Consumer<ResourceCalendar> scheduler) {
    this.syncNow = scheduler;
  }

  MicrosoftCalendarProvider provider() {
    return provider;
  }

  GraphNotifications notifications() {
    return webhooks;
  }

  /** {@return the adapter to register with the {@link WebhookHandler} given to {@link #handle}} */
  public ProviderWebhooks webhooks() {
    return webhooks;
  }

  /**
   * Opens a subscription on the resource's mailbox and keeps it.
   *
   * @param tenant the tenant
   * @param resource a resource with a Microsoft mailbox
   * @return the subscription as stored
   * @throws ValidationException if the resource has no Microsoft mailbox
   * @throws ProviderException if Graph refuses (for example when its validation request to the
   *     notification URL failed)
   */
  public PushChannel subscribe(TenantId tenant, ResourceId resource) {
    ResourceCalendar a =
        provider
            .calendarOf(Checks.notNull(tenant, "tenant"), Checks.notNull(resource, "resource"))
            .orElseThrow(() -> new ValidationException("resource", resource + " has no mailbox"));
    return subscribe(a);
  }

  private PushChannel subscribe(ResourceCalendar a) {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String clientState = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    String resource =
        MicrosoftCalendarProvider.ME.equalsIgnoreCase(a.calendarId())
            ? "me/events"
            : "users/" + a.calendarId() + "/events";
    Instant expires = expiry();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("changeType", "created,updated,deleted");
    body.put("notificationUrl", notificationUrl);
    body.put("lifecycleNotificationUrl", lifecycleUrl);
    body.put("resource", resource);
    body.put("expirationDateTime", expires.toString());
    body.put("clientState", clientState);
    JsonNode created =
        graph.call(
            a.connection(),
            "subscriptions.create",
            new Request.Builder().url(graph.url("subscriptions")).post(graph.json(body)),
            Idempotency.NOT_IDEMPOTENT);
    String id = created.path("id").asText("");
    if (id.isBlank()) {
      throw new ProviderException(
          MicrosoftOAuth.PROVIDER, 201, null, null, false, "subscription answered no id", null);
    }
    PushChannel channel = new PushChannel(id, resource, clientState, expires, a);
    channels.save(channel);
    return channel;
  }

  private Instant expiry() {
    return graph.clock().instant().plus(ttl).truncatedTo(ChronoUnit.SECONDS);
  }

  /**
   * Extends every subscription that expires within the renewal margin ({@code PATCH
   * /subscriptions/{id}}); one Graph no longer knows (404) is opened again. With a {@linkplain
   * Builder#lease lease} only the node holding it renews, so each subscription is renewed once.
   *
   * @return the subscriptions renewed or opened again; empty when another node holds the lease
   */
  public List<PushChannel> renewExpiring() {
    Instant now = graph.clock().instant();
    if (leases != null && !leases.tryAcquire(LEASE, nodeId, now, renewBefore.dividedBy(2))) {
      return List.of();
    }
    List<PushChannel> renewed = new ArrayList<>();
    for (PushChannel c : channels.list(MicrosoftOAuth.PROVIDER)) {
      if (c.expiresAt().isAfter(now.plus(renewBefore))) {
        continue;
      }
      try {
        renewed.add(renew(c));
      } catch (ReauthorizationRequiredException | ProviderException e) {
        log.warn("subscription {} could not be renewed: {}", c, e.getMessage());
      }
    }
    return renewed;
  }

  private PushChannel renew(PushChannel c) {
    Instant expires = expiry();
    try {
      graph.call(
          c.calendar().connection(),
          "subscriptions.renew",
          new Request.Builder()
              .url(graph.url("subscriptions/" + c.id()))
              .patch(graph.json(Map.of("expirationDateTime", expires.toString()))),
          Idempotency.IDEMPOTENT);
    } catch (ProviderException e) {
      if (e.httpStatus().orElse(0) != 404) {
        throw e;
      }
      log.info("subscription {} is gone at Graph; opening a new one", c);
      channels.delete(MicrosoftOAuth.PROVIDER, c.id());
      return subscribe(c.calendar());
    }
    PushChannel renewed =
        new PushChannel(
            c.id(), c.providerResourceId(), c.verificationToken(), expires, c.calendar());
    channels.save(renewed);
    return renewed;
  }

  /**
   * Deletes the subscriptions of a connection, at Graph and here (before a disconnect).
   *
   * @param connection the tenant's Microsoft connection
   * @return how many were deleted
   */
  public int deleteAll(ConnectionKey connection) {
    Checks.notNull(connection, "connection");
    int n = 0;
    for (PushChannel c : channels.list(MicrosoftOAuth.PROVIDER)) {
      if (!c.calendar().connection().equals(connection)) {
        continue;
      }
      try {
        graph.call(
            connection,
            "subscriptions.delete",
            new Request.Builder().url(graph.url("subscriptions/" + c.id())).delete(),
            Idempotency.IDEMPOTENT);
      } catch (ProviderException e) {
        if (e.httpStatus().orElse(0) != 404) {
          throw e;
        }
      }
      channels.delete(MicrosoftOAuth.PROVIDER, c.id());
      n++;
    }
    return n;
  }

  /**
   * Answers one request from Graph to the notification or lifecycle URL.
   *
   * <ul>
   *   <li>A validation request ({@code validationToken} in the query) is answered {@code 200
   *       text/plain} with the decoded token, at once.
   *   <li>Otherwise the delivery goes through {@code handler} (its {@link #webhooks()} adapter
   *       checks every notification's {@code clientState} in constant time; a mismatch is 401 and
   *       nothing is synced), then each mailbox named is synced now, and the changes made in
   *       Outlook to Cita's own events (moved, cancelled, deleted) go through {@code handler} to
   *       their appointments; with a {@link MicrosoftSyncScheduler} built on these subscriptions
   *       the mailboxes are handed to it instead, and the answer does not wait for Graph (Graph
   *       expects an answer within a few seconds). Lifecycle events: {@code
   *       reauthorizationRequired} renews the subscription, {@code subscriptionRemoved} opens a new
   *       one and syncs in full, {@code missed} syncs in full.
   *   <li>A failure a retry may cure answers 503, so Graph delivers again; otherwise 202.
   * </ul>
   *
   * @param handler the core handler {@link #webhooks()} is registered with
   * @param request the request as Graph sent it
   * @return what to answer
   */
  public GraphAnswer handle(WebhookHandler handler, WebhookRequest request) {
    Checks.notNull(handler, "handler");
    Checks.notNull(request, "request");
    Optional<String> validation = request.queryParameter("validationToken");
    if (validation.isPresent()) {
      return GraphAnswer.text(200, validation.get());
    }
    WebhookResult result = handler.handle(MicrosoftOAuth.PROVIDER, request);
    if (!result.isSuccess()) {
      return GraphAnswer.text(result.status(), result.message());
    }
    List<GraphNotifications.Notification> verified;
    try {
      verified = webhooks.verified(request);
    } catch (WebhookVerificationException e) { // a subscription deleted meanwhile
      return GraphAnswer.text(202, "subscription no longer kept");
    }
    Set<PushChannel> toSync = new LinkedHashSet<>();
    try {
      for (GraphNotifications.Notification n : verified) {
        PushChannel c = n.channel();
        String event = n.lifecycleEvent();
        if (event == null) {
          toSync.add(c);
        } else if (event.equalsIgnoreCase("reauthorizationRequired")) {
          renew(c);
        } else if (event.equalsIgnoreCase("subscriptionRemoved")) {
          channels.delete(MicrosoftOAuth.PROVIDER, c.id());
          PushChannel fresh = subscribe(c.calendar());
          provider.forgetDeltaLink(c.calendar().tenant(), c.calendar().resource());
          toSync.add(fresh);
        } else if (event.equalsIgnoreCase("missed")) {
          provider.forgetDeltaLink(c.calendar().tenant(), c.calendar().resource());
          toSync.add(c);
        } else {
          log.info("lifecycle event {} on {} ignored", event, c);
        }
      }
      Consumer<ResourceCalendar> deferTo = syncNow;
      for (PushChannel c : toSync) {
        if (deferTo != null) {
          deferTo.accept(c.calendar());
        } else {
          provider.sync(c.calendar(), (m, events) -> webhooks.apply(handler, m, events));
        }
      }
    } catch (ReauthorizationRequiredException e) {
      log.warn("notification could not be handled: {}", e.getMessage());
      return GraphAnswer.text(202, "connection needs authorization");
    } catch (ProviderException e) {
      log.warn("notification could not be handled: {}", e.getMessage());
      return e.isRetryable()
          ? GraphAnswer.text(503, "temporary failure, retry later")
          : GraphAnswer.text(202, "sync failed");
    } catch (SchedulingException e) {
      log.warn("notification could not be handled: {}", e.getMessage());
      return GraphAnswer.text(202, "not handled");
    }
    return GraphAnswer.text(202, "accepted");
  }

  /** Collects a {@link MicrosoftSubscriptions}; {@link #build()} checks the values. */
  public static final class Builder {
    private final MicrosoftCalendarProvider provider;
    private final MicrosoftGraph graph;
    private final PushChannelStore channels;
    private @Nullable String notificationUrl;
    private @Nullable String lifecycleUrl;
    private Duration ttl = Duration.ofDays(3);
    private Duration renewBefore = Duration.ofDays(1);
    private @Nullable LeaseStore leases;
    private String nodeId = "node";

    private Builder(
        MicrosoftCalendarProvider provider, MicrosoftGraph graph, PushChannelStore channels) {
      this.provider = provider;
      this.graph = graph;
      this.channels = channels;
    }

    /**
     * Where Graph posts change notifications: an https URL reaching {@link #handle}.
     *
     * @param url the URL
     * @return this builder
     */
    public Builder notificationUrl(String url) {
      this.notificationUrl = Checks.notBlank(url, "subscriptions.notificationUrl");
      return this;
    }

    /**
     * Where Graph posts lifecycle notifications; the notification URL if not set.
     *
     * @param url the URL
     * @return this builder
     */
    public Builder lifecycleNotificationUrl(String url) {
      this.lifecycleUrl = Checks.notBlank(url, "subscriptions.lifecycleNotificationUrl");
      return this;
    }

    /**
     * How long a subscription lives when opened or renewed.
     *
     * @param ttl positive, at most {@link #MAX_TTL}; 3 days if not set
     * @return this builder
     */
    public Builder ttl(Duration ttl) {
      Checks.positive(ttl, "subscriptions.ttl");
      if (ttl.compareTo(MAX_TTL) > 0) {
        throw new ValidationException("subscriptions.ttl", "must be at most " + MAX_TTL);
      }
      this.ttl = ttl;
      return this;
    }

    /**
     * How long before expiry a subscription is renewed.
     *
     * @param margin positive, shorter than the ttl; 1 day if not set
     * @return this builder
     */
    public Builder renewBefore(Duration margin) {
      this.renewBefore = Checks.positive(margin, "subscriptions.renewBefore");
      return this;
    }

    /**
     * Renews on one node at a time: the node holding the lease {@code microsoft-subscriptions}.
     *
     * @param leases the lease store every node shares
     * @param nodeId this node's id
     * @return this builder
     */
    public Builder lease(LeaseStore leases, String nodeId) {
      this.leases = Checks.notNull(leases, "leases");
      this.nodeId = Checks.notBlank(nodeId, "nodeId");
      return this;
    }

    /**
     * Builds it.
     *
     * @return the subscriptions, thread-safe
     * @throws ValidationException if the notification URL is missing, or the margin is not shorter
     *     than the ttl
     */
    public MicrosoftSubscriptions build() {
      return new MicrosoftSubscriptions(this);
    }
  }
}
