package dev.cita.scheduling.whatsapp;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.cita.scheduling.whatsapp.WhatsAppNode.callback;
import static dev.cita.scheduling.whatsapp.WhatsAppNode.reminder;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.testkit.ChildJvm;
import dev.cita.scheduling.testkit.Race;
import dev.cita.scheduling.whatsapp.channel.MessageStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two WhatsApp stacks in two JVMs (this one and a {@link WhatsAppNodeMain} child) over one
 * PostgreSQL schema ({@code CITA_TEST_PG_URL}, skipped without a server), each with its own booking
 * service, assistant, channel and webhook pipeline on {@code JdbcStores}: a message the child
 * receives opens the customer's window here, so this node sends free text; a status callback
 * handled here is the status the child reads; and racing sends of one idempotency key from both
 * JVMs reach Twilio exactly once. The child answers each command within 60 s or is ended, and is
 * always ended after the test.
 */
class TwoJvmsOneDatabaseTest {
  @RegisterExtension
  static WireMockExtension twilioApi =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(60);
  private static final String BASIC_AC123 =
      "Basic "
          + Base64.getEncoder()
              .encodeToString(("AC123:" + WhatsAppNode.TOKEN).getBytes(StandardCharsets.UTF_8));
  private static final String REMINDER_AS_FREE_TEXT =
      "To=whatsapp%3A%2B56912345678&From=whatsapp%3A%2B14155238886"
          + "&Body=Hola+Mar%C3%ADa%2C+tu+cita+es+ma%C3%B1ana+a+las+10%3A00";

  private final List<AutoCloseable> cleanUp = new ArrayList<>();

  @AfterEach
  void cleanUp() throws Exception {
    for (AutoCloseable c : cleanUp) {
      c.close();
    }
  }

  @Test
  void bothJvmsSeeTheSameWindowAndStatusesAndSendOneKeyOnce() throws Exception {
    String url = TestDatabases.postgresUrl();
    String schema = TestDatabases.newPostgresSchema(url);
    cleanUp.add(() -> TestDatabases.execute(url, "DROP SCHEMA " + schema + " CASCADE"));
    HikariDataSource pool = TestDatabases.pool(url, schema);
    cleanUp.add(0, pool);
    WhatsAppNode here = WhatsAppNode.over(pool, true, twilioApi.baseUrl());
    ChildJvm child =
        ChildJvm.start(CHILD_TIMEOUT, WhatsAppNodeMain.class, url, schema, twilioApi.baseUrl());
    cleanUp.add(0, child);
    assertThat(child.readLine()).isEqualTo("READY");

    // The customer writes; the child takes the webhook (and its assistant answers).
    answerWithSid("SManswer", 0);
    assertThat(here.windowOpen()).isFalse();
    assertThat(child.ask("INBOUND SMin1 hola")).isEqualTo("200");
    assertThat(postedCount()).isEqualTo(1);

    // This JVM sees the window open and sends the reminder as free text, not as the template.
    assertThat(here.windowOpen()).isTrue();
    answerWithSid("SMhere", 0);
    assertThat(here.channel().send(reminder()).channelMessageId()).contains("SMhere");
    twilioApi.verify(
        1,
        postRequestedFor(urlEqualTo(WhatsAppStack.MESSAGES))
            .withHeader("Authorization", equalTo(BASIC_AC123))
            .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
            .withRequestBody(equalTo(REMINDER_AS_FREE_TEXT)));
    // The child sending the same key again answers with this JVM's message: nothing is posted.
    assertThat(child.ask("SEND " + reminder().idempotencyKey())).isEqualTo("SMhere");
    assertThat(postedCount()).isEqualTo(2);

    // A status callback handled here is the status the child reads.
    assertThat(child.ask("STATUS SMhere")).isEqualTo(MessageStatus.QUEUED.name());
    assertThat(here.receive(callback("SMhere", "delivered", null))).isEqualTo(200);
    assertThat(child.ask("STATUS SMhere")).isEqualTo(MessageStatus.DELIVERED.name());

    // Four sends of one new key in each JVM, all at once, while Twilio takes 300 ms to answer:
    // Twilio gets exactly one, and every send that is not refused answers with its SID.
    answerWithSid("SMonce", 300);
    String key = "appt-1:reminder:customer:race";
    assertThat(child.ask("RACE 4 " + key)).isEqualTo("ARMED");
    List<Race.Outcome<String>> mine =
        Race.run(
            5,
            i ->
                () -> {
                  if (i == 0) {
                    child.send("GO");
                    return "GO";
                  }
                  return here.channel().send(reminder(key)).channelMessageId().orElse("NONE");
                });
    String theirs = child.readLine();
    assertThat(theirs).startsWith("RACED ");
    List<String> sids = new ArrayList<>(List.of(theirs.substring("RACED ".length()).split(" ")));
    mine.stream().skip(1).map(TwoJvmsOneDatabaseTest::sidOrRefused).forEach(sids::add);
    assertThat(sids).hasSize(8).containsOnly("SMonce", "REFUSED").contains("SMonce");
    assertThat(postedCount()).isEqualTo(3);
    // Once settled, both JVMs answer the key with the one message and still post nothing.
    assertThat(here.channel().send(reminder(key)).channelMessageId()).contains("SMonce");
    assertThat(child.ask("SEND " + key)).isEqualTo("SMonce");
    assertThat(postedCount()).isEqualTo(3);
  }

  private static String sidOrRefused(Race.Outcome<String> outcome) {
    return outcome.succeeded() ? outcome.returned() : "REFUSED";
  }

  private static void answerWithSid(String sid, int delayMillis) {
    WhatsAppStack.twilioAnswersSid(twilioApi, sid, delayMillis);
  }

  private static int postedCount() {
    return twilioApi.findAll(postRequestedFor(urlEqualTo(WhatsAppStack.MESSAGES))).size();
  }
}
