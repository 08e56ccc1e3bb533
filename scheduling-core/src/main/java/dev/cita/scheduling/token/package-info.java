/**
 * OAuth connections per tenant: credentials, the {@link dev.cita.scheduling.token.CredentialStore}
 * SPI, connection status, automatic refresh, and the authorization-flow helpers (one-time state,
 * PKCE) shared by the provider adapters. Encrypted storage of credentials (Tink) lives in the
 * {@code scheduling-tokens} module, so the core needs no cryptography or JSON library.
 */
@NullMarked
package dev.cita.scheduling.token;

import org.jspecify.annotations.NullMarked;
