package dev.cita.scheduling.google;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.memory.InMemoryWebhookInbox;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.spi.ConflictCheck;
import dev.cita.scheduling.sync.OutboxEntry;
import dev.cita.scheduling.sync.OutboxStatus;
import dev.cita.scheduling.sync.SyncAction;
import dev.cita.scheduling.sync.SyncWorker;
import dev.cita.scheduling.webhook.AppointmentTagSigner;
import dev.cita.scheduling.webhook.WebhookHandler;
import dev.cita.scheduling.webhook.WebhookRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A collective appointment against a WireMock Google (issue 21): one insert per member calendar,
 * one patch and one delete per member on a move and a cancel; a member's copy moved or deleted in
 * Google moves or cancels the appointment, and the other copies follow.
 */
class GoogleCollectiveMembersTest extends GoogleTestSupport {
  private static final String APPOINTMENT = "5d0c8e61-1a2b-4c3d-8e9f-0a1b2c3d4e5f";
  private static final String EVENT_ID =
      GoogleEventIds.forAppointment(AppointmentId.of(APPOINTMENT));
  private static final ResourceId DR_BEN = ResourceId.of("dr-ben");
  private static final Map<ResourceId, String> CALENDARS =
      Map.of(DR_ANA, "primary", ROOM, "room-cal", DR_BEN, "ben-cal");
  private static final String HOOK = "https://app.example/hooks/google";
  private static final Instant NEW_START = Instant.parse("2026-03-11T15:00:00Z");

  private final InMemoryAppointmentStore appointments = new InMemoryAppointmentStore();
  private GoogleCalendarProvider provider;
  private SyncWorker worker;
  private GooglePushChannels push;
  private WebhookHandler webhooks;

  @BeforeEach
  void setUp() {
    connect();
    calendars.assign(CLINIC, ROOM, CONNECTION, CALENDARS.get(ROOM));
    calendars.assign(CLINIC, DR_BEN, CONNECTION, CALENDARS.get(DR_BEN));
    provider = provider();
    worker =
        SyncWorker.builder().clock(clock).appointmentStore(appointments).provider(provider).build();
    push = GooglePushChannels.builder(provider).address(HOOK).build();
    webhooks =
        WebhookHandler.builder()
            .clock(clock)
            .appointmentStore(appointments)
            .outboxStore(appointments.outbox())
            .inbox(new InMemoryWebhookInbox())
            .provider(push.webhooks())
            .build();
    google.stubFor(
        post(urlPathMatching("/calendar/v3/calendars/[^/]+/events"))
            .willReturn(okJson("{\"id\":\"" + EVENT_ID + "\",\"status\":\"confirmed\"}")));
    google.stubFor(
        post(urlPathMatching("/calendar/v3/calendars/[^/]+/events/" + EVENT_ID))
            .withHeader("X-HTTP-Method-Override", equalTo("PATCH"))
            .willReturn(okJson("{\"id\":\"" + EVENT_ID + "\",\"status\":\"confirmed\"}")));
    google.stubFor(
        delete(urlPathMatching("/calendar/v3/calendars/[^/]+/events/" + EVENT_ID))
            .willReturn(aResponse().withStatus(204)));
  }

  private static String events(ResourceId member) {
    return "/calendar/v3/calendars/" + CALENDARS.get(member) + "/events";
  }

  private Appointment stored() {
    return appointments.find(CLINIC, AppointmentId.of(APPOINTMENT)).orElseThrow();
  }

  /** Books the collective appointment (host Dr. Ana, the room and Dr. Ben) and pushes it. */
  private Appointment bookedAndPushed() {
    Appointment a =
        appointment(APPOINTMENT, AppointmentStatus.SCHEDULED).toBuilder()
            .participants(List.of(ROOM, DR_BEN))
            .build();
    appointments.insert(a, ConflictCheck.none(), List.of(entry(a, SyncAction.CREATE, 0)));
    worker.runOnce();
    return stored();
  }

  private OutboxEntry entry(Appointment a, SyncAction action, long sequence) {
    return OutboxEntry.pending(CLINIC, a.id(), "google", action, sequence, clock.instant());
  }

  /** Changes the appointment in Cita as the booking service does: the change and its push. */
  private void changeInCita(Appointment changed, SyncAction action) {
    appointments.update(
        changed, ConflictCheck.none(), List.of(entry(changed, action, changed.version() + 1)));
    worker.runOnce();
  }

  @Test
  void oneInsertPerMemberCalendarThenOnePatchAndOneDeletePerMember() {
    Appointment pushed = bookedAndPushed();

    for (ResourceId member : CALENDARS.keySet()) {
      google.verify(
          1,
          postRequestedFor(urlPathEqualTo(events(member)))
              .withRequestBody(matchingJsonPath("$.id", equalTo(EVENT_ID)))
              .withRequestBody(
                  matchingJsonPath(
                      "$.extendedProperties.private.citaAppointmentId", equalTo(APPOINTMENT))));
      assertThat(pushed.externalRef("google", member)).as(member.value()).contains(EVENT_ID);
    }
    assertThat(pushed.externalRef("google")).contains(EVENT_ID);

    changeInCita(
        pushed.toBuilder()
            .start(NEW_START)
            .end(NEW_START.plus(Duration.ofMinutes(30)))
            .status(AppointmentStatus.RESCHEDULED)
            .build(),
        SyncAction.UPDATE);
    for (ResourceId member : CALENDARS.keySet()) {
      google.verify(
          1,
          postRequestedFor(urlPathEqualTo(events(member) + "/" + EVENT_ID))
              .withHeader("X-HTTP-Method-Override", equalTo("PATCH"))
              .withRequestBody(
                  matchingJsonPath("$.start.dateTime", equalTo("2026-03-11T15:00:00.000Z"))));
    }

    changeInCita(
        stored().toBuilder().status(AppointmentStatus.CANCELLED).build(), SyncAction.CANCEL);
    for (ResourceId member : CALENDARS.keySet()) {
      google.verify(1, deleteRequestedFor(urlPathEqualTo(events(member) + "/" + EVENT_ID)));
    }
    google.verify(3, postRequestedFor(urlPathMatching(".*/events")));
    assertThat(appointments.outbox().entries(CLINIC))
        .allMatch(e -> e.status() == OutboxStatus.DONE);
  }

