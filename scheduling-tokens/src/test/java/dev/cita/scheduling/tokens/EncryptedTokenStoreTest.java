package dev.cita.scheduling.tokens;

import static dev.cita.scheduling.tokens.TokenFixtures.ACCESS_TOKEN;
import static dev.cita.scheduling.tokens.TokenFixtures.NORTE;
import static dev.cita.scheduling.tokens.TokenFixtures.NORTE_CALENDLY;
import static dev.cita.scheduling.tokens.TokenFixtures.NORTE_GOOGLE;
import static dev.cita.scheduling.tokens.TokenFixtures.NORTE_GOOGLE_OTHER_ACCOUNT;
import static dev.cita.scheduling.tokens.TokenFixtures.OTHER_ACCESS_TOKEN;
import static dev.cita.scheduling.tokens.TokenFixtures.REFRESH_TOKEN;
import static dev.cita.scheduling.tokens.TokenFixtures.SUR;
import static dev.cita.scheduling.tokens.TokenFixtures.SUR_GOOGLE;
import static dev.cita.scheduling.tokens.TokenFixtures.credentialFor;
import static dev.cita.scheduling.tokens.TokenFixtures.googleCredential;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.memory.InMemoryTokenStore;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.OAuthCredential;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class EncryptedTokenStoreTest {
  private final InMemoryTokenStore rows = new InMemoryTokenStore();
  private final TokenKeyset keyset = TokenKeyset.generate();
  private final EncryptedTokenStore tokens = new EncryptedTokenStore(rows, keyset);

  // --- round trip --------------------------------------------------------------------------------

  @Test
  void savedCredentialLoadsBackEqualInEveryField() {
    tokens.save(NORTE_GOOGLE, googleCredential());

    OAuthCredential loaded = tokens.load(NORTE_GOOGLE).orElseThrow();

    assertThat(loaded).isEqualTo(googleCredential());
    assertThat(loaded.accessToken()).isEqualTo(ACCESS_TOKEN);
    assertThat(loaded.refreshToken()).contains(REFRESH_TOKEN);
    assertThat(loaded.accountEmail()).contains("agenda@norte.cl");
    assertThat(loaded.expiresAt()).contains(Instant.parse("2026-03-01T12:34:56.123456789Z"));
    assertThat(loaded.scopes())
        .containsExactlyInAnyOrder("openid", "https://www.googleapis.com/auth/calendar.events");
  }

  @Test
  void credentialWithoutOptionalFieldsRoundTrips() {
    OAuthCredential apiKey =
        OAuthCredential.builder("calendly", "agenda@norte.cl", ACCESS_TOKEN).build();
    tokens.save(NORTE_CALENDLY, apiKey);

    OAuthCredential loaded = tokens.load(NORTE_CALENDLY).orElseThrow();

    assertThat(loaded).isEqualTo(apiKey);
    assertThat(loaded.refreshToken()).isEmpty();
    assertThat(loaded.expiresAt()).isEmpty();
    assertThat(loaded.accountEmail()).isEmpty();
    assertThat(loaded.scopes()).isEmpty();
  }

  @Test
  void sealedPlaintextIsJsonWithIsoInstants() throws GeneralSecurityException {
    tokens.save(NORTE_GOOGLE, googleCredential());
    byte[] row = rows.load(NORTE_GOOGLE).orElseThrow();

    String json =
        new String(
            keyset.decrypt(row, CredentialCodec.associatedData(NORTE_GOOGLE)),
            StandardCharsets.UTF_8);

    assertThat(json).contains("\"expiresAt\":\"2026-03-01T12:34:56.123456789Z\"", "\"v\":1");
  }

  @Test
  void storedRowHoldsNoTokenInTheClear() {
    tokens.save(NORTE_GOOGLE, googleCredential());
    String row = new String(rows.load(NORTE_GOOGLE).orElseThrow(), StandardCharsets.ISO_8859_1);

    assertThat(row).doesNotContain(ACCESS_TOKEN, REFRESH_TOKEN, "ACCESS-SECRET", "REFRESH-SECRET");
  }

  @Test
  void sealingTheSameCredentialTwiceGivesDifferentCiphertexts() {
    tokens.save(NORTE_GOOGLE, googleCredential());
    byte[] first = rows.load(NORTE_GOOGLE).orElseThrow();
    tokens.save(NORTE_GOOGLE, googleCredential());

    assertThat(rows.load(NORTE_GOOGLE).orElseThrow()).isNotEqualTo(first);
  }

  @Test
  void saveReplacesListAndDeleteWork() {
    tokens.save(NORTE_GOOGLE, googleCredential());
    tokens.save(NORTE_GOOGLE, credentialFor(NORTE_GOOGLE, OTHER_ACCESS_TOKEN));
    tokens.save(NORTE_CALENDLY, credentialFor(NORTE_CALENDLY, ACCESS_TOKEN));
    tokens.save(SUR_GOOGLE, credentialFor(SUR_GOOGLE, ACCESS_TOKEN));

    assertThat(tokens.load(NORTE_GOOGLE).orElseThrow().accessToken()).isEqualTo(OTHER_ACCESS_TOKEN);
    assertThat(tokens.list(NORTE)).containsExactlyInAnyOrder(NORTE_GOOGLE, NORTE_CALENDLY);
    assertThat(tokens.list(SUR)).containsExactly(SUR_GOOGLE);
    assertThat(tokens.list(TenantId.of("nadie"))).isEmpty();

    assertThat(tokens.delete(NORTE_GOOGLE)).isTrue();
    assertThat(tokens.delete(NORTE_GOOGLE)).isFalse();
    assertThat(tokens.load(NORTE_GOOGLE)).isEmpty();
    assertThat(tokens.list(NORTE)).containsExactly(NORTE_CALENDLY);
  }

  @Test
  void saveRefusesACredentialOfAnotherProviderAndWritesNothing() {
    OAuthCredential calendly = credentialFor(NORTE_CALENDLY, ACCESS_TOKEN);

    assertThatThrownBy(() -> tokens.save(NORTE_GOOGLE, calendly))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("credential.provider"))
        .hasMessageContaining("calendly")
        .hasMessageContaining("google")
        .hasMessageNotContaining(ACCESS_TOKEN);
    assertThat(rows.load(NORTE_GOOGLE)).isEmpty();
  }

  @Test
  void missingArgumentsNameTheField() {
    assertThatThrownBy(() -> tokens.save(null, googleCredential()))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("connection"));
    assertThatThrownBy(() -> tokens.save(NORTE_GOOGLE, null))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("credential"));
    assertThatThrownBy(() -> tokens.load(null)).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> tokens.list(null)).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> new EncryptedTokenStore(rows, null))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("keyset"));
    assertThatThrownBy(() -> new EncryptedTokenStore(null, keyset))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("tokenStore"));
  }

  // --- rows moved between connections ------------------------------------------------------------

  @Test
  void rowCopiedToAnotherTenantDoesNotOpen() {
    assertCopiedRowFails(NORTE_GOOGLE, SUR_GOOGLE);
  }

  @Test
  void rowCopiedToAnotherProviderDoesNotOpen() {
    assertCopiedRowFails(NORTE_GOOGLE, NORTE_CALENDLY);
  }

  @Test
  void rowCopiedToAnotherAccountDoesNotOpen() {
    assertCopiedRowFails(NORTE_GOOGLE, NORTE_GOOGLE_OTHER_ACCOUNT);
  }

  /**
   * The ids' bytes, not only their lengths, bind the row: each twin differs in one id of equal
   * length.
   */
  @Test
  void rowCopiedToAnIdOfTheSameLengthDoesNotOpen() {
    assertCopiedRowFails(
        NORTE_GOOGLE, ConnectionKey.of(TenantId.of("clinica-oeste"), "google", "agenda@norte.cl"));
    assertCopiedRowFails(NORTE_GOOGLE, ConnectionKey.of(NORTE, "zoomer", "agenda@norte.cl"));
    assertCopiedRowFails(NORTE_GOOGLE, ConnectionKey.of(NORTE, "google", "agenda@oeste.cl"));
  }

  private void assertCopiedRowFails(ConnectionKey from, ConnectionKey to) {
    tokens.save(from, credentialFor(from, ACCESS_TOKEN));
    rows.save(to, rows.load(from).orElseThrow());

    assertThatThrownBy(() -> tokens.load(to))
        .isInstanceOfSatisfying(
            CredentialDecryptionException.class, e -> assertThat(e.connection()).isEqualTo(to))
        .hasMessageContaining(to.toString())
        .hasMessageNotContaining(ACCESS_TOKEN)
        .hasMessageNotContaining(REFRESH_TOKEN);
    assertThat(tokens.load(from)).isPresent();
  }

  @Test
  void associatedDataIsUnambiguous() {
    ConnectionKey a = ConnectionKey.of(TenantId.of("ab"), "c", "d");
    ConnectionKey b = ConnectionKey.of(TenantId.of("a"), "bc", "d");
    ConnectionKey c = ConnectionKey.of(TenantId.of("a"), "b", "cd");

    assertThat(CredentialCodec.associatedData(a)).isNotEqualTo(CredentialCodec.associatedData(b));
    assertThat(CredentialCodec.associatedData(b)).isNotEqualTo(CredentialCodec.associatedData(c));
    assertThat(CredentialCodec.associatedData(a))
        .isEqualTo(CredentialCodec.associatedData(ConnectionKey.of(TenantId.of("ab"), "c", "d")));

    ConnectionKey concatenationTwin =
        ConnectionKey.of(TenantId.of("clinica-nort"), "egoogle", "agenda@norte.cl");
    tokens.save(
        ConnectionKey.of(TenantId.of("clinica-nort"), "egoogle", "agenda@norte.cl"),
        OAuthCredential.builder("egoogle", "agenda@norte.cl", ACCESS_TOKEN).build());
    rows.save(NORTE_GOOGLE, rows.load(concatenationTwin).orElseThrow());
    assertThatThrownBy(() -> tokens.load(NORTE_GOOGLE))
        .isInstanceOf(CredentialDecryptionException.class);
  }

  @Test
  void decryptedCredentialOfAnotherProviderIsRefused() throws GeneralSecurityException {
    // Written around save() (by older code, say): the AEAD binds it to the row, but the content
    // disagrees.
    OAuthCredential calendly = credentialFor(NORTE_CALENDLY, ACCESS_TOKEN);
    rows.save(
        NORTE_GOOGLE,
        keyset.encrypt(
            CredentialCodec.toJson(calendly), CredentialCodec.associatedData(NORTE_GOOGLE)));

    assertThatThrownBy(() -> tokens.load(NORTE_GOOGLE))
        .isInstanceOf(CredentialDecryptionException.class)
        .hasMessageContaining(NORTE_GOOGLE.toString())
        .hasMessageContaining("calendly")
        .hasMessageNotContaining(ACCESS_TOKEN);
  }

  @Test
  void authenticContentThatIsNotACredentialIsRefusedWithoutQuotingIt()
      throws GeneralSecurityException {
    byte[] notACredential =
        ("{\"v\":1,\"provider\":\"google\",\"accountId\":\"x\",\"accessToken\":\""
                + ACCESS_TOKEN
                + "\",\"expiresAt\":\""
                + ACCESS_TOKEN
                + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    rows.save(
        NORTE_GOOGLE, keyset.encrypt(notACredential, CredentialCodec.associatedData(NORTE_GOOGLE)));

    assertThatThrownBy(() -> tokens.load(NORTE_GOOGLE))
        .isInstanceOf(CredentialDecryptionException.class)
        .hasMessageContaining("not a valid credential")
        .hasMessageNotContaining(ACCESS_TOKEN)
        .hasNoCause();
  }

  @Test
  void aRowOfAnUnknownFormatVersionIsRefusedNamingTheVersion() throws GeneralSecurityException {
    sealAsRow(
        "{\"v\":2,\"provider\":\"google\",\"accountId\":\"x\",\"accessToken\":\""
            + ACCESS_TOKEN
            + "\"}");

    assertThatThrownBy(() -> tokens.load(NORTE_GOOGLE))
        .isInstanceOf(CredentialDecryptionException.class)
        .hasMessageContaining("unknown credential format version 2")
        .hasMessageNotContaining(ACCESS_TOKEN);
  }

  @Test
  void aRowWithoutScopesOpensWithNone() throws GeneralSecurityException {
    sealAsRow(
        "{\"v\":1,\"provider\":\"google\",\"accountId\":\"x\",\"accessToken\":\""
            + ACCESS_TOKEN
            + "\"}");

    OAuthCredential credential = tokens.load(NORTE_GOOGLE).orElseThrow();

    assertThat(credential.scopes()).isEmpty();
    assertThat(credential.accessToken()).isEqualTo(ACCESS_TOKEN);
  }

  @Test
  void authenticContentThatBreaksACredentialRuleNamesTheFieldOnly()
      throws GeneralSecurityException {
    sealAsRow(
        "{\"v\":1,\"provider\":\"google\",\"accountId\":\"x\",\"accessToken\":\""
            + " \",\"refreshToken\":\""
            + REFRESH_TOKEN
            + "\"}");

    assertThatThrownBy(() -> tokens.load(NORTE_GOOGLE))
        .isInstanceOf(CredentialDecryptionException.class)
        .hasMessageContaining(
            "not a valid credential: ValidationException (credential.accessToken)")
        .hasMessageNotContaining(REFRESH_TOKEN);
  }

  /** Seals {@code json} as the row of NORTE_GOOGLE, as an older or newer writer might have. */
  private void sealAsRow(String json) throws GeneralSecurityException {
    rows.save(
        NORTE_GOOGLE,
        keyset.encrypt(
            json.getBytes(StandardCharsets.UTF_8), CredentialCodec.associatedData(NORTE_GOOGLE)));
  }

  // --- tampering and wrong keys ------------------------------------------------------------------

  @Test
  void flippingAnyByteOfTheRowMakesItFail() {
    tokens.save(NORTE_GOOGLE, googleCredential());
    byte[] row = rows.load(NORTE_GOOGLE).orElseThrow();

    for (int i = 0; i < row.length; i++) {
      byte[] tampered = row.clone();
      tampered[i] ^= 0x01;
      rows.save(NORTE_GOOGLE, tampered);
      int position = i;
      assertThatThrownBy(() -> tokens.load(NORTE_GOOGLE))
          .as("byte %d flipped", position)
          .isInstanceOf(CredentialDecryptionException.class)
          .hasMessageNotContaining(ACCESS_TOKEN);
    }
    rows.save(NORTE_GOOGLE, row);
    assertThat(tokens.load(NORTE_GOOGLE)).contains(googleCredential());
  }

  @Test
  void truncatedOrEmptyRowsFail() {
    tokens.save(NORTE_GOOGLE, googleCredential());
    byte[] row = rows.load(NORTE_GOOGLE).orElseThrow();

    for (byte[] bad :
        List.of(new byte[0], Arrays.copyOf(row, 5), Arrays.copyOf(row, row.length - 1))) {
      rows.save(NORTE_GOOGLE, bad);
      assertThatThrownBy(() -> tokens.load(NORTE_GOOGLE))
          .isInstanceOf(CredentialDecryptionException.class);
    }
  }

  @Test
  void aDifferentKeysetCannotOpenTheRows() {
    tokens.save(NORTE_GOOGLE, googleCredential());
    EncryptedTokenStore stranger = new EncryptedTokenStore(rows, TokenKeyset.generate());

    assertThatThrownBy(() -> stranger.load(NORTE_GOOGLE))
        .isInstanceOf(CredentialDecryptionException.class)
        .hasMessageContaining(NORTE_GOOGLE.toString())
        .hasMessageNotContaining(ACCESS_TOKEN)
        .hasMessageNotContaining(REFRESH_TOKEN);
  }

  // --- rotation ----------------------------------------------------------------------------------

  @Test
  void rowsSealedUnderAnOldKeyStillOpenAfterRotation() {
    tokens.save(NORTE_GOOGLE, googleCredential());
    TokenKeyset rotated = keyset.rotate();
    EncryptedTokenStore afterRotation = tokens.withKeyset(rotated);

    assertThat(rotated.primaryKeyId()).isNotEqualTo(keyset.primaryKeyId());
    assertThat(afterRotation.load(NORTE_GOOGLE)).contains(googleCredential());
    assertThat(afterRotation.keyset()).isSameAs(rotated);
    assertThat(tokens.keyset()).isSameAs(keyset);
  }

  @Test
  void newRowsAreSealedUnderTheNewPrimary() {
    TokenKeyset rotated = keyset.rotate();
    tokens.withKeyset(rotated).save(SUR_GOOGLE, credentialFor(SUR_GOOGLE, ACCESS_TOKEN));

    EncryptedTokenStore newKeyOnly = tokens.withKeyset(rotated.withoutKey(keyset.primaryKeyId()));
    assertThat(newKeyOnly.load(SUR_GOOGLE)).contains(credentialFor(SUR_GOOGLE, ACCESS_TOKEN));
    assertThatThrownBy(() -> tokens.load(SUR_GOOGLE))
        .isInstanceOf(CredentialDecryptionException.class);
  }

  @Test
  void oldKeyCanBeDroppedOnlyAfterReencryptAll() {
    tokens.save(NORTE_GOOGLE, googleCredential());
    tokens.save(SUR_GOOGLE, credentialFor(SUR_GOOGLE, OTHER_ACCESS_TOKEN));
    TokenKeyset rotated = keyset.rotate();
    EncryptedTokenStore afterRotation = tokens.withKeyset(rotated);
    EncryptedTokenStore withoutOldKey =
        tokens.withKeyset(rotated.withoutKey(keyset.primaryKeyId()));

    assertThatThrownBy(() -> withoutOldKey.load(NORTE_GOOGLE))
        .isInstanceOf(CredentialDecryptionException.class);
    assertThatThrownBy(() -> withoutOldKey.load(SUR_GOOGLE))
        .isInstanceOf(CredentialDecryptionException.class);

    ReencryptionResult result = afterRotation.reencryptAll();

    assertThat(result.resealed()).isEqualTo(2);
    assertThat(result.failed()).isEmpty();
    assertThat(result.complete()).isTrue();
    assertThat(withoutOldKey.load(NORTE_GOOGLE)).contains(googleCredential());
    assertThat(withoutOldKey.load(SUR_GOOGLE))
        .contains(credentialFor(SUR_GOOGLE, OTHER_ACCESS_TOKEN));
    assertThatThrownBy(() -> tokens.load(NORTE_GOOGLE))
        .as("the old keyset alone no longer opens the rows")
        .isInstanceOf(CredentialDecryptionException.class);
  }

  @Test
  void reencryptAllLeavesRowsThatDoNotOpenUntouchedAndReportsThem() {
    tokens.save(NORTE_GOOGLE, googleCredential());
    ConnectionKey garbage = ConnectionKey.of(NORTE, "calcom", "garbage");
    ConnectionKey foreign = ConnectionKey.of(SUR, "calcom", "foreign");
    byte[] garbageRow = {1, 2, 3, 4, 5, 6, 7};
    rows.save(garbage, garbageRow);
    new EncryptedTokenStore(rows, TokenKeyset.generate())
        .save(foreign, credentialFor(foreign, ACCESS_TOKEN));
    byte[] foreignRow = rows.load(foreign).orElseThrow();

    EncryptedTokenStore rotated = tokens.withKeyset(keyset.rotate());
    ReencryptionResult result = rotated.reencryptAll();

    assertThat(result.resealed()).isEqualTo(1);
    assertThat(result.failed()).containsExactlyInAnyOrder(garbage, foreign);
    assertThat(result.complete()).isFalse();
    assertThat(rows.load(garbage)).hasValueSatisfying(r -> assertThat(r).isEqualTo(garbageRow));
    assertThat(rows.load(foreign)).hasValueSatisfying(r -> assertThat(r).isEqualTo(foreignRow));
    assertThat(rows.listAll()).hasSize(3);
    assertThat(rotated.load(NORTE_GOOGLE)).contains(googleCredential());
  }

  @Test
  void reencryptAllOnAnEmptyStoreDoesNothing() {
    ReencryptionResult result = tokens.reencryptAll();

    assertThat(result.resealed()).isZero();
    assertThat(result.failed()).isEmpty();
  }

  @Test
  void reencryptionResultIsImmutable() {
    List<ConnectionKey> failures = new ArrayList<>(List.of(NORTE_GOOGLE));
    ReencryptionResult result = new ReencryptionResult(1, failures);
    failures.add(SUR_GOOGLE);

    assertThat(result.failed()).containsExactly(NORTE_GOOGLE);
    ThrowingCallable mutate = () -> result.failed().add(SUR_GOOGLE);
    assertThatThrownBy(mutate).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> new ReencryptionResult(-1, List.of()))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void toStringShowsNoSecret() {
    tokens.save(NORTE_GOOGLE, googleCredential());

    assertThat(tokens.toString())
        .contains("InMemoryTokenStore", String.valueOf(keyset.primaryKeyId()))
        .doesNotContain(TokenFixtures.keyMaterial(keyset));
    assertThat(tokens.load(NORTE_GOOGLE).orElseThrow().toString())
        .doesNotContain(ACCESS_TOKEN, REFRESH_TOKEN);
  }
}
