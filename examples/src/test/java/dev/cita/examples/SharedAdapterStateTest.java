package dev.cita.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.WebhookVerificationException;
import dev.cita.scheduling.calcom.CalComTenant;
import dev.cita.scheduling.calcom.CalComTenantRegistry;
import dev.cita.scheduling.calcom.CalComWebhookVerifier;
import dev.cita.scheduling.calcom.EventTypeMapping;
import dev.cita.scheduling.calcom.WebhookSigning;
import dev.cita.scheduling.calendly.CalendlyMapping;
import dev.cita.scheduling.calendly.CalendlyMappingRegistry;
import dev.cita.scheduling.calendly.CalendlyWebhookVerifier;
import dev.cita.scheduling.calendly.CredentialSigningKeyStore;
import dev.cita.scheduling.google.CalendarAssignment;
import dev.cita.scheduling.google.GoogleCalendarProvider;
import dev.cita.scheduling.google.GoogleCalendars;
import dev.cita.scheduling.google.GoogleChannel;
import dev.cita.scheduling.google.GoogleChannelStore;
import dev.cita.scheduling.google.GoogleConfig;
import dev.cita.scheduling.google.GooglePushChannels;
import dev.cita.scheduling.jdbc.JdbcStores;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.CredentialManager;
import dev.cita.scheduling.tokens.EncryptedTokenStore;
import dev.cita.scheduling.tokens.TokenKeyset;
import dev.cita.scheduling.webhook.HmacSignatures;
import dev.cita.scheduling.webhook.WebhookHandler;
import dev.cita.scheduling.webhook.WebhookRequest;
import dev.cita.scheduling.webhook.WebhookResult;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * Two app nodes, each with its own independently built stores and adapter stack (their own
 * connection pools, registries, push channels and verifiers) over one database: what one node
 * writes — a Google calendar assignment and push channel, a Cal.com branch, a Calendly mapping and
 * signing key — the other reads and acts on, with nothing passed between them but the database.
 */
class SharedAdapterStateTest {
  private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final TenantId CLINIC = TenantId.of("clinica-norte");
  private static final ResourceId ANA = ResourceId.of("dra-ana");
  private static final AppointmentTypeId CONSULTA = AppointmentTypeId.of("consulta");
  private static final ConnectionKey GOOGLE = ConnectionKey.of(CLINIC, "google", "agenda@norte.cl");
  private static final String CALCOM_SECRET = "calcom-webhook-secret-norte";
  private static final String ANA_URI = "https://api.calendly.com/users/ANA";
  private static final String CONSULTA_URI = "https://api.calendly.com/event_types/CONSULTA";

  private final String url = "jdbc:h2:mem:shared-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
  private final TokenKeyset keyset = TokenKeyset.generate(); // the application's one keyset

  /** One app node: nothing in it is shared with another node but the database's URL. */
  private final class Node {
    final JdbcStores stores;
    final GoogleCalendars calendars;
    final GoogleCalendarProvider google;
    final GooglePushChannels push;
    final WebhookHandler handler;
    final CalComTenantRegistry calcom;
    final CalendlyMappingRegistry calendly;
    final CredentialSigningKeyStore calendlyKeys;

    Node() {
      JdbcDataSource ds = new JdbcDataSource();
      ds.setURL(url);
      stores = JdbcStores.create(ds, CLOCK).migrate();
      EncryptedTokenStore tokens = new EncryptedTokenStore(stores.tokens(), keyset);
      CredentialManager credentials =
          stores
              .configure(CredentialManager.builder())
              .credentialStore(tokens)
              .clock(CLOCK)
              .build();
      calendars = new GoogleCalendars(stores.calendarAssignments());
      google =
          GoogleCalendarProvider.builder(
                  GoogleConfig.builder()
                      .clientId("client-123.apps.googleusercontent.com")
                      .clientSecret("client-secret")
                      .redirectUri("https://app.example/oauth/google")
                      .build())
              .credentialManager(credentials)
              .calendars(calendars)
              .clock(CLOCK)
              .build();
      push =
          GooglePushChannels.builder(google)
              .address("https://app.example/hooks/google")
              .channelStore(stores.pushChannels())
              .build();
      handler =
          WebhookHandler.builder()
              .appointmentStore(stores.appointments())
              .inbox(stores.webhookInbox())
              .provider(push.webhooks())
              .clock(CLOCK)
              .build();
      calcom =
          CalComTenantRegistry.builder(stores.providerMappings())
              .webhookSigning(t -> Optional.of(WebhookSigning.secret(CALCOM_SECRET)))
              .build();
      calendly = new CalendlyMappingRegistry(stores.providerMappings());
      calendlyKeys = new CredentialSigningKeyStore(tokens);
    }
  }

  private static WebhookRequest googleNotification(String channelId, String token, String state) {
    return WebhookRequest.builder("POST", "https://app.example/hooks/google")
        .header("X-Goog-Channel-ID", channelId)
        .header("X-Goog-Channel-Token", token)
        .header("X-Goog-Resource-ID", "res-primary")
        .header("X-Goog-Resource-State", state)
        .build();
  }

