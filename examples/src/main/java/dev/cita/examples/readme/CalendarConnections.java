package dev.cita.examples.readme;

import com.google.crypto.tink.Aead;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.ConnectionStatusStore;
import dev.cita.scheduling.spi.TokenStore;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.ConnectionListener;
import dev.cita.scheduling.token.ConnectionState;
import dev.cita.scheduling.token.ConnectionStatus;
import dev.cita.scheduling.token.CredentialManager;
import dev.cita.scheduling.token.TokenRefresher;
import dev.cita.scheduling.tokens.EncryptedTokenStore;
import dev.cita.scheduling.tokens.TokenKeyset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Keeps each clinic's Google account connected: tokens sealed, refreshed before they expire. */
public class CalendarConnections {
  /** {@code master}: e.g. {@code kmsClient.getAead(masterKeyUri)}, any Tink Aead you keep safe. */
  public static CredentialManager credentials(
      Aead master,
      Path keysetFile,
      TokenStore myTokenStore,
      ConnectionStatusStore connectionStatuses,
      TokenRefresher googleRefresher,
      Consumer<ConnectionKey> askToReconnect)
      throws IOException {
    TokenKeyset keys = TokenKeyset.fromEncryptedJson(Files.readString(keysetFile), master);
    EncryptedTokenStore tokens = new EncryptedTokenStore(myTokenStore, keys); // your table
    return CredentialManager.builder()
        .credentialStore(tokens)
        .statusStore(connectionStatuses) // e.g. JdbcConnectionStatusStore
        .refresher("google", googleRefresher) // supplied by the adapter
        .listener(
            new ConnectionListener() {
              @Override
              public void statusChanged(
                  ConnectionKey c, ConnectionState before, ConnectionState after) {
                if (after.status() == ConnectionStatus.NEEDS_REAUTHORIZATION) {
                  askToReconnect.accept(c);
                }
              }
            })
        .build();
  }

  /** An access token for the clinic's Google agenda, refreshed first if it is about to expire. */
  public static String bearer(CredentialManager credentials, TenantId clinic) {
    return credentials.accessToken(ConnectionKey.of(clinic, "google", "agenda@clinica.cl"));
  }
}
