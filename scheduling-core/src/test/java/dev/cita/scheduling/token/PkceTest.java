package dev.cita.scheduling.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PkceTest {
  /** RFC 7636 Appendix B: the 32 octets, their base64url verifier, and its S256 challenge. */
  private static final byte[] APPENDIX_B_OCTETS = {
    116,
    24,
    (byte) 223,
    (byte) 180,
    (byte) 151,
    (byte) 153,
    (byte) 224,
    37,
    79,
    (byte) 250,
    96,
    125,
    (byte) 216,
    (byte) 173,
    (byte) 187,
    (byte) 186,
    22,
    (byte) 212,
    37,
    77,
    105,
    (byte) 214,
    (byte) 191,
    (byte) 240,
    91,
    88,
    5,
    88,
    83,
    (byte) 132,
    (byte) 141,
    121
  };

  private static final String APPENDIX_B_VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

  @Test
  void s256ChallengeMatchesRfc7636AppendixB() {
    assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(APPENDIX_B_OCTETS))
        .isEqualTo(APPENDIX_B_VERIFIER);
    assertThat(Pkce.s256Challenge(APPENDIX_B_VERIFIER))
        .isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    assertThat(Pkce.of(APPENDIX_B_VERIFIER).challenge())
        .isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  }

  @Test
  void generatedVerifierIs32RandomBytesInBase64UrlWithItsChallenge() {
    Pkce pkce = Pkce.generate();

    assertThat(pkce.verifier()).hasSize(43).matches("[A-Za-z0-9_-]{43}");
    assertThat(Base64.getUrlDecoder().decode(pkce.verifier())).hasSize(32);
    assertThat(pkce.challenge()).isEqualTo(Pkce.s256Challenge(pkce.verifier())).doesNotContain("=");
    assertThat(pkce.method()).isEqualTo("S256");
  }

  @Test
  void generatedVerifiersDoNotRepeat() {
    Set<String> verifiers = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      verifiers.add(Pkce.generate().verifier());
    }
    assertThat(verifiers).hasSize(1000);
  }

  @Test
  void verifierOutsideTheRfcGrammarIsRejectedWithoutEchoingIt() {
    String tooShort = "a".repeat(42);
    String tooLong = "a".repeat(129);
    String badChar = "a".repeat(42) + "+";
    for (String bad : new String[] {tooShort, tooLong, badChar, null}) {
      assertThatThrownBy(() -> Pkce.s256Challenge(bad))
          .isInstanceOfSatisfying(
              ValidationException.class,
              e -> {
                assertThat(e.field()).isEqualTo("codeVerifier");
                assertThat(e.getMessage()).doesNotContain("aaaaaaaaaa");
              });
    }
    assertThat(Pkce.s256Challenge("~." + "a".repeat(126))).isNotBlank();
  }

  @Test
  void pairsAreEqualExactlyWhenTheirVerifiersAre() {
    Pkce a = Pkce.of(APPENDIX_B_VERIFIER);
    Pkce other = Pkce.of("a".repeat(43));

    assertThat(a)
        .isEqualTo(Pkce.of(APPENDIX_B_VERIFIER))
        .hasSameHashCodeAs(Pkce.of(APPENDIX_B_VERIFIER));
    assertThat(a).isNotEqualTo(other).isNotEqualTo(APPENDIX_B_VERIFIER).isNotEqualTo(null);
    assertThat(a.hashCode()).isNotEqualTo(other.hashCode());
  }

  @Test
  void toStringHidesTheVerifier() {
    Pkce pkce = Pkce.of(APPENDIX_B_VERIFIER);
    assertThat(pkce.toString())
        .isEqualTo("Pkce{challenge=" + pkce.challenge() + ", method=S256, verifier=[redacted]}")
        .doesNotContain(pkce.verifier());
  }
}
