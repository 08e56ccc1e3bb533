package dev.cita.scheduling.microsoft;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.cita.scheduling.http.BaseUrlPolicy;
import dev.cita.scheduling.http.HttpClientConfig;
import dev.cita.scheduling.memory.InMemoryAuditLog;
import dev.cita.scheduling.memory.InMemoryAuthorizationStateStore;
import dev.cita.scheduling.memory.InMemoryCalendarAssignmentStore;
import dev.cita.scheduling.memory.InMemoryConnectionStatusStore;
import dev.cita.scheduling.memory.InMemoryTokenStore;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.ResourceCalendar;
import dev.cita.scheduling.testkit.TestClock;
import dev.cita.scheduling.token.AuthorizationFlow;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.CredentialManager;
import dev.cita.scheduling.token.OAuthCredential;
import dev.cita.scheduling.tokens.EncryptedTokenStore;
import dev.cita.scheduling.tokens.TokenKeyset;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A WireMock "Microsoft" (identity platform under {@code /login}, Graph under {@code /v1.0}), a
 * fake clock, encrypted in-memory credentials and one connected tenant whose Dr. Ana books into the
 * connected account's own mailbox ({@code me}).
 */
abstract class MicrosoftTestSupport {
  static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");
  static final TenantId CLINIC = TenantId.of("clinica-norte");
  static final ResourceId DR_ANA = ResourceId.of("dra-ana");
  static final ResourceId DR_LUIS = ResourceId.of("dr-luis");
  static final ResourceId ROOM = ResourceId.of("sala-2");
  static final String USER_ID = "87d349ed-44d7-43e1-9a83-5f2406dee5bd";
  static final String EMAIL = "ana@clinica.cl";
  static final ConnectionKey CONNECTION = ConnectionKey.of(CLINIC, "microsoft", USER_ID);
  static final String ACCESS = "eyJ0eXAi.access-SECRET";
  static final String REFRESH = "0.AXEA-refresh-SECRET";
  static final String CLIENT_SECRET = "client-SECRET~x";
  static final String CLIENT_ID = "6731de76-14a6-49ae-97bc-6eba6914391e";
  static final BaseUrlPolicy LOCAL_MOCK =
      BaseUrlPolicy.publicHttps().allowInsecureHttp().allowPrivateNetwork();

  WireMockServer ms;
  final TestClock clock = new TestClock(T0);
  final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  final InMemoryConnectionStatusStore statuses = new InMemoryConnectionStatusStore();
  final InMemoryAuditLog audit = new InMemoryAuditLog();
  final InMemoryCalendarAssignmentStore assignments = new InMemoryCalendarAssignmentStore();
  HttpClientConfig http = HttpClientConfig.builder().readTimeout(Duration.ofSeconds(2)).build();
  EncryptedTokenStore tokens;
  MicrosoftOAuth oauth;
  CredentialManager credentials;
  MicrosoftGraph graph;

  @BeforeEach
  void startMicrosoft() {
    ms = new WireMockServer(options().dynamicPort());
    ms.start();
    build();
  }

  /** (Re)builds the clients on the current {@link #http} settings. */
  void build() {
    tokens = new EncryptedTokenStore(new InMemoryTokenStore(), TokenKeyset.generate());
    oauth =
        MicrosoftOAuth.builder(CLIENT_ID, CLIENT_SECRET, "https://app.example/oauth/microsoft")
            .loginUrl(ms.baseUrl() + "/login")
            .baseUrlPolicy(LOCAL_MOCK)
            .flow(AuthorizationFlow.create(new InMemoryAuthorizationStateStore(clock), clock))
            .httpConfig(http)
            .clock(clock)
            .build();
    credentials =
        CredentialManager.builder()
            .clock(clock)
            .credentialStore(tokens)
            .statusStore(statuses)
            .refresher("microsoft", oauth.refresher())
            .sleeper(sleeps::add)
            .random(new Random(7))
            .build();
    graph =
        MicrosoftGraph.builder(credentials)
            .baseUrl(ms.baseUrl() + "/v1.0/")
            .baseUrlPolicy(LOCAL_MOCK)
            .auditLog(audit)
            .httpConfig(http)
            .clock(clock)
            .sleeper(sleeps::add)
            .random(new Random(7))
            .build();
  }

