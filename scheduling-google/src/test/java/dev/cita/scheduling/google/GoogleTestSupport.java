package dev.cita.scheduling.google;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.google.api.client.json.gson.GsonFactory;
import dev.cita.scheduling.memory.InMemoryAuthorizationStateStore;
import dev.cita.scheduling.memory.InMemoryConnectionStatusStore;
import dev.cita.scheduling.memory.InMemoryTokenStore;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.testkit.TestClock;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.CredentialManager;
import dev.cita.scheduling.token.OAuthCredential;
import dev.cita.scheduling.tokens.EncryptedTokenStore;
import dev.cita.scheduling.tokens.TokenKeyset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A WireMock "Google", a fake clock, encrypted in-memory credential storage and one connected
 * tenant.
 */
abstract class GoogleTestSupport {
  static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");
  static final TenantId CLINIC = TenantId.of("clinica-norte");
  static final ResourceId DR_ANA = ResourceId.of("dra-ana");
  static final ResourceId ROOM = ResourceId.of("sala-2");
  static final String EMAIL = "agenda@clinica.cl";
  static final ConnectionKey CONNECTION = ConnectionKey.of(CLINIC, "google", EMAIL);
  static final String ACCESS = "ya29.access-SECRET";
  static final String REFRESH = "1//refresh-SECRET";
  static final String CLIENT_SECRET = "client-SECRET";
  static final String ROOM_CALENDAR = "c_room2@group.calendar.google.com";

  WireMockServer google;
  final TestClock clock = new TestClock(T0);
  final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  final InMemoryConnectionStatusStore statuses = new InMemoryConnectionStatusStore();
  final InMemoryAuthorizationStateStore states = new InMemoryAuthorizationStateStore(clock);
  EncryptedTokenStore tokens;
  GoogleConfig config;
  CredentialManager credentials;
  final GoogleCalendars calendars = new GoogleCalendars();

  @BeforeEach
  void startGoogle() {
    google = new WireMockServer(options().dynamicPort());
    google.start();
    config = configBuilder().build();
    tokens = new EncryptedTokenStore(new InMemoryTokenStore(), TokenKeyset.generate());
    credentials =
        CredentialManager.builder()
            .clock(clock)
            .credentialStore(tokens)
            .statusStore(statuses)
            .refresher("google", GoogleTokenRefresher.create(config, clock))
            .revoker("google", GoogleTokenRevoker.create(config))
            .sleeper(sleeps::add)
            .random(new Random(7))
            .build();
  }

  /**
   * The test configuration's builder: the fake Google's endpoints, short timeouts, default scopes.
   */
  GoogleConfig.Builder configBuilder() {
    return GoogleConfig.builder()
        .clientId("client-123.apps.googleusercontent.com")
        .clientSecret(CLIENT_SECRET)
        .redirectUri("http://localhost:60000/oauth/callback")
        .allEndpointsAt(google.baseUrl())
        .connectTimeout(Duration.ofSeconds(2))
        .readTimeout(Duration.ofSeconds(2));
  }

  @AfterEach
  void stopGoogle() {
    google.stop();
  }

  /** Connects CONNECTION with a token valid for an hour and assigns Dr. Ana to "primary". */
  void connect() {
    connect(CONNECTION, EMAIL, Duration.ofHours(1));
    calendars.assign(CLINIC, DR_ANA, CONNECTION, "primary");
  }

  /** Connects {@code connection} as {@code email} with a token valid for {@code valid}. */
  void connect(ConnectionKey connection, String email, Duration valid) {
    credentials.connect(
        connection,
        OAuthCredential.builder("google", email, ACCESS)
            .refreshToken(REFRESH)
            .expiresAt(T0.plus(valid))
            .accountEmail(email)
            .build());
  }

  /** Google's name for the granted {@code email} scope in token responses. */
  static final String USERINFO_EMAIL = "https://www.googleapis.com/auth/userinfo.email";

  /**
   * An ID token shaped like Google's (developers.google.com/identity/openid-connect/openid-connect,
   * "An ID token's payload"): RS256 header, Google's claims, a signature Cita does not check.
   */
  static String idToken(String email, boolean verified) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = "{\"alg\":\"RS256\",\"kid\":\"1e9gdk7\",\"typ\":\"JWT\"}";
    String payload =
        "{\"iss\":\"https://accounts.google.com\",\"azp\":\"client-123.apps.googleusercontent.com\","
            + "\"aud\":\"client-123.apps.googleusercontent.com\",\"sub\":\"110169484474386276334\","
            + "\"email\":\""
            + email
            + "\",\"email_verified\":"
            + verified
            + ",\"at_hash\":\"HK6E_P6Dh8Y93mRNtsDB1Q\","
            + "\"iat\":"
            + T0.getEpochSecond()
            + ",\"exp\":"
            + (T0.getEpochSecond() + 3600)
            + "}";
    return b64.encodeToString(header.getBytes(StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString("not-checked-signature".getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A code-exchange answer shaped like Google's
   * (developers.google.com/identity/protocols/oauth2/web-server, step 5): {@code scope} lists only
   * what the user granted
   * (developers.google.com/identity/protocols/oauth2/resources/granular-permissions); {@code
   * idToken} may be null.
   */
  static String tokenResponse(String idToken, String... grantedScopes) {
    return "{\"access_token\":\"ya29.fresh-SECRET\",\"expires_in\":3599,\"refresh_token\":\"1//fresh-refresh-SECRET\","
               + "\"scope\":\""
        + String.join(" ", grantedScopes)
        + "\",\"token_type\":\"Bearer\""
        + (idToken == null ? "" : ",\"id_token\":\"" + idToken + "\"")
        + "}";
  }

  /**
   * An error answer shaped like Google's (developers.google.com/calendar/api/guides/errors): the
   * status, and one error with {@code reason}.
   */
  static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder googleError(
      int status, String reason) {
    return com.github.tomakehurst.wiremock.client.WireMock.aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(
            "{\"error\":{\"code\":"
                + status
                + ",\"message\":\""
                + reason
                + "\",\"errors\":[{\"domain\":\"global\",\"reason\":\""
                + reason
                + "\"}]}}");
  }

  GoogleCalendarProvider provider() {
    return GoogleCalendarProvider.builder(config)
        .credentialManager(credentials)
        .calendars(calendars)
        .clock(clock)
        .sleeper(sleeps::add)
        .random(new Random(7))
        .build();
  }

  static Appointment appointment(String id, AppointmentStatus status) {
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
        .displayZone(ZoneId.of("America/Santiago"))
        .status(status)
        .location("Av. Providencia 1234")
        .createdAt(T0)
        .updatedAt(T0)
        .build();
  }

  /**
   * Webhooks that know one channel, {@code ch-1} with token {@code tok-1} on resource {@code
   * res-primary}: the primary calendar of {@code dra-ana} at {@link #CLINIC}.
   */
  static GoogleWebhooks webhooksWithOneChannel() {
    GoogleChannelStore channels = GoogleChannelStore.inMemory();
    channels.save(
        new GoogleChannel(
            "ch-1",
            "res-primary",
            "tok-1",
            Instant.parse("2030-01-01T00:00:00Z"),
            new CalendarAssignment(CLINIC, ResourceId.of("dra-ana"), CONNECTION, "primary")));
    return new GoogleWebhooks(channels, GsonFactory.getDefaultInstance());
  }
}
