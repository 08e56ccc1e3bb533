package dev.cita.examples;

import static dev.cita.examples.AdapterNode.ANA;
import static dev.cita.examples.AdapterNode.ANA_URI;
import static dev.cita.examples.AdapterNode.CALCOM_SECRET;
import static dev.cita.examples.AdapterNode.CLINIC;
import static dev.cita.examples.AdapterNode.CLOCK;
import static dev.cita.examples.AdapterNode.CONSULTA;
import static dev.cita.examples.AdapterNode.CONSULTA_URI;
import static dev.cita.examples.AdapterNode.GOOGLE;
import static dev.cita.examples.AdapterNode.NOW;
import static dev.cita.examples.AdapterNode.googleNotification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.WebhookVerificationException;
import dev.cita.scheduling.calcom.CalComTenant;
import dev.cita.scheduling.calcom.CalComWebhookVerifier;
import dev.cita.scheduling.calcom.EventTypeMapping;
import dev.cita.scheduling.calendly.CalendlyMapping;
import dev.cita.scheduling.calendly.CalendlyWebhookVerifier;
import dev.cita.scheduling.google.CalendarAssignment;
import dev.cita.scheduling.google.GoogleChannel;
import dev.cita.scheduling.google.GoogleChannelStore;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.tokens.TokenKeyset;
import dev.cita.scheduling.webhook.HmacSignatures;
import dev.cita.scheduling.webhook.WebhookRequest;
import dev.cita.scheduling.webhook.WebhookResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Two app nodes, each with its own independently built stores and adapter stack ({@link
 * AdapterNode}: own connections, registries, push channels and verifiers) over one database: what
 * one node writes — a Google calendar assignment and push channel, a Cal.com branch, a Calendly
 * mapping and signing key — the other reads and acts on, with nothing passed between them but the
 * database. On H2 the two nodes share a JVM; on PostgreSQL (at {@code CITA_TEST_PG_URL}, skipped
 * without a server) the second node is a JVM of its own.
 */
class SharedAdapterStateTest {
  private static final String CALENDLY_SUBSCRIPTION =
      "https://api.calendly.com/webhook_subscriptions/S1";

  private final String url = "jdbc:h2:mem:shared-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
  private final TokenKeyset keyset = TokenKeyset.generate(); // the application's one keyset

  private AdapterNode h2Node() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL(url);
    return new AdapterNode(ds, keyset);
  }

  private static CalendarAssignment watchAna(AdapterNode node) {
    CalendarAssignment assignment = node.calendars.assign(CLINIC, ANA, GOOGLE, "primary");
    // What node.push.watch(...) stores once Google answers events.watch.
    GoogleChannelStore.over(node.stores.pushChannels())
        .save(
            new GoogleChannel(
                "ch-1", "res-primary", "tok-1", NOW.plusSeconds(7 * 86_400), assignment));
    return assignment;
  }

  private static CalComTenant branch() {
    return CalComTenant.builder(CLINIC, "1234")
        .eventType(EventTypeMapping.of(501, ANA, CONSULTA))
        .eventType(EventTypeMapping.multipleLengths(77, ResourceId.of("dr-beto"), CONSULTA))
        .zone(ZoneId.of("America/Santiago"))
        .build();
  }

  private static CalendlyMapping calendlyMapping() {
    return CalendlyMapping.builder().host(ANA_URI, ANA).eventType(CONSULTA_URI, CONSULTA).build();
  }

  @Test
  void aGoogleChannelOpenedOnOneNodeVerifiesItsNotificationsOnTheOther() {
    AdapterNode a = h2Node();
    AdapterNode b = h2Node();
    CalendarAssignment assignment = watchAna(a);

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
    AdapterNode a = h2Node();
    AdapterNode b = h2Node();
    CalComTenant branch = branch();

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
    AdapterNode a = h2Node();
    AdapterNode b = h2Node();
    a.calendly.save(CLINIC, calendlyMapping());
    a.calendlyKeys.save(CLINIC, CALENDLY_SUBSCRIPTION, "key-s1");

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
    a.calendlyKeys.delete(CLINIC, CALENDLY_SUBSCRIPTION);

    assertThat(b.calendly.forTenant(CLINIC)).isEmpty();
    assertThatThrownBy(
            () ->
                CalendlyWebhookVerifier.builder(b.calendlyKeys).clock(CLOCK).build().verify(signed))
        .isInstanceOf(WebhookVerificationException.class);
  }

  @Test
  void onPostgresANodeInAnotherJvmSeesTheChannelsAndBranchMappingsThisOneWrote() throws Exception {
    String pgUrl = System.getenv("CITA_TEST_PG_URL");
    if (pgUrl == null || pgUrl.isBlank()) {
      pgUrl = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    }
    String schema = "cita_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(pgUrl);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      Assumptions.abort("no PostgreSQL at " + pgUrl + " (set CITA_TEST_PG_URL): " + e.getMessage());
    }
    try {
      PGSimpleDataSource ds = new PGSimpleDataSource();
      ds.setURL(pgUrl);
      ds.setCurrentSchema(schema);
      AdapterNode a = new AdapterNode(ds, keyset);
      watchAna(a);
      a.calcom.save(branch());
      a.calendly.save(CLINIC, calendlyMapping());

      Process other =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  SharedStateNodeMain.class.getName(),
                  pgUrl,
                  schema)
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      String report = new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(other.waitFor(60, TimeUnit.SECONDS)).as("the other node finished").isTrue();

      assertThat(other.exitValue()).as("the other node's exit status").isZero();
      assertThat(report)
          .contains("google-sync-handshake 200")
          .contains("google-forged-token 401")
          .contains("google-covers true")
          .contains("calcom 1234 " + branch().eventTypes())
          .contains("calendly dra-ana");
    } finally {
      try (Connection c = DriverManager.getConnection(pgUrl);
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }
}
