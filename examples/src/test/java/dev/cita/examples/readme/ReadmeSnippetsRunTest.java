package dev.cita.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.cita.examples.readme.LegacyImport.CrmRow;
import dev.cita.scheduling.BookingRequest;
import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.ImportResult;
import dev.cita.scheduling.SlotQuery;
import dev.cita.scheduling.WebhookVerificationException;
import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.availability.WeeklyHours;
import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.memory.InMemoryCalendarProvider;
import dev.cita.scheduling.memory.InMemoryConnectionStatusStore;
import dev.cita.scheduling.memory.InMemoryScheduleStore;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.notify.MessageKind;
import dev.cita.scheduling.notify.OutgoingMessage;
import dev.cita.scheduling.notify.SendResult;
import dev.cita.scheduling.spi.NotificationChannel;
import dev.cita.scheduling.spi.ScheduleStore;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.CredentialManager;
import dev.cita.scheduling.token.InvalidGrantException;
import dev.cita.scheduling.token.OAuthCredential;
import dev.cita.scheduling.tokens.TokenKeyset;
import dev.cita.scheduling.webhook.ParsedWebhook;
import dev.cita.scheduling.webhook.ProviderWebhooks;
import dev.cita.scheduling.webhook.WebhookRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the README's snippets that need no provider account or database server, in memory. */
class ReadmeSnippetsRunTest {
  private static final TenantId CLINIC = TenantId.of("clinica-providencia");
  private static final ResourceId DR_ANA = ResourceId.of("dra-ana");
  private static final AppointmentTypeId CONSULT = AppointmentTypeId.of("consulta");
  private static final Attendee MARIA =
      Attendee.builder("María Pérez").phone("+56912345678").build();

