package dev.cita.scheduling.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.notify.MessageKind;
import dev.cita.scheduling.notify.NotificationPreferences;
import dev.cita.scheduling.notify.RecipientKind;
import java.time.ZoneId;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JdbcNotificationPreferencesStoreTest {
  private static final TenantId NORTE = TenantId.of("clinica-norte");
  private static final TenantId SUR = TenantId.of("clinica-sur");

  static Stream<Arguments> databases() {
    return Stream.of(
        Arguments.of("H2", (Supplier<HikariDataSource>) TestDatabases::h2),
        Arguments.of("PostgreSQL", (Supplier<HikariDataSource>) TestDatabases::postgres));
  }

  private static NotificationPreferences everything() {
    return NotificationPreferences.builder()
        .recipients(MessageKind.CONFIRMATION, RecipientKind.CUSTOMER, RecipientKind.AGENT)
        .recipients(MessageKind.CANCELLATION, RecipientKind.CUSTOMER, RecipientKind.OWNER)
        .recipients(MessageKind.REMINDER, RecipientKind.CUSTOMER)
        .channels("whatsapp", "email")
        .agent(
            ResourceId.of("dra-ana"),
            Attendee.builder("Ana")
                .phone("+56911111111")
                .locale(Locale.ENGLISH)
                .zone(ZoneId.of("America/Santiago"))
                .build())
        .owner(Attendee.builder("Dueña").email("duena@clinica.cl").build())
        .providerNotifiesAttendee(true)
        .skipChannelsWhenProviderNotifies("email")
        .build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void savedPreferencesComeBackEqualAndStayWithTheirTenant(
      String name, Supplier<HikariDataSource> database) {
    HikariDataSource ds = database.get();
    try {
      JdbcNotificationPreferencesStore store = new JdbcNotificationPreferencesStore(ds);

      assertThat(store.preferences(NORTE)).isEqualTo(NotificationPreferences.defaults());
      store.save(NORTE, everything());

      assertThat(store.preferences(NORTE)).isEqualTo(everything());
      assertThat(store.preferences(SUR)).isEqualTo(NotificationPreferences.defaults());

      NotificationPreferences replaced =
          NotificationPreferences.builder().channels("whatsapp").build();
      store.save(NORTE, replaced);
      assertThat(store.preferences(NORTE)).isEqualTo(replaced);
    } finally {
      TestDatabases.dropPostgres(ds);
    }
  }
}
