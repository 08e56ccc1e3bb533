package dev.cita.scheduling.calcom;

import dev.cita.scheduling.http.BaseUrlPolicy;
import dev.cita.scheduling.http.HttpClientConfig;
import dev.cita.scheduling.http.RetryPolicy;
import dev.cita.scheduling.memory.InMemoryAuditLog;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.testkit.TestClock;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.CredentialManager;
import dev.cita.scheduling.token.CredentialStore;
import dev.cita.scheduling.token.OAuthCredential;
import dev.cita.scheduling.token.Sleeper;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Shared test values: a branch, its mapping, an API key credential and a sleeper that records. */
final class Fixtures {
  static final TenantId BRANCH = TenantId.of("sucursal-centro");
  static final TenantId OTHER_BRANCH = TenantId.of("sucursal-norte");
  static final ResourceId ANA = ResourceId.of("dra-ana");
  static final AppointmentTypeId CONSULT = AppointmentTypeId.of("consulta");
  static final long EVENT_TYPE = 501;
  static final String ACCOUNT = "1234";
  static final String API_KEY = "cal_live_SECRET-key-0001";
  static final String WEBHOOK_SECRET = "whsec-SECRET-centro";
  static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
  static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");

  /**
   * WireMock listens on http://localhost: the tests opt in to plain http on the loopback interface.
   */
  static final BaseUrlPolicy LOCAL_MOCK =
      BaseUrlPolicy.publicHttps().allowInsecureHttp().allowPrivateNetwork();

  private Fixtures() {}

  static CalComTenant branch(String baseUrl) {
    return CalComTenant.builder(BRANCH, ACCOUNT)
        .baseUrl(baseUrl)
        .baseUrlPolicy(LOCAL_MOCK)
        .eventType(EventTypeMapping.of(EVENT_TYPE, ANA, CONSULT))
        .webhookSigning(WebhookSigning.secret(WEBHOOK_SECRET))
        .zone(SANTIAGO)
        .build();
  }

  static CalComClient client(java.time.Clock clock, InMemoryAuditLog audit, Duration readTimeout) {
    return CalComClient.builder()
        .httpConfig(
            HttpClientConfig.builder()
                .readTimeout(readTimeout)
                .callTimeout(readTimeout.multipliedBy(3))
                .build())
        .retryPolicy(RetryPolicy.builder().maxAttempts(2).build())
        .clock(clock)
        .sleeper(new RecordingSleeper())
        .auditLog(audit)
        .build();
  }

  /** A provider for {@link #branch} at {@code baseUrl}, with a client as {@link #client} makes. */
  static CalComCalendarProvider provider(
      TestClock clock, InMemoryAuditLog audit, Duration readTimeout, String baseUrl) {
    return CalComCalendarProvider.builder(
            client(clock, audit, readTimeout),
            CalComTenants.of(branch(baseUrl)),
            credentials(clock))
        .clock(clock)
        .build();
  }

  /** A credential manager holding the branch's API key (never refreshed). */
  static CredentialManager credentials(TestClock clock) {
    CredentialManager credentials =
        CredentialManager.builder()
            .inMemoryDefaults()
            .credentialStore(new MapCredentialStore())
            .clock(clock)
            .build();
    credentials.connect(
        ConnectionKey.of(BRANCH, CalComClient.PROVIDER, ACCOUNT),
        OAuthCredential.builder(CalComClient.PROVIDER, ACCOUNT, API_KEY).build());
    return credentials;
  }

  /** Records each requested wait and returns at once. */
  static final class RecordingSleeper implements Sleeper {
    final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void sleep(Duration duration) {
      sleeps.add(duration);
    }
  }

  /** A plain credential store for tests (the real one is EncryptedTokenStore). */
  static final class MapCredentialStore implements CredentialStore {
    private final Map<ConnectionKey, OAuthCredential> map = new ConcurrentHashMap<>();

    @Override
    public void save(ConnectionKey connection, OAuthCredential credential) {
      map.put(connection, credential);
    }

    @Override
    public Optional<OAuthCredential> load(ConnectionKey connection) {
      return Optional.ofNullable(map.get(connection));
    }

    @Override
    public boolean delete(ConnectionKey connection) {
      return map.remove(connection) != null;
    }

    @Override
    public List<ConnectionKey> list(TenantId tenant) {
      return map.keySet().stream().filter(k -> k.tenant().equals(tenant)).toList();
    }
  }
}
