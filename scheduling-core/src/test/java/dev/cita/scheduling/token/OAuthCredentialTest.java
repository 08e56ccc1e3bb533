package dev.cita.scheduling.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OAuthCredentialTest {
  private static final Instant EXPIRY = Instant.parse("2026-03-02T13:00:00Z");
  private static final String ACCESS = "ya29.access-SECRET";
  private static final String REFRESH = "1//refresh-SECRET";

  private static OAuthCredential.Builder full() {
    return OAuthCredential.builder("google", "agenda@clinica.cl", ACCESS)
        .accountEmail("agenda@clinica.cl")
        .refreshToken(REFRESH)
        .expiresAt(EXPIRY)
        .scopes(Set.of("calendar.events", "calendar.readonly"));
  }

  @Test
  void builderKeepsEveryFieldAndToBuilderCopiesThemAll() {
    OAuthCredential credential = full().build();

    assertThat(credential.provider()).isEqualTo("google");
    assertThat(credential.accountId()).isEqualTo("agenda@clinica.cl");
    assertThat(credential.accountEmail()).contains("agenda@clinica.cl");
    assertThat(credential.accessToken()).isEqualTo(ACCESS);
    assertThat(credential.refreshToken()).contains(REFRESH);
    assertThat(credential.expiresAt()).contains(EXPIRY);
    assertThat(credential.scopes())
        .containsExactlyInAnyOrder("calendar.events", "calendar.readonly");
    assertThat(credential.toBuilder().build()).isEqualTo(credential);
  }

  @Test
  void optionalFieldsAreAbsentByDefault() {
    OAuthCredential credential = OAuthCredential.builder("calendly", "user-1", ACCESS).build();

    assertThat(credential.accountEmail()).isEmpty();
    assertThat(credential.refreshToken()).isEmpty();
    assertThat(credential.expiresAt()).isEmpty();
    assertThat(credential.scopes()).isEmpty();
  }

  @Test
  void blankRefreshTokenIsRejectedNamingTheField() {
    assertThatThrownBy(() -> full().refreshToken(" ").build())
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.field()).isEqualTo("credential.refreshToken"));
  }

  @Test
  void equalCredentialsAreEqualWithTheSameHashCode() {
    OAuthCredential a = full().build();
    OAuthCredential b = full().scopes(Set.of("calendar.readonly", "calendar.events")).build();

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(ACCESS).isNotEqualTo(null);
  }

  @Test
  void everyFieldMattersForEquality() {
    OAuthCredential base = full().build();
    List<OAuthCredential> others =
        List.of(
            full().provider("calendly").build(),
            full().accountId("otra@clinica.cl").build(),
            full().accountEmail(null).build(),
            full().accessToken("ya29.other-SECRET").build(),
            full().refreshToken(null).build(),
            full().expiresAt(EXPIRY.plusSeconds(1)).build(),
            full().scopes(Set.of("calendar.events")).build());

    for (OAuthCredential other : others) {
      assertThat(base).isNotEqualTo(other);
      assertThat(other).isNotEqualTo(base);
    }
  }

  @Test
  void hashCodeTellsProviderAccountAndAccessTokenApart() {
    int base = full().build().hashCode();

    assertThat(full().provider("calendly").build().hashCode()).isNotEqualTo(base);
    assertThat(full().accountId("otra@clinica.cl").build().hashCode()).isNotEqualTo(base);
    assertThat(full().accessToken("ya29.other-SECRET").build().hashCode()).isNotEqualTo(base);
  }

  @Test
  void toStringShowsTheNonSecretFieldsAndNeverAToken() {
    OAuthCredential withRefresh = full().build();
    OAuthCredential withoutRefresh = full().refreshToken(null).build();

    assertThat(withRefresh.toString())
        .isEqualTo(
            "OAuthCredential{provider=google, account=agenda@clinica.cl, accessToken=[redacted],"
                + " refreshToken=[redacted], expiresAt=2026-03-02T13:00:00Z,"
                + " scopes=[calendar.events, calendar.readonly]}")
        .doesNotContain("SECRET");
    assertThat(withoutRefresh.toString()).contains("refreshToken=none").doesNotContain("SECRET");
  }
}
