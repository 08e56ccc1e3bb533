package dev.cita.scheduling.calendly;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.cita.scheduling.http.HttpClientConfig;
import dev.cita.scheduling.memory.InMemoryAuditLog;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.testkit.TestClock;
import dev.cita.scheduling.token.Sleeper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Shared test values shaped like Calendly's documented payloads. */
final class Fixtures {
  static final TenantId TENANT = TenantId.of("clinic-1");
  static final String TOKEN = "tok-SECRET-calendly";
  static final String API = "https://api.calendly.com";
  static final String USER = API + "/users/ANA";
  static final String ORG = API + "/organizations/ORG1";
  static final String EVENT_TYPE = API + "/event_types/CONSULTA";
  static final ResourceId ANA = ResourceId.of("dra-ana");
  static final AppointmentTypeId CONSULTA = AppointmentTypeId.of("consulta");
  static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

  private Fixtures() {}

  static CalendlyMappings mappings() {
    return CalendlyMappings.of(
        Map.of(
            TENANT,
            CalendlyMapping.builder().host(USER, ANA).eventType(EVENT_TYPE, CONSULTA).build()));
  }

  static CalendlyClient.Builder client(
      String baseUrl, TestClock clock, RecordingSleeper sleeper, InMemoryAuditLog audit) {
    return CalendlyClient.builder(tenant -> TOKEN)
        .baseUrl(baseUrl)
        .clock(clock)
        .sleeper(sleeper)
        .auditLog(audit)
        .random(() -> 0L)
        .config(
            HttpClientConfig.builder()
                .readTimeout(Duration.ofSeconds(5))
                .callTimeout(Duration.ofSeconds(10))
                .build());
  }

  /**
   * A provider over a {@link #client} with these timeouts, the {@link #mappings} and {@code store}.
   */
  static CalendlyCalendarProvider provider(
      String baseUrl,
      TestClock clock,
      Duration readTimeout,
      dev.cita.scheduling.spi.AppointmentStore store) {
    CalendlyClient client =
        client(baseUrl, clock, new RecordingSleeper(), new InMemoryAuditLog())
            .config(
                HttpClientConfig.builder()
                    .readTimeout(readTimeout)
                    .callTimeout(readTimeout.multipliedBy(3))
                    .build())
            .build();
    return CalendlyCalendarProvider.builder(client, mappings())
        .appointmentStore(store)
        .clock(clock)
        .build();
  }

  /**
   * {@code GET /scheduled_events/{id}} answering event {@code id} (13:00 to 13:30 UTC on 1 December
   * 2026) with {@code status}.
   */
  static void scheduledEventAt13(
      com.github.tomakehurst.wiremock.junit5.WireMockExtension wm, String id, String status) {
    wm.stubFor(
        WireMock.get(WireMock.urlEqualTo("/scheduled_events/" + id))
            .willReturn(
                json(
                    200,
                    "{\"resource\":"
                        + scheduledEvent(id, "2026-12-01T13:00:00Z", "2026-12-01T13:30:00Z", status)
                        + "}")));
  }

  /**
   * {@code GET /event_types/CONSULTA} answering an event type resource (developer.calendly.com "Get
   * Event Type"): its locations and custom questions are {@code extra} JSON members, none by
   * default.
   */
  static void eventType(com.github.tomakehurst.wiremock.junit5.WireMockExtension wm, String extra) {
    wm.stubFor(
        WireMock.get(WireMock.urlEqualTo("/event_types/CONSULTA"))
            .willReturn(
                json(
                    200,
                    "{\"resource\":{"
                        + "\"uri\":\""
                        + EVENT_TYPE
                        + "\",\"name\":\"Consulta\",\"active\":true,\"slug\":\"consulta\","
                        + "\"scheduling_url\":\"https://calendly.com/ana/consulta\",\"duration\":30,\"kind\":\"solo\","
                        + "\"pooling_type\":null,\"type\":\"StandardEventType\""
                        + extra
                        + "}}")));
  }

  /** A {@code GET /event_type_available_times} answer: one available time per start. */
  static String availableTimes(String... starts) {
    StringBuilder items = new StringBuilder();
    for (String s : starts) {
      items
          .append(items.length() == 0 ? "" : ",")
          .append("{\"status\":\"available\",\"invitees_remaining\":1,")
          .append("\"start_time\":\"")
          .append(s)
          .append("\",\"scheduling_url\":\"https://calendly.com/ana/c/")
          .append(s)
          .append("\"}");
    }
    return "{\"collection\":[" + items + "]}";
  }

  static ResponseDefinitionBuilder json(int status, String body) {
    return WireMock.aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  static String eventUri(String id) {
    return API + "/scheduled_events/" + id;
  }

  static String inviteeUri(String event, String id) {
    return eventUri(event) + "/invitees/" + id;
  }

  /** A scheduled event resource as Calendly lists it. */
  static String scheduledEvent(String id, String start, String end, String status) {
    return "{\"uri\":\""
        + eventUri(id)
        + "\",\"name\":\"Consulta\",\"status\":\""
        + status
        + "\","
        + "\"start_time\":\""
        + start
        + "\",\"end_time\":\""
        + end
        + "\",\"event_type\":\""
        + EVENT_TYPE
        + "\",\"location\":{\"type\":\"physical\",\"location\":\"Providencia 123\"},"
        + "\"invitees_counter\":{\"total\":1,\"active\":1,\"limit\":1},"
        + "\"created_at\":\"2026-11-01T10:00:00.000000Z\",\"updated_at\":\"2026-11-01T10:00:00.000000Z\","
        + "\"event_memberships\":[{\"user\":\""
        + USER
        + "\",\"user_email\":\"ana@clinica.cl\",\"user_name\":\"Ana\"}],"
        + "\"event_guests\":[],\"calendar_event\":{\"kind\":\"google\",\"external_id\":\"abc\"}}";
  }

  /** An invitee resource as Calendly returns it. */
  static String invitee(String event, String id, String email, String status) {
    return "{\"uri\":\""
        + inviteeUri(event, id)
        + "\",\"email\":\""
        + email
        + "\",\"name\":\"María Pérez\","
        + "\"first_name\":null,\"last_name\":null,\"status\":\""
        + status
        + "\",\"timezone\":\"America/Santiago\","
        + "\"event\":\""
        + eventUri(event)
        + "\",\"created_at\":\"2026-11-01T10:00:00.000000Z\","
        + "\"updated_at\":\"2026-11-01T10:00:00.000000Z\",\"tracking\":{},\"text_reminder_number\":null,"
        + "\"rescheduled\":false,\"old_invitee\":null,\"new_invitee\":null,\"questions_and_answers\":[],"
        + "\"cancel_url\":\"https://calendly.com/cancellations/"
        + id
        + "\","
        + "\"reschedule_url\":\"https://calendly.com/reschedulings/"
        + id
        + "\",\"no_show\":null,\"payment\":null}";
  }

  static String page(String items, String nextToken) {
    return "{\"collection\":["
        + items
        + "],\"pagination\":{\"count\":1,"
        + (nextToken == null
            ? "\"next_page\":null,\"next_page_token\":null"
            : "\"next_page\":\""
                + API
                + "/x?page_token="
                + nextToken
                + "\",\"next_page_token\":\""
                + nextToken
                + "\"")
        + ",\"previous_page\":null,\"previous_page_token\":null}}";
  }

  /** Records each requested wait and returns at once. */
  static final class RecordingSleeper implements Sleeper {
    final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void sleep(Duration duration) {
      sleeps.add(duration);
    }
  }
}