  @Test
  void aGoogleChannelOpenedOnOneNodeVerifiesItsNotificationsOnTheOther() {
    Node a = new Node();
    Node b = new Node();
    CalendarAssignment assignment = a.calendars.assign(CLINIC, ANA, GOOGLE, "primary");
    // What a.push.watch(...) stores once Google answers events.watch.
    GoogleChannelStore.over(a.stores.pushChannels())
        .save(
            new GoogleChannel(
                "ch-1", "res-primary", "tok-1", NOW.plusSeconds(7 * 86_400), assignment));

    assertThat(b.calendars.find(CLINIC, ANA)).contains(assignment);
    assertThat(b.google.covers(CLINIC, ANA)).isTrue();
    WebhookResult handshake = b.push.handle(b.handler, googleNotification("ch-1", "tok-1", "sync"));
    assertThat(handshake.status()).isEqualTo(200);
    assertThat(handshake.message()).isEqualTo("sync handshake acknowledged");
    assertThat(b.push.handle(b.handler, googleNotification("ch-1", "forged", "sync")).status())
        .as("a wrong token")
        .isEqualTo(401);

    GoogleChannelStore.over(a.stores.pushChannels()).delete("ch-1"); // a stopped it
    a.calendars.unassign(CLINIC, ANA);

    assertThat(b.push.handle(b.handler, googleNotification("ch-1", "tok-1", "sync")).status())
        .isEqualTo(401);
    assertThat(b.google.covers(CLINIC, ANA)).isFalse();
  }

  @Test
  void aCalComBranchSavedOnOneNodeIsTheSameAndVerifiesWebhooksOnTheOther() {
    Node a = new Node();
    Node b = new Node();
    CalComTenant branch =
        CalComTenant.builder(CLINIC, "1234")
            .eventType(EventTypeMapping.of(501, ANA, CONSULTA))
            .eventType(EventTypeMapping.multipleLengths(77, ResourceId.of("dr-beto"), CONSULTA))
            .zone(ZoneId.of("America/Santiago"))
            .build();

    a.calcom.save(branch);

    CalComTenant seen = b.calcom.find(CLINIC).orElseThrow();
    assertThat(seen.account()).isEqualTo("1234");
    assertThat(seen.eventTypes()).isEqualTo(branch.eventTypes());
    assertThat(seen.busyResources()).isEqualTo(branch.busyResources());
    assertThat(seen.zone()).isEqualTo(ZoneId.of("America/Santiago"));
    assertThat(b.calcom.tenants()).containsExactly(CLINIC);
    byte[] body = "{\"triggerEvent\":\"BOOKING_CREATED\"}".getBytes(StandardCharsets.UTF_8);
    WebhookRequest signed =
        WebhookRequest.builder("POST", "https://app.example/hooks/calcom?tenant=" + CLINIC)
            .header(
                CalComWebhookVerifier.SIGNATURE_HEADER,
                HmacSignatures.hmacSha256Hex(HmacSignatures.utf8(CALCOM_SECRET), body))
            .body(body)
            .build();
    CalComWebhookVerifier.create(b.calcom).verify(signed); // throws if refused

    a.calcom.remove(CLINIC);

    assertThat(b.calcom.find(CLINIC)).isEmpty();
    assertThatThrownBy(() -> CalComWebhookVerifier.create(b.calcom).verify(signed))
        .isInstanceOf(WebhookVerificationException.class)
        .hasMessageContaining("no Cal.com webhook signing");
  }

  @Test
  void aCalendlyMappingAndSigningKeySavedOnOneNodeServeTheOther() {
    Node a = new Node();
    Node b = new Node();
    a.calendly.save(
        CLINIC,
        CalendlyMapping.builder().host(ANA_URI, ANA).eventType(CONSULTA_URI, CONSULTA).build());
    a.calendlyKeys.save(CLINIC, "https://api.calendly.com/webhook_subscriptions/S1", "key-s1");

    CalendlyMapping seen = b.calendly.forTenant(CLINIC).orElseThrow();
    assertThat(seen.resourceOfHost(ANA_URI)).contains(ANA);
    assertThat(seen.typeOf(CONSULTA_URI)).contains(CONSULTA);
    assertThat(seen.eventTypeFor(ANA, CONSULTA)).contains(CONSULTA_URI);
    byte[] body = "{\"event\":\"invitee.created\"}".getBytes(StandardCharsets.UTF_8);
    long t = NOW.getEpochSecond();
    WebhookRequest signed =
        WebhookRequest.builder("POST", "https://app.example/hooks/calendly?tenant=" + CLINIC)
            .header(
                CalendlyWebhookVerifier.HEADER,
                "t="
                    + t
                    + ",v1="
                    + HmacSignatures.hmacSha256Hex(
                        HmacSignatures.utf8("key-s1"),
                        (t + ".").getBytes(StandardCharsets.US_ASCII),
                        body))
            .body(body)
            .build();
    CalendlyWebhookVerifier.builder(b.calendlyKeys).clock(CLOCK).build().verify(signed);

    a.calendly.remove(CLINIC);
    a.calendlyKeys.delete(CLINIC, "https://api.calendly.com/webhook_subscriptions/S1");

    assertThat(b.calendly.forTenant(CLINIC)).isEmpty();
    assertThatThrownBy(
            () ->
                CalendlyWebhookVerifier.builder(b.calendlyKeys).clock(CLOCK).build().verify(signed))
        .isInstanceOf(WebhookVerificationException.class);
  }
}
