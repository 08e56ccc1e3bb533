package dev.cita.scheduling.notify.push;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.http.ErrorFormat;
import dev.cita.scheduling.http.HttpSettings;
import dev.cita.scheduling.http.Idempotency;
import dev.cita.scheduling.http.ProviderHttpClient;
import dev.cita.scheduling.http.ProviderResponse;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.notify.AddressKind;
import dev.cita.scheduling.notify.OutgoingMessage;
import dev.cita.scheduling.notify.SendResult;
import dev.cita.scheduling.spi.NotificationChannel;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;

/**
 * Sends notifications as push messages through OneSignal's "Create message" REST API, to the staff
 * member whose app logged in to OneSignal with the message's address as its external id ({@link
 * AddressKind#PUSH}). Immutable and thread-safe; build one and register it with the notifier.
 *
 * <pre>{@code
 * OneSignalPushChannel push = OneSignalPushChannel.builder(appId, restApiKey).build();
 * SendResult result = push.send(message);   // accepted, with OneSignal's notification id
 * }</pre>
 *
 * <p>The request ({@code POST https://api.onesignal.com/notifications?c=push}, header {@code
 * Authorization: Key <REST API key>}, body {@code app_id}, {@code target_channel: "push"}, {@code
 * include_aliases.external_id}, {@code contents} and optionally {@code headings} per language,
 * English always included because OneSignal requires it) follows
 * https://documentation.onesignal.com/reference/push-notification.
 *
 * <p>Safe retries: every request carries an {@code idempotency_key}, a name-based UUID derived from
 * {@link OutgoingMessage#idempotencyKey()}. OneSignal processes a key once and answers a repeated
 * one with the first result, for 30 days
 * (https://documentation.onesignal.com/reference/idempotent-notification-requests). So the request
 * is treated as idempotent: a timeout, a lost answer, a 5xx or a 429 (after its {@code
 * Retry-After}, https://documentation.onesignal.com/reference/rate-limits) is retried within the
 * {@link dev.cita.scheduling.http.RetryPolicy}'s caps with the same key, and a later send of the
 * same message (a reminder retried by the scheduler) is de-duplicated the same way.
 *
 * <p>A 400 answer (for example an invalid external id) and a 200 answer that created no
 * notification or names the external id among {@code invalid_aliases} are {@link SendResult#refused
 * refusals}, not retried. Any other failure is a {@link ProviderException}. The REST API key never
 * appears in logs, exceptions or {@link #toString()}.
 */
public final class OneSignalPushChannel implements NotificationChannel {
  /** This channel's id in notification preferences. */
  public static final String ID = "push";

  /** OneSignal's API root (https://documentation.onesignal.com/reference/push-notification). */
  public static final String DEFAULT_BASE_URL = "https://api.onesignal.com/";

  private static final String PROVIDER = "onesignal";
  private static final String ENGLISH = "en";

  /**
   * OneSignal's error bodies: {@code {"errors": ["..."]}}, or an object such as {@code {"errors":
   * {"invalid_aliases": {...}}}} (https://documentation.onesignal.com/reference/rate-limits).
   */
  private static final ErrorFormat ERRORS =
      ErrorFormat.of(n -> Optional.empty(), OneSignalPushChannel::firstError);

  private final String appId;
  private final String restApiKey;
  private final @Nullable Function<OutgoingMessage, String> heading;
  private final ProviderHttpClient http;

  private OneSignalPushChannel(Builder b, HttpSettings settings) {
    this.appId = b.appId;
    this.restApiKey = b.restApiKey;
    this.heading = b.heading;
    this.http =
        ProviderHttpClient.builder(PROVIDER)
            .baseUrl(b.baseUrl)
            .settings(settings)
            .errorFormat(ERRORS)
            .build();
  }

