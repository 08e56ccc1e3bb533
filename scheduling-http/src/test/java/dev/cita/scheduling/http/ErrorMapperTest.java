package dev.cita.scheduling.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.ProviderException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import okhttp3.Headers;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

class ErrorMapperTest {
  private static final Request POST =
      new Request.Builder()
          .url(
              "https://api.example.test/2010-04-01/Accounts/AC1/Messages.json?access_token=tok-secret")
          .header("Authorization", "Basic QUMxOnNlY3JldA==")
          .post(okhttp3.RequestBody.create(new byte[0], null))
          .build();

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void twilioCodeMessageAndRequestId() {
    ErrorMapper m = ErrorMapper.builder("twilio").format(ErrorFormat.twilio()).build();
    ProviderException e =
        m.map(
            POST,
            400,
            Headers.of("Twilio-Request-Id", "RQ123"),
            utf8(
                "{\"code\":21211,\"message\":\"The 'To' number +15005550001 is not a valid phone"
                    + " number.\","
                    + "\"more_info\":\"https://www.twilio.com/docs/errors/21211\",\"status\":400}"));
    assertThat(e.provider()).isEqualTo("twilio");
    assertThat(e.httpStatus()).hasValue(400);
    assertThat(e.providerCode()).contains("21211");
    assertThat(e.requestId()).contains("RQ123");
    assertThat(e.isRetryable()).isFalse();
    assertThat(e.retryAfter()).isEmpty();
    assertThat(e.getMessage())
        .contains(
            "POST /2010-04-01/Accounts/AC1/Messages.json failed",
            "not a valid phone number",
            "+********001",
            "HTTP 400",
            "[21211]",
            "request-id=RQ123")
        .doesNotContain("15005550001", "tok-secret", "QUMxOnNlY3JldA", "access_token");
  }

  @Test
  void googleReasonFromTheErrorsArray() {
    ErrorMapper m = ErrorMapper.builder("google").format(ErrorFormat.google()).build();
    ProviderException e =
        m.map(
            POST,
            403,
            Headers.of("X-Goog-Request-Id", "g-1"),
            utf8(
                "{\"error\":{\"code\":403,\"message\":\"Rate Limit"
                    + " Exceeded\",\"status\":\"PERMISSION_DENIED\","
                    + "\"errors\":[{\"domain\":\"usageLimits\",\"reason\":\"rateLimitExceeded\"}]}}"));
    assertThat(e.providerCode()).contains("rateLimitExceeded");
    assertThat(e.requestId()).contains("g-1");
    assertThat(e.getMessage()).contains("Rate Limit Exceeded");
  }

  @Test
  void calendlyTitle() {
    ErrorMapper m = ErrorMapper.builder("calendly").format(ErrorFormat.calendly()).build();
    ProviderException e =
        m.map(
            POST,
            404,
            Headers.of("X-Request-Id", "c-1"),
            utf8(
                "{\"title\":\"Resource Not Found\",\"message\":\"The server could not find the"
                    + " requested resource.\"}"));
    assertThat(e.providerCode()).contains("Resource Not Found");
    assertThat(e.requestId()).contains("c-1");
  }

  @Test
  void calendlyDetailsNameTheParameters() {
    ErrorMapper m = ErrorMapper.builder("calendly").format(ErrorFormat.calendly()).build();
    ProviderException e =
        m.map(
            POST,
            400,
            Headers.of(),
            utf8(
                "{\"title\":\"Invalid Argument\",\"message\":\"The supplied parameters are"
                    + " invalid.\",\"details\":[{\"parameter\":\"start_time\",\"message\":\"must be"
                    + " in the future\"},{\"parameter\":\"invitee.email\",\"message\":\"is"
                    + " invalid\"}]}"));
    assertThat(e.providerCode()).contains("Invalid Argument");
    assertThat(e.getMessage())
        .contains(
            "The supplied parameters are invalid. "
                + "(start_time: must be in the future; invitee.email: is invalid)");
  }

