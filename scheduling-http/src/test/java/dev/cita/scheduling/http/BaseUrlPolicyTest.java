package dev.cita.scheduling.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 14, "Cal.com self-hosted base URL": what an API root may be by default, and what opts in.
 */
class BaseUrlPolicyTest {
  private static final BaseUrlPolicy STRICT = BaseUrlPolicy.publicHttps();
  private static final BaseUrlPolicy LAN = STRICT.allowPrivateNetwork().allowInsecureHttp();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://api.cal.com/",
        "https://cal.clinic.example/api/v1/",
        "https://cal.example:8443/",
        "https://8.8.8.8/",
        "https://[2001:4860:4860::8888]/"
      })
  void publicHttpsRootsAreAccepted(String url) {
    assertThat(STRICT.check(url, "baseUrl").toString()).startsWith("https://");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://api.cal.com/", "http://cal.clinic.example/"})
  void plainHttpIsRefusedByDefault(String url) {
    assertRefused(STRICT, url, "must use https");
    assertThat(STRICT.allowInsecureHttp().check(url, "baseUrl").isHttps()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://user:pass@cal.example/",
        "https://user@cal.example/",
        "https://:pw@cal.example/"
      })
  void userInfoIsAlwaysRefused(String url) {
    assertRefused(STRICT, url, "user info");
    assertRefused(LAN, url, "user info");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://localhost/",
        "https://LOCALHOST./",
        "https://cal.localhost/",
        "https://127.0.0.1/",
        "https://127.8.9.10:3000/",
        "https://[::1]/",
        "https://[::ffff:127.0.0.1]/",
        "https://10.0.0.5/",
        "https://172.16.0.1/",
        "https://172.31.255.255/",
        "https://192.168.1.20/",
        "https://100.64.0.1/",
        "https://[fd00::1]/",
        "https://[fc12:3456::1]/"
      })
  void loopbackAndPrivateAddressesNeedTheExplicitOptIn(String url) {
    assertRefused(STRICT, url, "allowPrivateNetwork()");
    assertThat(STRICT.allowPrivateNetwork().check(url, "baseUrl")).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://169.254.169.254/latest/meta-data/",
        "https://169.254.0.1/",
        "https://[fe80::1]/",
        "https://224.0.0.1/",
        "https://[ff02::1]/",
        "https://0.0.0.0/",
        "https://[::]/",
        "https://255.255.255.255/",
        "https://0.1.2.3/"
      })
  void linkLocalMulticastBroadcastAndWildcardAreRefusedEvenWhenPrivateNetworksAreAllowed(
      String url) {
    assertRefused(STRICT, url, "link-local");
    assertRefused(LAN, url, "link-local");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://2130706433/",
        "https://0x7f.1/",
        "https://127.1/",
        "https://017700000001/",
        "https://0177.0.0.1/",
        "https://0/",
        "https://1.2.3/",
        "https://cal.example.0x1/"
      })
  void numericHostsInNonStandardFormsAreAlwaysRefused(String url) {
    assertRefused(STRICT, url, "non-standard form");
    assertRefused(LAN, url, "non-standard form");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://cal.example/?token=x",
        "https://cal.example/#frag",
        "ftp://cal.example/",
        "not a url",
        "javascript:alert(1)"
      })
  void queryFragmentAndOtherSchemesAreRefused(String url) {
    assertThatThrownBy(() -> LAN.check(url, "baseUrl"))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("baseUrl"));
  }

  @Test
  void theWireMockRootOfTheTestsNeedsBothOptIns() {
    String wireMock = "http://localhost:8089";
    assertRefused(STRICT, wireMock, "https");
    assertRefused(STRICT.allowInsecureHttp(), wireMock, "allowPrivateNetwork()");
    assertThat(LAN.check(wireMock, "baseUrl").port()).isEqualTo(8089);
    assertThat(LAN)
        .isEqualTo(BaseUrlPolicy.publicHttps().allowInsecureHttp().allowPrivateNetwork());
  }

  private static void assertRefused(BaseUrlPolicy policy, String url, String reason) {
    assertThatThrownBy(() -> policy.check(url, "calcomTenant.baseUrl"))
        .as(url)
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("calcomTenant.baseUrl"))
        .hasMessageContaining(reason);
  }
}
