package dev.cita.scheduling.whatsapp;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.availability.WeeklyHours;
import dev.cita.scheduling.jdbc.JdbcStores;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.notify.AddressKind;
import dev.cita.scheduling.notify.MessageKind;
import dev.cita.scheduling.notify.OutgoingMessage;
import dev.cita.scheduling.notify.RecipientKind;
import dev.cita.scheduling.webhook.WebhookHandler;
import dev.cita.scheduling.whatsapp.assistant.PersistentConversationStore;
import dev.cita.scheduling.whatsapp.assistant.TenantBookingConfig;
import dev.cita.scheduling.whatsapp.assistant.WhatsAppBookingAssistant;
import dev.cita.scheduling.whatsapp.channel.CustomerWindow;
import dev.cita.scheduling.whatsapp.channel.MessageStatus;
import dev.cita.scheduling.whatsapp.channel.MessageStatusRecord;
import dev.cita.scheduling.whatsapp.channel.MessageStatusTracker;
import dev.cita.scheduling.whatsapp.channel.TwilioConfig;
import dev.cita.scheduling.whatsapp.channel.TwilioWhatsAppChannel;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two WhatsApp stacks built independently (each its own data source, {@link JdbcStores}, channel,
 * assistant and webhook pipeline, as on two app nodes) over one database, on H2 and on PostgreSQL
 * ({@code CITA_TEST_PG_URL}, skipped without a server): a message received by node A opens the
 * customer's window on node B, so B sends free text; a status callback received by either node is
 * the status both see; and a 63016 failure of B's free text, reported to A, makes A re-send it as
 * the template once, from the send store they share. Racing sends of one key on both nodes reach
 * Twilio once, and racing out-of-order callbacks on both nodes end at the furthest status.
 */
class TwoNodesOneDatabaseTest {
  @RegisterExtension
  static WireMockExtension twilioApi =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  private static final TenantId CLINIC = TenantId.of("clinica-norte");
  private static final ResourceId ANA = ResourceId.of("ana");
  private static final String CUSTOMER = "+56912345678";
  private static final String BUSINESS = "+14155238886";
  private static final String TOKEN = "twilio-auth-token";
  private static final String HOOK_URL = "https://app.example/hooks/twilio";
  private static final String MESSAGES = "/2010-04-01/Accounts/AC123/Messages.json";
  private static final String PG_URL_VARIABLE = "CITA_TEST_PG_URL";

  private final Clock clock =
      Clock.fixed(LocalDateTime.parse("2026-03-02T09:00").atZone(SANTIAGO).toInstant(), SANTIAGO);
  private final TwilioRequestValidator validator = TwilioRequestValidator.withAuthToken(TOKEN);
  private final List<Runnable> cleanUp = new ArrayList<>();

  /** One app node: everything built from its own data source. */
  private record Node(
      TwilioWhatsAppChannel channel,
      TwilioWebhooks twilio,
      WebhookHandler webhooks,
      CustomerWindow window,
      MessageStatusTracker tracker) {

    int receive(TwilioRequestValidator validator, Map<String, List<String>> form) {
      return twilio.handle(webhooks, SignedForms.signed(validator, HOOK_URL, form)).status();
    }

    Optional<MessageStatus> status(String sid) {
      return tracker.status(sid).map(MessageStatusRecord::status);
    }
  }

