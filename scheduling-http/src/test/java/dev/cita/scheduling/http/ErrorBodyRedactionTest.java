package dev.cita.scheduling.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.ProviderException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import okhttp3.FormBody;
import okhttp3.Headers;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, "Cal.com self-hosted base URL … the remote error body is copied into the exception
 * message": whatever the remote side echoes, the exception (and so every log line made of it) keeps
 * no credential, token, e-mail, phone or account number, and stays short.
 */
class ErrorBodyRedactionTest {
  private static final String API_KEY = "cal_live_0123456789abcdef0123456789abcdef";
  private static final Request GET =
      new Request.Builder()
          .url("https://cal.branch.example/v2/bookings?take=10")
          .header("Authorization", "Bearer " + API_KEY)
          .build();
  private final ErrorMapper calcom =
      ErrorMapper.builder("calcom").format(ErrorFormat.calcom()).build();

  private ProviderException map(Request request, String message, String code) {
    String body =
        "{\"status\":\"error\",\"error\":{\"code\":\""
            + code
            + "\",\"message\":\""
            + message
            + "\"}}";
    return calcom.map(request, 400, Headers.of(), body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theCredentialTheRequestWasSentWithIsRemovedEvenWithoutAnyMarkerAroundIt() {
    ProviderException e =
        map(
            GET,
            "key " + API_KEY + " is not allowed for this event type (was " + API_KEY + ")",
            "Forbidden " + API_KEY);
    assertThat(e.getMessage())
        .doesNotContain(API_KEY)
        .doesNotContain("0123456789abcdef")
        .contains("not allowed");
    assertThat(e.providerCode())
        .hasValueSatisfying(c -> assertThat(c).doesNotContain(API_KEY).startsWith("Forbidden"));
  }

  @Test
  void shortCredentialsWithoutTokenShapeAreRemovedToo() {
    Request basic =
        new Request.Builder()
            .url("https://cal.branch.example/v2/me")
            .header("Authorization", "Bearer sk-77")
            .build();
    assertThat(map(basic, "token sk-77 revoked", "E").getMessage())
        .doesNotContain("sk-77")
        .contains("revoked");
  }

  @Test
  void emailsPhonesAccountNumbersAndTokenLikeStringsAreRedacted() {
    String message =
        "attendee camila.rojas+test@clinica.cl (phone 569 1234 5678, +56912345678) already booked;"
            + " session eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0 expired";
    String shown = map(GET, message, "Conflict").getMessage();
    assertThat(shown)
        .doesNotContain(
            "camila",
            "clinica.cl",
            "1234 5678",
            "12345678",
            "eyJhbGciOiJIUzI1NiJ9",
            "MjM0NTY3ODkwIn0")
        .contains("already booked", "expired", Redaction.REDACTED);
  }

  @Test
  void theSecretsOfAnOAuthTokenRequestFormAreRemovedFromItsError() {
    Request token =
        new Request.Builder()
            .url("https://cal.branch.example/v2/auth/oauth2/token")
            .post(
                new FormBody.Builder()
                    .add("client_secret", "cs-shh")
                    .add("refresh_token", "rt-very-secret")
                    .add("grant_type", "refresh_token")
                    .build())
            .build();
    String shown =
        map(token, "refresh token rt-very-secret for client cs-shh is invalid", "invalid_grant")
            .getMessage();
    assertThat(shown).doesNotContain("rt-very-secret", "cs-shh").contains("is invalid");
  }

  @Test
  void aHugeMessageIsCutAndControlCharactersDoNotSurvive() {
    ProviderException e =
        map(GET, "boom\\n2026-03-01 INFO forged " + "x".repeat(100_000), "c\\u0000ode");
    assertThat(e.getMessage())
        .hasSizeLessThan(ErrorMapper.MAX_EXCERPT_CHARS + 100)
        .doesNotContain("\n");
    assertThat(e.providerCode()).hasValueSatisfying(c -> assertThat(c).doesNotContain("\u0000"));
    assertThat(map(GET, "y".repeat(10_000), "z".repeat(10_000)).providerCode())
        .hasValueSatisfying(
            c -> assertThat(c).hasSizeLessThanOrEqualTo(ErrorMapper.MAX_CODE_CHARS));
  }

  @Test
  void ordinaryMessagesAndShortIdsStayReadable() {
    ProviderException e =
        map(
            GET,
            "Event type 1234567 not found for booking 7f1c9a52-3d1e-4c55-9a57-2b1e8f0c4d11"
                + " on 2026-03-04 at 13:00",
            "NotFoundException");
    assertThat(e.getMessage())
        .contains("Event type 1234567 not found", "7f1c9a52-3d1e-4c55", "on 2026-03-04 at 13:00");
    assertThat(e.providerCode()).contains("NotFoundException");
    assertThat(Redaction.redactErrorText("hello", 200, List.of())).isEqualTo("hello");
  }
}
