package dev.cita.scheduling.tokens;

import static dev.cita.scheduling.tokens.TokenFixtures.ACCESS_TOKEN;
import static dev.cita.scheduling.tokens.TokenFixtures.NORTE;
import static dev.cita.scheduling.tokens.TokenFixtures.NORTE_CALENDLY;
import static dev.cita.scheduling.tokens.TokenFixtures.NORTE_GOOGLE;
import static dev.cita.scheduling.tokens.TokenFixtures.NORTE_GOOGLE_OTHER_ACCOUNT;
import static dev.cita.scheduling.tokens.TokenFixtures.OTHER_ACCESS_TOKEN;
import static dev.cita.scheduling.tokens.TokenFixtures.REFRESH_TOKEN;
import static dev.cita.scheduling.tokens.TokenFixtures.SUR_GOOGLE;
import static dev.cita.scheduling.tokens.TokenFixtures.credentialFor;
import static dev.cita.scheduling.tokens.TokenFixtures.googleCredential;
import static dev.cita.scheduling.tokens.TokenFixtures.keyMaterial;
import static dev.cita.scheduling.tokens.TokenFixtures.leaks;
import static dev.cita.scheduling.tokens.TokenFixtures.newMasterKey;
import static dev.cita.scheduling.tokens.TokenFixtures.stackTrace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.google.crypto.tink.Aead;
import dev.cita.scheduling.memory.InMemoryTokenStore;
import dev.cita.scheduling.token.ConnectionKey;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Runs every success and failure path of the token package while capturing slf4j output, then
 * proves that no token, refresh token or key material reached the log, a {@code toString()}, or an
 * exception's message, causes and stack trace. slf4j-simple writes to whatever {@code System.err}
 * is at the time of each line (see {@code simplelogger.properties}, which also turns the token
 * package up to debug), so swapping {@code System.err} captures it.
 */
class SecretLeakTest {
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private PrintStream originalErr;

