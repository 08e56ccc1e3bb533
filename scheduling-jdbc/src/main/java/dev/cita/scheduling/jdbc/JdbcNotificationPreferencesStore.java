package dev.cita.scheduling.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cita.scheduling.SchedulingException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.notify.MessageKind;
import dev.cita.scheduling.notify.NotificationPreferences;
import dev.cita.scheduling.notify.RecipientKind;
import dev.cita.scheduling.spi.NotificationPreferencesStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A {@link NotificationPreferencesStore} in table {@code cita_notification_preferences}: one row
 * per tenant holding the preferences as JSON text. A tenant with no row gets {@link
 * NotificationPreferences#defaults()}.
 */
public final class JdbcNotificationPreferencesStore implements NotificationPreferencesStore {
  static final int BODY_LENGTH = 200_000;
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final DataSource dataSource;
  private final Dialect dialect;
  private final Clock clock;

  /**
   * A store over {@code dataSource}, whose schema {@link JdbcMigrations} created, that stamps saves
   * with {@link Clock#systemUTC()}.
   *
   * @param dataSource the database; its dialect is read from it once, here
   */
  public JdbcNotificationPreferencesStore(DataSource dataSource) {
    this(dataSource, Clock.systemUTC());
  }

  /**
   * A store over {@code dataSource}, whose schema {@link JdbcMigrations} created.
   *
   * @param dataSource the database; its dialect is read from it once, here
   * @param clock what a save reads for the row's {@code updated_at}
   */
  public JdbcNotificationPreferencesStore(DataSource dataSource, Clock clock) {
    this.dataSource = Checks.notNull(dataSource, "dataSource");
    this.dialect = Dialect.of(dataSource);
    this.clock = Checks.notNull(clock, "clock");
  }

  /** The stored shape; private so the table's JSON is ours to evolve. */
  private record Contact(
      String name,
      @Nullable String email,
      @Nullable String phone,
      String locale,
      @Nullable String zone) {
    static Contact of(Attendee a) {
      return new Contact(
          a.name(),
          a.email().orElse(null),
          a.phone().orElse(null),
          a.locale().toLanguageTag(),
          a.zone().map(ZoneId::getId).orElse(null));
    }

    Attendee toAttendee() {
      return Attendee.builder(name)
          .email(email)
          .phone(phone)
          .locale(Locale.forLanguageTag(locale))
          .zone(zone == null ? null : ZoneId.of(zone))
          .build();
    }
  }

  private record Body(
      Map<String, List<String>> recipients,
      List<String> channels,
      Map<String, Contact> agents,
      @Nullable Contact owner,
      boolean providerNotifiesAttendee,
      List<String> skipChannelsWhenProviderNotifies,
      // Issue 19; absent from rows written before it.
      @Nullable Map<String, List<String>> providerNotifiesStaff) {}

  @Override
  public NotificationPreferences preferences(TenantId tenant) {
    Checks.notNull(tenant, "tenant");
    Optional<String> body =
        Jdbc.inTransaction(
            dataSource,
            "loading notification preferences",
            c -> {
              try (PreparedStatement p =
                  c.prepareStatement(
                      "SELECT body FROM cita_notification_preferences WHERE tenant_id = ?")) {
                p.setString(1, tenant.value());
                try (ResultSet r = p.executeQuery()) {
                  return r.next() ? Optional.ofNullable(r.getString(1)) : Optional.<String>empty();
                }
              }
            });
    return body.isEmpty() ? NotificationPreferences.defaults() : decode(tenant, body.get());
  }

  @Override
  public void save(TenantId tenant, NotificationPreferences preferences) {
    Checks.notNull(tenant, "tenant");
    Checks.notNull(preferences, "preferences");
    Jdbc.fits(tenant.value(), Jdbc.ID_LENGTH, "tenant");
    String body = Jdbc.fits(encode(preferences), BODY_LENGTH, "preferences");
    String sql =
        dialect == Dialect.POSTGRESQL
            ? "INSERT INTO cita_notification_preferences (tenant_id, body, updated_at) VALUES (?,"
                + " ?, ?) ON CONFLICT (tenant_id) DO UPDATE SET body = EXCLUDED.body, updated_at"
                + " = EXCLUDED.updated_at"
            : "MERGE INTO cita_notification_preferences (tenant_id, body, updated_at) KEY"
                + " (tenant_id) VALUES (?, ?, ?)";
    Jdbc.inTransaction(
        dataSource,
        "saving notification preferences",
        c -> {
          try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, tenant.value());
            p.setString(2, body);
            Jdbc.setInstant(p, 3, clock.instant());
            return p.executeUpdate();
          }
        });
  }

  private static String encode(NotificationPreferences prefs) {
    Map<String, List<String>> recipients = new LinkedHashMap<>();
    for (MessageKind kind : MessageKind.values()) {
      recipients.put(
          kind.name(), prefs.recipients(kind).stream().map(Enum::name).sorted().toList());
    }
    Map<String, Contact> agents = new LinkedHashMap<>();
    prefs
        .agents()
        .forEach((resource, contact) -> agents.put(resource.value(), Contact.of(contact)));
    Body body =
        new Body(
            recipients,
            prefs.channels(),
            agents,
            prefs.owner().map(Contact::of).orElse(null),
            prefs.providerNotifiesAttendee(),
            new ArrayList<>(prefs.skipChannelsWhenProviderNotifies()),
            staffChannels(prefs));
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new SchedulingException(
          "cannot encode notification preferences: " + e.getOriginalMessage(), e);
    }
  }

  private static Map<String, List<String>> staffChannels(NotificationPreferences prefs) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    prefs.staffChannelsNotifiedByProvider().forEach((p, ids) -> out.put(p, List.copyOf(ids)));
    return out;
  }

  private static NotificationPreferences decode(TenantId tenant, String json) {
    try {
      Body body = JSON.readValue(json, Body.class);
      NotificationPreferences.Builder b = NotificationPreferences.builder();
      body.recipients()
          .forEach(
              (kind, who) ->
                  b.recipients(
                      MessageKind.valueOf(kind),
                      who.stream().map(RecipientKind::valueOf).toArray(RecipientKind[]::new)));
      b.channels(body.channels().toArray(String[]::new));
      body.agents()
          .forEach((resource, contact) -> b.agent(ResourceId.of(resource), contact.toAttendee()));
      if (body.owner() != null) {
        b.owner(body.owner().toAttendee());
      }
      b.providerNotifiesAttendee(body.providerNotifiesAttendee());
      b.skipChannelsWhenProviderNotifies(
          body.skipChannelsWhenProviderNotifies().toArray(String[]::new));
      Map<String, List<String>> staff = body.providerNotifiesStaff();
      if (staff != null) {
        staff.forEach(
            (provider, ids) -> b.providerNotifiesStaff(provider, ids.toArray(String[]::new)));
      }
      return b.build();
    } catch (JsonProcessingException
        | IllegalArgumentException
        | java.time.DateTimeException
        | ValidationException e) {
      throw new SchedulingException(
          "stored row of cita_notification_preferences (tenant "
              + tenant
              + ") cannot be read: "
              + e.getClass().getSimpleName());
    }
  }
}
