/**
 * Encrypted storage of OAuth credentials: {@link dev.cita.scheduling.tokens.TokenKeyset} (a Tink
 * AEAD keyset) and {@link dev.cita.scheduling.tokens.EncryptedTokenStore}, the {@link
 * dev.cita.scheduling.token.CredentialStore} that seals each credential bound to its connection
 * over any {@link dev.cita.scheduling.spi.TokenStore}, with key rotation and re-encryption. The
 * connection model, refresh and authorization flow stay in the core's {@code
 * dev.cita.scheduling.token} package.
 */
@NullMarked
package dev.cita.scheduling.tokens;

import org.jspecify.annotations.NullMarked;
