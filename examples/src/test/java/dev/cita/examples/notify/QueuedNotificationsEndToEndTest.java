package dev.cita.examples.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import biweekly.Biweekly;
import biweekly.ICalendar;
import biweekly.component.VEvent;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.cita.scheduling.calcom.CalComTenant;
import dev.cita.scheduling.calcom.CalComTenants;
import dev.cita.scheduling.calcom.CalComWebhooks;
import dev.cita.scheduling.calcom.EventTypeMapping;
import dev.cita.scheduling.calcom.WebhookSigning;
import dev.cita.scheduling.jdbc.JdbcStores;
import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.memory.InMemoryNotificationPreferencesStore;
import dev.cita.scheduling.memory.InMemorySendAttemptStore;
import dev.cita.scheduling.memory.InMemoryStaffStore;
import dev.cita.scheduling.memory.InMemoryWebhookInbox;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.notify.NotificationPreferences;
import dev.cita.scheduling.notify.NotificationWorker;
import dev.cita.scheduling.notify.StaffMember;
import dev.cita.scheduling.notify.StaffRole;
import dev.cita.scheduling.notify.email.EmailChannel;
import dev.cita.scheduling.notify.push.OneSignalPushChannel;
import dev.cita.scheduling.spi.AppointmentStore;
import dev.cita.scheduling.spi.NotificationPreferencesStore;
import dev.cita.scheduling.spi.OutboxStore;
import dev.cita.scheduling.spi.SendAttemptStore;
import dev.cita.scheduling.spi.StaffStore;
import dev.cita.scheduling.spi.WebhookInbox;
import dev.cita.scheduling.sync.OutboxStatus;
import dev.cita.scheduling.webhook.HmacSignatures;
import dev.cita.scheduling.webhook.WebhookHandler;
import dev.cita.scheduling.webhook.WebhookRequest;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 19, end to end: a signed Cal.com BOOKING_CREATED webhook, delivered five times to each of
 * two webhook handlers, is queued once; two notification workers send the customer one e-mail with
 * an invitation (real {@link EmailChannel} on GreenMail, parsed back with biweekly) and the branch
 * owner one push (real {@link OneSignalPushChannel} on WireMock, exact request); the later
 * BOOKING_CANCELLED gives one cancellation e-mail whose invitation cancels the same UID. On
 * in-memory stores and on PostgreSQL ({@link JdbcStores}, skipped without a server).
 */
