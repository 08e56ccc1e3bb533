package dev.cita.scheduling.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.WebhookInbox;
import dev.cita.scheduling.webhook.ParsedWebhook;
import dev.cita.scheduling.webhook.ProviderBookingEvent;
import dev.cita.scheduling.webhook.ProviderWebhooks;
import dev.cita.scheduling.webhook.WebhookHandler;
import dev.cita.scheduling.webhook.WebhookRequest;
import dev.cita.scheduling.webhook.WebhookResult;
import dev.cita.scheduling.webhook.WebhookResult.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, webhooks bullet 3, against the JDBC stores: a verified event the schema can never hold
 * (a 600-character uid, a year-300000 start, a too-long name) was answered 500 on every retry. It
 * is now recorded in the inbox as rejected, with the reason, and answered 2xx, also on redelivery;
 * and two tenants sharing one provider account each apply the same delivery (bullet 1).
 */
class JdbcWebhookRejectionTest {
  private static final TenantId NORTE = TenantId.of("norte");
  private static final Instant T0 = Instant.parse("2026-03-03T13:00:00Z");
  private static final String PROVIDER = "testcal";

  /**
   * An adapter that verifies everything and reads the event a test hands it, counting the reads.
   */
  private static final class FixedWebhooks implements ProviderWebhooks {
    final AtomicInteger parsed = new AtomicInteger();
    final Function<WebhookRequest, ProviderBookingEvent> event;

    FixedWebhooks(Function<WebhookRequest, ProviderBookingEvent> event) {
      this.event = event;
    }

    @Override
    public String provider() {
      return PROVIDER;
    }

    @Override
    public void verify(WebhookRequest request) {}

    @Override
    public ParsedWebhook parse(WebhookRequest request) {
      parsed.incrementAndGet();
      return ParsedWebhook.of("booking.created", event.apply(request)).withDeliveryId("d-1");
    }
  }

  private static ProviderBookingEvent.Builder booking(
      TenantId tenant, String uid, Instant start, String name) {
    return ProviderBookingEvent.builder(
            PROVIDER, tenant, uid, AppointmentStatus.SCHEDULED, T0.minusSeconds(60))
        .time(start, start.plus(Duration.ofMinutes(30)))
        .resource(ResourceId.of("dra-ana"))
        .type(AppointmentTypeId.of("consulta"))
        .attendee(Attendee.builder(name).build());
  }

  private static WebhookRequest request(TenantId tenant) {
    return WebhookRequest.builder(
            "POST", "https://app.example.cl/hooks/testcal?tenant=" + tenant.value())
        .body("{}".getBytes(StandardCharsets.UTF_8))
        .build();
  }

  private static void rejectsOnceAndAcknowledgesRedeliveries(
      HikariDataSource ds, Supplier<ProviderBookingEvent> event, String reasonNames) {
    JdbcAppointmentStore store = JdbcAppointmentStore.create(ds);
    JdbcWebhookInbox inbox = new JdbcWebhookInbox(ds);
    FixedWebhooks webhooks = new FixedWebhooks(request -> event.get());
    WebhookHandler handler =
        WebhookHandler.builder().appointmentStore(store).inbox(inbox).provider(webhooks).build();

    WebhookResult first = handler.handle(PROVIDER, request(NORTE));
    WebhookResult again = handler.handle(PROVIDER, request(NORTE));

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.outcome()).isIn(Outcome.REJECTED);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.outcome()).isEqualTo(Outcome.DUPLICATE);
    assertThat(inbox.find(WebhookInbox.Delivery.untenanted(PROVIDER, "x"))).isEmpty();
    assertThat(
            store.findTimeHolding(
                NORTE,
                ResourceId.of("dra-ana"),
                T0.minus(Duration.ofDays(1)),
                T0.plus(Duration.ofDays(2))))
        .isEmpty();
    assertThat(recordedReasons(ds)).anySatisfy(r -> assertThat(r).contains(reasonNames));
  }

  private static java.util.List<String> recordedReasons(HikariDataSource ds) {
    java.util.List<String> reasons = new java.util.ArrayList<>();
    try (var c = ds.getConnection();
        var s = c.createStatement();
        var r =
            s.executeQuery(
                "SELECT rejection FROM cita_webhook_inbox WHERE rejection IS NOT NULL")) {
      while (r.next()) {
        reasons.add(r.getString(1));
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    return reasons;
  }

  private static void threeExamples(Supplier<HikariDataSource> databases) {
    try (HikariDataSource ds = databases.get()) {
      rejectsOnceAndAcknowledgesRedeliveries(
          ds, () -> booking(NORTE, "u".repeat(600), T0, "Camila").build(), "externalId");
    }
    try (HikariDataSource ds = databases.get()) {
      rejectsOnceAndAcknowledgesRedeliveries(
          ds,
          () -> booking(NORTE, "b-1", Instant.parse("+300000-01-01T10:00:00Z"), "Camila").build(),
          "start");
    }
    try (HikariDataSource ds = databases.get()) {
      rejectsOnceAndAcknowledgesRedeliveries(
          ds, () -> booking(NORTE, "b-1", T0, "N".repeat(201)).build(), "name");
    }
  }

  @Test
  void unapplicableEventsAreRejectedOnceOnH2() {
    threeExamples(TestDatabases::h2);
  }

  @Test
  void unapplicableEventsAreRejectedOnceOnPostgres() {
    threeExamples(
        () -> {
          HikariDataSource ds = TestDatabases.postgres(); // skips the test without a server
          return ds;
        });
  }

  @Test
  void twoTenantsSharingOneAccountEachApplyTheSameDelivery() {
    try (HikariDataSource ds = TestDatabases.h2()) {
      JdbcAppointmentStore store = JdbcAppointmentStore.create(ds);
      TenantId sur = TenantId.of("sur");
      ProviderWebhooks webhooks =
          new FixedWebhooks(
              request ->
                  booking(
                          TenantId.of(request.queryParameter("tenant").orElseThrow()),
                          "b-1",
                          T0,
                          "Camila")
                      .build());
      WebhookHandler handler =
          WebhookHandler.builder()
              .appointmentStore(store)
              .inbox(new JdbcWebhookInbox(ds))
              .provider(webhooks)
              .build();

      assertThat(handler.handle(PROVIDER, request(NORTE)).outcome()).isEqualTo(Outcome.HANDLED);
      assertThat(handler.handle(PROVIDER, request(sur)).outcome()).isEqualTo(Outcome.HANDLED);
      assertThat(handler.handle(PROVIDER, request(sur)).outcome()).isEqualTo(Outcome.DUPLICATE);
      assertThat(store.findByExternalRef(sur, PROVIDER, "b-1")).isPresent();
    }
  }
}
