package dev.cita.scheduling.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.model.TenantId;
import org.junit.jupiter.api.Test;

class ConnectionKeyTest {
  private static final TenantId TENANT = TenantId.of("clinica-norte");

  @Test
  void ofKeepsTheComponentsAndEqualsTheConstructedKey() {
    ConnectionKey key = ConnectionKey.of(TENANT, "google", "agenda@clinica.cl");

    assertThat(key.tenant()).isEqualTo(TENANT);
    assertThat(key.provider()).isEqualTo("google");
    assertThat(key.account()).isEqualTo("agenda@clinica.cl");
    assertThat(key).isEqualTo(new ConnectionKey(TENANT, "google", "agenda@clinica.cl"));
  }

  @Test
  void blankComponentIsRejectedNamingIt() {
    assertThatThrownBy(() -> ConnectionKey.of(TENANT, "google", " "))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("connection.account"));
  }

  @Test
  void toStringIsTenantProviderAccountWithTheProvidersTextEscaped() {
    assertThat(ConnectionKey.of(TENANT, "google", "agenda@clinica.cl"))
        .hasToString("clinica-norte/google/agenda@clinica.cl");
    assertThat(ConnectionKey.of(TENANT, "google", "x\nFAKE LOG LINE"))
        .hasToString("clinica-norte/google/x\\nFAKE LOG LINE");
  }
}
