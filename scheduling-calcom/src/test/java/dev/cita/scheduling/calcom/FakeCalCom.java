package dev.cita.scheduling.calcom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small stateful Cal.com behind WireMock: creates, lists, reads, reschedules (a new uid, the old
 * booking pointing at it), cancels and marks absent, recording every write in {@link #writes()}.
 * Bookings last 30 minutes. Registered as a WireMock extension and used by stubs with {@code
 * withTransformers(FakeCalCom.NAME)}.
 */
final class FakeCalCom implements ResponseDefinitionTransformerV2 {
  static final String NAME = "fake-calcom";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Cal.com's default booking form as {@code GET /v2/event-types/{id}} returns it (cal-api-version
   * 2024-06-14, {@code booking-fields.output.ts}): name and e-mail required, the attendee phone
   * hidden.
   */
  static final String DEFAULT_BOOKING_FIELDS =
      """
      [{"isDefault":true,"type":"name","slug":"name","required":true},
       {"isDefault":true,"type":"email","slug":"email","required":true,"hidden":false},
       {"isDefault":true,"type":"phone","slug":"attendeePhoneNumber","required":false,"hidden":true},
       {"isDefault":true,"type":"text","slug":"title","required":true,"hidden":true},
       {"isDefault":true,"type":"textarea","slug":"notes","required":false,"hidden":false},
       {"isDefault":true,"type":"multiemail","slug":"guests","required":false,"hidden":false},
       {"isDefault":true,"type":"textarea","slug":"rescheduleReason","required":false,"hidden":false}]\
      """;

  private final Map<String, ObjectNode> bookings = new LinkedHashMap<>();
  private final Map<Long, String> eventTypes = new LinkedHashMap<>();
  private final List<String> writes = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger ids = new AtomicInteger();

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public boolean applyGlobally() {
    return false;
  }

  /** Forgets every booking and write (between tests). */
  synchronized void reset() {
    bookings.clear();
    eventTypes.clear();
    writes.clear();
    ids.set(0);
  }

  /** Forgets the writes made so far, keeping the bookings. */
  void clearWrites() {
    writes.clear();
  }

  /** Writes as "create appt-1", "reschedule appt-1", "cancel appt-2", "absent appt-3", in order. */
  List<String> writes() {
    return List.copyOf(writes);
  }

  synchronized Map<String, ObjectNode> bookings() {
    return Map.copyOf(bookings);
  }

  private static final String GONE = "gone";

  /** Deletes event type {@code id}: it answers 404 from now on. */
  synchronized void deleteEventType(long id) {
    eventTypes.put(id, GONE);
  }

  /** Replaces the fields of event type {@code id}'s answer (its JSON members, without braces). */
  synchronized void eventType(long id, String members) {
    eventTypes.put(id, members);
  }

  /** Cancels booking {@code uid} as if on Cal.com directly, recording no write. */
  synchronized void cancelDirectly(String uid) {
    bookings.get(uid).put("status", "cancelled");
  }

  /** Adds a booking made on Cal.com directly (no Cita metadata). */
  synchronized String addForeign(long eventTypeId, Instant start, Duration length) {
    ObjectNode b = newBooking(eventTypeId, start, start.plus(length));
    b.putObject("metadata");
    return b.get("uid").asText();
  }

  @Override
  public ResponseDefinition transform(ServeEvent event) {
    ResponseDefinition answer = answer(event.getRequest());
    Integer delay = event.getResponseDefinition().getFixedDelayMilliseconds();
    return delay == null
        ? answer
        : com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder.like(answer)
            .withFixedDelay(delay)
            .build();
  }

  private synchronized ResponseDefinition answer(Request r) {
    String path = r.getUrl().split("\\?")[0];
    String[] parts = path.split("/"); // "", "v2", "bookings", uid, action
    try {
      if (path.startsWith("/v2/event-types/") && r.getMethod().getName().equals("GET")) {
        long id = Long.parseLong(parts[3]);
        if (GONE.equals(eventTypes.get(id))) {
          return error(404, "NotFoundException");
        }
        String members =
            eventTypes.getOrDefault(
                id, "\"lengthInMinutes\":30,\"bookingFields\":" + DEFAULT_BOOKING_FIELDS);
        return ok(
            JSON.readTree(
                "{\"id\":"
                    + id
                    + ",\"slug\":\"consulta\",\"title\":\"Consulta\","
                    + members
                    + "}"));
      }
      if (path.equals("/v2/bookings") && r.getMethod().getName().equals("GET")) {
        return list(r);
      }
      if (path.equals("/v2/bookings") && r.getMethod().getName().equals("POST")) {
        return create(JSON.readTree(r.getBodyAsString()));
      }
      if (parts.length == 4 && r.getMethod().getName().equals("GET")) {
        ObjectNode b = bookings.get(parts[3]);
        return b == null ? error(404, "NotFoundException") : ok(b);
      }
      if (parts.length == 5 && r.getMethod().getName().equals("POST")) {
        ObjectNode b = bookings.get(parts[3]);
        if (b == null) {
          return error(404, "NotFoundException");
        }
        return switch (parts[4]) {
          case "reschedule" -> reschedule(b, JSON.readTree(r.getBodyAsString()));
          case "cancel" -> cancel(b);
          case "mark-absent" -> absent(b);
          default -> error(404, "NotFoundException");
        };
      }
    } catch (java.io.IOException e) {
      return error(400, "BadRequestException");
    }
    return error(404, "NotFoundException");
  }

  private ResponseDefinition list(Request r) {
    String eventType =
        r.queryParameter("eventTypeId").isPresent()
            ? r.queryParameter("eventTypeId").firstValue()
            : null;
    ArrayNode data = JSON.createArrayNode();
    for (ObjectNode b : bookings.values()) {
      if (eventType == null || b.get("eventTypeId").asText().equals(eventType)) {
        data.add(b);
      }
    }
    ObjectNode body = JSON.createObjectNode().put("status", "success");
    body.set("data", data);
    body.putObject("pagination").put("hasNextPage", false);
    return json(200, body);
  }

  private ResponseDefinition create(JsonNode req) {
    Instant start = Instant.parse(req.get("start").asText());
    // lengthInMinutes when sent, else the type's default; a reschedule below keeps the default, as
    // Cal.com versions before "preserve the original booking duration" did (input.service.ts).
    long minutes = req.path("lengthInMinutes").asLong(30);
    ObjectNode b =
        newBooking(req.get("eventTypeId").asLong(), start, start.plus(Duration.ofMinutes(minutes)));
    b.set("metadata", req.get("metadata"));
    ArrayNode attendees = b.putArray("attendees");
    attendees.add(req.get("attendee"));
    writes.add(
        "create " + req.path("metadata").path(CalComCalendarProvider.APPOINTMENT_KEY).asText());
    return json(201, envelope(b));
  }

  private ResponseDefinition reschedule(ObjectNode old, JsonNode req) {
    Instant start = Instant.parse(req.get("start").asText());
    ObjectNode b =
        newBooking(old.get("eventTypeId").asLong(), start, start.plus(Duration.ofMinutes(30)));
    b.set("metadata", old.get("metadata"));
    b.set("attendees", old.get("attendees"));
    b.put("rescheduledFromUid", old.get("uid").asText());
    old.put("status", "cancelled").put("rescheduledToUid", b.get("uid").asText());
    writes.add("reschedule " + appointment(old));
    return json(201, envelope(b));
  }

  private ResponseDefinition cancel(ObjectNode b) {
    b.put("status", "cancelled");
    writes.add("cancel " + appointment(b));
    return json(200, envelope(b));
  }

  private ResponseDefinition absent(ObjectNode b) {
    for (JsonNode a : b.withArray("attendees")) {
      ((ObjectNode) a).put("absent", true);
    }
    writes.add("absent " + appointment(b));
    return json(200, envelope(b));
  }

  private static String appointment(ObjectNode b) {
    return b.path("metadata").path(CalComCalendarProvider.APPOINTMENT_KEY).asText("foreign");
  }

  private ObjectNode newBooking(long eventTypeId, Instant start, Instant end) {
    String uid = "bk-" + ids.incrementAndGet();
    ObjectNode b =
        JSON.createObjectNode()
            .put("id", ids.get())
            .put("uid", uid)
            .put("status", "accepted")
            .put("start", start.toString())
            .put("end", end.toString())
            .put("eventTypeId", eventTypeId);
    bookings.put(uid, b);
    return b;
  }

  private static ObjectNode envelope(JsonNode data) {
    ObjectNode body = JSON.createObjectNode().put("status", "success");
    body.set("data", data);
    return body;
  }

  private static ResponseDefinition ok(JsonNode booking) {
    return json(200, envelope(booking));
  }

  private static ResponseDefinition error(int status, String code) {
    ObjectNode body = JSON.createObjectNode().put("status", "error");
    body.putObject("error").put("code", code).put("message", "fake");
    return json(status, body);
  }

  private static ResponseDefinition json(int status, JsonNode body) {
    return new com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body.toString())
        .build();
  }
}