  @Test
  void rateLimitResetHeaderIsTheWaitOnA429WithoutRetryAfter() {
    ErrorMapper m =
        ErrorMapper.builder("calendly")
            .format(ErrorFormat.calendly())
            .rateLimitResetHeader("X-RateLimit-Reset")
            .build();
    ProviderException limited =
        m.map(
            POST,
            429,
            Headers.of(
                "X-RateLimit-Limit",
                "500",
                "X-RateLimit-Remaining",
                "0",
                "X-RateLimit-Reset",
                "42"),
            utf8("{}"));
    assertThat(limited.isRetryable()).isTrue();
    assertThat(limited.retryAfter()).contains(Duration.ofSeconds(42));

    ProviderException both =
        m.map(POST, 429, Headers.of("X-RateLimit-Reset", "42", "Retry-After", "7"), utf8("{}"));
    assertThat(both.retryAfter()).contains(Duration.ofSeconds(7));

    ProviderException unavailable =
        m.map(POST, 503, Headers.of("X-RateLimit-Reset", "42"), utf8("{}"));
    assertThat(unavailable.retryAfter()).isEmpty();

    ProviderException withoutHook =
        ErrorMapper.builder("other")
            .build()
            .map(POST, 429, Headers.of("X-RateLimit-Reset", "42"), utf8("{}"));
    assertThat(withoutHook.retryAfter()).isEmpty();
  }

  @Test
  void calcomErrorCode() {
    ErrorMapper m = ErrorMapper.builder("calcom").format(ErrorFormat.calcom()).build();
    ProviderException e =
        m.map(
            POST,
            400,
            Headers.of(),
            utf8(
                "{\"status\":\"error\",\"timestamp\":\"2026-11-21T10:00:00Z\",\"path\":\"/v2/bookings\",\"error\":{\"code\":\"BadRequestException\",\"message\":\"start"
                    + " must be in the future\"}}"));
    assertThat(e.providerCode()).contains("BadRequestException");
    assertThat(e.requestId()).isEmpty();
  }

  @Test
  void retryableStatusCarriesRetryAfterAsSecondsOrDate() {
    Clock clock = Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC);
    ErrorMapper m = ErrorMapper.builder("calcom").clock(clock).build();
    ProviderException seconds = m.map(POST, 429, Headers.of("Retry-After", "3"), new byte[0]);
    assertThat(seconds.isRetryable()).isTrue();
    assertThat(seconds.retryAfter()).contains(Duration.ofSeconds(3));
    ProviderException date =
        m.map(POST, 503, Headers.of("Retry-After", "Sat, 21 Nov 2026 10:00:10 GMT"), new byte[0]);
    assertThat(date.retryAfter()).contains(Duration.ofSeconds(10));
    assertThat(m.map(POST, 400, Headers.of("Retry-After", "3"), new byte[0]).retryAfter())
        .isEmpty();
  }

  @Test
  void configurableRequestIdHeadersAndNonJsonBodies() {
    ErrorMapper m =
        ErrorMapper.builder("x")
            .format(ErrorFormat.jsonPointers("/err/id", "/err/text"))
            .requestIdHeaders("X-Trace")
            .build();
    ProviderException e =
        m.map(
            POST,
            502,
            Headers.of("X-Trace", "t-9", "X-Request-Id", "ignored"),
            utf8("<html>Bad gateway, token=abc</html>"));
    assertThat(e.requestId()).contains("t-9");
    assertThat(e.providerCode()).isEmpty();
    assertThat(e.isRetryable()).isTrue();
    assertThat(e.getMessage()).doesNotContain("html", "abc");
  }

  @Test
  void providerMessagesAreRedactedAndShort() {
    ErrorMapper m = ErrorMapper.builder("calcom").format(ErrorFormat.calcom()).build();
    String longMessage =
        "Invalid access_token=eyJ.SECRET.sig for Bearer abc.def " + "x".repeat(500);
    ProviderException e =
        m.map(
            POST,
            401,
            Headers.of(),
            utf8("{\"error\":{\"code\":\"Unauthorized\",\"message\":\"" + longMessage + "\"}}"));
    assertThat(e.getMessage()).doesNotContain("SECRET", "abc.def").hasSizeLessThan(400);
  }
}