  @AfterEach
  void cleanUp() {
    cleanUp.forEach(Runnable::run);
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void bothNodesSeeTheSameWindowStatusesAndSends(String database) {
    List<DataSource> pools = database.equals("h2") ? h2Twice() : postgresTwice();
    Node a = node(pools.get(0), true);
    Node b = node(pools.get(1), false);
    replyWithSid("SManswer");

    assertThat(b.window().isOpen(CLINIC.value(), CUSTOMER)).isFalse();

    // The customer writes; node A takes the webhook and answers.
    assertThat(a.receive(validator, SignedForms.inbound("SMin1", CUSTOMER, BUSINESS, "hola")))
        .isEqualTo(200);
    assertThat(posted()).hasSize(1);

    // Node B sees the window open and sends its notification as free text, not as the template.
    assertThat(b.window().isOpen(CLINIC.value(), CUSTOMER)).isTrue();
    assertThat(b.window().lastInbound(CLINIC.value(), "whatsapp:" + CUSTOMER))
        .isEqualTo(a.window().lastInbound(CLINIC.value(), CUSTOMER));
    replyWithSid("SMfromB");
    assertThat(b.channel().send(reminder()).channelMessageId()).contains("SMfromB");
    assertThat(posted().get(1)).contains("Body=").doesNotContain("ContentSid");
    // The same key sent again from node A is not sent twice: A sees B's attempt.
    assertThat(a.channel().send(reminder()).channelMessageId()).contains("SMfromB");
    assertThat(posted()).hasSize(2);

    // Status callbacks: whichever node receives one, both see the furthest status.
    assertThat(a.receive(validator, callback("SManswer", "delivered", null))).isEqualTo(200);
    assertThat(b.receive(validator, callback("SManswer", "sent", null))).isEqualTo(200);
    assertThat(b.status("SManswer")).contains(MessageStatus.DELIVERED);
    assertThat(a.status("SManswer")).contains(MessageStatus.DELIVERED);

    // B's free text fails with 63016, reported to A: A re-sends it as the template, once, and the
    // window is closed for both.
    replyWithSid("SMtemplate");
    assertThat(a.receive(validator, callback("SMfromB", "undelivered", "63016"))).isEqualTo(200);
    assertThat(b.receive(validator, callback("SMfromB", "undelivered", "63016"))).isEqualTo(200);
    assertThat(posted()).hasSize(3);
    assertThat(posted().get(2)).contains("ContentSid=HXreminder01").doesNotContain("Body=");
    assertThat(b.status("SMfromB")).contains(MessageStatus.UNDELIVERED);
    assertThat(b.tracker().status("SMfromB").flatMap(MessageStatusRecord::errorCode))
        .contains("63016");
    assertThat(a.window().isOpen(CLINIC.value(), CUSTOMER)).isFalse();
    assertThat(b.window().isOpen(CLINIC.value(), CUSTOMER)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void racingSendsOfOneKeyReachTwilioOnceAndRacingCallbacksEndAtTheFurthestStatus(String database)
      throws Exception {
    List<DataSource> pools = database.equals("h2") ? h2Twice() : postgresTwice();
    Node a = node(pools.get(0), true);
    Node b = node(pools.get(1), false);
    replyWithSid("SMonce");

    // Eight sends of one reminder, half on each node, at once: Twilio gets exactly one.
    race(
        i -> {
          try {
            return (i % 2 == 0 ? a : b).channel().send(reminder());
          } catch (RuntimeException refusedWhileTheFirstIsInFlight) {
            return refusedWhileTheFirstIsInFlight;
          }
        });
    assertThat(posted()).hasSize(1);

    // Callbacks of one message arriving out of order on both nodes at once end at the furthest.
    List<MessageStatus> reported =
        List.of(
            MessageStatus.QUEUED,
            MessageStatus.READ,
            MessageStatus.SENT,
            MessageStatus.DELIVERED,
            MessageStatus.SENDING,
            MessageStatus.SENT,
            MessageStatus.QUEUED,
            MessageStatus.DELIVERED);
    race(
        i ->
            (i % 2 == 0 ? a : b)
                .tracker()
                .recordStatus("SMrace", reported.get(i), Optional.empty(), clock.instant()));
    assertThat(a.status("SMrace")).contains(MessageStatus.READ);
    assertThat(b.status("SMrace")).contains(MessageStatus.READ);
  }

  /** Runs eight calls at once (each waits until all are ready) and waits for them all. */
  private static void race(IntFunction<Object> call) throws Exception {
    int threads = 8;
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Object>> calls = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int index = i;
        calls.add(
            executor.submit(
                () -> {
                  go.await();
                  return call.apply(index);
                }));
      }
      go.countDown();
      for (Future<Object> f : calls) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      executor.shutdownNow();
    }
  }

  private Node node(DataSource dataSource, boolean seedSchedule) {
    JdbcStores stores = JdbcStores.create(dataSource, clock).migrate();
    AppointmentType consult =
        AppointmentType.builder("consult", "Consulta", Duration.ofMinutes(30)).build();
    if (seedSchedule) {
      stores.schedules().saveAppointmentType(CLINIC, consult);
      stores
          .schedules()
          .saveSchedule(
              CLINIC,
              ANA,
              Schedule.builder(SANTIAGO)
                  .weeklyHours(
                      WeeklyHours.builder()
                          .add(EnumSet.range(MONDAY, FRIDAY), "09:00", "13:00")
                          .build())
                  .build());
    }
    BookingService service =
        stores.configure(BookingService.builder().inMemoryDefaults()).clock(clock).build();
    WhatsAppBookingAssistant assistant =
        WhatsAppBookingAssistant.builder(service)
            .clock(clock)
            .conversationStore(
                PersistentConversationStore.builder(stores.conversations()).clock(clock).build())
            .tenant(CLINIC, TenantBookingConfig.forResource(ANA, consult.id(), SANTIAGO))
            .build();
    CustomerWindow window = CustomerWindow.over(stores.lastInbound(), clock);
    MessageStatusTracker tracker = MessageStatusTracker.over(stores.deliveryStatuses());
    WhatsAppStack stack =
        WhatsAppStack.build(
            new WhatsAppStack.Parts(
                assistant,
                window,
                tracker,
                stores.sendAttempts(),
                stores.appointments(),
                stores.webhookInbox()),
            TwilioConfig.builder().template("reminder_customer", "HXreminder01"),
            TOKEN,
            CLINIC,
            clock,
            twilioApi.baseUrl());
    return new Node(stack.channel(), stack.twilio(), stack.webhooks(), window, tracker);
  }

  private static OutgoingMessage reminder() {
    return OutgoingMessage.builder()
        .tenant(CLINIC)
        .appointmentId(AppointmentId.of("appt-1"))
        .recipient(RecipientKind.CUSTOMER, AddressKind.PHONE, CUSTOMER)
        .locale(Locale.forLanguageTag("es"))
        .kind(MessageKind.REMINDER)
        .templateKey("reminder_customer")
        .templateVariables(List.of("María", "mañana 10:00"))
        .text("Hola María, tu cita es mañana a las 10:00")
        .idempotencyKey("appt-1:reminder:customer")
        .build();
  }

  private static Map<String, List<String>> callback(String sid, String status, String errorCode) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    params.put("MessageSid", List.of(sid));
    params.put("MessageStatus", List.of(status));
    if (errorCode != null) {
      params.put("ErrorCode", List.of(errorCode));
    }
    return params;
  }

