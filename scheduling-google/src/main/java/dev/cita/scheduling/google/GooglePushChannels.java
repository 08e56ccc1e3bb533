package dev.cita.scheduling.google;

import com.google.api.client.json.JsonFactory;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.client.util.DateTime;
import com.google.api.services.calendar.model.Channel;
import com.google.api.services.calendar.model.Event;
import com.google.api.services.calendar.model.Events;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.ReauthorizationRequiredException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.WebhookVerificationException;
import dev.cita.scheduling.google.internal.GoogleCalls;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.PushChannelStore;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.webhook.WebhookHandler;
import dev.cita.scheduling.webhook.WebhookRequest;
import dev.cita.scheduling.webhook.WebhookResult;
import dev.cita.scheduling.webhook.WebhookResult.Outcome;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps Cita in step with changes made in Google: opens push channels on resources' calendars
 * ({@code events.watch}), renews them before they expire, and handles Google's notifications by
 * syncing the calendar (see {@link GoogleCalendarProvider#sync}) and passing the changed events of
 * Cita's appointments through the webhook pipeline, which moves, confirms or cancels them locally.
 * Other events only change busy time.
 *
 * <pre>{@code
 * GooglePushChannels push = GooglePushChannels.builder(google)
 *     .address("https://app.example/hooks/google").channelStore(channelStore).build();
 * WebhookHandler webhooks = WebhookHandler.builder()
 *     .appointmentStore(appointments).inbox(inbox).provider(push.webhooks()).build();
 * GoogleSyncScheduler.builder(google).pushChannels(push).build().start();   // watches, renews, syncs
 * // in POST /hooks/google: response.setStatus(push.handle(webhooks, request).status());
 * }</pre>
 *
 * <p>Without {@link GoogleSyncScheduler}, call {@link #watch} and {@link
 * GoogleCalendarProvider#sync} for each resource yourself and {@link #renewExpiring()} hourly.
 */
public final class GooglePushChannels {
  private static final Logger log = LoggerFactory.getLogger(GooglePushChannels.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

  private final GoogleCalendarProvider provider;
  private final GoogleChannelStore channels;
  private final GoogleCalls calls;
  private final Clock clock;
  private final String address;
  private final Duration channelTtl;
  private final Duration renewBefore;
  private final JsonFactory json = GsonFactory.getDefaultInstance();
  private final GoogleWebhooks webhooks;

  /** Channel ids of watch attempts whose answer was lost (this node's only), by id. */
  private final Map<String, Orphan> orphans = new ConcurrentHashMap<>();

  private GooglePushChannels(Builder b) {
    this.provider = b.provider;
    this.channels = b.channels;
    this.calls = provider.calls();
    this.clock = provider.clock();
    this.address = https(b.address);
    this.channelTtl = b.channelTtl;
    this.renewBefore = b.renewBefore;
    Checks.atMost(renewBefore, channelTtl, "renewBefore");
    this.webhooks = new GoogleWebhooks(channels, json);
  }

  /**
   * Starts push channels for the calendars of a provider.
   *
   * @param provider the provider whose calendars are watched and synced
   * @return a builder that needs the {@linkplain Builder#address address}
   */
  public static Builder builder(GoogleCalendarProvider provider) {
    return new Builder(Checks.notNull(provider, "provider"));
  }

  private static String https(@Nullable String address) {
    Checks.notBlank(address, "address");
    URI uri;
    try {
      uri = URI.create(address);
    } catch (IllegalArgumentException e) {
      throw new ValidationException("address", "is not a URI");
    }
    if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new ValidationException(
          "address", "must be an https URL (Google only pushes to https), was " + address);
    }
    return address;
  }

  GoogleCalendarProvider provider() {
    return provider;
  }

  GoogleChannelStore channelStore() {
    return channels;
  }

  Duration renewBefore() {
    return renewBefore;
  }

  /**
   * {@return the adapter to register with the {@link WebhookHandler} that {@link #handle} is given}
   */
  public GoogleWebhooks webhooks() {
    return webhooks;
  }

  /**
   * Opens a push channel on the resource's calendar and stores it. Run a {@link
   * GoogleCalendarProvider#sync} after it, so that nothing changed before the channel opened is
   * missed.
   *
   * @param tenant the resource's tenant
   * @param resource a resource with a Google calendar assigned
   * @return the stored channel
   * @throws ValidationException if the resource has no Google calendar assigned
   * @throws ProviderException if Google refused or could not be reached (after the retries allowed)
   */
  public GoogleChannel watch(TenantId tenant, ResourceId resource) {
    CalendarAssignment a =
        provider
            .calendars()
            .find(Checks.notNull(tenant, "tenant"), Checks.notNull(resource, "resource"))
            .orElseThrow(
                () ->
                    new ValidationException(
                        "resource", "resource " + resource + " has no Google calendar assigned"));
    return open(a);
  }

  /**
   * Opens one channel. Every attempt (GoogleCalls retries after a lost answer) asks with its own
   * channel id, so a retry never collides with a channel that an earlier attempt may have opened;
   * the ids of attempts that did not come back are remembered as possible orphans and stopped when
   * a notification for one of them arrives ({@link #handle}).
   */
  private GoogleChannel open(CalendarAssignment a) {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    Instant expires = clock.instant().plus(channelTtl);
    List<String> attempts = new ArrayList<>();
    Channel answer;
    try {
      answer =
          calls.execute(
              a.connection(),
              "events.watch",
              c -> {
                String id = UUID.randomUUID().toString();
                synchronized (attempts) {
                  attempts.add(id);
                }
                return c.events()
                    .watch(
                        a.calendarId(),
                        new Channel()
                            .setId(id)
                            .setType("web_hook")
                            .setAddress(address)
                            .setToken(token)
                            .setExpiration(expires.toEpochMilli()));
              });
    } catch (RuntimeException e) {
      rememberOrphans(attempts, a, token, expires);
      throw e;
    }
    String id = attempts.remove(attempts.size() - 1);
    rememberOrphans(attempts, a, token, expires);
    if (answer.getResourceId() == null) {
      throw new ProviderException(
          GoogleOAuth.PROVIDER,
          0,
          "noResourceId",
          null,
          false,
          "events.watch answered without a resourceId",
          null);
    }
    Instant granted =
        answer.getExpiration() == null ? expires : Instant.ofEpochMilli(answer.getExpiration());
    GoogleChannel channel = new GoogleChannel(id, answer.getResourceId(), token, granted, a);
    channels.save(channel);
    log.info("opened {}", channel);
    return channel;
  }

  /**
   * Attempts whose answer was lost: Google may have opened them. Kept until they would have
   * expired.
   */
  private void rememberOrphans(
      List<String> ids, CalendarAssignment a, String token, Instant expires) {
    Instant now = clock.instant();
    orphans.values().removeIf(o -> !o.expiresAt().isAfter(now));
    for (String id : ids) {
      orphans.put(id, new Orphan(a, token, expires));
    }
  }

  /**
   * Stops a channel that an attempt whose answer was lost opened, when its notification arrives
   * with the attempt's token; the notification carries the resource id that channels.stop needs.
   */
  private Optional<WebhookResult> stopOrphan(WebhookRequest request) {
    String id = request.header(GoogleWebhooks.CHANNEL_ID).orElse("");
    Orphan orphan = orphans.get(id);
    String token = request.header(GoogleWebhooks.CHANNEL_TOKEN).orElse("");
    Optional<String> resourceId = request.header(GoogleWebhooks.RESOURCE_ID);
    if (orphan == null
        || resourceId.isEmpty()
        || !MessageDigest.isEqual(
            token.getBytes(StandardCharsets.UTF_8),
            orphan.token().getBytes(StandardCharsets.UTF_8))) {
      return Optional.empty();
    }
    stop(
        new GoogleChannel(
            id, resourceId.get(), orphan.token(), orphan.expiresAt(), orphan.assignment()));
    orphans.remove(id);
    log.info("stopped channel {} opened by a watch attempt whose answer was lost", id);
    return Optional.of(new WebhookResult(Outcome.IGNORED, "unknown channel stopped"));
  }

  private record Orphan(CalendarAssignment assignment, String token, Instant expiresAt) {}

  /**
   * Replaces every channel that expires within the renewal margin: opens a new one, then stops the
   * old one. Call it regularly (hourly is plenty). A channel that cannot be renewed is logged and
   * left for the next round.
   *
   * @return the channels opened
   */
  public List<GoogleChannel> renewExpiring() {
    Instant limit = clock.instant().plus(renewBefore);
    List<GoogleChannel> opened = new ArrayList<>();
    for (GoogleChannel old : channels.all()) {
      if (old.expiresAt().isAfter(limit)) {
        continue;
      }
      try {
        renew(old).ifPresent(opened::add);
      } catch (RuntimeException e) {
        log.warn("could not renew {}: {}", old, e.toString());
      }
    }
    return opened;
  }

  /**
   * Opens the channel that replaces {@code old} (only while its resource is still assigned to the
   * same calendar and no other channel of it outlives the renewal margin, as one opened by an
   * earlier renewal whose stop failed), then stops {@code old}.
   *
   * @return the channel opened, empty if {@code old} was only stopped
   */
  Optional<GoogleChannel> renew(GoogleChannel old) {
    Optional<CalendarAssignment> current =
        provider.calendars().find(old.assignment().tenant(), old.assignment().resource());
    Optional<GoogleChannel> opened = Optional.empty();
    Instant limit = clock.instant().plus(renewBefore);
    boolean replaced =
        channels.all().stream()
            .anyMatch(
                c ->
                    !c.id().equals(old.id())
                        && c.assignment().equals(old.assignment())
                        && c.expiresAt().isAfter(limit));
    if (current.isPresent() && current.get().equals(old.assignment()) && !replaced) {
      opened = Optional.of(open(current.get()));
    }
    stop(old);
    return opened;
  }

  /**
   * Stops a channel at Google (one already gone is fine) and forgets it.
   *
   * @param channel a stored channel
   * @throws ProviderException if Google could not stop it; it stays stored, so call again
   */
  public void stop(GoogleChannel channel) {
    Checks.notNull(channel, "channel");
    Channel body = new Channel().setId(channel.id()).setResourceId(channel.resourceId());
    try {
      calls.execute(
          channel.assignment().connection(), "channels.stop", c -> c.channels().stop(body));
    } catch (ProviderException e) {
      int status = e.httpStatus().orElse(0);
      if (status != 404 && status != 410) {
        throw e;
      }
    }
    channels.delete(channel.id());
  }

  /**
   * Stops every channel of one connection, before disconnecting it.
   *
   * @param connection a tenant's Google connection
   * @return how many channels were stopped
   * @throws ProviderException if Google could not stop one; those stopped before it are forgotten
   */
  public int stopAll(ConnectionKey connection) {
    Checks.notNull(connection, "connection");
    int stopped = 0;
    for (GoogleChannel channel : channels.all()) {
      if (channel.assignment().connection().equals(connection)) {
        stop(channel);
        stopped++;
      }
    }
    return stopped;
  }

  /**
   * Handles one notification from Google and says which HTTP status to answer. The channel's id,
   * resource id and token must match a stored channel (401 otherwise). The first notification of a
   * channel ({@code sync} state) is acknowledged and nothing else. Any other syncs the calendar and
   * hands the changed events of Cita's appointments to {@code webhooks}; the new sync token is kept
   * only once they were applied. A failure a retry may cure answers 500, so Google sends again.
   *
   * @param handler the core handler that {@link #webhooks()} is registered with
   * @param request the notification as Google sent it
   * @return the result; answer Google with its status
   */
  public WebhookResult handle(WebhookHandler handler, WebhookRequest request) {
    Checks.notNull(handler, "handler");
    Checks.notNull(request, "request");
    GoogleChannel channel;
    try {
      channel = webhooks.channel(request);
    } catch (WebhookVerificationException e) {
      Optional<WebhookResult> stopped = stopOrphan(request);
      if (stopped.isPresent()) {
        return stopped.get();
      }
      log.warn("Google notification refused, {}: {}", request, e.getMessage());
      return new WebhookResult(Outcome.UNAUTHORIZED, "channel verification failed");
    }
    String state = request.header(GoogleWebhooks.RESOURCE_STATE).orElse("");
    if ("sync".equals(state)) {
      return new WebhookResult(Outcome.IGNORED, "sync handshake acknowledged");
    }
    if (state.isEmpty()) {
      return new WebhookResult(Outcome.BAD_REQUEST, "no resource state");
    }
    CalendarAssignment assignment = channel.assignment();
    Optional<CalendarAssignment> current =
        provider.calendars().find(assignment.tenant(), assignment.resource());
    if (current.isEmpty() || !current.get().equals(assignment)) {
      log.info(
          "notification on {} ignored: the resource is no longer assigned to that calendar",
          channel);
      return new WebhookResult(Outcome.IGNORED, "channel no longer in use");
    }
    AtomicReference<WebhookResult> applied = new AtomicReference<>();
    try {
      GoogleSyncResult result =
          provider.sync(
              assignment,
              (a, events, zone) -> {
                if (events.isEmpty()) {
                  return true;
                }
                WebhookResult r =
                    handler.handle(GoogleOAuth.PROVIDER, withChanges(request, events, zone));
                applied.set(r);
                return r.isSuccess();
              });
      log.debug("notification on {} synced: {}", channel, result);
    } catch (ReauthorizationRequiredException e) {
      log.warn("notification on {} could not be synced: {}", channel, e.getMessage());
      return new WebhookResult(Outcome.IGNORED, "connection needs authorization");
    } catch (ProviderException e) {
      log.warn("notification on {} could not be synced: {}", channel, e.getMessage());
      return e.isRetryable()
          ? new WebhookResult(Outcome.FAILED, "temporary failure, retry later")
          : new WebhookResult(Outcome.IGNORED, "sync failed");
    }
    return applied.get() != null
        ? applied.get()
        : new WebhookResult(Outcome.HANDLED, "no appointment changed");
  }

  /** The notification with the changed events as its body (Google's events list JSON). */
  private WebhookRequest withChanges(WebhookRequest notification, List<Event> events, ZoneId zone) {
    List<Event> items = new ArrayList<>();
    DateTime now = new DateTime(new Date(clock.instant().toEpochMilli()), UTC);
    for (Event e : events) {
      Event copy = e.clone();
      if (copy.getUpdated() == null) {
        copy.setUpdated(now);
      }
      items.add(copy);
    }
    Events body = new Events().setTimeZone(zone.getId()).setItems(items);
    WebhookRequest.Builder b = WebhookRequest.builder(notification.method(), notification.url());
    for (String name : notification.headerNames()) {
      for (String value : notification.headers(name)) {
        b.header(name, value);
      }
    }
    try {
      return b.body(json.toString(body)).build();
    } catch (IOException e) {
      throw new IllegalStateException("could not write events as JSON", e);
    }
  }

  /** Collects a {@link GooglePushChannels}; {@link #build()} checks the values. */
  public static final class Builder {
    private final GoogleCalendarProvider provider;
    private GoogleChannelStore channels = GoogleChannelStore.inMemory();
    private @Nullable String address;
    private Duration channelTtl = Duration.ofDays(7);
    private Duration renewBefore = Duration.ofDays(1);

    private Builder(GoogleCalendarProvider provider) {
      this.provider = provider;
    }

    /**
     * Where channels are kept; in memory if not set.
     *
     * @param channels the store; share one between nodes so any node can verify a notification
     * @return this builder
     */
    public Builder channelStore(GoogleChannelStore channels) {
      this.channels = Checks.notNull(channels, "channelStore");
      return this;
    }

    /**
     * Keeps channels in a provider-neutral store (under provider {@code "google"}), such as {@code
     * JdbcStores.pushChannels()}: every node that shares it verifies the notifications of channels
     * any node opened, and renews them after a restart.
     *
     * @param channels the store, shared between nodes
     * @return this builder
     */
    public Builder channelStore(PushChannelStore channels) {
      this.channels = GoogleChannelStore.over(channels);
      return this;
    }

    /**
     * Sets the https URL Google posts notifications to. Required.
     *
     * @param address an https URL that reaches {@link GooglePushChannels#handle}
     * @return this builder
     */
    public Builder address(String address) {
      this.address = address;
      return this;
    }

    /**
     * Sets how long a channel is asked to live; Google may grant less.
     *
     * @param ttl a positive duration; 7 days if not set
     * @return this builder
     */
    public Builder channelTtl(Duration ttl) {
      this.channelTtl = Checks.positive(ttl, "channelTtl");
      return this;
    }

    /**
     * Sets how long before it expires a channel is renewed.
     *
     * @param margin a positive duration, at most the channel's time to live; 1 day if not set
     * @return this builder
     */
    public Builder renewBefore(Duration margin) {
      this.renewBefore = Checks.positive(margin, "renewBefore");
      return this;
    }

    /**
     * Builds the push channels.
     *
     * @return them, thread-safe
     * @throws ValidationException if the address is not an https URL or the renewal margin is
     *     longer than the time to live
     */
    public GooglePushChannels build() {
      return new GooglePushChannels(this);
    }
  }
}
