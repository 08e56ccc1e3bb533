package dev.cita.scheduling.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookRequestTest {
  private static final String BODY = "{\"attendee\":{\"phone\":\"+56912345678\"}}";

  private static WebhookRequest request() {
    return WebhookRequest.builder("post", "https://app.example.cl/hooks/calcom?x=1")
        .header("X-Cal-Signature-256", "deadbeefcafebabe")
        .header("Accept", "application/json")
        .header("accept", "text/plain")
        .body(BODY)
        .build();
  }

  @Test
  void headerLookupIgnoresCase() {
    WebhookRequest r = request();

    assertThat(r.header("x-cal-signature-256")).contains("deadbeefcafebabe");
    assertThat(r.header("X-CAL-SIGNATURE-256")).contains("deadbeefcafebabe");
    assertThat(r.headers("ACCEPT")).containsExactly("application/json", "text/plain");
    assertThat(r.header("Accept")).contains("application/json");
    assertThat(r.header("X-Missing")).isEmpty();
    assertThat(r.headers("X-Missing")).isEmpty();
    assertThat(r.headerNames()).hasSize(2);
  }

  @Test
  void headersFromAFrameworkMapAreMerged() {
    WebhookRequest r =
        WebhookRequest.builder("POST", "https://x.example")
            .headers(
                Map.of("X-Twilio-Signature", List.of("abc"), "x-twilio-signature", List.of("def")))
            .build();

    assertThat(r.headers("X-TWILIO-SIGNATURE")).containsExactlyInAnyOrder("abc", "def");
  }

  @Test
  void theBodyIsKeptExactlyAndCopied() {
    byte[] raw = BODY.getBytes(StandardCharsets.UTF_8);
    WebhookRequest r = WebhookRequest.builder("POST", "https://x.example").body(raw).build();
    raw[0] = 'X';
    r.body()[1] = 'Y';

    assertThat(r.bodyAsString()).isEqualTo(BODY);
    assertThat(r.body()).isEqualTo(BODY.getBytes(StandardCharsets.UTF_8));
    assertThat(r.bodyLength()).isEqualTo(BODY.length());
    assertThat(
            WebhookRequest.builder("POST", "https://x.example").body("ñandú").build().bodyLength())
        .isEqualTo(7);
  }

  @Test
  void toStringShowsNoBodyAndNoHeader() {
    String s = request().toString();

    assertThat(s)
        .contains("POST", "https://app.example.cl/hooks/calcom?", BODY.length() + " bytes");
    assertThat(s).doesNotContain("56912345678", "deadbeef", "attendee", "application/json", "x=1");
    assertThat(request().url()).isEqualTo("https://app.example.cl/hooks/calcom?x=1");
  }

  @Test
  void theMethodAndUrlAreRequired() {
    assertThatThrownBy(() -> WebhookRequest.builder(" ", "https://x.example").build())
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.field()).isEqualTo("webhookRequest.method"));
    assertThatThrownBy(() -> WebhookRequest.builder("POST", null).build())
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("webhookRequest.url"));
  }

  @Test
  void queryParametersAreDecodedAndAbsentOnesEmpty() {
    WebhookRequest r =
        WebhookRequest.builder(
                "POST",
                "https://app.example.com/hooks/calcom?x=1&tenant=sucursal%20norte&flag#frag")
            .body(new byte[0])
            .build();
    assertThat(r.queryParameter("tenant")).contains("sucursal norte");
    assertThat(r.queryParameter("flag")).contains("");
    assertThat(r.queryParameter("missing")).isEmpty();
    assertThat(
            WebhookRequest.builder("POST", "https://a/hooks")
                .body(new byte[0])
                .build()
                .queryParameter("tenant"))
        .isEmpty();
  }

  /**
   * Found by CalComWebhooksFuzzTest (seed crash-malformed-escape-in-tenant):
   * IllegalArgumentException escaped.
   */
  @Test
  void aMalformedEscapeIsSkippedNotThrown() {
    WebhookRequest r =
        WebhookRequest.builder("POST", "https://a/hooks?x=%zz&tenant=a%(0A&%q=1&other=ok")
            .body(new byte[0])
            .build();
    assertThat(r.queryParameter("tenant")).isEmpty();
    assertThat(r.queryParameter("x")).isEmpty();
    assertThat(r.queryParameter("other")).contains("ok");
  }

  private static WebhookRequest to(String url) {
    return WebhookRequest.builder("POST", url).build();
  }

  @Test
  void theMethodIsUpperCase() {
    assertThat(request().method()).isEqualTo("POST");
  }

  @Test
  void readBodyWithoutALimitReadsTheWholeStream() throws IOException {
    byte[] body = "a body of some length".getBytes(StandardCharsets.UTF_8);

    assertThat(WebhookRequest.readBody(new ByteArrayInputStream(body), Integer.MAX_VALUE))
        .isEqualTo(body);
    assertThat(WebhookRequest.readBody(new ByteArrayInputStream(body), 4)).hasSize(5);
  }

  @Test
  void theFirstQueryParameterIsFoundWithAndWithoutAFragment() {
    assertThat(to("https://a/hooks?tenant=norte").queryParameter("tenant")).contains("norte");
    assertThat(to("https://a/hooks?tenant=norte#frag").queryParameter("tenant")).contains("norte");
    assertThat(to("https://a/hooks?tenant=norte#frag&x=1").queryParameter("x")).isEmpty();
  }

  @Test
  void aUrlOfOnlyAQueryStillHasParameters() {
    assertThat(to("?tenant=norte").queryParameter("tenant")).contains("norte");
  }

  @Test
  void pairsInThePathAreNoQueryParameters() {
    assertThat(to("https://a/hooks/x&tenant=norte").queryParameter("tenant")).isEmpty();
    assertThat(to("tenant=norte").queryParameter("tenant")).isEmpty();
  }

  @Test
  void aPairWithAnEmptyNameIsNoParameterNamedByItsValue() {
    assertThat(to("https://a/hooks?=x").queryParameter("=x")).isEmpty();
  }

  @Test
  void toStringShowsAUrlWithoutQueryInFullAndRedactsAQueryAtTheStart() {
    assertThat(to("https://a/hooks/calcom").toString())
        .isEqualTo("WebhookRequest{POST https://a/hooks/calcom, body=0 bytes}");
    assertThat(to("?token=s3cret").toString())
        .doesNotContain("s3cret")
        .contains("?(query redacted)");
  }
}
