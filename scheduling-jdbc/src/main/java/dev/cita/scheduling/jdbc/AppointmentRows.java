package dev.cita.scheduling.jdbc;

import static dev.cita.scheduling.jdbc.Jdbc.fits;
import static dev.cita.scheduling.jdbc.JdbcAppointmentStore.MAX_EMAIL;
import static dev.cita.scheduling.jdbc.JdbcAppointmentStore.MAX_EXTERNAL_ID;
import static dev.cita.scheduling.jdbc.JdbcAppointmentStore.MAX_ID;
import static dev.cita.scheduling.jdbc.JdbcAppointmentStore.MAX_LOCATION;
import static dev.cita.scheduling.jdbc.JdbcAppointmentStore.MAX_NAME;
import static dev.cita.scheduling.jdbc.JdbcAppointmentStore.MAX_NOTES;
import static dev.cita.scheduling.jdbc.JdbcAppointmentStore.MAX_PROVIDER;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cita.scheduling.SchedulingException;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.SeriesId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.status.AppointmentLifecycle;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** How an {@link Appointment} maps to a row of {@code cita_appointment} and back. */
final class AppointmentRows {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<TreeMap<String, String>> REFS = new TypeReference<>() {};
  private static final TypeReference<List<String>> IDS = new TypeReference<>() {};
  private static final TypeReference<TreeMap<String, TreeMap<String, String>>> MEMBER_REFS =
      new TypeReference<>() {};
  static final String COLUMNS =
      "tenant_id, id, resource_id, type_id, attendee_name, attendee_email, attendee_phone,"
          + " attendee_locale, attendee_zone, start_at, end_at, buffer_before_seconds,"
          + " buffer_after_seconds, display_zone, status, holds_time, slot_key, location, notes,"
          + " external_refs, idempotency_key, provider_event_at, version, created_at, updated_at";

  /**
   * What reads select: {@link #COLUMNS} and the columns added since V5 (written next to the seat
   * columns by the store, so that rows written the V5 way still fit {@link #COLUMNS}).
   */
  static final String READ_COLUMNS =
      COLUMNS + ", status_reason, series_id, occurrence_start, participants, member_refs";

  private AppointmentRows() {}

  /** Refuses values the columns cannot hold, naming the field, before anything is written. */
  static void validate(Appointment a) {
    fits(a.tenant().value(), MAX_ID, "appointment.tenant");
    fits(a.id().value(), MAX_ID, "appointment.id");
    fits(a.resource().value(), MAX_ID, "appointment.resource");
    a.participants().forEach(r -> fits(r.value(), MAX_ID, "appointment.participants"));
    fits(a.type().value(), MAX_ID, "appointment.type");
    fits(a.attendee().name(), MAX_NAME, "attendee.name");
    fits(a.attendee().email().orElse(null), MAX_EMAIL, "attendee.email");
    fits(a.attendee().locale().toLanguageTag(), 100, "attendee.locale");
    fits(a.location().orElse(null), MAX_LOCATION, "appointment.location");
    fits(a.notes().orElse(null), MAX_NOTES, "appointment.notes");
    fits(
        a.idempotencyKey().orElse(null),
        JdbcAppointmentStore.MAX_IDEMPOTENCY_KEY,
        "appointment.idempotencyKey");
    fits(
        a.statusReason().orElse(null),
        Appointment.MAX_STATUS_REASON_LENGTH,
        "appointment.statusReason");
    a.externalRefs()
        .forEach(
            (provider, externalId) -> {
              fits(provider, MAX_PROVIDER, "appointment.externalRefs.provider");
              fits(externalId, MAX_EXTERNAL_ID, "appointment.externalRefs[" + provider + "]");
            });
    a.memberRefs()
        .forEach(
            (provider, events) -> {
              fits(provider, MAX_PROVIDER, "appointment.memberRefs.provider");
              events.forEach(
                  (resource, eventId) ->
                      fits(
                          eventId,
                          MAX_EXTERNAL_ID,
                          "appointment.memberRefs[" + provider + "][" + resource.value() + "]"));
            });
  }

  /** Binds every column of {@link #COLUMNS}, in order; returns the number bound. */
  static int bind(PreparedStatement p, Appointment a) throws SQLException {
    Attendee who = a.attendee();
    int i = 0;
    p.setString(++i, a.tenant().value());
    p.setString(++i, a.id().value());
    p.setString(++i, a.resource().value());
    p.setString(++i, a.type().value());
    p.setString(++i, who.name());
    p.setString(++i, who.email().orElse(null));
    p.setString(++i, who.phone().orElse(null));
    p.setString(++i, who.locale().toLanguageTag());
    p.setString(++i, who.zone().map(ZoneId::getId).orElse(null));
    Jdbc.setInstant(p, ++i, a.start());
    Jdbc.setInstant(p, ++i, a.end());
    p.setLong(++i, a.bufferBefore().getSeconds());
    p.setLong(++i, a.bufferAfter().getSeconds());
    p.setString(++i, a.displayZone().getId());
    p.setString(++i, a.status().name());
    p.setBoolean(++i, AppointmentLifecycle.holdsTime(a.status()));
    p.setString(++i, slotKey(a));
    p.setString(++i, a.location().orElse(null));
    p.setString(++i, a.notes().orElse(null));
    p.setString(++i, toJson(a.externalRefs()));
    p.setString(++i, a.idempotencyKey().orElse(null));
    Jdbc.setInstant(p, ++i, a.providerEventAt().orElse(null));
    p.setLong(++i, a.version());
    Jdbc.setInstant(p, ++i, a.createdAt());
    Jdbc.setInstant(p, ++i, a.updatedAt());
    return i;
  }

