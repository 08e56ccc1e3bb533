package dev.cita.scheduling.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.memory.InMemoryTokenStore;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.testkit.TestClock;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.ConnectionStatus;
import dev.cita.scheduling.token.CredentialManager;
import dev.cita.scheduling.token.OAuthCredential;
import dev.cita.scheduling.token.TokenRefresher;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The pieces together, as an adapter uses them: CredentialManager over EncryptedTokenStore over a
 * plain TokenStore. A refresh that rotates the refresh token is persisted sealed, and the user's
 * table never holds a token in the clear.
 */
class EncryptedConnectionTest {
  private static final ConnectionKey KEY =
      ConnectionKey.of(TenantId.of("sucursal-centro"), "calcom", "centro@cadena.cl");

  @Test
  void aRotatedRefreshTokenIsPersistedSealedAndUsedByTheNextRefresh() {
    Instant start = Instant.parse("2026-11-22T12:00:00Z");
    TestClock clock = new TestClock(start);
    InMemoryTokenStore table = new InMemoryTokenStore();
    EncryptedTokenStore sealed = new EncryptedTokenStore(table, TokenKeyset.generate());
    AtomicInteger calls = new AtomicInteger();
    TokenRefresher calcom =
        current -> {
          int n = calls.incrementAndGet();
          assertThat(current.refreshToken()).contains("refresh-" + (n - 1));
          return current.toBuilder()
              .accessToken("access-" + n)
              .refreshToken("refresh-" + n)
              .expiresAt(clock.instant().plus(Duration.ofMinutes(30)))
              .build();
        };
    CredentialManager manager =
        CredentialManager.builder()
            .inMemoryDefaults()
            .clock(clock)
            .credentialStore(sealed)
            .refresher("calcom", calcom)
            .sleeper(d -> {})
            .build();
    manager.connect(
        KEY,
        OAuthCredential.builder("calcom", "centro@cadena.cl", "access-0")
            .refreshToken("refresh-0")
            .expiresAt(start.plus(Duration.ofMinutes(30)))
            .build());

    clock.advance(Duration.ofMinutes(29));
    assertThat(manager.accessToken(KEY)).isEqualTo("access-1");
    clock.advance(Duration.ofMinutes(29));
    assertThat(manager.accessToken(KEY)).isEqualTo("access-2");

    assertThat(calls).hasValue(2);
    assertThat(sealed.load(KEY).orElseThrow().refreshToken()).contains("refresh-2");
    String row = new String(table.load(KEY).orElseThrow(), StandardCharsets.ISO_8859_1);
    assertThat(row).doesNotContain("refresh-").doesNotContain("access-");
    assertThat(manager.status(KEY).status()).isEqualTo(ConnectionStatus.CONNECTED);
  }
}