  // --- changes made in Google to one member's copy ----------------------------------------------

  private GoogleChannel watch(ResourceId member) {
    google.stubFor(
        post(urlPathEqualTo(events(member) + "/watch"))
            .willReturn(
                okJson(
                    """
                    {"kind":"api#channel","id":"ignored","resourceId":"res-%s","resourceUri":"x","expiration":"%d"}\
                    """
                        .formatted(member.value(), T0.plus(Duration.ofDays(7)).toEpochMilli()))));
    return push.watch(CLINIC, member);
  }

  /** Google tells the channel's calendar changed; Cita syncs it and applies Cita's events. */
  private void notify(GoogleChannel channel) {
    assertThat(
            push.handle(
                    webhooks,
                    WebhookRequest.builder("POST", HOOK)
                        .header("X-Goog-Channel-ID", channel.id())
                        .header("X-Goog-Channel-Token", channel.token())
                        .header("X-Goog-Resource-ID", channel.resourceId())
                        .header("X-Goog-Resource-State", "exists")
                        .header("X-Goog-Message-Number", "1")
                        .build())
                .status())
        .isEqualTo(200);
  }

  /** A sync of the member's calendar answering {@code items}, as a full or incremental list. */
  private void syncAnswers(ResourceId member, boolean full, String items, String nextToken) {
    google.stubFor(
        get(urlPathEqualTo(events(member)))
            .withQueryParam("syncToken", full ? absent() : equalTo("t-1"))
            .willReturn(
                okJson(
                    """
                    {"kind":"calendar#events","timeZone":"America/Santiago","nextSyncToken":"%s","items":[%s]}\
                    """
                        .formatted(nextToken, items))));
  }

  private static String ourEvent(Instant start, String updated) {
    return """
    {"kind":"calendar#event","id":"%s","status":"confirmed","updated":"%s",
     "start":{"dateTime":"%s","timeZone":"America/Santiago"},"end":{"dateTime":"%s","timeZone":"America/Santiago"},
     "extendedProperties":{"private":{"citaAppointmentId":"%s","citaTenant":"clinica-norte","citaStatus":"SCHEDULED","citaTagSignature":"%s"}}}
    """
        .formatted(
            EVENT_ID,
            updated,
            start,
            start.plus(Duration.ofMinutes(30)),
            APPOINTMENT,
            AppointmentTagSigner.ephemeral().sign(CLINIC, "google", AppointmentId.of(APPOINTMENT)));
  }

  @Test
  void theEchoOfAMembersCopyChangesNothingAndItsDeletionCancelsEveryCopy() {
    Appointment pushed = bookedAndPushed();
    GoogleChannel room = watch(ROOM);
    syncAnswers(ROOM, true, ourEvent(pushed.start(), "2026-03-02T12:05:00Z"), "t-1");
    clock.advance(Duration.ofMinutes(10));

    notify(room);

    assertThat(stored().status()).as("the echo").isEqualTo(AppointmentStatus.SCHEDULED);
    assertThat(stored().interval()).isEqualTo(pushed.interval());
    assertThat(appointments.outbox().entries(CLINIC))
        .noneMatch(e -> e.status() == OutboxStatus.PENDING);

    syncAnswers(ROOM, false, "{\"id\":\"" + EVENT_ID + "\",\"status\":\"cancelled\"}", "t-2");
    clock.advance(Duration.ofMinutes(10));
    notify(room);

    assertThat(stored().status()).isEqualTo(AppointmentStatus.CANCELLED);
    worker.runOnce();
    for (ResourceId member : CALENDARS.keySet()) {
      google.verify(1, deleteRequestedFor(urlPathEqualTo(events(member) + "/" + EVENT_ID)));
    }
  }

  @Test
  void aMoveOfOneMembersCopyMovesTheAppointmentAndPatchesTheOtherCopies() {
    bookedAndPushed();
    GoogleChannel ben = watch(DR_BEN);
    syncAnswers(DR_BEN, true, ourEvent(NEW_START, "2026-03-02T12:05:00Z"), "t-1");
    clock.advance(Duration.ofMinutes(10));

    notify(ben);

    Appointment moved = stored();
    assertThat(moved.status()).isEqualTo(AppointmentStatus.RESCHEDULED);
    assertThat(moved.start()).isEqualTo(NEW_START);
    assertThat(moved.participants()).containsExactly(DR_BEN, ROOM);
    worker.runOnce();
    for (ResourceId member : CALENDARS.keySet()) {
      google.verify(
          1,
          postRequestedFor(urlPathEqualTo(events(member) + "/" + EVENT_ID))
              .withHeader("X-HTTP-Method-Override", equalTo("PATCH"))
              .withRequestBody(
                  matchingJsonPath("$.start.dateTime", equalTo("2026-03-11T15:00:00.000Z"))));
    }
    google.verify(3, postRequestedFor(urlPathMatching(".*/events")));
  }
}
