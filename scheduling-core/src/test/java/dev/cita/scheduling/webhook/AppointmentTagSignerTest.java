package dev.cita.scheduling.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.TenantId;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AppointmentTagSignerTest {
  private static final byte[] MASTER =
      "a master secret of at least 32 bytes!!".getBytes(StandardCharsets.UTF_8);
  private static final TenantId NORTE = TenantId.of("norte");
  private static final AppointmentId APPT = AppointmentId.of("appt-1");

  @Test
  void twoNodesWithTheSameMasterSecretVerifyEachOthersSignatures() {
    String signature = AppointmentTagSigner.fromMasterSecret(MASTER).sign(NORTE, "calcom", APPT);

    assertThat(signature).hasSize(AppointmentTagSigner.SIGNATURE_LENGTH).matches("[A-Za-z0-9_-]+");
    assertThat(
            AppointmentTagSigner.fromMasterSecret(MASTER.clone())
                .verifies(NORTE, "calcom", APPT, Optional.of(signature)))
        .isTrue();
  }

  @Test
  void aSignatureBindsTenantProviderAndAppointment() {
    AppointmentTagSigner signer = AppointmentTagSigner.fromMasterSecret(MASTER);
    Optional<String> signature = Optional.of(signer.sign(NORTE, "calcom", APPT));

    assertThat(signer.verifies(TenantId.of("sur"), "calcom", APPT, signature)).isFalse();
    assertThat(signer.verifies(NORTE, "google", APPT, signature)).isFalse();
    assertThat(signer.verifies(NORTE, "calcom", AppointmentId.of("appt-2"), signature)).isFalse();
    assertThat(signer.verifies(NORTE, "calcom", APPT, Optional.empty())).isFalse();
    assertThat(signer.verifies(NORTE, "calcom", APPT, Optional.of(signature.get() + "A")))
        .isFalse();
    assertThat(AppointmentTagSigner.ephemeral().verifies(NORTE, "calcom", APPT, signature))
        .isFalse();
  }

  @Test
  void keysNeverShowAndShortMastersAreRefused() {
    assertThat(AppointmentTagSigner.fromMasterSecret(MASTER).toString())
        .doesNotContain("master secret of");
    assertThatThrownBy(() -> AppointmentTagSigner.fromMasterSecret(new byte[31]))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("masterSecret");
  }

  @Test
  void perTenantKeysAreTheAppsOwn() {
    AppointmentTagSigner signer =
        AppointmentTagSigner.perTenantKeys(
            t -> ("key-of-" + t.value()).getBytes(StandardCharsets.UTF_8));
    String signature = signer.sign(NORTE, "calcom", APPT);

    assertThat(signer.verifies(NORTE, "calcom", APPT, Optional.of(signature))).isTrue();
    assertThat(
            AppointmentTagSigner.fromMasterSecret(MASTER)
                .verifies(NORTE, "calcom", APPT, Optional.of(signature)))
        .isFalse();
  }

  @Test
  void onlyTheUnpaddedWrittenFormVerifies() {
    AppointmentTagSigner signer = AppointmentTagSigner.fromMasterSecret(MASTER);
    String signature = signer.sign(NORTE, "calcom", APPT);

    assertThat(signer.verifies(NORTE, "calcom", APPT, Optional.of(signature + "=="))).isFalse();
    assertThat(signer.verifies(NORTE, "calcom", APPT, Optional.of("!".repeat(22)))).isFalse();
  }

  @Test
  void aTenantWithoutAKeyCannotSignOrVerify() {
    for (byte[] none : new byte[][] {null, new byte[0]}) {
      AppointmentTagSigner signer = AppointmentTagSigner.perTenantKeys(t -> none);

      assertThatThrownBy(() -> signer.sign(NORTE, "calcom", APPT))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("no appointment tag key for tenant");
      assertThatThrownBy(() -> signer.verifies(NORTE, "calcom", APPT, Optional.of("A".repeat(22))))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void toStringNamesWhereTheKeysComeFrom() {
    assertThat(AppointmentTagSigner.fromMasterSecret(MASTER).toString())
        .isEqualTo("AppointmentTagSigner{master secret}");
    assertThat(AppointmentTagSigner.perTenantKeys(t -> MASTER).toString())
        .isEqualTo("AppointmentTagSigner{per-tenant keys}");
    assertThat(AppointmentTagSigner.ephemeral().toString())
        .isEqualTo("AppointmentTagSigner{ephemeral key}");
  }
}
