package dev.cita.scheduling.whatsapp;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.cita.scheduling.whatsapp.WhatsAppNode.BUSINESS;
import static dev.cita.scheduling.whatsapp.WhatsAppNode.CLINIC;
import static dev.cita.scheduling.whatsapp.WhatsAppNode.CLOCK;
import static dev.cita.scheduling.whatsapp.WhatsAppNode.CUSTOMER;
import static dev.cita.scheduling.whatsapp.WhatsAppNode.callback;
import static dev.cita.scheduling.whatsapp.WhatsAppNode.reminder;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.jdbc.JdbcStores;
import dev.cita.scheduling.whatsapp.channel.MessageStatus;
import dev.cita.scheduling.whatsapp.channel.MessageStatusRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
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

  private static final String MESSAGES = "/2010-04-01/Accounts/AC123/Messages.json";

  private final List<Runnable> cleanUp = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    cleanUp.forEach(Runnable::run);
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void bothNodesSeeTheSameWindowStatusesAndSends(String database) {
    List<DataSource> pools = database.equals("h2") ? h2Twice() : postgresTwice();
    WhatsAppNode a = WhatsAppNode.over(pools.get(0), true, twilioApi.baseUrl());
    WhatsAppNode b = WhatsAppNode.over(pools.get(1), false, twilioApi.baseUrl());
    replyWithSid("SManswer");

    assertThat(b.windowOpen()).isFalse();

    // The customer writes; node A takes the webhook and answers.
    assertThat(a.receive(SignedForms.inbound("SMin1", CUSTOMER, BUSINESS, "hola"))).isEqualTo(200);
    assertThat(posted()).hasSize(1);

    // Node B sees the window open and sends its notification as free text, not as the template.
    assertThat(b.windowOpen()).isTrue();
    assertThat(b.window().lastInbound(CLINIC.value(), "whatsapp:" + CUSTOMER))
        .isEqualTo(a.window().lastInbound(CLINIC.value(), CUSTOMER));
    replyWithSid("SMfromB");
    assertThat(b.channel().send(reminder()).channelMessageId()).contains("SMfromB");
    assertThat(posted().get(1)).contains("Body=").doesNotContain("ContentSid");
    // The same key sent again from node A is not sent twice: A sees B's attempt.
    assertThat(a.channel().send(reminder()).channelMessageId()).contains("SMfromB");
    assertThat(posted()).hasSize(2);

    // Status callbacks: whichever node receives one, both see the furthest status.
    assertThat(a.receive(callback("SManswer", "delivered", null))).isEqualTo(200);
    assertThat(b.receive(callback("SManswer", "sent", null))).isEqualTo(200);
    assertThat(b.status("SManswer")).contains(MessageStatus.DELIVERED);
    assertThat(a.status("SManswer")).contains(MessageStatus.DELIVERED);

    // B's free text fails with 63016, reported to A: A re-sends it as the template, once, and the
    // window is closed for both.
    replyWithSid("SMtemplate");
    assertThat(a.receive(callback("SMfromB", "undelivered", "63016"))).isEqualTo(200);
    assertThat(b.receive(callback("SMfromB", "undelivered", "63016"))).isEqualTo(200);
    assertThat(posted()).hasSize(3);
    assertThat(posted().get(2)).contains("ContentSid=HXreminder01").doesNotContain("Body=");
    assertThat(b.status("SMfromB")).contains(MessageStatus.UNDELIVERED);
    assertThat(b.tracker().status("SMfromB").flatMap(MessageStatusRecord::errorCode))
        .contains("63016");
    assertThat(a.windowOpen()).isFalse();
    assertThat(b.windowOpen()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void racingSendsOfOneKeyReachTwilioOnceAndRacingCallbacksEndAtTheFurthestStatus(String database)
      throws Exception {
    List<DataSource> pools = database.equals("h2") ? h2Twice() : postgresTwice();
    WhatsAppNode a = WhatsAppNode.over(pools.get(0), true, twilioApi.baseUrl());
    WhatsAppNode b = WhatsAppNode.over(pools.get(1), false, twilioApi.baseUrl());
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
                .recordStatus("SMrace", reported.get(i), Optional.empty(), CLOCK.instant()));
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
    cleanUp.add(() -> TestDatabases.execute(url, "SHUTDOWN"));
    return pools;
  }

  /** Two data sources on one new schema of the test PostgreSQL server; skips without one. */
  private List<DataSource> postgresTwice() {
    String server = TestDatabases.postgresUrl();
    String schema = TestDatabases.newPostgresSchema(server);
    List<DataSource> pools = twoPools(server, schema);
    cleanUp.add(() -> TestDatabases.execute(server, "DROP SCHEMA " + schema + " CASCADE"));
    return pools;
  }

  /** Two small pools on one database (and schema), closed after the test. */
  private List<DataSource> twoPools(String url, @Nullable String schema) {
    List<DataSource> pools = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      HikariDataSource pool = TestDatabases.pool(url, schema);
      cleanUp.add(0, pool::close);
      pools.add(pool);
    }
    return pools;
  }
}
