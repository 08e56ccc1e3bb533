package dev.cita.scheduling.microsoft;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.memory.InMemoryWebhookInbox;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.spi.ConflictCheck;
import dev.cita.scheduling.spi.ResourceCalendar;
import dev.cita.scheduling.sync.OutboxEntry;
import dev.cita.scheduling.sync.OutboxStatus;
import dev.cita.scheduling.sync.SyncAction;
import dev.cita.scheduling.webhook.WebhookHandler;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Outlook changes to one member's copy of a collective appointment (issue 21): each member has its
 * own event in its own mailbox; the echo of a member's copy changes nothing, a drag of it moves the
 * appointment (the primary event stays the host's) and queues the push that moves the other copies,
 * and a node reading a mailbox in full looks only for that member's own event there.
 */
class MicrosoftCollectiveChangesTest extends MicrosoftTestSupport {
  private static final String ROOM_MAILBOX = "sala2@clinica.cl";
  private static final String ROOM_DELTA = "/v1.0/users/" + ROOM_MAILBOX + "/calendarView/delta";
  private static final String ANA_DELTA = "/v1.0/me/calendarView/delta";
  private static final String APPOINTMENT = "0e6f2a1c-9b3d-4c7e-8f10-2a3b4c5d6e7f";
  private static final String ANA_EVENT = "AAMkAGI2-ana=";
  private static final String ROOM_EVENT = "AAMkAGI2-room=";

  private final InMemoryAppointmentStore store = new InMemoryAppointmentStore();
  private MicrosoftCalendarProvider provider;
  private WebhookHandler handler;

  @BeforeEach
  void bookedAndPushed() {
    connect();
    assignments.save(new ResourceCalendar(CLINIC, ROOM, CONNECTION, ROOM_MAILBOX));
    provider = providerBuilder().appointments(store).build();
    handler =
        WebhookHandler.builder()
            .provider(provider.webhooks())
            .appointmentStore(store)
            .outboxStore(store.outbox())
            .inbox(new InMemoryWebhookInbox())
            .clock(clock)
            .build();
    // As the sync worker leaves it: the host's event is the primary one, each member has its own.
    store.insert(
        appointment(APPOINTMENT).toBuilder()
            .participants(List.of(ROOM))
            .externalRef("microsoft", ANA_EVENT)
            .externalRef("microsoft", DR_ANA, ANA_EVENT)
            .externalRef("microsoft", ROOM, ROOM_EVENT)
            .build(),
        ConflictCheck.none());
  }

  private Appointment current() {
    return store.find(CLINIC, AppointmentId.of(APPOINTMENT)).orElseThrow();
  }

  private static String roomsCopy(String start, String end, String modified) {
    return citasEvent(ROOM_EVENT, APPOINTMENT, "busy", start, end, modified);
  }

  private void fullRead(String delta, String... events) {
    ms.stubFor(
        get(urlPathEqualTo(delta))
            .willReturn(
                okJson(
                    "{\"@odata.deltaLink\":\""
                        + ms.baseUrl()
                        + delta
                        + "?$deltatoken=d1\",\"value\":["
                        + String.join(",", events)
                        + "]}")));
  }

  private void sync(ResourceId member) {
    provider.sync(
        provider.mailboxOf(CLINIC, member),
        (m, events) ->
            new GraphNotifications(null, provider.changesSecret()).apply(handler, m, events));
  }

  private List<OutboxEntry> pending() {
    return store.outbox().entries(CLINIC).stream()
        .filter(e -> e.status() == OutboxStatus.PENDING)
        .toList();
  }

  @Test
  void theEchoOfAMembersCopyChangesNothing() {
    Appointment before = current();
    fullRead(
        ROOM_DELTA,
        roomsCopy("2026-03-10T13:00:00", "2026-03-10T13:30:00", "2026-03-02T12:00:05Z"));

    sync(ROOM);

    assertThat(current().status()).isEqualTo(AppointmentStatus.SCHEDULED);
    assertThat(current().interval()).isEqualTo(before.interval());
    assertThat(current().externalRefs()).isEqualTo(before.externalRefs());
    assertThat(current().memberRefs()).isEqualTo(before.memberRefs());
    assertThat(pending()).isEmpty();
    // The host's event is in the host's mailbox: never looked for (and taken for deleted) here.
    ms.verify(
        0, getRequestedFor(urlPathEqualTo("/v1.0/users/" + ROOM_MAILBOX + "/events/" + ANA_EVENT)));
  }

  @Test
  void aDragOfAMembersCopyMovesTheAppointmentAndQueuesThePushToTheOtherCopies() {
    fullRead(
        ROOM_DELTA,
        roomsCopy("2026-03-10T15:00:00", "2026-03-10T15:30:00", "2026-03-02T13:00:00Z"));

    sync(ROOM);

    Appointment moved = current();
    assertThat(moved.status()).isEqualTo(AppointmentStatus.RESCHEDULED);
    assertThat(moved.start()).isEqualTo(Instant.parse("2026-03-10T15:00:00Z"));
    assertThat(moved.externalRef("microsoft")).as("the primary event").contains(ANA_EVENT);
    assertThat(moved.externalRef("microsoft", ROOM)).contains(ROOM_EVENT);
    assertThat(pending())
        .extracting(OutboxEntry::provider, OutboxEntry::action)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("microsoft", SyncAction.UPDATE));
  }

  @Test
  void aFullReadOfTheHostsMailboxNeverLooksForAnotherMembersEvent() {
    fullRead(ANA_DELTA);
    ms.stubFor(
        get(urlPathEqualTo("/v1.0/me/events/" + ANA_EVENT))
            .willReturn(graphError(404, "ErrorItemNotFound")));

    sync(DR_ANA);

    ms.verify(0, getRequestedFor(urlPathEqualTo("/v1.0/me/events/" + ROOM_EVENT)));
    ms.verify(1, getRequestedFor(urlPathEqualTo("/v1.0/me/events/" + ANA_EVENT)));
    assertThat(current().status())
        .as("the host's copy is gone from its mailbox: all-of, so the appointment is cancelled")
        .isEqualTo(AppointmentStatus.CANCELLED);
    assertThat(pending())
        .extracting(OutboxEntry::provider, OutboxEntry::action)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("microsoft", SyncAction.CANCEL));
  }
}
