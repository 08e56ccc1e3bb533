package dev.cita.scheduling.calcom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.http.BaseUrlPolicy;
import dev.cita.scheduling.memory.InMemoryAuthorizationStateStore;
import dev.cita.scheduling.token.AuthorizationFlow;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 14, "Cal.com self-hosted base URL": any http(s) URL was accepted, so the API key could go
 * in clear or to a cloud metadata address. Every place a Cal.com root is configured now refuses
 * these unless the application widens the policy.
 */
class CalComBaseUrlTest {
  private static final Clock CLOCK = Clock.fixed(Fixtures.NOW, ZoneOffset.UTC);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://cal.branch.example/",
        "https://169.254.169.254/",
        "https://localhost/",
        "https://10.1.2.3/",
        "https://2130706433/",
        "https://admin:pw@cal.branch.example/",
        "https://[::1]/"
      })
  void unsafeRootsAreRefusedByDefaultEverywhereNamingTheField(String url) {
    assertField(
        () -> CalComTenant.builder(Fixtures.BRANCH, "1").baseUrl(url).build(),
        "calcomTenant.baseUrl");
    assertField(() -> CalComAccess.of(Fixtures.BRANCH, url, () -> "key"), "access.baseUrl");
    assertField(
        () ->
            CalComOAuth.builder("id", "secret", "https://app.example/cb")
                .apiBaseUrl(url)
                .client(CalComClient.builder().build())
                .flow(AuthorizationFlow.create(new InMemoryAuthorizationStateStore(CLOCK), CLOCK))
                .build(),
        "calcomOAuth.apiBaseUrl");
  }

  @Test
  void aSelfHostedCalComOnTheSameNetworkIsAllowedOnlyWhenTheApplicationSaysSo() {
    BaseUrlPolicy lan = BaseUrlPolicy.publicHttps().allowPrivateNetwork().allowInsecureHttp();
    CalComTenant branch =
        CalComTenant.builder(Fixtures.BRANCH, "1")
            .baseUrl("http://10.1.2.3:3000/api")
            .baseUrlPolicy(lan)
            .build();
    assertThat(branch.baseUrl()).isEqualTo("http://10.1.2.3:3000/api/");
    assertThat(branch.baseUrlPolicy()).isEqualTo(lan);
    assertThat(
            CalComAccess.of(Fixtures.BRANCH, "http://localhost:3000", lan, () -> "key")
                .baseUrl()
                .host())
        .isEqualTo("localhost");
    assertField(
        () ->
            CalComTenant.builder(Fixtures.BRANCH, "1")
                .baseUrl("https://169.254.169.254/")
                .baseUrlPolicy(lan)
                .build(),
        "calcomTenant.baseUrl");
    assertThat(CalComTenant.builder(Fixtures.BRANCH, "1").build().baseUrl())
        .isEqualTo(CalComClient.DEFAULT_BASE_URL);
  }

  private static void assertField(Runnable action, String field) {
    assertThatThrownBy(action::run)
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo(field));
  }
}
