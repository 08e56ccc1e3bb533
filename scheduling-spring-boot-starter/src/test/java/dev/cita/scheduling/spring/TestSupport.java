package dev.cita.scheduling.spring;

import dev.cita.scheduling.calcom.CalComTenant;
import dev.cita.scheduling.calcom.CalComTenants;
import dev.cita.scheduling.calcom.CalComWebhooks;
import dev.cita.scheduling.calcom.EventTypeMapping;
import dev.cita.scheduling.calcom.WebhookSigning;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.notify.OutgoingMessage;
import dev.cita.scheduling.notify.SendResult;
import dev.cita.scheduling.spi.NotificationChannel;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/** Shared fixtures: an H2 data source, a fixed clock, a Cal.com branch. */
final class TestSupport {
  static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
  static final TenantId BRANCH = TenantId.of("sucursal-centro");
  static final ResourceId ANA = ResourceId.of("dra-ana");
  static final String CALCOM_SECRET = "whsec-SECRET-centro";

  private TestSupport() {}

  static DataSource h2() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:cita-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    return ds;
  }

  static Clock clock() {
    return Clock.fixed(NOW, ZoneOffset.UTC);
  }

  static CalComWebhooks calcom() {
    return CalComWebhooks.create(
        CalComTenants.of(
            CalComTenant.builder(BRANCH, "1234")
                .eventType(EventTypeMapping.of(501, ANA, AppointmentTypeId.of("consulta")))
                .webhookSigning(WebhookSigning.secret(CALCOM_SECRET))
                .zone(ZoneId.of("America/Santiago"))
                .build()));
  }

  /** A channel that accepts every message and sends nothing. */
  static final class SilentChannel implements NotificationChannel {
    @Override
    public String id() {
      return "silent";
    }

    @Override
    public SendResult send(OutgoingMessage message) {
      throw new UnsupportedOperationException("no message is due in these tests");
    }
  }
}
