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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Key rotation must not lose a credential saved while it runs (a refresh that rotated the refresh
 * token, say): {@code reencryptAll} replaces rows by compare-and-set and re-reads on a miss.
 */
class ReencryptionRaceTest {
  /** A store where a "refresh" saves a new credential right after re-encryption reads the row. */
  private static final class WriterGetsInBetween implements TokenStore {
    private final InMemoryTokenStore rows = new InMemoryTokenStore();
    private Runnable afterFirstLoad;
    private Runnable beforeEveryLoad = () -> {};
    private Runnable afterEveryLoad = () -> {};
    private int loads;

    @Override
    public void save(ConnectionKey connection, byte[] sealed) {
      rows.save(connection, sealed);
    }

    @Override
    public Optional<byte[]> load(ConnectionKey connection) {
      beforeEveryLoad.run();
      Optional<byte[]> row = rows.load(connection);
      loads++;
      Runnable writer = afterFirstLoad;
      afterFirstLoad = null;
      if (writer != null) {
        writer.run();
      }
      afterEveryLoad.run();
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

  /**
   * The retry re-seals what the writer saved, also when the writer still seals under the old key (a
   * replace counted as done without having happened would leave it there).
   */
  @ParameterizedTest(name = "writer on the old key: {0}")
  @ValueSource(booleans = {false, true})
  void aCredentialSavedDuringReencryptionIsKeptAndEndsUpUnderTheNewKey(boolean writerOnOldKey) {
    WriterGetsInBetween rows = new WriterGetsInBetween();
    TokenKeyset original = TokenKeyset.generate();
    new EncryptedTokenStore(rows, original)
        .save(NORTE_GOOGLE, credentialFor(NORTE_GOOGLE, ACCESS_TOKEN));
    TokenKeyset rotated = original.rotate();
    EncryptedTokenStore tokens = new EncryptedTokenStore(rows, rotated);
    EncryptedTokenStore writer = writerOnOldKey ? new EncryptedTokenStore(rows, original) : tokens;
    rows.afterFirstLoad =
        () -> writer.save(NORTE_GOOGLE, credentialFor(NORTE_GOOGLE, OTHER_ACCESS_TOKEN));

    ReencryptionResult result = tokens.reencryptAll();

    assertThat(result.resealed()).isEqualTo(1);
    assertThat(result.failed()).isEmpty();
    assertThat(rows.loads).isEqualTo(2);
    EncryptedTokenStore newKeyOnly =
        new EncryptedTokenStore(rows, rotated.withoutKey(original.primaryKeyId()));
    assertThat(newKeyOnly.load(NORTE_GOOGLE).orElseThrow().accessToken())
        .isEqualTo(OTHER_ACCESS_TOKEN);
  }

  /**
   * A row that changes before every replace is tried five times, then reported and left as it is.
   */
  @Test
  void aRowThatKeepsChangingIsReportedAfterFiveTries() {
    WriterGetsInBetween rows = new WriterGetsInBetween();
    TokenKeyset original = TokenKeyset.generate();
    EncryptedTokenStore writer = new EncryptedTokenStore(rows, original);
    writer.save(NORTE_GOOGLE, credentialFor(NORTE_GOOGLE, ACCESS_TOKEN));
    rows.afterEveryLoad =
        () -> writer.save(NORTE_GOOGLE, credentialFor(NORTE_GOOGLE, OTHER_ACCESS_TOKEN));

    ReencryptionResult result = new EncryptedTokenStore(rows, original.rotate()).reencryptAll();

    assertThat(result.resealed()).isZero();
    assertThat(result.failed()).containsExactly(NORTE_GOOGLE);
    assertThat(rows.loads).isEqualTo(5);
  }

  /** A connection listed but deleted before its row is read is neither re-sealed nor reported. */
  @Test
  void aRowDeletedAfterListingIsSkipped() {
    WriterGetsInBetween rows = new WriterGetsInBetween();
    EncryptedTokenStore tokens = new EncryptedTokenStore(rows, TokenKeyset.generate());
    tokens.save(NORTE_GOOGLE, credentialFor(NORTE_GOOGLE, ACCESS_TOKEN));
    rows.beforeEveryLoad = () -> rows.delete(NORTE_GOOGLE);

    ReencryptionResult result =
        new EncryptedTokenStore(rows, TokenKeyset.generate()).reencryptAll();

    assertThat(result.resealed()).isZero();
    assertThat(result.failed()).isEmpty();
  }
}