  /** Dra. Ana's weekday hours and the 30-minute consultation, as the README sets them up. */
  private static <S extends ScheduleStore> S withAgenda(S schedules) {
    schedules.saveAppointmentType(
        CLINIC,
        AppointmentType.builder("consulta", "Consulta", Duration.ofMinutes(30))
            .minimumNotice(Duration.ofHours(2))
            .build());
    schedules.saveSchedule(
        CLINIC,
        DR_ANA,
        Schedule.builder("America/Santiago")
            .weeklyHours(
                WeeklyHours.builder()
                    .add(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), "09:00", "18:00")
                    .build())
            .build());
    return schedules;
  }

  private static Instant firstFreeSlot(BookingService service) {
    return service
        .findSlots(
            SlotQuery.forResource(
                CLINIC, DR_ANA, CONSULT, LocalDate.now(), LocalDate.now().plusDays(7)))
        .get(0)
        .start();
  }

  @Test
  void firstBookingBooksMovesAndCancels() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = System.out;
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      FirstBooking.main(new String[0]);
    } finally {
      System.setOut(out);
    }

    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains("[SCHEDULED]")
        .contains("[RESCHEDULED]")
        .contains("Cancelled [CANCELLED]");
  }

  @Test
  void legacyImportImportsEachRowOnce() {
    BookingService service =
        BookingService.builder()
            .inMemoryDefaults()
            .scheduleStore(withAgenda(new InMemoryScheduleStore()))
            .build();
    Instant monday = Instant.parse("2026-03-02T13:00:00Z");
    List<CrmRow> rows =
        List.of(
            new CrmRow("A-1001", monday, "María Pérez", "+56912345678"),
            new CrmRow("A-1002", monday.plus(Duration.ofHours(1)), "José Soto", "+56987654321"));

    ImportResult first = LegacyImport.importFromCrm(service, CLINIC, DR_ANA, rows);
    ImportResult again = LegacyImport.importFromCrm(service, CLINIC, DR_ANA, rows);

    assertThat(first.imported()).hasSize(2);
    assertThat(again.alreadyImported()).hasSize(2);
    assertThat(again.imported()).isEmpty();
  }

  @Test
  void calendarConnectionsRefreshSealedTokensAndAskToReconnectOnRevokedGrant(@TempDir Path dir)
      throws Exception {
    AeadConfig.register();
    Aead master =
        KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM, RegistryConfiguration.get())
            .getPrimitive(RegistryConfiguration.get(), Aead.class);
    Path keysetFile =
        Files.writeString(
            dir.resolve("keyset.json"), TokenKeyset.generate().toEncryptedJson(master));
    MyTokenStore table = new MyTokenStore();
    AtomicBoolean revoked = new AtomicBoolean();
    List<ConnectionKey> reconnect = new CopyOnWriteArrayList<>();
    CredentialManager credentials =
        CalendarConnections.credentials(
            master,
            keysetFile,
            table,
            new InMemoryConnectionStatusStore(),
            current -> {
              if (revoked.get()) {
                throw new InvalidGrantException("refresh token revoked");
              }
              return current.toBuilder()
                  .accessToken("fresh-token")
                  .expiresAt(Instant.now().plusSeconds(3600))
                  .build();
            },
            reconnect::add);
    ConnectionKey agenda = ConnectionKey.of(CLINIC, "google", "agenda@clinica.cl");
    credentials.connect(
        agenda,
        OAuthCredential.builder("google", "agenda@clinica.cl", "old-token")
            .refreshToken("refresh-1")
            .expiresAt(Instant.now().plusSeconds(30))
            .build());

    assertThat(CalendarConnections.bearer(credentials, CLINIC)).isEqualTo("fresh-token");
    assertThat(new String(table.load(agenda).orElseThrow(), StandardCharsets.ISO_8859_1))
        .doesNotContain("fresh-token")
        .doesNotContain("refresh-1");

    revoked.set(true);
    credentials.connect(
        agenda,
        OAuthCredential.builder("google", "agenda@clinica.cl", "old-token")
            .refreshToken("refresh-1")
            .expiresAt(Instant.now().plusSeconds(30))
            .build());
    try {
      CalendarConnections.bearer(credentials, CLINIC);
    } catch (RuntimeException expected) {
      // the grant is gone: the listener asks the clinic to reconnect
    }
    assertThat(reconnect).containsExactly(agenda);
  }

  @Test
  void outboxSyncPushesABookingToTheCalendar() {
    InMemoryCalendarProvider google = new InMemoryCalendarProvider("google");
    try (OutboxSync app = new OutboxSync(withAgenda(new InMemoryScheduleStore()), google)) {
      app.service()
          .book(
              BookingRequest.builder(CLINIC, DR_ANA, CONSULT, firstFreeSlot(app.service()), MARIA)
                  .build());
    }
    assertThat(google.eventsCreated()).isEqualTo(1);
  }

  @Test
  void calComWebhookEndpointAnswersABadSignatureAndAnOversizedBody() throws Exception {
    ProviderWebhooks refusing =
        new ProviderWebhooks() {
          @Override
          public String provider() {
            return "calcom";
          }

          @Override
          public void verify(WebhookRequest request) {
            throw new WebhookVerificationException("calcom", "bad signature");
          }

          @Override
          public ParsedWebhook parse(WebhookRequest request) {
            return ParsedWebhook.ignored("never");
          }
        };
    CalComWebhookEndpoint endpoint =
        new CalComWebhookEndpoint(new InMemoryAppointmentStore(), refusing);
    Map<String, List<String>> headers = Map.of("X-Cal-Signature-256", List.of("00"));

    assertThat(
            endpoint.post(
                "https://app.example/webhooks/calcom",
                headers,
                new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(401);
    assertThat(
            endpoint.post(
                "https://app.example/webhooks/calcom",
                headers,
                new ByteArrayInputStream(new byte[300 * 1024])))
        .isEqualTo(413);
  }

  @Test
  void remindersConfirmABookingOnTheChannel() {
    List<OutgoingMessage> sent = new CopyOnWriteArrayList<>();
    NotificationChannel whatsapp =
        new NotificationChannel() {
          @Override
          public String id() {
            return "whatsapp";
          }

          @Override
          public SendResult send(OutgoingMessage message) {
            sent.add(message);
            return SendResult.accepted("SM" + sent.size());
          }
        };
    try (Reminders app =
        new Reminders(withAgenda(new InMemoryScheduleStore()), whatsapp, () -> List.of(CLINIC))) {
      app.service()
          .book(
              BookingRequest.builder(CLINIC, DR_ANA, CONSULT, firstFreeSlot(app.service()), MARIA)
                  .build());
    }
    assertThat(sent).extracting(OutgoingMessage::kind).contains(MessageKind.CONFIRMATION);
    assertThat(sent).extracting(OutgoingMessage::address).contains("+56912345678");
  }

  @Test
  void whatsAppFrontDeskRefusesAnUnsignedRequest() {
    BookingService service =
        BookingService.builder()
            .inMemoryDefaults()
            .scheduleStore(withAgenda(new InMemoryScheduleStore()))
            .build();
    WhatsAppFrontDesk desk =
        new WhatsAppFrontDesk(
            service, CLINIC, DR_ANA, CONSULT, "AC00000000000000000000000000000000", "auth-token");

    int status =
        desk.post(
            WebhookRequest.builder("POST", "https://app.example/webhooks/twilio")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(
                    "MessageSid=SM1&From=whatsapp%3A%2B56912345678&To=whatsapp%3A%2B14155238886&Body=hola")
                .build());

    assertThat(status).isEqualTo(401);
  }

  @Test
  void postgresBookingAlsoRunsOnH2() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:readme-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    InMemoryCalendarProvider google = new InMemoryCalendarProvider("google");
    try (PostgresBooking app = new PostgresBooking(h2, google)) {
      withAgenda(app.service().scheduleStore());
      app.service()
          .book(
              BookingRequest.builder(CLINIC, DR_ANA, CONSULT, firstFreeSlot(app.service()), MARIA)
                  .build());
    }
    assertThat(google.eventsCreated()).isEqualTo(1);
  }
}
