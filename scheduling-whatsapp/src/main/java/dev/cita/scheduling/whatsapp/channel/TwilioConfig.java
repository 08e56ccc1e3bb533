package dev.cita.scheduling.whatsapp.channel;

import dev.cita.scheduling.http.HttpClientConfig;
import dev.cita.scheduling.http.RetryPolicy;
import dev.cita.scheduling.internal.Checks;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Everything {@link TwilioWhatsAppChannel} needs to reach Twilio: the account, the credentials (the
 * account's auth token, or an API key and its secret), the sender (a WhatsApp number or a messaging
 * service), an optional status callback URL, and the approved template ({@code ContentSid}) for
 * each message template key. Immutable; {@link #toString()} never shows a secret.
 *
 * <pre>{@code
 * TwilioConfig config = TwilioConfig.builder()
 *     .accountSid("AC0123…")
 *     .apiKey("SK0123…", System.getenv("TWILIO_API_SECRET"))
 *     .from("whatsapp:+14155238886")
 *     .statusCallback("https://clinic.example/twilio/status")
 *     .template("reminder_customer", "HX0123…")
 *     .template("booking_confirmed_customer", "HX4567…")
 *     .build();
 * }</pre>
 */
public final class TwilioConfig {
  /** Twilio's REST API root. */
  public static final String DEFAULT_BASE_URL = "https://api.twilio.com";

  /**
   * {@link RetryPolicy#defaults()}, plus: a message POST answered 429 is sent again, since Twilio
   * refused it unprocessed (error 20429). No other failure of a message POST is retried.
   */
  public static final RetryPolicy DEFAULT_RETRY_POLICY =
      RetryPolicy.defaults().toBuilder().retryNotIdempotentOn(429).build();

  private static final Pattern WHATSAPP_ADDRESS = Pattern.compile("whatsapp:\\+[1-9][0-9]{6,14}");

  private final String accountSid;
  private final String username;
  private final String password;
  private final Optional<String> from;
  private final Optional<String> messagingServiceSid;
  private final Optional<String> statusCallback;
  private final String baseUrl;
  private final Map<String, String> templates;
  private final HttpClientConfig httpClientConfig;
  private final RetryPolicy retryPolicy;

  private TwilioConfig(Builder b) {
    this.accountSid = Objects.requireNonNull(b.accountSid, "accountSid");
    this.username = b.username == null ? accountSid : b.username;
    this.password = Objects.requireNonNull(b.password, "password");
    this.from = Optional.ofNullable(b.from);
    this.messagingServiceSid = Optional.ofNullable(b.messagingServiceSid);
    this.statusCallback = Optional.ofNullable(b.statusCallback);
    this.baseUrl = b.baseUrl;
    this.templates = Map.copyOf(b.templates);
    this.httpClientConfig = b.httpClientConfig;
    this.retryPolicy = b.retryPolicy;
  }

  /** {@return a new builder} Account SID, credentials and one sender are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the account messages are sent from ({@code AC…})} It is part of the request path. */
  public String accountSid() {
    return accountSid;
  }

  /** {@return the Basic-auth user name: the account SID, or the API key SID ({@code SK…})} */
  public String authUsername() {
    return username;
  }

  /**
   * {@return the sender address {@code whatsapp:+E164}, or empty when a messaging service sends}
   */
  public Optional<String> from() {
    return from;
  }

  /**
   * {@return the messaging service ({@code MG…}) that picks the sender, or empty when sending from
   * {@link #from()}}
   */
  public Optional<String> messagingServiceSid() {
    return messagingServiceSid;
  }

  /**
   * {@return where Twilio posts status callbacks for messages sent with this configuration, or
   * empty for none}
   */
  public Optional<String> statusCallback() {
    return statusCallback;
  }

  /**
   * {@return the API root, {@link #DEFAULT_BASE_URL} unless overridden (tests point it at
   * WireMock)}
   */
  public String baseUrl() {
    return baseUrl;
  }

  /**
   * The approved template for a message template key.
   *
   * @param templateKey a key such as {@code reminder_customer}
   * @return its {@code ContentSid} ({@code HX…}), or empty when the key is not mapped
   */
  public Optional<String> contentSid(String templateKey) {
    return Optional.ofNullable(templates.get(templateKey));
  }

  /** {@return every template key → {@code ContentSid} mapping (unmodifiable)} */
  public Map<String, String> templates() {
    return templates;
  }

  /** {@return the timeouts, user agent and body limit of calls to Twilio} */
  public HttpClientConfig httpClientConfig() {
    return httpClientConfig;
  }

  /** {@return when a failed call to Twilio is sent again} */
  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /**
   * The {@code Authorization} header value. It holds the secret: only the channel's request
   * building may call it, and the result must never be logged.
   */
  String authorizationHeaderRevealingSecret() {
    byte[] pair = (username + ':' + password).getBytes(StandardCharsets.UTF_8);
    return "Basic " + Base64.getEncoder().encodeToString(pair);
  }

  @Override
  public String toString() {
    return "TwilioConfig{account="
        + accountSid
        + ", authUser="
        + username
        + ", secret=REDACTED"
        + from.map(f -> ", from=" + f).orElse("")
        + messagingServiceSid.map(s -> ", messagingService=" + s).orElse("")
        + statusCallback.map(s -> ", statusCallback=" + s).orElse("")
        + ", baseUrl="
        + baseUrl
        + ", templates="
        + templates.keySet()
        + '}';
  }

  /**
   * Collects a {@link TwilioConfig}; {@link #build()} validates it and names the field at fault.
   */
  public static final class Builder {
    private @Nullable String accountSid;
    private @Nullable String username;
    private @Nullable String password;
    private @Nullable String from;
    private @Nullable String messagingServiceSid;
    private @Nullable String statusCallback;
    private String baseUrl = DEFAULT_BASE_URL;
    private final Map<String, String> templates = new LinkedHashMap<>();
    private HttpClientConfig httpClientConfig = HttpClientConfig.defaults();
    private RetryPolicy retryPolicy = DEFAULT_RETRY_POLICY;

    private Builder() {}

    /**
     * Sets the account messages are sent from.
     *
     * @param accountSid the account SID ({@code AC…})
     * @return this builder
     */
    public Builder accountSid(String accountSid) {
      this.accountSid = Checks.notNull(accountSid, "accountSid");
      return this;
    }

    /**
     * Authenticates as the account itself, with its auth token. Excludes {@link #apiKey}.
     *
     * @param authToken the account's auth token
     * @return this builder
     * @throws IllegalStateException if credentials are already set
     */
    public Builder authToken(String authToken) {
      requireNoCredentials();
      this.username = null; // the account SID, taken in the constructor
      this.password = Checks.notNull(authToken, "authToken");
      return this;
    }

    /**
     * Authenticates with an API key ({@code SK…}) and its secret. Excludes {@link #authToken}.
     *
     * @param apiKeySid the API key's SID ({@code SK…})
     * @param apiKeySecret its secret
     * @return this builder
     * @throws IllegalStateException if credentials are already set
     */
    public Builder apiKey(String apiKeySid, String apiKeySecret) {
      requireNoCredentials();
      this.username = Checks.notNull(apiKeySid, "apiKeySid");
      this.password = Checks.notNull(apiKeySecret, "apiKeySecret");
      return this;
    }

    /**
     * Sends from a WhatsApp number. Excludes {@link #messagingServiceSid}.
     *
     * @param from {@code whatsapp:+14155238886} or {@code +14155238886}
     * @return this builder
     * @throws IllegalStateException if a sender is already set
     */
    public Builder from(String from) {
      requireNoSender();
      Checks.notNull(from, "from");
      this.from = from.startsWith("+") ? "whatsapp:" + from : from;
      return this;
    }

    /**
     * Sends through a messaging service ({@code MG…}) instead of a fixed number. Excludes {@link
     * #from}.
     *
     * @param messagingServiceSid the service's SID ({@code MG…})
     * @return this builder
     * @throws IllegalStateException if a sender is already set
     */
    public Builder messagingServiceSid(String messagingServiceSid) {
      requireNoSender();
      this.messagingServiceSid = Checks.notNull(messagingServiceSid, "messagingServiceSid");
      return this;
    }

    /**
     * Sets where Twilio posts the status callbacks of sent messages; none if not set.
     *
     * @param url an absolute http(s) URL that reaches {@link
     *     dev.cita.scheduling.whatsapp.TwilioWebhooks}
     * @return this builder
     */
    public Builder statusCallback(String url) {
      this.statusCallback = Checks.notNull(url, "statusCallback");
      return this;
    }

    /**
     * The API root; {@link #DEFAULT_BASE_URL} unless a test points it elsewhere.
     *
     * @param baseUrl an absolute http(s) URL
     * @return this builder
     */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = Checks.notNull(baseUrl, "baseUrl");
      return this;
    }

    /**
     * The approved template ({@code HX…}) to send for messages with this template key.
     *
     * @param templateKey a message template key such as {@code reminder_customer}
     * @param contentSid the template's {@code ContentSid}
     * @return this builder
     * @throws IllegalArgumentException if the SID does not start with {@code HX} or the key is
     *     already mapped
     */
    public Builder template(String templateKey, String contentSid) {
      Checks.notNull(templateKey, "templateKey");
      Checks.notNull(contentSid, "contentSid");
      if (!contentSid.startsWith("HX")) {
        throw new IllegalArgumentException(
            "template " + templateKey + ": contentSid must start with HX");
      }
      if (templates.putIfAbsent(templateKey, contentSid) != null) {
        throw new IllegalArgumentException("template " + templateKey + " is already mapped");
      }
      return this;
    }

    /**
     * Sets the timeouts, user agent and body limit of calls to Twilio.
     *
     * @param httpClientConfig the transport settings; {@link HttpClientConfig#defaults()} if not
     *     set
     * @return this builder
     */
    public Builder httpClientConfig(HttpClientConfig httpClientConfig) {
      this.httpClientConfig = Checks.notNull(httpClientConfig, "httpClientConfig");
      return this;
    }

    /**
     * Replaces {@link #DEFAULT_RETRY_POLICY}; keep {@code retryNotIdempotentOn(429)} in it, or
     * rate-limited messages fail instead of waiting. Other failures of a message POST are never
     * retried.
     *
     * @param retryPolicy the policy
     * @return this builder
     */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Checks.notNull(retryPolicy, "retryPolicy");
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException naming the missing or malformed field
     */
    public TwilioConfig build() {
      if (accountSid == null || !accountSid.startsWith("AC") || !isToken(accountSid)) {
        throw new IllegalArgumentException("accountSid is required and must look like AC…");
      }
      if (password == null) {
        throw new IllegalArgumentException(
            "credentials are required: authToken(…) or apiKey(…, …)");
      }
      if (password.isBlank()) {
        throw new IllegalArgumentException("the auth token or API key secret must not be blank");
      }
      if (username != null && (!username.startsWith("SK") || !isToken(username))) {
        throw new IllegalArgumentException("apiKeySid must look like SK…");
      }
      if (from == null && messagingServiceSid == null) {
        throw new IllegalArgumentException(
            "a sender is required: from(…) or messagingServiceSid(…)");
      }
      if (from != null && !WHATSAPP_ADDRESS.matcher(from).matches()) {
        throw new IllegalArgumentException(
            "from must be whatsapp:+E164, such as whatsapp:+14155238886");
      }
      if (messagingServiceSid != null
          && (!messagingServiceSid.startsWith("MG") || !isToken(messagingServiceSid))) {
        throw new IllegalArgumentException("messagingServiceSid must look like MG…");
      }
      if (statusCallback != null && !isHttpUrl(statusCallback)) {
        throw new IllegalArgumentException("statusCallback must be an absolute http(s) URL");
      }
      if (!isHttpUrl(baseUrl)) {
        throw new IllegalArgumentException("baseUrl must be an absolute http(s) URL");
      }
      return new TwilioConfig(this);
    }

    private void requireNoCredentials() {
      if (password != null) {
        throw new IllegalStateException("credentials are already set");
      }
    }

    private void requireNoSender() {
      if (from != null || messagingServiceSid != null) {
        throw new IllegalStateException(
            "a sender is already set: from or messagingServiceSid, not both");
      }
    }

    private static boolean isToken(String s) {
      return s.chars()
          .allMatch(
              c -> (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'));
    }

    private static boolean isHttpUrl(String url) {
      try {
        URI uri = new URI(url);
        return uri.isAbsolute()
            && uri.getHost() != null
            && ("https".equalsIgnoreCase(uri.getScheme())
                || "http".equalsIgnoreCase(uri.getScheme()));
      } catch (URISyntaxException e) {
        return false;
      }
    }
  }
}
