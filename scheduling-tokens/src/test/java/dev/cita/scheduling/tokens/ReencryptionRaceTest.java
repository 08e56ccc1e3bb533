package dev.cita.scheduling.tokens;

import static dev.cita.scheduling.tokens.TokenFixtures.ACCESS_TOKEN;
import static dev.cita.scheduling.tokens.TokenFixtures.NORTE_GOOGLE;
import static dev.cita.scheduling.tokens.TokenFixtures.OTHER_ACCESS_TOKEN;
import static dev.cita.scheduling.tokens.TokenFixtures.credentialFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.memory.InMemoryTokenStore;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.TokenStore;
import dev.cita.scheduling.token.ConnectionKey;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Key rotation must not lose a credential saved while it runs (a refresh that rotated the refresh
 * token, say): {@code reencryptAll} replaces rows by compare-and-set and re-reads on a miss.
 */
class ReencryptionRaceTest {
  /** A store where a "refresh" saves a new credential right after re-encryption reads the row. */
  private static final class WriterGetsInBetween implements TokenStore {
    private final InMemoryTokenStore rows = new InMemoryTokenStore();
    private Runnable afterFirstLoad;

    @Override
    public void save(ConnectionKey connection, byte[] sealed) {
      rows.save(connection, sealed);
    }

    @Override
    public Optional<byte[]> load(ConnectionKey connection) {
      Optional<byte[]> row = rows.load(connection);
      Runnable writer = afterFirstLoad;
      afterFirstLoad = null;
      if (writer != null) {
        writer.run();
      }
      return row;
    }

    @Override
    public boolean replace(ConnectionKey connection, byte[] expected, byte[] replacement) {
      return rows.replace(connection, expected, replacement);
    }

    @Override
    public boolean delete(ConnectionKey connection) {
      return rows.delete(connection);
    }

    @Override
    public List<ConnectionKey> list(TenantId tenant) {
      return rows.list(tenant);
    }

    @Override
    public List<ConnectionKey> listAll() {
      return rows.listAll();
    }
  }

  @Test
  void aCredentialSavedDuringReencryptionIsKeptAndEndsUpUnderTheNewKey() {
    WriterGetsInBetween rows = new WriterGetsInBetween();
    TokenKeyset original = TokenKeyset.generate();
    new EncryptedTokenStore(rows, original).save(NORTE_GOOGLE, credentialFor(NORTE_GOOGLE, ACCESS_TOKEN));
    TokenKeyset rotated = original.rotate();
    EncryptedTokenStore tokens = new EncryptedTokenStore(rows, rotated);
    rows.afterFirstLoad = () -> tokens.save(NORTE_GOOGLE, credentialFor(NORTE_GOOGLE, OTHER_ACCESS_TOKEN));

    ReencryptionResult result = tokens.reencryptAll();

    assertThat(result.resealed()).isEqualTo(1);
    assertThat(result.failed()).isEmpty();
    EncryptedTokenStore newKeyOnly =
        new EncryptedTokenStore(rows, rotated.withoutKey(original.primaryKeyId()));
    assertThat(newKeyOnly.load(NORTE_GOOGLE).orElseThrow().accessToken()).isEqualTo(OTHER_ACCESS_TOKEN);
  }
}
