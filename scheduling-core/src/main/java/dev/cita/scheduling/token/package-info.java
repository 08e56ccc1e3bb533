/**
 * OAuth connections per tenant: credentials, their encrypted storage (Tink AEAD), connection
 * status, automatic refresh, and the authorization-flow helpers (one-time state, PKCE) shared by
 * the provider adapters.
 */
package dev.cita.scheduling.token;
