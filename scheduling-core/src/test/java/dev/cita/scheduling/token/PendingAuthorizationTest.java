package dev.cita.scheduling.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.model.TenantId;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PendingAuthorizationTest {
  @Test
  void toStringShowsWhoAndUntilWhenButNeverTheVerifier() {
    String verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    PendingAuthorization pending =
        new PendingAuthorization(
            TenantId.of("clinica-norte"),
            "google",
            verifier,
            Instant.parse("2026-03-02T12:10:00Z"));

    assertThat(pending.toString())
        .isEqualTo(
            "PendingAuthorization{tenant=clinica-norte, provider=google,"
                + " codeVerifier=[redacted], expiresAt=2026-03-02T12:10:00Z}")
        .doesNotContain(verifier);
  }
}