  /**
   * The seat group of a time-holding appointment: rows with the same key (same type, start and end)
   * are seats of one slot and may share their time; the exclusion constraint refuses every other
   * overlap.
   */
  static String slotKey(Appointment a) {
    return a.type().value()
        + '|'
        + a.start().truncatedTo(ChronoUnit.MICROS)
        + '|'
        + a.end().truncatedTo(ChronoUnit.MICROS);
  }

  static String prefixed(String alias) {
    StringBuilder sb = new StringBuilder();
    for (String column : READ_COLUMNS.split(",\\s*")) {
      sb.append(sb.length() == 0 ? "" : ", ").append(alias).append('.').append(column.strip());
    }
    return sb.toString();
  }

  /** Maps one row; a row that no longer makes a valid appointment is reported naming the row. */
  static Appointment map(ResultSet r) throws SQLException {
    String tenant = r.getString("tenant_id");
    String id = r.getString("id");
    try {
      String zone = r.getString("attendee_zone");
      Attendee.Builder who =
          Attendee.builder(r.getString("attendee_name"))
              .email(r.getString("attendee_email"))
              .phone(r.getString("attendee_phone"))
              .locale(Locale.forLanguageTag(r.getString("attendee_locale")))
              .zone(zone == null ? null : ZoneId.of(zone));
      return Appointment.builder()
          .tenant(TenantId.of(tenant))
          .id(AppointmentId.of(id))
          .resource(ResourceId.of(r.getString("resource_id")))
          .type(AppointmentTypeId.of(r.getString("type_id")))
          .attendee(who.build())
          .start(Jdbc.getInstant(r, "start_at"))
          .end(Jdbc.getInstant(r, "end_at"))
          .bufferBefore(Duration.ofSeconds(r.getLong("buffer_before_seconds")))
          .bufferAfter(Duration.ofSeconds(r.getLong("buffer_after_seconds")))
          .displayZone(ZoneId.of(r.getString("display_zone")))
          .status(AppointmentStatus.valueOf(r.getString("status")))
          .location(r.getString("location"))
          .notes(r.getString("notes"))
          .externalRefs(fromJson(r.getString("external_refs")))
          .idempotencyKey(r.getString("idempotency_key"))
          .providerEventAt(Jdbc.getNullableInstant(r, "provider_event_at"))
          .statusReason(r.getString("status_reason"))
          .series(
              r.getString("series_id") == null ? null : SeriesId.of(r.getString("series_id")),
              Jdbc.getNullableInstant(r, "occurrence_start"))
          .participants(participantsFromJson(r.getString("participants")))
          .memberRefs(memberRefsFromJson(r.getString("member_refs")))
          .version(r.getLong("version"))
          .createdAt(Jdbc.getInstant(r, "created_at"))
          .updatedAt(Jdbc.getInstant(r, "updated_at"))
          .build();
    } catch (DateTimeException | IllegalArgumentException | SchedulingException e) {
      throw new SchedulingException(
          "stored appointment "
              + id
              + " of tenant "
              + tenant
              + " in cita_appointment is not valid: "
              + e.getMessage(),
          e);
    }
  }

  private static String toJson(Map<String, String> refs) {
    try {
      return JSON.writeValueAsString(new TreeMap<>(refs));
    } catch (JsonProcessingException e) {
      throw new SchedulingException("cannot write external references", e);
    }
  }

  /** The participants column: a JSON array of resource ids, or NULL for none. */
  static @Nullable String participantsToJson(Appointment a) {
    if (a.participants().isEmpty()) {
      return null;
    }
    try {
      return JSON.writeValueAsString(a.participants().stream().map(ResourceId::value).toList());
    } catch (JsonProcessingException e) {
      throw new SchedulingException("cannot write participants", e);
    }
  }

  /** The member_refs column (V21): provider to resource id to event id, or NULL for none. */
  static @Nullable String memberRefsToJson(Appointment a) {
    if (a.memberRefs().isEmpty()) {
      return null;
    }
    Map<String, Map<String, String>> out = new TreeMap<>();
    a.memberRefs()
        .forEach(
            (provider, events) -> {
              Map<String, String> byResource = new TreeMap<>();
              events.forEach((resource, eventId) -> byResource.put(resource.value(), eventId));
              out.put(provider, byResource);
            });
    try {
      return JSON.writeValueAsString(out);
    } catch (JsonProcessingException e) {
      throw new SchedulingException("cannot write member event references", e);
    }
  }

  private static Map<String, Map<ResourceId, String>> memberRefsFromJson(@Nullable String json) {
    if (json == null) {
      return Map.of();
    }
    Map<String, Map<ResourceId, String>> out = new TreeMap<>();
    try {
      JSON.readValue(json, MEMBER_REFS)
          .forEach(
              (provider, events) -> {
                Map<ResourceId, String> byResource = new HashMap<>();
                events.forEach(
                    (resource, eventId) -> byResource.put(ResourceId.of(resource), eventId));
                out.put(provider, byResource);
              });
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("member_refs is not a JSON object of objects", e);
    }
    return out;
  }

  private static List<ResourceId> participantsFromJson(@Nullable String json) {
    if (json == null) {
      return List.of();
    }
    try {
      return JSON.readValue(json, IDS).stream().map(ResourceId::of).toList();
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("participants is not a JSON array of strings", e);
    }
  }

  private static Map<String, String> fromJson(String json) {
    try {
      return JSON.readValue(json, REFS);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("external_refs is not a JSON object of strings", e);
    }
  }
}