class QueuedNotificationsEndToEndTest {
  @RegisterExtension
  static final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP);

  @RegisterExtension
  static final WireMockExtension oneSignal =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  static final TenantId CENTRO = TenantId.of("sucursal-centro");
  static final ResourceId ANA = ResourceId.of("dra-ana");
  static final String SECRET = "calcom-webhook-secret-centro";
  static final String URL = "https://app.example/hooks/calcom?tenant=sucursal-centro";
  static final String APP_ID = "9f1c2a7e-0b3d-4e5f-8a6b-1c2d3e4f5a6b";
  static final String REST_KEY = "os_v2_app_SECRET-REST-KEY";
  static final String PUSH_PATH = "/notifications?c=push";

  /** Wednesday 4 March 2026, 10:00 in Santiago (UTC-3). */
  static final Instant START = Instant.parse("2026-03-04T13:00:00Z");

  /** The stores one application's nodes share. */
  record Stores(
      AppointmentStore appointments,
      OutboxStore outbox,
      WebhookInbox inbox,
      SendAttemptStore attempts,
      NotificationPreferencesStore preferences,
      StaffStore staff) {
    static Stores inMemory() {
      InMemoryAppointmentStore appointments = new InMemoryAppointmentStore();
      return new Stores(
          appointments,
          appointments.outbox(),
          new InMemoryWebhookInbox(),
          new InMemorySendAttemptStore(CLOCK, java.time.Duration.ofDays(30)),
          new InMemoryNotificationPreferencesStore(),
          new InMemoryStaffStore());
    }

    static Stores jdbc(JdbcStores s) {
      return new Stores(
          s.appointments(),
          s.outbox(),
          s.webhookInbox(),
          s.sendAttempts(),
          s.notificationPreferences(),
          s.staff());
    }
  }

  @Test
  void onInMemoryStores() throws Exception {
    Stores shared = Stores.inMemory();
    scenario(() -> shared);
  }

  @Test
  void onPostgres() throws Exception {
    try (PostgresSchema pg = PostgresSchema.createOrSkip()) {
      JdbcStores.create(pg.dataSource(), CLOCK).migrate();
      // Each node builds its own stores over the one database.
      scenario(() -> Stores.jdbc(JdbcStores.create(pg.dataSource(), CLOCK)));
    }
  }

  static String booking(String trigger, String createdAt) {
    return """
    {"triggerEvent":"%s","createdAt":"%s","payload":{"type":"consulta","title":"Consulta",
     "uid":"bk-1","bookingId":77,"eventTypeId":501,"startTime":"2026-03-04T13:00:00Z",
     "endTime":"2026-03-04T13:30:00Z",
     "organizer":{"name":"Dra Ana","email":"ana@clinica.cl","timeZone":"America/Santiago",
                  "language":{"locale":"es"}},
     "attendees":[{"name":"María Pérez","email":"maria@example.com","timeZone":"America/Santiago",
                   "language":{"locale":"es"}}],
     "status":"ACCEPTED","metadata":{}}}\
    """
        .formatted(trigger, createdAt);
  }

  static WebhookRequest signed(String body) {
    byte[] raw = body.getBytes(StandardCharsets.UTF_8);
    return WebhookRequest.builder("POST", URL)
        .header("Content-Type", "application/json")
        .header(
            "X-Cal-Signature-256", HmacSignatures.hmacSha256Hex(HmacSignatures.utf8(SECRET), raw))
        .body(raw)
        .build();
  }

  static WebhookHandler handler(Stores s) {
    CalComTenant branch =
        CalComTenant.builder(CENTRO, "1234")
            .eventType(EventTypeMapping.of(501, ANA, AppointmentTypeId.of("consulta")))
            .zone(SANTIAGO)
            .webhookSigning(WebhookSigning.secret(SECRET))
            .build();
    return WebhookHandler.builder()
        .clock(CLOCK)
        .appointmentStore(s.appointments())
        .outboxStore(s.outbox())
        .inbox(s.inbox())
        .provider(CalComWebhooks.create(CalComTenants.of(branch)))
        .queueNotifications()
        .build();
  }

  static NotificationWorker worker(Stores s, String id) {
    return NotificationWorker.builder()
        .clock(CLOCK)
        .workerId(id)
        .appointmentStore(s.appointments())
        .outboxStore(s.outbox())
        .sendAttempts(s.attempts())
        .preferences(s.preferences())
        .staff(s.staff())
        .channel(
            EmailChannel.builder()
                .host("127.0.0.1")
                .port(smtp.getSmtp().getPort())
                .security(EmailChannel.Security.NONE)
                .from("citas@example.cl", "Sucursal Centro")
                .clock(CLOCK)
                .build())
        .channel(
            OneSignalPushChannel.builder(APP_ID, REST_KEY).baseUrl(oneSignal.baseUrl()).build())
        .build();
  }

  /** Both workers drain the queue at the same time, each until nothing is due. */
  static void drainConcurrently(NotificationWorker a, NotificationWorker b) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Boolean>> done = new ArrayList<>();
      for (NotificationWorker w : List.of(a, b)) {
        done.add(pool.submit(() -> w.drain(java.time.Duration.ofSeconds(30))));
      }
      for (Future<Boolean> f : done) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  void scenario(Supplier<Stores> node) throws Exception {
    oneSignal.stubFor(
        post(urlEqualTo(PUSH_PATH))
            .willReturn(okJson("{\"id\":\"" + UUID.randomUUID() + "\",\"external_id\":null}")));
    Stores first = node.get();
    Stores second = node.get();
    first
        .staff()
        .save(
            StaffMember.builder(CENTRO, "owner", StaffRole.OWNER)
                .name("Dueña Centro")
                .address("email", "duena@centro.cl")
                .address("push", "owner-centro")
                .locale(Locale.forLanguageTag("es"))
                .build());
    // Cal.com e-mails the host itself: Cita tells the owner by push only.
    first
        .preferences()
        .save(
            CENTRO,
            NotificationPreferences.builder().providerNotifiesStaff("calcom", "email").build());
    WebhookHandler a = handler(first);
    WebhookHandler b = handler(second);
    NotificationWorker w1 = worker(first, "node-1");
    NotificationWorker w2 = worker(second, "node-2");

    WebhookRequest created = signed(booking("BOOKING_CREATED", "2026-03-02T11:59:00.000Z"));
    for (int i = 0; i < 5; i++) {
      assertThat(a.handle("calcom", created).status()).isEqualTo(200);
      assertThat(b.handle("calcom", created).status()).isEqualTo(200);
    }
    drainConcurrently(w1, w2);

    Appointment appointment =
        first.appointments().findByExternalRef(CENTRO, "calcom", "bk-1").orElseThrow();
    MimeMessage[] mails = smtp.getReceivedMessages();
    assertThat(mails).as("one e-mail: the customer's; Cal.com e-mails the owner").hasSize(1);
    assertThat(mails[0].getAllRecipients()[0].toString()).isEqualTo("maria@example.com");
    assertThat(mails[0].getSubject()).isEqualTo("Cita confirmada: consulta");
    VEvent invitation = event(ics(mails[0]), "REQUEST");
    assertThat(invitation.getDateStart().getValue().toInstant()).isEqualTo(START);
    assertThat(invitation.getDateStart().getValue().toInstant().atZone(SANTIAGO).toLocalTime())
        .as("10:00 at the branch")
        .isEqualTo(LocalTime.of(10, 0));
    String uid = invitation.getUid().getValue();

    List<LoggedRequest> pushes = oneSignal.findAll(postRequestedFor(urlEqualTo(PUSH_PATH)));
    assertThat(pushes).as("one push: the owner's").hasSize(1);
    String key = "staff:" + appointment.id().value() + ":0:CONFIRMATION:push:owner";
    String text = "Nueva cita: María Pérez, consulta, el miércoles 4 de marzo a las 10:00.";
    oneSignal.verify(
        1,
        postRequestedFor(urlEqualTo(PUSH_PATH))
            .withHeader("Authorization", equalTo("Key " + REST_KEY))
            .withRequestBody(
                equalToJson(
                    "{\"app_id\":\""
                        + APP_ID
                        + "\",\"target_channel\":\"push\","
                        + "\"include_aliases\":{\"external_id\":[\"owner-centro\"]},"
                        + "\"contents\":{\"en\":\""
                        + text
                        + "\",\"es\":\""
                        + text
                        + "\"},\"idempotency_key\":\""
                        + UUID.nameUUIDFromBytes(
                            ("cita-push:" + key).getBytes(StandardCharsets.UTF_8))
                        + "\"}")));

    WebhookRequest cancelled = signed(booking("BOOKING_CANCELLED", "2026-03-02T11:59:30.000Z"));
    for (int i = 0; i < 2; i++) {
      a.handle("calcom", cancelled);
      b.handle("calcom", cancelled);
    }
    drainConcurrently(w1, w2);

    mails = smtp.getReceivedMessages();
    assertThat(mails).hasSize(2);
    assertThat(mails[1].getSubject()).isEqualTo("Cita cancelada: consulta");
    VEvent cancel = event(ics(mails[1]), "CANCEL");
    assertThat(cancel.getUid().getValue()).as("the same calendar event").isEqualTo(uid);
    assertThat(oneSignal.findAll(postRequestedFor(urlEqualTo(PUSH_PATH))))
        .as("the owner hears of the cancellation once too")
        .hasSize(2);
    assertThat(first.outbox().entries(CENTRO))
        .as("two notices, both sent")
        .extracting(e -> e.provider() + " " + e.status())
        .containsExactly("notify " + OutboxStatus.DONE, "notify " + OutboxStatus.DONE);
  }

  static VEvent event(String ics, String method) {
    ICalendar calendar = Biweekly.parse(ics).first();
    assertThat(calendar).as("the invitation parses back").isNotNull();
    assertThat(calendar.getMethod().getValue()).isEqualTo(method);
    assertThat(calendar.getEvents()).hasSize(1);
    return calendar.getEvents().get(0);
  }

  static String ics(MimeMessage m) throws Exception {
    List<BodyPart> parts = new ArrayList<>();
    collect((Multipart) m.getContent(), parts);
    for (BodyPart p : parts) {
      if (p.isMimeType("text/calendar")) {
        Object c = p.getContent();
        return c instanceof String s
            ? s
            : new String(((InputStream) c).readAllBytes(), StandardCharsets.UTF_8);
      }
    }
    throw new AssertionError("no text/calendar part");
  }

  private static void collect(Multipart multipart, List<BodyPart> out) throws Exception {
    for (int i = 0; i < multipart.getCount(); i++) {
      BodyPart p = multipart.getBodyPart(i);
      if (p.getContent() instanceof Multipart nested) {
        collect(nested, out);
      } else {
        out.add(p);
      }
    }
  }
}