  @AfterEach
  void stopMicrosoft() {
    ms.stop();
  }

  /** Connects CONNECTION with a token valid for an hour; Dr. Ana books into "me". */
  void connect() {
    credentials.connect(
        CONNECTION,
        OAuthCredential.builder("microsoft", USER_ID, ACCESS)
            .refreshToken(REFRESH)
            .expiresAt(T0.plus(Duration.ofHours(1)))
            .accountEmail(EMAIL)
            .build());
    assignments.save(new ResourceCalendar(CLINIC, DR_ANA, CONNECTION, "me"));
  }

  MicrosoftCalendarProvider.Builder providerBuilder() {
    return MicrosoftCalendarProvider.builder(graph, assignments).mailboxZone(SANTIAGO);
  }

  MicrosoftCalendarProvider provider() {
    return providerBuilder().build();
  }

  static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");

  /**
   * A Graph error (learn.microsoft.com/graph/errors, "Error resource type"): {@code
   * {"error":{"code","message","innerError"}}} with a {@code request-id} header.
   */
  static ResponseDefinitionBuilder graphError(int status, String code) {
    return WireMock.aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withHeader("request-id", "b6f5ad0c-7f0e-4c4c-9f1d-0d1f5e7e8a11")
        .withBody(
            "{\"error\":{\"code\":\""
                + code
                + "\",\"message\":\"Graph says "
                + code
                + "\",\"innerError\":{\"date\":\"2026-03-02T12:00:00\",\"request-id\":"
                + "\"b6f5ad0c-7f0e-4c4c-9f1d-0d1f5e7e8a11\"}}}");
  }

  /**
   * The token endpoint refreshes to {@code fresh-SECRET} and rotates the refresh token
   * (learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow, "Refresh the access
   * token").
   */
  void stubTokenRefresh() {
    ms.stubFor(
        WireMock.post(WireMock.urlEqualTo("/login/organizations/oauth2/v2.0/token"))
            .willReturn(
                WireMock.okJson(
                    "{\"token_type\":\"Bearer\",\"scope\":\"https://graph.microsoft.com/Calendars.ReadWrite"
                        + " https://graph.microsoft.com/User.Read\",\"expires_in\":3599,"
                        + "\"access_token\":\"fresh-SECRET\",\"refresh_token\":\"rotated-SECRET\"}")));
  }

  /** A 201 with the created event's id (learn.microsoft.com/graph/api/user-post-events). */
  static ResponseDefinitionBuilder created(String eventId) {
    return WireMock.aResponse()
        .withStatus(201)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"id\":\"" + eventId + "\"}");
  }

  static Appointment appointment(String id) {
    return Appointment.builder()
        .id(AppointmentId.of(id))
        .tenant(CLINIC)
        .resource(DR_ANA)
        .type(AppointmentTypeId.of("consulta"))
        .attendee(
            Attendee.builder("María Pérez")
                .email("maria@example.com")
                .phone("+56912345678")
                .build())
        .start(Instant.parse("2026-03-10T13:00:00Z"))
        .end(Instant.parse("2026-03-10T13:30:00Z"))
        .displayZone(SANTIAGO)
        .status(AppointmentStatus.SCHEDULED)
        .location("Av. Providencia 1234")
        .createdAt(T0)
        .updatedAt(T0)
        .build();
  }

  /**
   * Cita's event as a delta page lists it (learn.microsoft.com/graph/api/resources/event): its
   * {@code transactionId} names the appointment; times in UTC without offset, as Graph writes them.
   */
  static String citasEvent(
      String eventId,
      String appointment,
      String showAs,
      String start,
      String end,
      String modified) {
    return "{\"@odata.type\":\"#microsoft.graph.event\",\"id\":\""
        + eventId
        + "\",\"transactionId\":\"cita-"
        + appointment
        + "\",\"subject\":\"María Pérez\",\"showAs\":\""
        + showAs
        + "\",\"isAllDay\":false,\"isCancelled\":false,\"lastModifiedDateTime\":\""
        + modified
        + "\",\"start\":{\"dateTime\":\""
        + start
        + ".0000000\",\"timeZone\":\"UTC\"},\"end\":{\"dateTime\":\""
        + end
        + ".0000000\",\"timeZone\":\"UTC\"}}";
  }
}