  @BeforeEach
  void captureStderr() {
    originalErr = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreStderr() {
    System.setErr(originalErr);
  }

  @Test
  void leakDetectorFindsAPlantedSecret() {
    LoggerFactory.getLogger("dev.cita.scheduling.tokens.canary").info("planted {}", ACCESS_TOKEN);
    String log = captured.toString(StandardCharsets.UTF_8);

    assertThat(leaks(log, List.of(ACCESS_TOKEN, REFRESH_TOKEN))).containsExactly(ACCESS_TOKEN);
    assertThat(
            leaks(
                stackTrace(new RuntimeException("x", new RuntimeException(REFRESH_TOKEN))),
                List.of(ACCESS_TOKEN, REFRESH_TOKEN)))
        .containsExactly(REFRESH_TOKEN);
  }

  @Test
  void noSecretReachesLogsToStringsOrExceptions() {
    InMemoryTokenStore rows = new InMemoryTokenStore();
    TokenKeyset keyset = TokenKeyset.generate();
    TokenKeyset stranger = TokenKeyset.generate();
    Aead master = newMasterKey();
    EncryptedTokenStore tokens = new EncryptedTokenStore(rows, keyset);
    List<Object> objects = new ArrayList<>(List.of(keyset, stranger, tokens, NORTE_GOOGLE));
    List<Throwable> thrown = new ArrayList<>();

    tokens.save(NORTE_GOOGLE, googleCredential());
    tokens.save(SUR_GOOGLE, credentialFor(SUR_GOOGLE, OTHER_ACCESS_TOKEN));
    objects.add(tokens.load(NORTE_GOOGLE).orElseThrow());
    objects.add(tokens.load(SUR_GOOGLE).orElseThrow());
    byte[] row = rows.load(NORTE_GOOGLE).orElseThrow();

    // Rows copied to another tenant, provider and account.
    for (ConnectionKey other : List.of(SUR_GOOGLE, NORTE_CALENDLY, NORTE_GOOGLE_OTHER_ACCOUNT)) {
      InMemoryTokenStore copy = new InMemoryTokenStore();
      copy.save(other, row);
      thrown.add(failure(() -> new EncryptedTokenStore(copy, keyset).load(other)));
    }
    // A tampered row, a foreign keyset, a credential of the wrong provider.
    InMemoryTokenStore tampered = new InMemoryTokenStore();
    byte[] flipped = row.clone();
    flipped[flipped.length / 2] ^= 0x01;
    tampered.save(NORTE_GOOGLE, flipped);
    thrown.add(failure(() -> new EncryptedTokenStore(tampered, keyset).load(NORTE_GOOGLE)));
    thrown.add(failure(() -> new EncryptedTokenStore(rows, stranger).load(NORTE_GOOGLE)));
    thrown.add(failure(() -> tokens.save(NORTE_CALENDLY, googleCredential())));

    // Keyset files: wrong master key, malformed and truncated JSON, removing the primary.
    String encrypted = keyset.toEncryptedJson(master);
    String cleartext = keyset.insecureToCleartextJson();
    thrown.add(failure(() -> TokenKeyset.fromEncryptedJson(encrypted, newMasterKey())));
    thrown.add(failure(() -> TokenKeyset.fromEncryptedJson(cleartext, master)));
    thrown.add(
        failure(
            () ->
                TokenKeyset.insecureFromCleartextJson(
                    cleartext.substring(0, cleartext.length() - 20))));
    thrown.add(
        failure(
            () ->
                TokenKeyset.insecureFromCleartextJson(
                    "{\"key\":[{\"keyData\":\"" + cleartext + "\"}]}")));
    thrown.add(failure(() -> keyset.withoutKey(keyset.primaryKeyId())));
    objects.add(TokenKeyset.fromEncryptedJson(encrypted, master));
    objects.add(TokenKeyset.insecureFromCleartextJson(cleartext));

    // Rotation with a row that does not open (logged as a warning).
    rows.save(ConnectionKey.of(NORTE, "calcom", "broken"), flipped);
    TokenKeyset rotated = keyset.rotate();
    EncryptedTokenStore afterRotation = tokens.withKeyset(rotated);
    ReencryptionResult result = afterRotation.reencryptAll();
    TokenKeyset trimmed = rotated.withoutKey(keyset.primaryKeyId());
    objects.addAll(List.of(rotated, trimmed, afterRotation, result, tokens.withKeyset(trimmed)));
    objects.add(tokens.withKeyset(trimmed).load(NORTE_GOOGLE).orElseThrow());
    thrown.add(
        failure(
            () -> tokens.withKeyset(trimmed).load(ConnectionKey.of(NORTE, "calcom", "broken"))));
    objects.addAll(thrown);

    Set<String> secrets =
        new LinkedHashSet<>(List.of(ACCESS_TOKEN, REFRESH_TOKEN, OTHER_ACCESS_TOKEN));
    for (TokenKeyset k : List.of(keyset, stranger, rotated)) {
      secrets.addAll(keyMaterialForms(k));
    }

    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log)
        .as("the capture sees the package's debug, info and warning lines")
        .contains(
            "DEBUG dev.cita.scheduling.tokens.EncryptedTokenStore - Saved credential of connection "
                + NORTE_GOOGLE)
        .contains("Re-sealed 2 credentials")
        .contains(
            "WARN dev.cita.scheduling.tokens.EncryptedTokenStore - Left credential of connection "
                + "clinica-norte/calcom/broken");
    assertThat(leaks(log, secrets)).as("secrets in the log").isEmpty();
    assertThat(thrown)
        .hasSize(12)
        .allSatisfy(e -> assertThat(e).isInstanceOf(dev.cita.scheduling.SchedulingException.class));
    for (Throwable e : thrown) {
      assertThat(leaks(stackTrace(e), secrets)).as("secrets in %s", e).isEmpty();
    }
    for (Object o : objects) {
      assertThat(leaks(o.toString(), secrets))
          .as("secrets in toString() of %s", o.getClass())
          .isEmpty();
    }
    assertThat(result.failed()).containsExactly(ConnectionKey.of(NORTE, "calcom", "broken"));
  }

  /**
   * The key material as the cleartext JSON holds it (base64 key data), and the raw AES key in
   * base64 and hex.
   */
  private static List<String> keyMaterialForms(TokenKeyset keyset) {
    List<String> forms = new ArrayList<>();
    for (String value : keyMaterial(keyset)) {
      byte[] keyData = Base64.getDecoder().decode(value);
      byte[] rawKey = Arrays.copyOfRange(keyData, keyData.length - 32, keyData.length);
      forms.add(value);
      forms.add(Base64.getEncoder().encodeToString(rawKey));
      forms.add(HexFormat.of().formatHex(rawKey));
    }
    return forms;
  }

  private static Throwable failure(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      return e;
    }
    return fail("expected a failure");
  }
}
