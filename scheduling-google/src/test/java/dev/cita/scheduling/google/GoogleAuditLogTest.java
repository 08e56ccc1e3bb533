package dev.cita.scheduling.google;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.memory.InMemoryAuditLog;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.spi.AuditEntry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every Calendar API call the provider makes is one API log entry, as for Cal.com and Calendly. */
class GoogleAuditLogTest extends GoogleTestSupport {
  private static final String APPOINTMENT = "7f1c9a52-3d1e-4c55-9a57-2b1e8f0c4d11";
  private static final String EVENT_ID =
      GoogleEventIds.forAppointment(AppointmentId.of(APPOINTMENT));
  private static final String EVENTS = "/calendar/v3/calendars/primary/events";

  private final InMemoryAuditLog audit = new InMemoryAuditLog();
  private GoogleCalendarProvider provider;

  @BeforeEach
  void setUp() {
    connect();
    provider =
        GoogleCalendarProvider.builder(config)
            .credentialManager(credentials)
            .calendars(calendars)
            .clock(clock)
            .sleeper(
                d -> {
                  sleeps.add(d);
                  clock.advance(d);
                })
            .random(new Random(7))
            .auditLog(audit)
            .build();
  }

  @Test
  void aSuccessfulInsertAndAFailedDeleteAreEachOneEntry() {
    google.stubFor(
        post(urlPathEqualTo(EVENTS))
            .willReturn(okJson("{\"id\":\"" + EVENT_ID + "\",\"status\":\"confirmed\"}")));
    google.stubFor(
        delete(urlPathEqualTo(EVENTS + "/" + EVENT_ID)).willReturn(googleError(403, "forbidden")));

    provider.createEvent(appointment(APPOINTMENT, AppointmentStatus.SCHEDULED));
    assertThatThrownBy(
            () ->
                provider.cancelEvent(
                    appointment(APPOINTMENT, AppointmentStatus.CANCELLED), EVENT_ID))
        .isInstanceOf(ProviderException.class);

    assertThat(audit.recent(CLINIC, 10))
        .containsExactly(
            new AuditEntry(
                T0,
                Optional.of(CLINIC),
                "google",
                AuditEntry.Direction.OUTBOUND,
                "events.delete",
                AuditEntry.Outcome.FAILURE,
                403,
                Optional.of("forbidden"),
                Duration.ZERO),
            new AuditEntry(
                T0,
                Optional.of(CLINIC),
                "google",
                AuditEntry.Direction.OUTBOUND,
                "events.insert",
                AuditEntry.Outcome.SUCCESS,
                0,
                Optional.empty(),
                Duration.ZERO));
  }

  @Test
  void retriesAreOneEntryWhoseLatencyCoversTheWaits() {
    google.stubFor(
        post(urlPathEqualTo(EVENTS))
            .inScenario("busy")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(googleError(503, "backendError"))
            .willSetStateTo("ok"));
    google.stubFor(
        post(urlPathEqualTo(EVENTS))
            .inScenario("busy")
            .whenScenarioStateIs("ok")
            .willReturn(okJson("{\"id\":\"" + EVENT_ID + "\",\"status\":\"confirmed\"}")));

    provider.createEvent(appointment(APPOINTMENT, AppointmentStatus.SCHEDULED));

    google.verify(2, postRequestedFor(urlPathEqualTo(EVENTS)));
    List<AuditEntry> entries = audit.recent(CLINIC, 10);
    assertThat(entries).hasSize(1);
    assertThat(entries.get(0).operation()).isEqualTo("events.insert");
    assertThat(entries.get(0).outcome()).isEqualTo(AuditEntry.Outcome.SUCCESS);
    assertThat(entries.get(0).at()).isEqualTo(T0);
    assertThat(entries.get(0).latency()).isEqualTo(sleeps.get(0)).isPositive();
  }

  @Test
  void aRefreshedTokenIsOneEntryAndNoEntryHoldsATokenOrContact() {
    google.stubFor(
        post(urlPathEqualTo(EVENTS))
            .inScenario("expired")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(401))
            .willSetStateTo("refreshed"));
    google.stubFor(
        post(urlPathEqualTo(EVENTS))
            .inScenario("expired")
            .whenScenarioStateIs("refreshed")
            .willReturn(okJson("{\"id\":\"" + EVENT_ID + "\",\"status\":\"confirmed\"}")));
    google.stubFor(
        post(urlPathEqualTo("/token"))
            .willReturn(
                okJson(
                    "{\"access_token\":\"ya29.new-SECRET\",\"expires_in\":3599,"
                        + "\"token_type\":\"Bearer\"}")));

    provider.createEvent(appointment(APPOINTMENT, AppointmentStatus.SCHEDULED));

    List<AuditEntry> entries = audit.recent(CLINIC, 10);
    assertThat(entries).extracting(AuditEntry::operation).containsExactly("events.insert");
    assertThat(entries.get(0).outcome()).isEqualTo(AuditEntry.Outcome.SUCCESS);
    assertThat(entries.toString())
        .doesNotContain("SECRET")
        .doesNotContain("maria")
        .doesNotContain("912345678")
        .doesNotContain(EMAIL);
  }
}
