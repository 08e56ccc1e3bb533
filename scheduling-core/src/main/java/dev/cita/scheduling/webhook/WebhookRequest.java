package dev.cita.scheduling.webhook;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.internal.LogSafe;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * An inbound HTTP request as the web framework received it: method, full URL (with query), headers
 * and the raw body bytes, which signatures are computed over. Framework-neutral and immutable;
 * header names are case-insensitive. {@link #toString()} shows no header or body, since both may
 * carry signatures and personal data, and no query string, which may carry a token.
 *
 * <pre>{@code
 * WebhookRequest request = WebhookRequest.builder("POST", "https://app.example/hooks/calcom")
 *     .header("X-Cal-Signature-256", signature)
 *     .body(rawBytes)
 *     .build();
 * }</pre>
 */
public final class WebhookRequest {
  private final String method;
  private final String url;
  private final Map<String, List<String>> headers;
  private final byte[] body;

  private WebhookRequest(Builder b) {
    this.method = Checks.notBlank(b.method, "webhookRequest.method").toUpperCase(Locale.ROOT);
    this.url = Checks.notBlank(b.url, "webhookRequest.url");
    TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    b.headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
    this.headers = Collections.unmodifiableMap(copy);
    this.body = b.body.clone();
  }

  /**
   * Reads a request body for the webhook handler without reading more than {@code maxBytes + 1}
   * bytes: a longer body comes back cut at that length, which the handler refuses with 413 (pass
   * {@code handler.maxBodyBytes()}). Use it, or the web framework's own request-size limit, so a
   * hostile client cannot make the app buffer an unbounded body before it is refused.
   *
   * <pre>{@code
   * byte[] body = WebhookRequest.readBody(servletRequest.getInputStream(), handler.maxBodyBytes());
   * }</pre>
   *
   * @param in the request's body stream; not closed
   * @param maxBytes the handler's limit, not negative
   * @return the body, or its first {@code maxBytes + 1} bytes if it is longer
   * @throws IOException if reading the stream fails
   */
  public static byte[] readBody(InputStream in, int maxBytes) throws IOException {
    Checks.notNull(in, "in");
    Checks.atLeast(maxBytes, 0, "maxBytes");
    return in.readNBytes(maxBytes == Integer.MAX_VALUE ? maxBytes : maxBytes + 1);
  }

  /**
   * Starts a request with its method ({@code POST}) and full URL, including any query string.
   *
   * @param method the HTTP method, e.g. {@code "POST"}
   * @param url the full URL, including any query string
   * @return a builder with no headers and an empty body
   */
  public static Builder builder(String method, String url) {
    return new Builder(method, url);
  }

  /** {@return the HTTP method, upper case} */
  public String method() {
    return method;
  }

  /** {@return the full URL the provider called, including the query string} */
  public String url() {
    return url;
  }

  /**
   * The first value of a query parameter of {@link #url()}, decoded; adapters use it to learn which
   * tenant a webhook URL was registered for (e.g. {@code ?tenant=branch-7}). A pair that is not
   * valid percent-encoding ({@code %zz}) is skipped, as if absent; nothing throws.
   *
   * @param name the parameter's name, not blank
   * @return the decoded value ({@code ""} for {@code ?name}), or empty if absent
   */
  public Optional<String> queryParameter(String name) {
    Checks.notBlank(name, "name");
    int q = url.indexOf('?');
    if (q < 0) {
      return Optional.empty();
    }
    int hash = url.indexOf('#', q);
    String query = hash < 0 ? url.substring(q + 1) : url.substring(q + 1, hash);
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      try {
        String key =
            URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        if (key.equals(name)) {
          return Optional.of(
              eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      } catch (IllegalArgumentException malformed) {
        // Found by CalComWebhooksFuzzTest: "?tenant=a%(0A" threw out of every verifier; skip the
        // pair.
      }
    }
    return Optional.empty();
  }

  /**
   * The first value of a header, whatever the case of its name.
   *
   * @param name the header's name, in any case
   * @return the value, or empty if absent
   */
  public Optional<String> header(String name) {
    List<String> values = headers(name);
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /**
   * Every value of a header in the order received, whatever the case of its name; empty if absent.
   *
   * @param name the header's name, in any case
   * @return the values
   */
  public List<String> headers(String name) {
    return headers.getOrDefault(Checks.notNull(name, "name"), List.of());
  }

  /** {@return the names of the headers present, compared without regard to case} */
  public Set<String> headerNames() {
    return headers.keySet();
  }

  /** {@return a copy of the raw body bytes, exactly as received} */
  public byte[] body() {
    return body.clone();
  }

  /** {@return the body decoded as UTF-8} */
  public String bodyAsString() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** {@return the body length in bytes} */
  public int bodyLength() {
    return body.length;
  }

  @Override
  public String toString() {
    // Apps sometimes put a shared token in the query string of a webhook URL: leave it out.
    int query = url.indexOf('?');
    String shown = query < 0 ? url : url.substring(0, query) + "?(query redacted)";
    // The URL comes from outside: escape control characters so it cannot forge a log line.
    return "WebhookRequest{"
        + LogSafe.escape(method)
        + " "
        + LogSafe.escape(shown)
        + ", body="
        + body.length
        + " bytes}";
  }

  /** Collects the parts of a {@link WebhookRequest}; {@link #build()} validates them. */
  public static final class Builder {
    private final String method;
    private final String url;
    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private byte[] body = new byte[0];

    private Builder(String method, String url) {
      this.method = method;
      this.url = url;
    }

    /**
     * Adds a header value; a repeated name keeps every value.
     *
     * @param name the header's name, not blank
     * @param value its value
     * @return this builder
     */
    public Builder header(String name, String value) {
      Checks.notBlank(name, "webhookRequest.header.name");
      Checks.notNull(value, "webhookRequest.header[" + name + "]");
      headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      return this;
    }

    /**
     * Adds every header of a map, such as a servlet's or a framework's header multi-map.
     *
     * @param all header names to their values
     * @return this builder
     */
    public Builder headers(Map<String, ? extends List<String>> all) {
      Checks.notNull(all, "webhookRequest.headers")
          .forEach((name, values) -> values.forEach(v -> header(name, v)));
      return this;
    }

    /**
     * The raw body bytes (copied).
     *
     * @param body the bytes
     * @return this builder
     */
    public Builder body(byte[] body) {
      this.body = Checks.notNull(body, "webhookRequest.body").clone();
      return this;
    }

    /**
     * The body as text, encoded as UTF-8.
     *
     * @param body the text
     * @return this builder
     */
    public Builder body(String body) {
      return body(Checks.notNull(body, "webhookRequest.body").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Validates the method and URL and builds the request.
     *
     * @return the request
     * @throws dev.cita.scheduling.ValidationException if the method or URL is blank
     */
    public WebhookRequest build() {
      return new WebhookRequest(this);
    }
  }
}
