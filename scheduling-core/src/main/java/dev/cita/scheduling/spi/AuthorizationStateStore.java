package dev.cita.scheduling.spi;

import dev.cita.scheduling.token.PendingAuthorization;
import java.util.Optional;

/**
 * Keeps started OAuth authorizations between the redirect to the provider and its callback, keyed
 * by the one-time {@code state}. Entries hold a PKCE verifier (a short-lived secret) and may be
 * dropped once past {@link PendingAuthorization#expiresAt()}.
 */
public interface AuthorizationStateStore {
  /**
   * Remembers a pending authorization under a new, never reused state.
   *
   * @param state the OAuth {@code state} parameter sent to the provider
   * @param pending the verifier, redirect and connection to finish the flow with
   */
  void put(String state, PendingAuthorization pending);

  /**
   * Removes and returns the authorization of {@code state}, atomically: of several calls with one
   * state, at most one gets it.
   *
   * @param state the {@code state} parameter the callback carried
   * @return the authorization, or empty if the state is unknown or was consumed already
   */
  Optional<PendingAuthorization> consume(String state);
}
