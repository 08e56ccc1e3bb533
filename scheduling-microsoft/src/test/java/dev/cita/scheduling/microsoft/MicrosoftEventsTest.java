package dev.cita.scheduling.microsoft;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.moreThanOrExactly;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.http.Fault;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MicrosoftEventsTest extends MicrosoftTestSupport {
  private static final String EVENTS = "/v1.0/me/events";
  private static final String ID = "7c1e6a52-0d1b-4f5e-9d3a-2b8f0c4e6a11";
  private static final String EVENT_ID = "AAMkADAwATM0MDAAMS1iNTcwLWNhAAA=";

  @BeforeEach
  void connected() {
    connect();
  }

  private void stubLookup(String state, String answer) {
    // learn.microsoft.com/graph/api/singlevaluelegacyextendedproperty-get, "Get resource
    // instances using a filter on a single-value property".
    ms.stubFor(
        get(urlPathEqualTo(EVENTS))
            .withQueryParam("$filter", equalTo(GraphEvents.filterFor(AppointmentId.of(ID))))
            .inScenario("lost")
            .whenScenarioStateIs(state)
            .willReturn(okJson(answer)));
  }

  @Test
  void aCreateWhoseAnswerIsLostIsFoundByItsPropertyOnRetryAndBookedOnce() {
    stubLookup(STARTED, "{\"value\":[]}");
    stubLookup("booked", "{\"value\":[{\"id\":\"" + EVENT_ID + "\"}]}");
    // learn.microsoft.com/graph/api/user-post-events: Graph created the event, but the connection
    // broke before its 201 arrived.
    ms.stubFor(
        post(urlEqualTo(EVENTS))
            .inScenario("lost")
            .whenScenarioStateIs(STARTED)
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
            .willSetStateTo("booked"));
    MicrosoftCalendarProvider provider = provider();
    Appointment a = appointment(ID);

    ProviderException lost =
        catchThrowableOfType(ProviderException.class, () -> provider.createEvent(a));
    String retried = provider.createEvent(a);

    assertThat(lost.isOutcomeUnknown()).isTrue();
    assertThat(lost.isRetryable()).isTrue();
    assertThat(retried).isEqualTo(EVENT_ID);
    ms.verify(1, postRequestedFor(urlEqualTo(EVENTS)));
    ms.verify(
        postRequestedFor(urlEqualTo(EVENTS))
            .withRequestBody(matchingJsonPath("$.transactionId", equalTo("cita-" + ID))));
    // The lookups: at least one per create (a GET on a connection the reset broke is sent again).
    ms.verify(moreThanOrExactly(2), getRequestedFor(urlPathEqualTo(EVENTS)));
  }

  @Test
  void invitedAttendeesGetTheEventAndItsCancellationWithAComment() {
    stubLookup(STARTED, "{\"value\":[]}");
    ms.stubFor(post(urlEqualTo(EVENTS)).willReturn(created(EVENT_ID)));
    // learn.microsoft.com/graph/api/event-cancel: 202 Accepted, no body.
    ms.stubFor(
        post(urlEqualTo(EVENTS + "/" + EVENT_ID + "/cancel"))
            .willReturn(aResponse().withStatus(202)));
    MicrosoftCalendarProvider provider =
        providerBuilder().inviteAttendees(true, "La cita fue cancelada").build();
    Appointment a = appointment(ID);

    String id = provider.createEvent(a);
    provider.cancelEvent(a, id);

    ms.verify(
        postRequestedFor(urlEqualTo(EVENTS))
            .withRequestBody(
                matchingJsonPath(
                    "$.attendees[0].emailAddress.address", equalTo("maria@example.com")))
            .withRequestBody(matchingJsonPath("$.attendees[0].type", equalTo("required")))
            .withRequestBody(
                matchingJsonPath("$.location.displayName", equalTo("Av. Providencia 1234"))));
    ms.verify(
        postRequestedFor(urlEqualTo(EVENTS + "/" + EVENT_ID + "/cancel"))
            .withRequestBody(equalToJson("{\"comment\":\"La cita fue cancelada\"}")));
  }

  @Test
  void withoutInvitationsTheEventHasNoAttendees() {
    stubLookup(STARTED, "{\"value\":[]}");
    ms.stubFor(post(urlEqualTo(EVENTS)).willReturn(created(EVENT_ID)));

    provider().createEvent(appointment(ID));

    ms.verify(
        postRequestedFor(urlEqualTo(EVENTS))
            .withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.notContaining("attendees")));
  }
}
