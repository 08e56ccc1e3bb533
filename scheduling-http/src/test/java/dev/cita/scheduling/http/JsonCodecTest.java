package dev.cita.scheduling.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.cita.scheduling.ProviderException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonCodecTest {
  private final JsonCodec json = JsonCodec.forProvider("calcom");

  record Booking(String uid, Instant start, String status) {}

  record Cancel(String cancellationReason, String note, LocalDate day) {}

  @Test
  void ignoresFieldsTheProviderAdded() {
    Booking b =
        json.fromJson(
            "{\"uid\":\"bk_1\",\"start\":\"2026-11-21T13:00:00Z\","
                + "\"status\":\"accepted\",\"brandNewField\":{\"x\":1}}",
            Booking.class);
    assertThat(b).isEqualTo(new Booking("bk_1", Instant.parse("2026-11-21T13:00:00Z"), "accepted"));
  }

  @Test
  void writesTimesAsIso8601AndLeavesNullsOut() {
    assertThat(json.toJson(new Cancel("client asked", null, LocalDate.of(2026, 3, 8))))
        .isEqualTo("{\"cancellationReason\":\"client asked\",\"day\":\"2026-03-08\"}");
    assertThat(json.toJson(new Booking("b", Instant.parse("2026-11-21T13:00:00Z"), null)))
        .isEqualTo("{\"uid\":\"b\",\"start\":\"2026-11-21T13:00:00Z\"}");
  }

  @Test
  void readsGenericTypes() {
    List<Booking> list =
        json.fromJson(
            "[{\"uid\":\"a\"},{\"uid\":\"b\"}]".getBytes(StandardCharsets.UTF_8),
            new TypeReference<List<Booking>>() {});
    assertThat(list).extracting(Booking::uid).containsExactly("a", "b");
  }

  @Test
  void malformedJsonIsATypedNonRetryableErrorThatDoesNotEchoTheBody() {
    String body = "{\"access_token\": \"ya29.SECRET-TOKEN\", \"uid\": oops-+56912345678}";
    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> json.fromJson(body, Booking.class));
    assertThat(e.provider()).isEqualTo("calcom");
    assertThat(e.isRetryable()).isFalse();
    assertThat(e.getMessage())
        .contains("Booking", "malformed JSON", "line 1")
        .doesNotContain("SECRET", "oops", "56912345678");
    assertThat(e.getCause()).as("Jackson's message would quote the body").isNull();
  }

  @Test
  void wrongShapeIsTheSameTypedError() {
    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () -> json.fromJson("{\"uid\":[\"secret-in-array\"]}", Booking.class));
    assertThat(e.getMessage())
        .contains("Booking", "does not match")
        .doesNotContain("secret-in-array");
    ProviderException list =
        catchThrowableOfType(
            ProviderException.class,
            () -> json.fromJson("{\"uid\":\"x\"}", new TypeReference<List<Booking>>() {}));
    assertThat(list.getMessage()).contains("List<Booking>");
  }

  @Test
  void emptyOrNullBodyIsRejected() {
    assertThat(
            catchThrowableOfType(
                    ProviderException.class, () -> json.fromJson(new byte[0], Booking.class))
                .getMessage())
        .contains("empty");
    assertThat(
            catchThrowableOfType(
                    ProviderException.class, () -> json.fromJson("null", Booking.class))
                .getMessage())
        .contains("null");
  }
}
