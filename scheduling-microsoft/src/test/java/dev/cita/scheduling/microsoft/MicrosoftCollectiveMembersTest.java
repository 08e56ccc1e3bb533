package dev.cita.scheduling.microsoft;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.spi.ConflictCheck;
import dev.cita.scheduling.spi.ResourceCalendar;
import dev.cita.scheduling.sync.OutboxEntry;
import dev.cita.scheduling.sync.SyncAction;
import dev.cita.scheduling.sync.SyncWorker;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A collective appointment against a WireMock Graph (issue 21): the create's idempotency guards
 * (the lookup by Cita's extended property and the {@code transactionId}) are per mailbox, so each
 * member's mailbox gets its own event, and a cancel deletes each member's own event.
 */
class MicrosoftCollectiveMembersTest extends MicrosoftTestSupport {
  private static final String ID = "3b9e1c20-6a4d-4f0e-8c2b-7d5a1e9f0c33";
  private static final String ANA_EVENTS = "/v1.0/me/events";
  private static final String ROOM_EVENTS = "/v1.0/users/sala2@clinica.cl/events";
  private static final String ANA_EVENT = "AAMkAGI2-ana=";
  private static final String ROOM_EVENT = "AAMkAGI2-room=";

  private final InMemoryAppointmentStore appointments = new InMemoryAppointmentStore();

  @BeforeEach
  void connected() {
    connect();
    assignments.save(new ResourceCalendar(CLINIC, ROOM, CONNECTION, "sala2@clinica.cl"));
    for (String events : List.of(ANA_EVENTS, ROOM_EVENTS)) {
      ms.stubFor(get(urlPathEqualTo(events)).willReturn(okJson("{\"value\":[]}")));
    }
    ms.stubFor(post(urlPathEqualTo(ANA_EVENTS)).willReturn(created(ANA_EVENT)));
    ms.stubFor(post(urlPathEqualTo(ROOM_EVENTS)).willReturn(created(ROOM_EVENT)));
    ms.stubFor(
        delete(urlPathEqualTo(ANA_EVENTS + "/" + ANA_EVENT))
            .willReturn(aResponse().withStatus(204)));
    ms.stubFor(
        delete(urlPathEqualTo(ROOM_EVENTS + "/" + ROOM_EVENT))
            .willReturn(aResponse().withStatus(204)));
  }

  private OutboxEntry entry(Appointment a, SyncAction action, long sequence) {
    return OutboxEntry.pending(CLINIC, a.id(), "microsoft", action, sequence, T0);
  }

  @Test
  void eachMembersMailboxGetsItsOwnEventOnceAndACancelDeletesEach() {
    SyncWorker worker =
        SyncWorker.builder()
            .clock(clock)
            .appointmentStore(appointments)
            .provider(provider())
            .build();
    Appointment a = appointment(ID).toBuilder().participants(List.of(ROOM)).build();
    appointments.insert(a, ConflictCheck.none(), List.of(entry(a, SyncAction.CREATE, 0)));

    worker.runOnce();

    for (String events : List.of(ANA_EVENTS, ROOM_EVENTS)) {
      ms.verify(1, getRequestedFor(urlPathEqualTo(events)));
      ms.verify(
          1,
          postRequestedFor(urlPathEqualTo(events))
              .withRequestBody(matchingJsonPath("$.transactionId", equalTo("cita-" + ID))));
    }
    Appointment pushed = appointments.find(CLINIC, AppointmentId.of(ID)).orElseThrow();
    assertThat(pushed.externalRef("microsoft")).contains(ANA_EVENT);
    assertThat(pushed.externalRef("microsoft", DR_ANA)).contains(ANA_EVENT);
    assertThat(pushed.externalRef("microsoft", ROOM)).contains(ROOM_EVENT);
    assertThat(appointments.findByExternalRef(CLINIC, "microsoft", ROOM_EVENT))
        .map(Appointment::id)
        .contains(a.id());

    Appointment cancelled = pushed.toBuilder().status(AppointmentStatus.CANCELLED).build();
    appointments.update(
        cancelled,
        ConflictCheck.none(),
        List.of(entry(cancelled, SyncAction.CANCEL, cancelled.version() + 1)));
    worker.runOnce();

    ms.verify(1, deleteRequestedFor(urlPathEqualTo(ANA_EVENTS + "/" + ANA_EVENT)));
    ms.verify(1, deleteRequestedFor(urlPathEqualTo(ROOM_EVENTS + "/" + ROOM_EVENT)));
  }
}
