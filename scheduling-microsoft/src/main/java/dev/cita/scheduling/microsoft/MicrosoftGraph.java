package dev.cita.scheduling.microsoft;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.http.BaseUrlPolicy;
import dev.cita.scheduling.http.ErrorFormat;
import dev.cita.scheduling.http.HttpSettings;
import dev.cita.scheduling.http.Idempotency;
import dev.cita.scheduling.http.ProviderHttpClient;
import dev.cita.scheduling.http.ProviderResponse;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.AuditLog;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.CredentialManager;
import java.time.Clock;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * The Microsoft Graph v1.0 client every Cita call to Graph goes through, over {@code
 * scheduling-http}: a bearer token from {@link CredentialManager} per call (on a 401 the token is
 * refreshed once and the call made once more: Graph refused it before doing anything), the
 * configured timeouts, {@code Retry-After} honoured on 429 and 503 up to the retry policy's cap
 * (only for requests safe to repeat), Graph's error body ({@code {"error":{"code","message"}}}) and
 * {@code request-id} header in every {@link ProviderException}, and one {@link AuditLog} entry per
 * call with tenant, operation, outcome and latency (never a body or a token). Immutable and
 * thread-safe; share one.
 *
 * <pre>{@code
 * MicrosoftGraph graph = MicrosoftGraph.builder(credentials).auditLog(auditLog).build();
 * }</pre>
 */
public final class MicrosoftGraph {
  /** Graph's v1.0 root. */
  public static final String DEFAULT_BASE_URL = "https://graph.microsoft.com/v1.0/";

  private final ProviderHttpClient http;
  private final CredentialManager credentials;
  private final AuditLog auditLog;
  private final Clock clock;

  private MicrosoftGraph(Builder b, HttpSettings settings) {
    this.credentials = b.credentials;
    this.auditLog = b.auditLog;
    this.clock = settings.clock();
    this.http =
        ProviderHttpClient.builder(MicrosoftOAuth.PROVIDER)
            .baseUrl(b.baseUrlPolicy.check(b.baseUrl, "graph.baseUrl"))
            .settings(settings)
            .errorFormat(ErrorFormat.jsonPointers("/error/code", "/error/message"))
            .requestIdHeaders("request-id", "client-request-id")
            .build();
  }

  /**
   * Starts a client whose tokens come from {@code credentials}.
   *
   * @param credentials the manager holding the tenants' Microsoft credentials; its refresher for
   *     {@code "microsoft"} is {@link MicrosoftOAuth#refresher()}
   * @return a builder; every other setting has a default
   */
  public static Builder builder(CredentialManager credentials) {
    return new Builder(Checks.notNull(credentials, "credentials"));
  }

  CredentialManager credentials() {
    return credentials;
  }

  Clock clock() {
    return clock;
  }

  /** A URL under Graph's root, such as {@code url("me/events")}. */
  HttpUrl url(String relative) {
    return http.url(relative);
  }

  /**
   * True when {@code link} (a delta or next link Graph returned) is on Graph's own host and root,
   * so that sending the tenant's token to it cannot leak it elsewhere.
   */
  boolean isGraphLink(HttpUrl link) {
    HttpUrl base = http.baseUrl();
    return link.scheme().equals(base.scheme())
        && link.host().equals(base.host())
        && link.port() == base.port()
        && link.encodedPath().startsWith(base.encodedPath());
  }

  RequestBody json(Object body) {
    return http.jsonBody(body);
  }

  /**
   * Runs one audited call for {@code connection}: the request gets {@code Authorization}, {@code
   * Accept} and one {@code Prefer} header per preference given; a 401 refreshes the token once.
   *
   * @return the parsed JSON body, or an empty object for a body-less answer (204, 202)
   */
  JsonNode call(
      ConnectionKey connection,
      String operation,
      Request.Builder request,
      Idempotency idempotency,
      String... prefer) {
    request.header("Accept", "application/json");
    // One Prefer header per preference, as Graph's pages show them (for example
    // learn.microsoft.com/graph/api/event-delta, "Request headers": one row for
    // odata.maxpagesize, one for the time zone).
    for (String p : prefer) {
      request.addHeader("Prefer", p);
    }
    Request unsigned = Idempotency.mark(request.build(), idempotency);
    String token = credentials.accessToken(connection);
    try {
      return timed(connection.tenant(), operation, () -> send(unsigned, token));
    } catch (ProviderException e) {
      if (e.httpStatus().orElse(0) != 401) {
        throw e;
      }
      String again = credentials.refreshRejected(connection, token).accessToken();
      return timed(connection.tenant(), operation, () -> send(unsigned, again));
    }
  }

  /** A call with a token the caller holds (the account lookup right after the code exchange). */
  JsonNode callWithToken(TenantId tenant, String operation, Request.Builder request, String token) {
    request.header("Accept", "application/json");
    Request unsigned = Idempotency.mark(request.build(), Idempotency.IDEMPOTENT);
    return timed(tenant, operation, () -> send(unsigned, token));
  }

  private JsonNode timed(TenantId tenant, String operation, Supplier<JsonNode> call) {
    return auditLog.timed(clock, tenant, MicrosoftOAuth.PROVIDER, operation, call);
  }

  private JsonNode send(Request request, String token) {
    ProviderResponse response =
        http.execute(request.newBuilder().header("Authorization", "Bearer " + token).build());
    byte[] body = response.body();
    return body.length == 0
        ? http.json().readTree("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
        : http.json().readTree(body);
  }

  @Override
  public String toString() {
    return "MicrosoftGraph{" + http + "}";
  }

  /**
   * Configures a {@link MicrosoftGraph}. The HTTP settings (timeouts, retries, a shared OkHttp
   * client, clock, sleeper, jitter) are those of {@link HttpSettings.Setters}.
   */
  public static final class Builder extends HttpSettings.Setters<Builder> {
    private final CredentialManager credentials;
    private String baseUrl = DEFAULT_BASE_URL;
    private BaseUrlPolicy baseUrlPolicy = BaseUrlPolicy.publicHttps();
    private AuditLog auditLog = AuditLog.noop();

    private Builder(CredentialManager credentials) {
      super(HttpSettings.defaults());
      this.credentials = credentials;
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Sets Graph's root (a national cloud, or a fake in tests).
     *
     * @param baseUrl the root, checked against the {@linkplain #baseUrlPolicy policy}; {@link
     *     #DEFAULT_BASE_URL} if not set
     * @return this builder
     */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = Checks.notBlank(baseUrl, "graph.baseUrl");
      return this;
    }

    /**
     * What the root may be: {@link BaseUrlPolicy#publicHttps()} by default.
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder baseUrlPolicy(BaseUrlPolicy policy) {
      this.baseUrlPolicy = Checks.notNull(policy, "graph.baseUrlPolicy");
      return this;
    }

    /**
     * Where each call is recorded; {@link AuditLog#noop()} by default.
     *
     * @param auditLog the log
     * @return this builder
     */
    public Builder auditLog(AuditLog auditLog) {
      this.auditLog = Checks.notNull(auditLog, "graph.auditLog");
      return this;
    }

    /**
     * Builds the client.
     *
     * @return the client, immutable and thread-safe
     * @throws dev.cita.scheduling.ValidationException if the policy refuses the root
     */
    public MicrosoftGraph build() {
      return new MicrosoftGraph(this, httpSettings());
    }
  }
}