  /**
   * Starts a channel of one OneSignal app.
   *
   * @param appId the app's id (Settings, Keys &amp; IDs)
   * @param restApiKey the app's REST API key; sent as {@code Authorization: Key ...}, never logged
   * @return a builder; every other setting has a default
   * @throws dev.cita.scheduling.ValidationException if either is blank
   */
  public static Builder builder(String appId, String restApiKey) {
    return new Builder(appId, restApiKey);
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public AddressKind addressKind() {
    return AddressKind.PUSH;
  }

  /**
   * Sends the message's text as a push notification to the external id in its address.
   *
   * @param message the rendered notification, addressed to a OneSignal external id
   * @return {@link SendResult#accepted} with OneSignal's notification id, or {@link
   *     SendResult#refused} when OneSignal answered 400 or delivered to nobody
   * @throws ProviderException for any other OneSignal or network failure, after the retries allowed
   * @throws IllegalArgumentException when the message is not addressed to a push user
   */
  @Override
  public SendResult send(OutgoingMessage message) {
    if (message.addressKind() != AddressKind.PUSH) {
      throw new IllegalArgumentException("push sends to push users, not " + message.addressKind());
    }
    Request request =
        new Request.Builder()
            .url(http.url("notifications?c=push"))
            .header("Authorization", "Key " + restApiKey)
            .post(http.jsonBody(body(message)))
            .build();
    ProviderResponse response;
    try {
      response = http.execute(Idempotency.mark(request, Idempotency.IDEMPOTENT));
    } catch (ProviderException e) {
      if (e.httpStatus().orElse(0) == 400) {
        return SendResult.refused("OneSignal refused the push (400): " + e.getMessage());
      }
      throw e;
    }
    return result(http.json().readTree(response.body()), message.address());
  }

  /** The body of the "Create message" request, in a stable field order. */
  private Map<String, Object> body(OutgoingMessage message) {
    String language = language(message.locale());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("app_id", appId);
    body.put("target_channel", "push");
    body.put("include_aliases", Map.of("external_id", List.of(message.address())));
    if (heading != null) {
      body.put("headings", perLanguage(language, heading.apply(message)));
    }
    body.put("contents", perLanguage(language, message.text()));
    body.put("idempotency_key", idempotencyKey(message));
    return body;
  }

  /**
   * OneSignal's idempotency key for a message: keys must be UUIDs (v3 or v4), so the message's own
   * key is turned into a name-based (v3) UUID, the same for every send of the message.
   *
   * @param message the message
   * @return the UUID sent as {@code idempotency_key}
   */
  static String idempotencyKey(OutgoingMessage message) {
    return UUID.nameUUIDFromBytes(
            ("cita-push:" + message.idempotencyKey()).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  /** The text under the message's language, and under English, which OneSignal requires. */
  private static Map<String, String> perLanguage(String language, String text) {
    Map<String, String> map = new LinkedHashMap<>();
    map.put(ENGLISH, text);
    map.put(language, text);
    return map;
  }

  private static String language(Locale locale) {
    String language = locale.getLanguage();
    return language.isEmpty() ? ENGLISH : language;
  }

  /**
   * Reads a 200 answer: {@code id} is empty when no notification was created, and {@code errors}
   * may name invalid aliases even then (OneSignal server SDKs' CreateNotificationSuccessResponse,
   * https://github.com/OneSignal/onesignal-rust-api).
   */
  private static SendResult result(JsonNode answer, String externalId) {
    String id = answer.path("id").asText("");
    JsonNode invalid = answer.path("errors").path("invalid_aliases").path("external_id");
    boolean invalidAlias = false;
    for (JsonNode alias : invalid) {
      invalidAlias |= externalId.equals(alias.asText());
    }
    if (id.isBlank() || invalidAlias) {
      String reason = firstError(answer).orElse("no notification created");
      return SendResult.refused(
          invalidAlias
              ? "OneSignal knows no push subscription for this external id"
              : "OneSignal created no notification: " + reason);
    }
    return SendResult.accepted(id);
  }

  private static Optional<String> firstError(JsonNode body) {
    JsonNode errors = body.path("errors");
    if (errors.isArray() && errors.size() > 0 && errors.get(0).isTextual()) {
      return Optional.of(errors.get(0).asText());
    }
    if (errors.isObject() && errors.size() > 0) {
      return Optional.of(errors.fieldNames().next());
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "OneSignalPushChannel{app " + appId + ", " + http.baseUrl() + "}";
  }

  /**
   * Configures a {@link OneSignalPushChannel}. The HTTP settings (timeouts, retries, a shared
   * OkHttp client, clock, sleeper, jitter) are those of {@link HttpSettings.Setters}.
   */
  public static final class Builder extends HttpSettings.Setters<Builder> {
    private final String appId;
    private final String restApiKey;
    private String baseUrl = DEFAULT_BASE_URL;
    private @Nullable Function<OutgoingMessage, String> heading;

    private Builder(String appId, String restApiKey) {
      super(HttpSettings.defaults());
      this.appId = Checks.notBlank(appId, "appId");
      this.restApiKey = Checks.notBlank(restApiKey, "restApiKey");
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Sets the API root; tests pass WireMock's URL.
     *
     * @param baseUrl an http(s) URL; {@value OneSignalPushChannel#DEFAULT_BASE_URL} if not set
     * @return this builder
     */
    public Builder baseUrl(String baseUrl) {
      String url = Checks.notBlank(baseUrl, "baseUrl");
      this.baseUrl = url.endsWith("/") ? url : url + "/";
      return this;
    }

    /**
     * Sets the notification's title; without one OneSignal shows the app's name.
     *
     * @param heading the title of each message, in the message's language
     * @return this builder
     */
    public Builder heading(Function<OutgoingMessage, String> heading) {
      this.heading = Checks.notNull(heading, "heading");
      return this;
    }

    /**
     * Builds the channel.
     *
     * @return the channel, immutable and thread-safe
     * @throws IllegalArgumentException if the base URL is not an http(s) URL
     */
    public OneSignalPushChannel build() {
      return new OneSignalPushChannel(this, httpSettings());
    }
  }
}
