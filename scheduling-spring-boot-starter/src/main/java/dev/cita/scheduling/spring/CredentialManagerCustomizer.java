package dev.cita.scheduling.spring;

import dev.cita.scheduling.token.CredentialManager;

/**
 * Adds to the auto-configured {@link CredentialManager} before it is built: the starter registers
 * each configured provider's token refresher and revoker this way; define your own bean to add
 * another provider's, a listener or other settings.
 */
@FunctionalInterface
public interface CredentialManagerCustomizer {
  /**
   * Adjusts the builder.
   *
   * @param builder the builder, with the stores and the clock already set
   */
  void customize(CredentialManager.Builder builder);
}
