package dev.cita.scheduling.google;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.google.GoogleGrant.Limitation;
import dev.cita.scheduling.google.GoogleSyncScheduler.Round;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.token.AuthorizationStateException;
import dev.cita.scheduling.token.ConnectionStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, "Google partial grants": users can untick single scopes on Google's consent screen, and
 * the code-exchange answer's {@code scope} then lists only what they granted
 * (developers.google.com/identity/protocols/oauth2/resources/granular-permissions). One test per
 * combination of the two calendar scopes; the sign-in scopes ({@code openid email}) are consented
 * on their own page, before the granular one, so they are granted in every case here.
 */
class GooglePartialGrantTest extends GoogleTestSupport {
  private static final String EVENTS_PATH = "/calendar/v3/calendars/primary/events";
  private static final TimeInterval MARCH =
      TimeInterval.of(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-04-01T00:00:00Z"));
  private static final TimeInterval DENTIST =
      TimeInterval.of(Instant.parse("2026-03-10T15:00:00Z"), Instant.parse("2026-03-10T16:00:00Z"));

  @BeforeEach
  void patientConfig() {
    // WireMock's first answer in a fresh JVM can take seconds on a busy machine; these tests are
    // not
    // about timeouts, so they wait longer than the shared 2 s.
    config = configBuilder().readTimeout(Duration.ofSeconds(15)).build();
  }

  private GoogleOAuth oauth() {
    return GoogleOAuth.builder(config)
        .credentialManager(credentials)
        .authorizationStates(states)
        .clock(clock)
        .build();
  }

  /** Runs the consent round trip with Google granting these scopes. */
  private String grantOnly(String... calendarScopes) {
    String[] granted = new String[calendarScopes.length + 2];
    granted[0] = "openid";
    granted[1] = USERINFO_EMAIL;
    System.arraycopy(calendarScopes, 0, granted, 2, calendarScopes.length);
    google.stubFor(post("/token").willReturn(okJson(tokenResponse(idToken(EMAIL, true), granted))));
    return oauth().authorizationUrl(CLINIC).state();
  }

  @Test
  void eventsAndFreeBusyGrantedConnectsWithNothingMissing() {
    GoogleOAuth oauth = oauth();
    String state = grantOnly(GoogleConfig.SCOPE_EVENTS, GoogleConfig.SCOPE_FREEBUSY);

    assertThat(oauth.completeAuthorization(state, "code")).isEqualTo(CONNECTION);

    GoogleGrant grant = oauth.grant(CONNECTION);
    assertThat(grant.canBook()).isTrue();
    assertThat(grant.canReadFreeBusy()).isTrue();
    assertThat(grant.limitations()).isEmpty();
    assertThat(grant.missingScopes()).isEmpty();
  }

  @Test
  void eventsWithoutFreeBusyConnectsAndBooksWithBusyTimeFromEventsSyncOnly() {
    GoogleOAuth oauth = oauth();
    String state = grantOnly(GoogleConfig.SCOPE_EVENTS);

    assertThat(oauth.completeAuthorization(state, "code")).isEqualTo(CONNECTION);

    assertThat(credentials.status(CONNECTION).status()).isEqualTo(ConnectionStatus.CONNECTED);
    GoogleGrant grant = oauth.grant(CONNECTION);
    assertThat(grant.canBook()).isTrue();
    assertThat(grant.canReadFreeBusy()).isFalse();
    assertThat(grant.limitations()).containsExactly(Limitation.NO_FREE_BUSY);
    assertThat(grant.missingScopes()).containsExactly(GoogleConfig.SCOPE_FREEBUSY);
    assertThat(Limitation.NO_FREE_BUSY.effect()).contains("only from the calendar's events");

    // Degraded as the limitation says: no free/busy query ever (Google would answer 403), busy time
    // unknown until the first sync, then read from the events.
    calendars.assign(CLINIC, DR_ANA, CONNECTION, "primary");
    GoogleCalendarProvider provider = provider();
    FreeBusyResult refreshed = provider.refreshBusy(CLINIC, DR_ANA, MARCH);
    assertThat(refreshed.errors())
        .containsEntry(DR_ANA, GoogleCalendarProvider.FREE_BUSY_NOT_GRANTED);
    assertThatThrownBy(() -> provider.busy(CLINIC, DR_ANA, MARCH))
        .isInstanceOfSatisfying(
            ProviderException.class, e -> assertThat(e.providerCode()).contains("busyUnknown"));

    google.stubFor(
        get(urlPathEqualTo(EVENTS_PATH))
            .willReturn(
                okJson(
                    """
                    {"kind":"calendar#events","timeZone":"America/Santiago","nextSyncToken":"sync-1","items":[
                      {"id":"dentist1","status":"confirmed","start":{"dateTime":"2026-03-10T15:00:00Z"},"end":{"dateTime":"2026-03-10T16:00:00Z"}}]}\
                    """)));
    Round round = GoogleSyncScheduler.builder(provider).build().runOnce();

    assertThat(round)
        .as("synced, no free/busy refresh, nothing failed")
        .isEqualTo(new Round(0, 0, 1, 0, 0, 0));
    google.verify(0, postRequestedFor(urlEqualTo("/calendar/v3/freeBusy")));
    google.verify(1, getRequestedFor(urlPathEqualTo(EVENTS_PATH)));
    assertThat(provider.busy(CLINIC, DR_ANA, MARCH)).containsExactly(DENTIST);
  }

  @Test
  void freeBusyWithoutEventsIsRefusedNamingTheMissingScopeAndStoresNothing() {
    GoogleOAuth oauth = oauth();
    String state = grantOnly(GoogleConfig.SCOPE_FREEBUSY);

    assertThatThrownBy(() -> oauth.completeAuthorization(state, "code"))
        .isInstanceOfSatisfying(
            GoogleScopeNotGrantedException.class,
            e -> {
              assertThat(e.field()).isEqualTo("scope");
              assertThat(e.missingScopes()).containsExactly(GoogleConfig.SCOPE_EVENTS);
              assertThat(e.getMessage())
                  .contains(GoogleConfig.SCOPE_EVENTS)
                  .contains("cannot book")
                  .doesNotContain(GoogleConfig.SCOPE_FREEBUSY)
                  .doesNotContain("SECRET");
            });

    assertThat(tokens.list(CLINIC)).isEmpty();
    assertThat(credentials.status(CONNECTION).status()).isEqualTo(ConnectionStatus.NOT_CONNECTED);
    google.verify(0, getRequestedFor(urlPathMatching("/calendar/.*")));
    assertThatThrownBy(() -> oauth.completeAuthorization(state, "code"))
        .as("the state is used up")
        .isInstanceOf(AuthorizationStateException.class);
  }

  @Test
  void neitherCalendarScopeIsRefusedNamingBoth() {
    GoogleOAuth oauth = oauth();
    String state = grantOnly();

    assertThatThrownBy(() -> oauth.completeAuthorization(state, "code"))
        .isInstanceOfSatisfying(
            GoogleScopeNotGrantedException.class,
            e -> {
              assertThat(e.missingScopes())
                  .containsExactly(GoogleConfig.SCOPE_EVENTS, GoogleConfig.SCOPE_FREEBUSY);
              assertThat(e.getMessage())
                  .contains(GoogleConfig.SCOPE_EVENTS)
                  .contains(GoogleConfig.SCOPE_FREEBUSY);
            });
    assertThat(tokens.list(CLINIC)).isEmpty();
    google.verify(1, postRequestedFor(anyUrl()));
  }

  @Test
  void aBroaderCalendarScopeCountsForWhatItCovers() {
    assertThat(GoogleGrant.of(java.util.List.of(GoogleGrant.SCOPE_CALENDAR)).limitations())
        .isEmpty();
    assertThat(
            GoogleGrant.of(
                    java.util.List.of(
                        GoogleConfig.SCOPE_EVENTS, GoogleGrant.SCOPE_CALENDAR_READONLY))
                .limitations())
        .isEmpty();
    assertThat(GoogleGrant.of(java.util.List.of(GoogleGrant.SCOPE_CALENDAR_READONLY)).limitations())
        .containsExactly(Limitation.NO_EVENTS);
  }
}