  private static void replyWithSid(String sid) {
    WhatsAppStack.twilioAnswersSid(twilioApi, sid);
  }

  /** The form of every message posted to Twilio, in order. */
  private static List<String> posted() {
    return twilioApi.findAll(postRequestedFor(urlEqualTo(MESSAGES))).stream()
        .map(LoggedRequest::getBodyAsString)
        .toList();
  }

  /** Two data sources, as two nodes have, on one new H2 database in memory. */
  private List<DataSource> h2Twice() {
    String url = "jdbc:h2:mem:two-nodes-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    List<DataSource> pools = twoPools(url, null);
    cleanUp.add(() -> execute(url, "SHUTDOWN"));
    return pools;
  }

  /** Two data sources on one new schema of the test PostgreSQL server; skips without one. */
  private List<DataSource> postgresTwice() {
    String url = System.getenv(PG_URL_VARIABLE);
    String server =
        url == null || url.isBlank() ? "jdbc:postgresql://127.0.0.1:5432/test?user=postgres" : url;
    String schema = "cita_wa_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(server);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      Assumptions.abort(
          "PostgreSQL test skipped: no server at " + server + "; set " + PG_URL_VARIABLE);
    }
    List<DataSource> pools = twoPools(server, schema);
    cleanUp.add(() -> execute(server, "DROP SCHEMA " + schema + " CASCADE"));
    return pools;
  }

  /** Two small pools on one database (and schema), closed after the test. */
  private List<DataSource> twoPools(String url, String schema) {
    List<DataSource> pools = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(url);
      config.setSchema(schema);
      config.setMaximumPoolSize(2);
      HikariDataSource pool = new HikariDataSource(config);
      cleanUp.add(0, pool::close);
      pools.add(pool);
    }
    return pools;
  }

  private static void execute(String url, String sql) {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      // best effort: a left-over test database does not affect other tests
    }
  }
}
