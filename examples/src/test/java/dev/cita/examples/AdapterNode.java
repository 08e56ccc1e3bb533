package dev.cita.examples;

import dev.cita.scheduling.calcom.CalComTenantRegistry;
import dev.cita.scheduling.calcom.WebhookSigning;
import dev.cita.scheduling.calendly.CalendlyMappingRegistry;
import dev.cita.scheduling.calendly.CredentialSigningKeyStore;
import dev.cita.scheduling.google.GoogleCalendarProvider;
import dev.cita.scheduling.google.GoogleCalendars;
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
import dev.cita.scheduling.webhook.WebhookHandler;
import dev.cita.scheduling.webhook.WebhookRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * One app node's adapter stack, built from nothing but a {@link DataSource}: its own stores, Google
 * provider, push channels and webhook handler, Cal.com and Calendly registries. Two of them over
 * one database are two nodes of one application.
 */
final class AdapterNode {
  static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final TenantId CLINIC = TenantId.of("clinica-norte");
  static final ResourceId ANA = ResourceId.of("dra-ana");
  static final AppointmentTypeId CONSULTA = AppointmentTypeId.of("consulta");
  static final ConnectionKey GOOGLE = ConnectionKey.of(CLINIC, "google", "agenda@norte.cl");
  static final String CALCOM_SECRET = "calcom-webhook-secret-norte";
  static final String ANA_URI = "https://api.calendly.com/users/ANA";
  static final String CONSULTA_URI = "https://api.calendly.com/event_types/CONSULTA";

  final JdbcStores stores;
  final GoogleCalendars calendars;
  final GoogleCalendarProvider google;
  final GooglePushChannels push;
  final WebhookHandler handler;
  final CalComTenantRegistry calcom;
  final CalendlyMappingRegistry calendly;
  final CredentialSigningKeyStore calendlyKeys;

  /**
   * A node over {@code dataSource}.
   *
   * @param keyset the application's keyset, which every node has
   */
  AdapterNode(DataSource dataSource, TokenKeyset keyset) {
    stores = JdbcStores.create(dataSource, CLOCK).migrate();
    EncryptedTokenStore tokens = new EncryptedTokenStore(stores.tokens(), keyset);
    CredentialManager credentials =
        stores.configure(CredentialManager.builder()).credentialStore(tokens).clock(CLOCK).build();
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

  /** Google's notification on a channel, as its headers name it. */
  static WebhookRequest googleNotification(String channelId, String token, String state) {
    return WebhookRequest.builder("POST", "https://app.example/hooks/google")
        .header("X-Goog-Channel-ID", channelId)
        .header("X-Goog-Channel-Token", token)
        .header("X-Goog-Resource-ID", "res-primary")
        .header("X-Goog-Resource-State", state)
        .build();
  }

  /** What this node sees of the state another node wrote, one line per fact. */
  String report() {
    return "google-sync-handshake "
        + push.handle(handler, googleNotification("ch-1", "tok-1", "sync")).status()
        + "\ngoogle-forged-token "
        + push.handle(handler, googleNotification("ch-1", "forged", "sync")).status()
        + "\ngoogle-covers "
        + google.covers(CLINIC, ANA)
        + "\ncalcom "
        + calcom.find(CLINIC).map(t -> t.account() + " " + t.eventTypes()).orElse("none")
        + "\ncalendly "
        + calendly.forTenant(CLINIC).flatMap(m -> m.resourceOfHost(ANA_URI)).orElse(null);
  }
}
